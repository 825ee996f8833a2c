// The pure-TypeScript batch path: a log through a generated TS kernel into one Parquet file,
// written to a temporary name and renamed, so an interrupted run leaves no partial output.
// The rows wait on disk a row group at a time (rowSpill.ts) until the file is complete.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FeatcError } from "../errors.js";
import { checkInterrupt } from "../interrupt.js";
import * as parquet from "parquet-wasm/node";
import type { KernelModule } from "../kernel.js";
import { LogReader } from "../log/reader.js";
import type { OutputLayout } from "./arrowTable.js";
import { type Compression, type ExtractSettings, extractSettings } from "./extractOptions.js";
import type { WarmUp } from "../engine/warmStart.js";
import { createdBy, featcVersion, runMetadata, streamMetadata, timeRangeValue } from "./provenance.js";
import { type FileCounts, replayStream } from "./runLog.js";
import { fileOp, writeFully } from "./fileOps.js";
import { SpilledRows, spillPathOf } from "./rowSpill.js";

export type ParquetCompression = Compression;

/** Compression, row group size, lenient mode and the gap limit default as for every extraction (`EXTRACT_DEFAULTS`). */
export interface ParquetOptions extends Partial<
  Pick<ExtractSettings, "compression" | "rowGroupRows" | "lenient" | "maxGapBars">
> {
  /** Extra key-value metadata; `featc.spec` and `featc.source` may be set here. */
  metadata?: Record<string, string>;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
  /** Warm-start the stream's first file (docs/language.md section 4.2). */
  warmUp?: WarmUp;
  /** Timestamp columns in ns (default) or us, floored (docs/formats/parquet.md, "Timestamps"). */
  timestamps?: "ns" | "us";
  /** A lenient run fails a file that skips more records than this: a count, or a fraction (0..1) of its records. */
  maxFaults?: { count: number } | { fraction: number };
}

/** A day file of a stream, its output, and the values of its `symbol` and `date` columns (absent: no such column). */
export interface StreamFile {
  input: string;
  output: string;
  symbol?: string;
  date?: string;
}

/** A file written: its counts and where it went. Its rows are in the file, not here: a stream
 *  holds one row group at a time. */
export interface ParquetResult extends FileCounts {
  rows: number;
  outputPath: string;
  metadata: Record<string, string>;
  /** Exchange time of the log's first and last record, from its header. */
  firstTs: bigint;
  lastTs: bigint;
}

const COMPRESSION: Record<ParquetCompression, parquet.Compression> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  none: parquet.Compression.UNCOMPRESSED,
};

export async function writeParquetTs(
  module: KernelModule,
  inputPath: string,
  outputPath: string,
  options: ParquetOptions = {},
): Promise<ParquetResult> {
  return (await writeParquetStreamTs(module, [{ input: inputPath, output: outputPath }], options))[0];
}

function checkFaults(run: FileCounts, input: string, max: ParquetOptions["maxFaults"]): void {
  if (max === undefined) return;
  const skipped = Object.values(run.faults).reduce((a, b) => a + b, 0);
  const over = "count" in max ? skipped > max.count : skipped > max.fraction * run.records;
  if (!over) return;
  const share = run.records > 0 ? ((100 * skipped) / run.records).toFixed(2) : "0.00";
  const limit = "count" in max ? String(max.count) : `${max.fraction * 100}%`;
  const reasons = Object.entries(run.faults)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  throw new FeatcError(
    "TOO_MANY_FAULTS",
    `${input}: ${skipped} of ${run.records} records skipped (${share} %: ${reasons}), more than --max-faults ${limit}; no output written`,
  );
}

/**
 * One symbol's day files as one stream (docs/language.md section 4.1), each file's rows into
 * its own Parquet file. A day's rows are complete once the next day gives a row of its own (a
 * bar of the gap between them still belongs to the earlier day) or the stream ends; it is
 * written at the end of the replay of the day that completed it: a day's rows wait on disk while
 * the next day is replayed (longer only behind days that give no row).
 * Rows wait on disk a row group at a time (rowSpill.ts), so the heap does not grow with a file.
 */
export async function writeParquetStreamTs(
  module: KernelModule,
  files: StreamFile[],
  options: ParquetOptions = {},
): Promise<ParquetResult[]> {
  const { compression, rowGroupRows, lenient, maxGapBars } = extractSettings(options);
  const readers = files.map((f) => LogReader.open(f.input));
  const run = {
    lenient,
    emitFromNs: options.emitFromNs,
    emitToNs: options.emitToNs,
    warmUp: options.warmUp,
    maxGapBars,
  };
  const timestamps = options.timestamps ?? "ns";
  const spills: SpilledRows[] = [];
  const folders = new CreatedFolders();
  const complete: { file: number; counts: FileCounts }[] = [];
  const results: ParquetResult[] = [];

  const openRows = (k: number): SpilledRows => {
    const output = files[k].output;
    folders.make(dirname(output));
    spills[k] = new SpilledRows(module.meta, spillPathOf(output), rowGroupRows, layoutOf(files[k], timestamps));
    return spills[k];
  };
  const onFile = (k: number, counts: FileCounts, rows: SpilledRows): void => {
    rows.close();
    checkFaults(counts, files[k].input, options.maxFaults);
    complete.push({ file: k, counts });
  };
  const writeComplete = async (): Promise<void> => {
    for (let next = complete.shift(); next !== undefined; next = complete.shift()) {
      const { file: k, counts } = next;
      const { input: inputPath, output: outputPath } = files[k];
      const spill = spills[k];
      const h = readers[k].header;
      const metadata: Record<string, string> = {
        "featc.spec": module.meta.name,
        "featc.source": inputPath,
        ...options.metadata,
        "featc.version": featcVersion(),
        "featc.ir_hash": module.meta.irHash,
        "featc.time_range": timeRangeValue(h.recordCount, h.firstTs, h.lastTs),
        "featc.rows": String(spill.written),
        "featc.records": String(counts.records),
        "featc.source_records_sha256": h.recordsSha256 ?? "not recorded (the log was written before logs carried it)",
        ...streamMetadata(
          counts.start,
          counts.resetReason,
          k > 0 ? files[k - 1].input : undefined,
          k === 0 ? options.warmUp : undefined,
          counts.warmStart,
        ),
        ...runMetadata(options.emitFromNs, options.emitToNs, timestamps, counts.faults),
      };
      const properties = writerProperties(module.meta.columns, metadata, compression, rowGroupRows);
      await writeParquetFile(spill.read(), outputPath, properties, `the extraction of ${inputPath}`);
      spill.remove();
      results.push({
        ...counts,
        rows: spill.written,
        outputPath,
        metadata,
        firstTs: h.firstTs,
        lastTs: h.lastTs,
      });
    }
  };

  try {
    for (const _ of replayStream(readers, module, run, openRows, onFile)) await writeComplete();
    await writeComplete();
    return results;
  } catch (e) {
    for (const spill of spills) spill?.remove();
    folders.removeEmpty();
    throw e;
  }
}

function layoutOf(file: StreamFile, timestamps: "ns" | "us"): OutputLayout {
  return {
    timestamps,
    partitions: (["symbol", "date"] as const).flatMap((name) => {
      const value = file[name];
      return value === undefined ? [] : [[name, value] as [string, string]];
    }),
  };
}

function writerProperties(
  columns: KernelModule["meta"]["columns"],
  metadata: Record<string, string>,
  compression: ParquetCompression,
  rowGroupRows: number,
): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(COMPRESSION[compression])
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy(createdBy(metadata["featc.version"]))
    .setKeyValueMetadata(new Map(Object.entries(metadata)));
  // As the native writer: feature floats and timestamps are nearly all distinct, so no
  // dictionary for them (native/addon/src/parquet_sink.rs).
  for (const c of columns)
    if (c.type === "f64" || c.type === "timestamp") builder = builder.setColumnDictionaryEnabled(c.name, false);
  // As the native writer: timestamps DELTA_BINARY_PACKED, floats PLAIN, the encodings
  // measured smallest on real days (npm run bench, "Parquet encodings").
  for (const c of columns)
    if (c.type === "timestamp") builder = builder.setColumnEncoding(c.name, parquet.Encoding.DELTA_BINARY_PACKED);
  return builder.build();
}

/**
 * Encodes row groups (Arrow IPC streams, in order) into `outputPath`, through a temporary name
 * renamed once whole. The groups are pulled one at a time as the encoder asks for them; a stop
 * asked meanwhile (`what` names the work) ends it with `INTERRUPTED` and no file.
 */
async function writeParquetFile(
  groups: Iterator<Uint8Array>,
  outputPath: string,
  properties: parquet.WriterProperties,
  what: string,
): Promise<void> {
  // Per-process and hidden, as the native writer names it: two runs writing the same output
  // never share a temp file, and dataset readers skip one left by a killed run.
  const tmpPath = join(dirname(outputPath), `.${basename(outputPath)}.tmp-${process.pid}`);
  // The encoder reports a failed source as its own error: keep the source's to throw it as is.
  let sourceError: unknown;
  const source = new ReadableStream<parquet.RecordBatch>({
    async pull(controller) {
      try {
        // The encoder pulls in promise jobs, which signals do not interrupt: one turn of the
        // event loop a group lets a pending signal's handler run before the check.
        await checkInterrupt(what);
        const next = groups.next();
        if (next.done) return controller.close();
        const table = parquet.Table.fromIPCStream(next.value);
        try {
          for (const batch of table.recordBatches()) controller.enqueue(batch);
        } finally {
          table.free();
        }
      } catch (e) {
        sourceError = e;
        throw e;
      }
    },
  });
  let fd: number | undefined;
  try {
    const encoded: ReadableStream<Uint8Array> = await parquet.transformParquetStream(source, properties);
    fd = fileOp(tmpPath, "cannot create the file", () => openSync(tmpPath, "w"));
    for await (const part of encoded) fileOp(tmpPath, "cannot write", () => writeFully(fd!, part));
    fileOp(tmpPath, "cannot write", () => fsyncSync(fd!));
    closeSync(fd);
    fd = undefined;
    fileOp(outputPath, "cannot rename the finished file into place", () => renameSync(tmpPath, outputPath));
  } catch (e) {
    // The encoder stopped pulling: close the source (the spill file's descriptor) now.
    groups.return?.();
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmpPath);
    } catch {
      // Nothing was written.
    }
    if (sourceError !== undefined) throw sourceError;
    if (e instanceof FeatcError) throw e;
    throw new FeatcError(
      "PARQUET",
      `${outputPath}: the Parquet writer failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Folders made for outputs, so a failed run can take back the ones it left empty. */
class CreatedFolders {
  private readonly made: { first: string; deepest: string }[] = [];

  make(dir: string): void {
    const first = fileOp(dir, "cannot make the output folder", () => mkdirSync(dir, { recursive: true }));
    if (first !== undefined) this.made.push({ first, deepest: dir });
  }

  /** Removes each made folder that is still empty, deepest first, up to the first one made. */
  removeEmpty(): void {
    for (const { first, deepest } of this.made.reverse()) {
      for (let dir = deepest; ; dir = dirname(dir)) {
        try {
          rmdirSync(dir);
        } catch {
          break;
        }
        if (dir === first) break;
      }
    }
  }
}
