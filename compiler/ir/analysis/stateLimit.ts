// The bound on a spec's state (docs/security.md, "Bounded time and memory"): every symbol a run
// computes keeps its dataset's states in memory, so a spec asking for more than the limit per
// symbol is refused when it is compiled (E0045), with the figure, instead of when a run starts
// allocating. 2,000 windows of 1,000,000 steps are 18 GB.

import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { TypedDataset } from "../../check/typed.js";
import type { IrProgram } from "../types.js";
import { columnStateBytes, stateBytes, totalStateBytes } from "./stateBytes.js";

/** The default limit on state per symbol: 1 GiB. */
export const DEFAULT_MAX_STATE_BYTES = 1 << 30;

/** `1,073,741,824 B (1.0 GiB)`. */
export function bytesText(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let scaled = bytes;
  let unit = "";
  for (const next of units) {
    if (scaled < 1024) break;
    scaled /= 1024;
    unit = next;
  }
  const exact = `${Math.round(bytes).toLocaleString("en-US")} B`;
  return unit === "" ? exact : `${exact} (${scaled.toFixed(1)} ${unit})`;
}

/**
 * A size as a person writes it: `20GB`, `512MiB`, `1e9`, `4096`. Decimal units are powers of
 * 1000, binary ones of 1024. Undefined when it is not one.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const factors: Record<string, number> = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 2 ** 10,
    mib: 2 ** 20,
    gib: 2 ** 30,
    tib: 2 ** 40,
  };
  const bytes = Number(match[1]) * factors[(match[2] ?? "b").toLowerCase()];
  return Number.isFinite(bytes) && bytes >= 0 ? Math.floor(bytes) : undefined;
}

/** E0045 when `program` keeps more than `limit` bytes of state per symbol. */
export function stateLimitProblem(program: IrProgram, dataset: TypedDataset, limit: number): Diagnostic | undefined {
  const total = totalStateBytes(program) ?? 0;
  if (total <= limit) return undefined;
  const perColumn = columnStateBytes(program);
  const columns = dataset.columns
    .map((column, index) => ({ column, bytes: perColumn[index]?.bytes ?? 0 }))
    .sort((a, b) => b.bytes - a.bytes);
  const biggest = [...program.states]
    .map((state) => ({ state, bytes: stateBytes(state) ?? 0 }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3);
  return {
    code: "E0045",
    severity: "error",
    message: `dataset \`${program.name}\` keeps ${bytesText(total)} of state per symbol, more than the limit of ${bytesText(limit)}`,
    primary: { span: dataset.span, label: `${program.states.length.toLocaleString("en-US")} states` },
    secondary:
      columns.length > 0 && columns[0].bytes > 0
        ? [{ span: columns[0].column.span, label: `this column alone keeps ${bytesText(columns[0].bytes)}` }]
        : [],
    notes: [
      "every symbol of a run keeps the dataset's state in memory (`featc explain` lists it per column)",
      `the largest: ${biggest.map(({ state, bytes }) => `\`${state.label.length > 80 ? state.label.slice(0, 77) + "..." : state.label}\` ${bytesText(bytes)}`).join("; ")}`,
    ],
    hint: "shorten the windows, or raise the limit when the memory is there: `--max-state-bytes 32GiB` (the compiler option `maxStateBytes`)",
    file: dataset.file,
  };
}
