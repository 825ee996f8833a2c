// Feed a .q log through the TypeScript online engine and collect every row as Columns, in
// the same shape as test/support/parquetColumns.ts, for bit-for-bit comparison.
import type { KernelModule } from "../../runtime/kernel.js";
import { LogReader } from "../../runtime/log/reader.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import { f64Bits, type Cell, type Columns } from "./parquetColumns.js";

/** `feed` pushes the log into the engine (default: all of it, `pushLog`). */
export function onlineColumns(
  module: KernelModule,
  logPath: string,
  feed: (engine: OnlineEngine, reader: LogReader) => void = (engine, reader) => engine.pushLog(reader),
): Columns {
  const reader = LogReader.open(logPath);
  const engine = new OnlineEngine(module, {
    capacity: 1 << 21,
    priceDecimals: reader.header.priceDecimals,
    sizeDecimals: reader.header.sizeDecimals,
  });
  feed(engine, reader);
  const rows = engine.rows.latest(engine.rows.length);
  if (engine.rows.totalRows !== rows.length)
    throw new Error(`ring buffer too small: ${engine.rows.totalRows} rows emitted`);
  const meta = module.meta.columns;
  const columns: Cell[][] = meta.map((col) =>
    rows.map((row) => {
      const v = row[col.name];
      if (v === null || v === undefined) return null;
      switch (col.type) {
        case "f64":
          return f64Bits(v as number);
        case "bool":
          return v as boolean;
        default:
          return BigInt(v as number | bigint);
      }
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
