// Labels (docs/language.md section 10) on the LOBSTER GOOG day and a synthetic day: the native
// Parquet rows equal the TypeScript batch path's bit for bit, and the labels agree with an
// independent computation from a second native run that outputs every packet's time and mid.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import { f64Bits, firstDifference, readParquetColumns, type Cell, type Columns } from "../support/parquetColumns.js";
import { extract, importGoogDay, syntheticDay } from "../support/parity.js";
import { REPO, scratchDir } from "../support/paths.js";

const SPECS = join(REPO, "test", "parity", "labels");
const SECOND = 1_000_000_000n;

interface Day {
  name: string;
  symbol: string;
  make(dir: string): string;
}

const days: Day[] = [
  {
    name: "LOBSTER GOOG 2012-06-21",
    symbol: "GOOG",
    make: importGoogDay,
  },
  {
    name: "a synthetic day (300 k events)",
    symbol: "SYN",
    make: (dir) => syntheticDay(dir, 300_000, 5),
  },
];

function program(dataset: string): IrProgram {
  const compiled = compileFile(join(SPECS, `labels_${dataset}.feat`));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compiled.program!;
}

function column(rows: Columns, name: string): Cell[] {
  const index = rows.names.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return rows.columns[index];
}

const bitsToF64 = (bits: bigint) => new Float64Array(new BigUint64Array([bits]).buffer)[0];

/**
 * The reference: the mid after the last packet whose time is before `due` (section 10), from
 * the `events` rows (one per packet, time = the packet's last record), or undefined when no
 * packet at or after `due` exists (the label must then be null).
 */
function midAsOf(events: { ts: bigint[]; mid: Cell[] }, due: bigint): Cell | undefined {
  let lo = 0;
  let hi = events.ts.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (events.ts[m] < due) lo = m + 1;
    else hi = m;
  }
  if (lo === events.ts.length) return undefined;
  return lo === 0 ? null : events.mid[lo - 1];
}

/** Rows at `ts` whose due time `ts + horizon` is after the last packet. */
function unknownAtEnd(ts: bigint[], last: bigint, horizon: bigint): number {
  return ts.filter((t) => t + horizon > last).length;
}

function forwardReturn(then: Cell, now: Cell): Cell {
  if (then === null || now === null) return null;
  const n = bitsToF64(now as bigint);
  if (n === 0) return null;
  return f64Bits(bitsToF64(then as bigint) / n - 1);
}

for (const day of days) {
  describe(`labels on ${day.name}`, () => {
    const dir = scratchDir(`parity-labels-${day.symbol}`);
    const rows: Record<string, { native: Columns; ts: Columns; program: IrProgram }> = {};
    let events: { ts: bigint[]; mid: Cell[] };

    beforeAll(async () => {
      day.make(join(dir, "q"));
      for (const dataset of ["bars", "trades", "packets"]) {
        const p = program(dataset);
        const run = async (engine: "native" | "ts") => {
          const out = await extract(p, engine, join(dir, "q"), day.symbol, join(dir, `${dataset}-${engine}`));
          return readParquetColumns(out.results[0].output);
        };
        rows[dataset] = { native: await run("native"), ts: await run("ts"), program: p };
      }
      const e = rows.packets.native;
      events = { ts: column(e, "ts") as bigint[], mid: column(e, "mid") };
    }, 600_000);

    it("puts the labels after the columns, in declaration order", () => {
      expect(rows.bars.native.names).toEqual([
        "mid",
        "vol",
        "fwd_ret_1s",
        "fwd_ret_10s",
        "next_vol",
        "fwd_flow_5s",
        "up_1s",
        "d_levels",
      ]);
      expect(rows.trades.native.names).toEqual(["ts", "mid", "fwd_ret_1s", "fwd_ret_10s", "fwd_flow_1s"]);
      expect(rows.bars.native.rows).toBeGreaterThan(1_000);
      expect(rows.trades.native.rows).toBeGreaterThan(1_000);
    });

    it.each(["bars", "trades"])("%s: native == TypeScript batch, bit for bit", (dataset) => {
      expect(firstDifference(rows[dataset].native, rows[dataset].ts)).toBeNull();
    });

    it("trades: forward returns equal the mid of the last packet before T + h over the mid at T", () => {
      const t = rows.trades.native;
      const ts = column(t, "ts") as bigint[];
      const mid = column(t, "mid");
      let checked = 0;
      let nulls = 0;
      for (const [name, horizon] of [
        ["fwd_ret_1s", SECOND],
        ["fwd_ret_10s", 10n * SECOND],
      ] as const) {
        const label = column(t, name);
        for (let r = 0; r < t.rows; r++) {
          const then = midAsOf(events, ts[r] + horizon);
          const expected = then === undefined ? null : forwardReturn(then, mid[r]);
          expect(label[r], `${name} row ${r}`).toBe(expected);
          if (then === undefined) nulls++;
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(1_000);
      // Rows within a horizon of the last packet have no packet after their horizon: null.
      expect(nulls).toBe(
        unknownAtEnd(ts, events.ts[events.ts.length - 1], SECOND) +
          unknownAtEnd(ts, events.ts[events.ts.length - 1], 10n * SECOND),
      );
    });

    it("bars: forward returns from the reference, and next_vol is the next bar's vol", () => {
      const b = rows.bars.native;
      const mid = column(b, "mid");
      const vol = column(b, "vol");
      const nextVol = column(b, "next_vol");
      // Bars are consecutive boundaries from the first one, floor(t0 / 1s) * 1s + 1s.
      const first = (events.ts[0] / SECOND) * SECOND + SECOND;
      const fwd = column(b, "fwd_ret_1s");
      const fwd10 = column(b, "fwd_ret_10s");
      for (let r = 0; r < b.rows; r++) {
        const boundary = first + BigInt(r) * SECOND;
        for (const [label, horizon] of [
          [fwd, SECOND],
          [fwd10, 10n * SECOND],
        ] as const) {
          const then = midAsOf(events, boundary + horizon);
          expect(label[r], `row ${r}`).toBe(then === undefined ? null : forwardReturn(then, mid[r]));
        }
        // The bar at B + 1s is emitted only once a packet at or after it arrives: then the label is known.
        if (r + 1 < b.rows) expect(nextVol[r], `next_vol row ${r}`).toBe(vol[r + 1]);
      }
      expect(nextVol[b.rows - 1]).toBeNull();
      expect(column(b, "up_1s").some((v) => v === true)).toBe(true);
      expect(column(b, "d_levels").some((v) => v !== null && v !== 0n)).toBe(true);
      expect(column(b, "fwd_flow_5s").filter((v) => v !== null).length).toBeGreaterThan(b.rows / 2);
    });
  });
}
