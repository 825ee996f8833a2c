// Run a kernel over a symbol's day files as one stream (docs/language.md section 4.1), each
// file's rows into a sink of the caller's (collected column-wise for the parity tests and the
// preview, spilled a row group at a time on the way to Parquet): the batch path's core.
// The mirror of native/core/src/driver/mod.rs and replay.rs.

import { PacketDriver } from "../engine/driver.js";
import { continuity, type ResetReason } from "../engine/continuity.js";
import { chooseSnapshot, type WarmUp } from "../engine/warmStart.js";
import { FeatcError, recordError } from "../errors.js";
import type { KernelModule, RowSink } from "../kernel.js";
import * as F from "../log/format.js";
import type { LogReader } from "../log/reader.js";
import { type ColumnData, ColumnarRows } from "./columnarRows.js";

export interface RunOptions {
  /** Count and skip book faults instead of throwing. */
  lenient?: boolean;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
  /**
   * Start the first file from the last book snapshot that leaves this much history before
   * `emitFromNs` (docs/language.md section 4.2); absent: replay it from its first record.
   */
  warmUp?: WarmUp;
  /** The most time bars one gap may close (docs/language.md section 8; default 1,000,000). */
  maxGapBars?: number;
}

/** How a file's replay began, as the native driver reports it (`StreamStart`). */
export type StreamStart = "first" | "continued" | "reset";

/** Per file: what the replay counted, handed over with the file's rows once they are complete. */
export interface FileCounts {
  /** Records replayed (from a warm start's snapshot on; without a continued file's opening snapshot). */
  records: number;
  packets: number;
  /** Book faults skipped under lenient mode, by error code. */
  faults: Record<string, number>;
  start: StreamStart;
  resetReason?: ResetReason;
  warmStart?: { asOfTs: bigint; record: number };
}

/** One log's rows, collected, and its counts. */
export type RunResult = Pick<FileCounts, "records" | "packets" | "faults"> & { columns: ColumnData[]; rows: number };

/** One file of a stream: its rows, collected, and what the run did with it. */
export interface FileRun extends FileCounts {
  columns: ColumnData[];
  rows: number;
}

/** Routes rows to their file's sink; a row for a later file completes every earlier one. */
class StreamRows<S extends RowSink> implements RowSink {
  private file = 0;
  private rows: S;

  constructor(
    private readonly files: number,
    private readonly open: (file: number) => S,
    private readonly complete: (file: number, rows: S) => void,
  ) {
    this.rows = open(0);
  }

  route(file: number): void {
    this.advanceTo(file);
  }

  /** Files before `file` get no more rows. */
  advanceTo(file: number): void {
    while (this.file < file) {
      this.complete(this.file, this.rows);
      // Past the last file there is nothing to open: rows end with the stream.
      if (++this.file < this.files) this.rows = this.open(this.file);
    }
  }

  putF64(value: number, valid: boolean): void {
    this.rows.putF64(value, valid);
  }

  putI64(value: number, valid: boolean): void {
    this.rows.putI64(value, valid);
  }

  putBool(value: boolean, valid: boolean): void {
    this.rows.putBool(value, valid);
  }

  putTimestamp(hi: number, lo: number, valid: boolean): void {
    this.rows.putTimestamp(hi, lo, valid);
  }
}

function faultDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [code, n] of Object.entries(after)) if (n - (before[code] ?? 0) > 0) delta[code] = n - (before[code] ?? 0);
  return delta;
}

/**
 * Replays `readers` (one symbol's day files, in time order) through `module` as one stream.
 * File k's rows go to `openRows(k)`; `onFile` receives each file's sink and counts, in order, as
 * soon as the file is complete. Yields after each file's replay, so a caller can finish the files
 * completed so far (write them out) before the next file is read.
 */
export function* replayStream<S extends RowSink>(
  readers: LogReader[],
  module: KernelModule,
  options: RunOptions,
  openRows: (file: number) => S,
  onFile: (file: number, counts: FileCounts, rows: S) => void,
): Generator<number, void, void> {
  if (readers.length === 0) throw new FeatcError("BAD_ARGUMENT", "a run needs at least one log");
  for (let k = 1; k < readers.length; k++) {
    const prev = readers[k - 1].header;
    const next = readers[k].header;
    if (prev.recordCount > 0 && next.recordCount > 0 && next.firstTs < prev.lastTs)
      throw recordError(
        "Q_TIME_ORDER",
        readers[k].name,
        0,
        `the log starts at ${next.firstTs} before its predecessor ${readers[k - 1].name} ends at ${prev.lastTs}: the logs overlap`,
      );
  }
  const counts: FileCounts[] = [];
  const sink = new StreamRows(readers.length, openRows, (file, rows: S) => onFile(file, counts[file], rows));
  let driver: PacketDriver | null = null;
  for (let k = 0; k < readers.length; k++) {
    const reader = readers[k];
    const h = reader.header;
    let begin = 0;
    let start: StreamStart = "first";
    let resetReason: ResetReason | undefined;
    let warmStart: FileCounts["warmStart"];
    if (driver !== null) {
      const c = continuity(readers[k - 1].header, reader, driver.book);
      if (c.continues) {
        start = "continued";
        begin = c.skip;
      } else {
        // The segment ends as a stream's end does: held rows go out with the futures they have.
        driver.finish();
        driver = null;
        start = "reset";
        resetReason = c.reason;
      }
    }
    if (driver === null) {
      driver = new PacketDriver(module, sink, {
        priceDecimals: h.priceDecimals,
        sizeDecimals: h.sizeDecimals,
        bookKind: h.bookKind,
        lenient: options.lenient,
        emitFromNs: options.emitFromNs,
        emitToNs: options.emitToNs,
        source: reader.name,
        reset: start === "reset",
        maxGapBars: options.maxGapBars,
      });
      driver.segmentFirst = k;
      if (k === 0 && options.warmUp !== undefined) {
        const snapshot = chooseSnapshot(reader, options.emitFromNs ?? -(2n ** 63n), options.warmUp);
        if (snapshot !== null) {
          const body = reader.snapshotBody(snapshot);
          const bad = driver.loadSnapshot(body.view, body.at, snapshot.bodyCount, snapshot.asOfTs);
          if (bad >= 0)
            throw new FeatcError(
              "Q_BAD_SNAPSHOT",
              `${reader.name}: snapshot before record ${snapshot.record}: body record ${bad}: the book rejects it`,
            );
          begin = snapshot.record;
          warmStart = { asOfTs: snapshot.asOfTs, record: snapshot.record };
        }
      }
    }
    driver.source = reader.name;
    driver.recordNumber = begin;
    driver.startFile(k, h.firstTs, h.lastTs);
    const packetsBefore = driver.packets;
    const faultsBefore = driver.faults();
    const count = h.recordCount;
    // Where the replay stopped: the end of the file, or a packet after the emit window.
    let end = count;
    replay: for (let i = begin; i < count;) {
      const w = reader.recordWindow(i);
      for (; i < w.end; i++) {
        driver.pushRecord(w.view, w.base + F.RECORD_LEN * i);
        if (driver.finished) {
          end = i;
          break replay;
        }
      }
    }
    driver.endFile();
    counts[k] = {
      records: end - begin,
      packets: driver.packets - packetsBefore,
      faults: faultDelta(driver.faults(), faultsBefore),
      start,
      resetReason,
      warmStart,
    };
    if (driver.finished) {
      // The files after it are not read: they could only hold rows after the window.
      for (let later = k + 1; later < readers.length; later++)
        counts[later] = { records: 0, packets: 0, faults: {}, start: "first" };
      break;
    }
    yield k;
  }
  driver!.finish();
  sink.advanceTo(readers.length);
}

/** `replayStream` with each file's rows collected in memory (`ColumnarRows`). */
export function runStream(
  readers: LogReader[],
  module: KernelModule,
  options: RunOptions,
  onFile: (file: number, run: FileRun) => void,
): void {
  const replay = replayStream(
    readers,
    module,
    options,
    () => new ColumnarRows(module.meta),
    (file, counts, rows) => onFile(file, { ...counts, columns: rows.finish(), rows: rows.rows }),
  );
  for (const _ of replay);
}

/** One log on its own: `runStream` of one file. */
export function runLogToRows(reader: LogReader, module: KernelModule, options: RunOptions = {}): RunResult {
  let result: FileRun | null = null;
  runStream([reader], module, options, (_, run) => {
    result = run;
  });
  const { columns, rows, records, packets, faults } = result!;
  return { columns, rows, records, packets, faults };
}
