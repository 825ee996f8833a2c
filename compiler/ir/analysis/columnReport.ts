// The per-column analysis `featc explain` prints under the IR: state bytes and warm-up.

import type { IrProgram } from "../types.js";
import { columnStateBytes, totalStateBytes } from "./stateBytes.js";
import { columnHorizons, formatHorizon, formatNs, programHorizon, widest, noHistory } from "./warmup.js";

function bytesText(bytes: number | undefined): string {
  return bytes === undefined ? "unknown" : `${bytes} B`;
}

export function printColumnReport(program: IrProgram): string {
  const bytes = columnStateBytes(program);
  const horizons = columnHorizons(program);
  const rows = program.columns.map((column, index) => ({
    name: column.name,
    states: bytes[index].states.length === 0 ? "-" : bytes[index].states.map((id) => `#${id}`).join(" "),
    bytes: bytesText(bytes[index].bytes),
    warmup: formatHorizon(horizons[index].horizon),
  }));
  const header = { name: "column", states: "states", bytes: "state", warmup: "warm-up" };
  const all = [header, ...rows];
  const width = (key: "name" | "states" | "bytes") => all.reduce((widest, row) => Math.max(widest, row[key].length), 0);
  const line = (row: typeof header) =>
    `  ${row.name.padEnd(width("name"))}  ${row.states.padEnd(width("states"))}  ${row.bytes.padStart(width("bytes"))}  ${row.warmup}`.trimEnd();
  const spec = horizons.map((h) => h.horizon).reduce(widest, noHistory);
  // The bound of every time window: a run that meets more steps within a span stops (docs/language.md 7.4).
  const windows = program.states.flatMap((s) =>
    "windowNs" in s && s.windowNs !== undefined
      ? [`    #${s.id} ${s.label}: at most ${s.capacity} steps within ${formatNs(BigInt(s.windowNs))}`]
      : [],
  );
  return (
    [
      "analysis:",
      `  state per symbol: ${bytesText(totalStateBytes(program))}`,
      `  warm-up of the spec: ${formatHorizon(spec)}`,
      `  warm start with --from: ${warmStartText(program)}`,
      ...(windows.length ? ["  time windows (a run that meets more steps within one stops):", ...windows] : []),
      line(header),
      ...rows.map(line),
    ].join("\n") + "\n"
  );
}

/** What `featc extract --from` does with this spec (docs/language.md section 4.2). */
function warmStartText(program: IrProgram): string {
  const horizon = programHorizon(program);
  if (horizon.bounded && horizon.events === 0 && horizon.ns === 0n)
    return "exact, from the last book snapshot before it";
  return horizon.bounded
    ? `exact, from the last book snapshot at least ${formatHorizon(horizon)} before it`
    : `replays from the first record (${formatHorizon(horizon)}; --warm-up D starts from a snapshot D before it, approximately)`;
}
