// The TypeScript engine reads a log file a window of records at a time (runtime/log/reader.ts,
// runtime/log/pagedFile.ts): whatever the window's size, the rows are those of the log read
// whole into memory, through the batch path, a warm start from a snapshot and the online
// engine; and a file that changes while it is read is an IO error, never rows of two files.
// The log over 2 GiB is test/runtime/largeLog.test.ts.
import { readFileSync, renameSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runLogToRows, type RunOptions } from "../../runtime/batch/runLog.js";
import { FeatcError } from "../../runtime/errors.js";
import { LogReader } from "../../runtime/log/reader.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { Row } from "../../runtime/online/ringBuffer.js";
import { binanceSlice, googSlice } from "../parity/support/hostileRuns.js";
import { scratchDir } from "../support/paths.js";
import { probeModule } from "./support/probeKernel.js";

const WINDOWS = [1, 7, 4096, undefined];

function batchRows(reader: LogReader, options: RunOptions = {}) {
  const { columns, rows, records, packets } = runLogToRows(reader, probeModule({ everyEvent: true }), options);
  return { columns, rows, records, packets };
}

function onlineRows(reader: LogReader): Row[] {
  const h = reader.header;
  const engine = new OnlineEngine(probeModule({ everyEvent: true }), {
    capacity: 16,
    priceDecimals: h.priceDecimals,
    sizeDecimals: h.sizeDecimals,
    bookKind: h.bookKind,
  });
  const rows: Row[] = [];
  engine.onRow((row) => rows.push(row));
  engine.pushLog(reader);
  return rows;
}

describe("a log read a window at a time", () => {
  const dir = scratchDir("log-windows");
  const logs: { name: string; path: string }[] = [];

  beforeAll(() => {
    for (const base of [googSlice(join(dir, "goog"), 6000), binanceSlice(join(dir, "binance"), 800)]) {
      const path = join(dir, `${base.name}.q`);
      writeFileSync(path, base.bytes);
      logs.push({ name: base.name, path });
    }
  });

  it("gives the rows of the log in memory, whatever the window (an L3 and an L2 log)", () => {
    for (const { name, path } of logs) {
      const whole = batchRows(LogReader.fromBytes(readFileSync(path), path));
      expect(whole.rows, name).toBeGreaterThan(150);
      for (const windowRecords of WINDOWS)
        expect(batchRows(LogReader.open(path, { windowRecords })), `${name}, window ${windowRecords}`).toEqual(whole);
    }
  });

  it("starts warm from a snapshot's body read from the file", () => {
    const { path } = logs[0];
    const reader = LogReader.open(path, { windowRecords: 7 });
    expect(reader.snapshots.length).toBeGreaterThan(2);
    const options: RunOptions = { emitFromNs: reader.snapshots[2].asOfTs + 1n, warmUp: { ns: 0n, events: 0 } };
    const warm = batchRows(reader, options);
    // Started at the snapshot: fewer records replayed than the whole day, the same rows.
    expect(warm.records).toBeLessThan(reader.recordCount);
    expect(warm).toEqual(batchRows(LogReader.fromBytes(readFileSync(path), path), options));
    expect(warm.columns).toEqual(batchRows(LogReader.open(path), { emitFromNs: options.emitFromNs }).columns);
  });

  it("gives the online engine's rows of the log in memory", () => {
    for (const { name, path } of logs) {
      const whole = onlineRows(LogReader.fromBytes(readFileSync(path), path));
      expect(onlineRows(LogReader.open(path, { windowRecords: 5 })), name).toEqual(whole);
    }
  });

  it("refuses a window of no records", () => {
    expect(() => LogReader.open(logs[0].path, { windowRecords: 0 })).toThrow(/at least 1 record/);
  });

  it("stops with IO when the file is rewritten while it is read", () => {
    const path = join(dir, "rewritten.q");
    writeFileSync(path, readFileSync(logs[0].path));
    const reader = LogReader.open(path, { windowRecords: 1000 });
    // The same bytes written again: only the modification time tells.
    writeFileSync(path, readFileSync(logs[0].path));
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const e = catchError(() => batchRows(reader));
    expect(e.code).toBe("IO");
    expect(e.message).toBe(
      `${path}: the file changed while it was being read: its size or modification time changed (${reader.view.byteLength} -> ${reader.view.byteLength} bytes)`,
    );
  });

  it("stops with IO when the path is replaced by another file while it is read", () => {
    const path = join(dir, "replaced.q");
    writeFileSync(path, readFileSync(logs[0].path));
    const reader = LogReader.open(path, { windowRecords: 1000 });
    writeFileSync(`${path}.new`, readFileSync(logs[0].path));
    renameSync(`${path}.new`, path);
    const e = catchError(() => onlineRows(reader));
    expect(e.code).toBe("IO");
    expect(e.message).toBe(`${path}: the file changed while it was being read: the path now names another file`);
  });
});

function catchError(work: () => unknown): FeatcError {
  try {
    work();
  } catch (e) {
    if (e instanceof FeatcError) return e;
    throw e;
  }
  throw new Error("no error");
}
