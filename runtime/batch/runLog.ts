// Run a kernel over a whole log and collect its rows column-wise: the batch path's core,
// also used by the parity tests.

import { PacketDriver } from "../engine/driver.js";
import type { KernelModule } from "../kernel.js";
import * as F from "../log/format.js";
import type { LogReader } from "../log/reader.js";
import { type ColumnData, ColumnarRows } from "./columnarRows.js";

export interface RunOptions {
  /** Count and skip book faults instead of throwing. */
  lenient?: boolean;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
}

export interface RunResult {
  columns: ColumnData[];
  rows: number;
  records: number;
  packets: number;
  /** Book faults skipped under lenient mode, by error code. */
  faults: Record<string, number>;
}

export function runLogToRows(reader: LogReader, module: KernelModule, options: RunOptions = {}): RunResult {
  const h = reader.header;
  const sink = new ColumnarRows(module.meta);
  const driver = new PacketDriver(module, sink, {
    priceDecimals: h.priceDecimals,
    sizeDecimals: h.sizeDecimals,
    bookKind: h.bookKind,
    lenient: options.lenient,
    emitFromNs: options.emitFromNs,
    emitToNs: options.emitToNs,
    source: reader.name,
  });
  const view = reader.view;
  const count = h.recordCount;
  for (let i = 0; i < count; i++) driver.pushRecord(view, F.HEADER_LEN + F.RECORD_LEN * i);
  driver.finish();
  return {
    columns: sink.finish(),
    rows: sink.rows,
    records: count,
    packets: driver.packets,
    faults: driver.faults(),
  };
}
