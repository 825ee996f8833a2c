// Every row the online engine emits reaches its listeners, whatever the ring buffer holds
// (docs/online.md): with capacity 1 and `trigger every 100ms` over the GOOG day, a push after a
// quiet stretch emits several bars at once, and the listener still sees exactly the native
// engine's rows, bit for bit, in order.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import { LogReader } from "../../runtime/log/reader.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { Row } from "../../runtime/online/ringBuffer.js";
import { extract, importGoogDay } from "../support/parity.js";
import { type Cell, type Columns, f64Bits, firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { scratchDir } from "../support/paths.js";

const SPEC = `dataset goog_100ms {
  trigger every 100ms
  ts     = row.ts
  mid    = book.mid
  spread = book.spread
  trades = count_since_emit(trade.size)
}
`;

function asColumns(meta: { name: string; type: string }[], rows: Row[]): Columns {
  const columns: Cell[][] = meta.map((col) =>
    rows.map((row) => {
      const v = row[col.name];
      if (v === null) return null;
      return col.type === "f64" ? f64Bits(v as number) : col.type === "bool" ? (v as boolean) : BigInt(v as number);
    }),
  );
  return {
    names: meta.map((c) => c.name),
    types: meta.map((c) => c.type),
    rows: rows.length,
    columns,
    metadata: new Map(),
  };
}

describe("online listeners with a ring buffer of one row", () => {
  const dir = scratchDir("online-listeners");
  let logPath: string;
  let nativeRows: Columns;
  let jsModulePath: string;

  beforeAll(async () => {
    logPath = importGoogDay(join(dir, "q"));
    writeFileSync(join(dir, "goog_100ms.feat"), SPEC);
    const compiled = compileFile(join(dir, "goog_100ms.feat"));
    expect(compiled.diagnostics).toEqual([]);
    const out = await extract(compiled.program!, "native", join(dir, "q"), "GOOG", join(dir, "native"));
    nativeRows = readParquetColumns(out.results[0].output);
    jsModulePath = out.kernel.jsModulePath;
  }, 300_000);

  it("see every row the native engine writes, in order", async () => {
    const module = await loadTsKernel(jsModulePath);
    const reader = LogReader.open(logPath);
    const engine = new OnlineEngine(module, {
      capacity: 1,
      priceDecimals: reader.header.priceDecimals,
      sizeDecimals: reader.header.sizeDecimals,
    });
    const seen: Row[] = [];
    let widest = 0;
    let before = 0;
    engine.onRow((row) => seen.push(row));
    // Record by record, as a live feed pushes them: some pushes emit many bars at once.
    for (let i = 0; i < reader.recordCount;) {
      const w = reader.recordWindow(i);
      for (; i < w.end; i++) {
        engine.pushRecord(w.view, w.base + 64 * i);
        widest = Math.max(widest, seen.length - before);
        before = seen.length;
      }
    }
    engine.flush();
    expect(widest).toBeGreaterThan(1);
    expect(engine.rows.length).toBe(1);
    expect(seen.length).toBe(nativeRows.rows);
    expect(engine.rows.totalRows).toBe(nativeRows.rows);
    expect(firstDifference(nativeRows, asColumns(module.meta.columns, seen))).toBeNull();
  });
});
