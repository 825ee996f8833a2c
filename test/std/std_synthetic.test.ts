// The every-packet standard-library spec (test/std/goog_every_packet.feat) on synthetic input:
// a 300 k-event synthetic L3 day (multi-record packets, adds, cancels, deletes, executions)
// gives bit-identical rows in the native runtime and the online engine; and a hand-written L3
// log pins the order-flow counts (`flow.*`, docs/language.md section 4, step 2) in both
// runtimes: SNAPSHOT records are no order flow, a CANCEL or DELETE without a side byte counts
// on its resting order's side, an EXECUTE is no removal, and a record skipped under lenient
// counts in nothing.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel, runExtract } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as F from "../../runtime/log/format.js";
import { LogWriter, type LogRecord } from "../../runtime/log/writer.js";
import * as native from "../../runtime/native/binding.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { f64Bits, firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import { KERNEL_CACHE, scratchDir } from "../support/paths.js";

const SPEC = join("test", "std", "goog_every_packet.feat");
const COUNTS = ["adds_bid", "adds_ask", "cancels_bid", "cancels_ask"];

function column(rows: Columns, name: string): (bigint | boolean | null)[] {
  const c = rows.names.indexOf(name);
  expect(c, name).toBeGreaterThanOrEqual(0);
  return rows.columns[c];
}

describe("specs/std every packet on 300 k synthetic events: native == online", () => {
  const dir = scratchDir("std-syn");
  let nativeRows: Columns;
  let online: Columns;

  beforeAll(async () => {
    const compiled = compileFile(SPEC);
    expect(compiled.diagnostics).toEqual([]);
    const log = native.generateSynthetic({
      symbol: "SYN",
      events: 300_000,
      seed: 11,
      date: "2024-03-05",
      outDir: join(dir, "q"),
    });
    const out = await runExtract(compiled.program!, {
      source: join(dir, "q"),
      symbols: ["SYN"],
      out: join(dir, "native"),
      engine: "native",
      cacheDir: KERNEL_CACHE,
    });
    nativeRows = readParquetColumns(out.results[0].output);
    online = onlineColumns(await loadTsKernel(out.kernel.jsModulePath), log.path);
  });

  it("covers the day, with order flow on both sides", () => {
    expect(nativeRows.rows).toBeGreaterThan(50_000);
    for (const name of COUNTS) {
      const total = column(nativeRows, name).reduce<number>((a, v) => a + Number(v), 0);
      expect(total, name).toBeGreaterThan(10_000);
    }
  });

  it("is bit-identical", () => {
    expect(firstDifference(nativeRows, online)).toBeNull();
  });
});

const DAY_START = 1_709_596_800_000_000_000n; // 2024-03-05T00:00:00Z

/** Packets of a small L3 log, each with the order flow both runtimes must report for it. */
function flowLog(): { packets: LogRecord[][]; want: number[][] } {
  let t = DAY_START + 36_000_000_000_000n;
  const at = () => (t += 1_000_000n);
  const packets: LogRecord[][] = [];
  const want: number[][] = [];
  const packet = (records: Omit<LogRecord, "exchangeTs">[], flow: number[]) => {
    const ts = at();
    packets.push(records.map((r) => ({ ...r, exchangeTs: ts })));
    want.push(flow);
  };
  const bid = F.SIDE_BID;
  const ask = F.SIDE_ASK;
  const snap = F.FLAG_SNAPSHOT;
  // A snapshot: no order flow.
  packet(
    [
      { kind: F.KIND_CLEAR, flags: snap },
      { kind: F.KIND_ADD, side: bid, orderId: 1n, price: 9_990, size: 50, flags: snap },
      { kind: F.KIND_ADD, side: ask, orderId: 2n, price: 10_010, size: 50, flags: snap },
    ],
    [0, 0, 0, 0],
  );
  packet(
    [
      { kind: F.KIND_ADD, side: bid, orderId: 3n, price: 9_995, size: 10 },
      { kind: F.KIND_ADD, side: bid, orderId: 4n, price: 9_996, size: 10 },
      { kind: F.KIND_ADD, side: ask, orderId: 5n, price: 10_005, size: 10 },
    ],
    [2, 1, 0, 0],
  );
  // Removals without a side byte take the resting order's side.
  packet(
    [
      { kind: F.KIND_CANCEL, side: F.SIDE_NONE, orderId: 3n, price: 9_995, size: 4 },
      { kind: F.KIND_DELETE, side: F.SIDE_NONE, orderId: 5n, price: 10_005, size: 10 },
      { kind: F.KIND_DELETE, side: bid, orderId: 1n, price: 9_990, size: 50 },
    ],
    [0, 0, 2, 1],
  );
  // A SNAPSHOT correction and an execution: neither is a cancel.
  packet(
    [
      { kind: F.KIND_CANCEL, side: ask, orderId: 2n, price: 10_010, size: 20, flags: snap },
      { kind: F.KIND_EXECUTE, side: bid, orderId: 4n, price: 9_996, size: 10 },
    ],
    [0, 0, 0, 0],
  );
  // A cancel of an unknown order, skipped under lenient, and a trade print.
  packet(
    [
      { kind: F.KIND_CANCEL, side: ask, orderId: 99n, price: 10_010, size: 1 },
      { kind: F.KIND_TRADE, price: 10_000, size: 3, aggressor: F.AGGRESSOR_BUY },
    ],
    [0, 0, 0, 0],
  );
  packet(
    [
      { kind: F.KIND_DELETE, side: F.SIDE_NONE, orderId: 3n, price: 9_995, size: 6 },
      { kind: F.KIND_ADD, side: ask, orderId: 6n, price: 10_020, size: 5, flags: snap },
      { kind: F.KIND_ADD, side: ask, orderId: 7n, price: 10_015, size: 5 },
    ],
    [0, 1, 1, 0],
  );
  return { packets, want };
}

describe("order-flow counts on a hand-written L3 log, in both runtimes", () => {
  const dir = scratchDir("std-flow");
  let program: IrProgram;
  const { packets, want } = flowLog();

  beforeAll(() => {
    const compiled = compileFile(SPEC);
    expect(compiled.diagnostics).toEqual([]);
    program = compiled.program!;
    mkdirSync(join(dir, "q", "FLOW"), { recursive: true });
    const w = LogWriter.create(join(dir, "q", "FLOW", "2024-03-05.q"), {
      symbol: "FLOW",
      venue: "SYNTHETIC",
      date: "2024-03-05",
      priceDecimals: 2,
      sizeDecimals: 0,
    });
    for (const p of packets)
      p.forEach((rec, i) => w.append({ ...rec, flags: (rec.flags ?? 0) | (i === p.length - 1 ? F.FLAG_LAST : 0) }));
    w.close();
  });

  for (const engine of ["native", "ts"] as const) {
    it(`${engine}: counts by side, SNAPSHOT excluded, side byte 0 on the resting side, skipped records not counted`, async () => {
      const out = await runExtract(program, {
        source: join(dir, "q"),
        symbols: ["FLOW"],
        out: join(dir, engine),
        engine,
        lenient: true,
        cacheDir: KERNEL_CACHE,
      });
      const rows = readParquetColumns(out.results[0].output);
      expect(rows.rows).toBe(packets.length);
      COUNTS.forEach((name, k) => {
        expect(column(rows, name).map(Number), name).toEqual(want.map((w) => w[k]));
      });
      // Cancels over trades in the window: null before the first trade, then 3 / 1, 3 / 2, 4 / 2.
      const ratio = column(rows, "cancel_to_trade_30s");
      expect(ratio).toEqual([null, null, null, f64Bits(3), f64Bits(1.5), f64Bits(2)]);
      expect(column(rows, "bid_cancel_rate_30s")[5]).toBe(f64Bits(3 / 30));
    });
  }
});
