// The pure-TypeScript batch path: a log through a generated TS kernel into one Parquet file,
// written to a temporary name and renamed, so an interrupted run leaves no partial output.

import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FeatcError } from "../errors.js";
import { tableToIPC } from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { KernelModule } from "../kernel.js";
import { LogReader } from "../log/reader.js";
import { type OutputLayout, toArrowTable } from "./arrowTable.js";
import { type Compression, type ExtractSettings, extractSettings } from "./extractOptions.js";
import type { WarmUp } from "../engine/warmStart.js";
import { createdBy, featcVersion, runMetadata, streamMetadata, timeRangeValue } from "./provenance.js";
import { type FileRun, type RunResult, runStream } from "./runLog.js";

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

export interface ParquetResult extends RunResult {
  /** The file's rows as written (`writeParquetTs`); `[]` in `writeParquetStreamTs`'s results,
   *  which would otherwise hold every file's rows until the stream ends: a stream holds one
   *  file's rows at a time. */
  columns: RunResult["columns"];
  outputPath: string;
  metadata: Record<string, string>;
  /** Exchange time of the log's first and last record, from its header. */
  firstTs: bigint;
  lastTs: bigint;
  start: FileRun["start"];
  resetReason?: FileRun["resetReason"];
  warmStart?: FileRun["warmStart"];
}

const COMPRESSION: Record<ParquetCompression, parquet.Compression> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  none: parquet.Compression.UNCOMPRESSED,
};

export function writeParquetTs(
  module: KernelModule,
  inputPath: string,
  outputPath: string,
  options: ParquetOptions = {},
): ParquetResult {
  return streamToParquet(module, [{ input: inputPath, output: outputPath }], options, true)[0];
}

function checkFaults(run: FileRun, input: string, max: ParquetOptions["maxFaults"]): void {
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
 * its own Parquet file, written as soon as the file is complete.
 */
export function writeParquetStreamTs(
  module: KernelModule,
  files: StreamFile[],
  options: ParquetOptions = {},
): ParquetResult[] {
  return streamToParquet(module, files, options, false);
}

/** `writeParquetStreamTs`; `keepRows`: each result keeps its file's rows (`columns`). */
function streamToParquet(
  module: KernelModule,
  files: StreamFile[],
  options: ParquetOptions,
  keepRows: boolean,
): ParquetResult[] {
  const { compression, rowGroupRows, lenient, maxGapBars } = extractSettings(options);
  const readers = files.map((f) => LogReader.open(f.input));
  const results: ParquetResult[] = [];
  const run = {
    lenient,
    emitFromNs: options.emitFromNs,
    emitToNs: options.emitToNs,
    warmUp: options.warmUp,
    maxGapBars,
  };
  runStream(readers, module, run, (k, result) => {
    const { input: inputPath, output: outputPath } = files[k];
    checkFaults(result, inputPath, options.maxFaults);
    const h = readers[k].header;
    const metadata: Record<string, string> = {
      "featc.spec": module.meta.name,
      "featc.source": inputPath,
      ...options.metadata,
      "featc.version": featcVersion(),
      "featc.ir_hash": module.meta.irHash,
      "featc.time_range": timeRangeValue(h.recordCount, h.firstTs, h.lastTs),
      "featc.rows": String(result.rows),
      "featc.records": String(result.records),
      "featc.source_records_sha256": h.recordsSha256 ?? "not recorded (the log was written before logs carried it)",
      ...streamMetadata(
        result.start,
        result.resetReason,
        k > 0 ? files[k - 1].input : undefined,
        k === 0 ? options.warmUp : undefined,
        result.warmStart,
      ),
      ...runMetadata(options.emitFromNs, options.emitToNs, options.timestamps ?? "ns", result.faults),
    };
    const layout: OutputLayout = {
      timestamps: options.timestamps ?? "ns",
      partitions: (["symbol", "date"] as const).flatMap((name) => {
        const value = files[k][name];
        return value === undefined ? [] : [[name, value] as [string, string]];
      }),
    };
    writeAtomically(outputPath, parquetBytes(result, metadata, compression, rowGroupRows, layout));
    results.push({
      ...result,
      columns: keepRows ? result.columns : [],
      outputPath,
      metadata,
      firstTs: h.firstTs,
      lastTs: h.lastTs,
    });
  });
  return results;
}

function parquetBytes(
  result: RunResult,
  metadata: Record<string, string>,
  compression: ParquetCompression,
  rowGroupRows: number,
  layout: OutputLayout,
): Uint8Array {
  const ipc = tableToIPC(toArrowTable(result.columns, result.rows, layout), "stream");
  const wasmTable = parquet.Table.fromIPCStream(ipc);
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(COMPRESSION[compression])
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy(createdBy(metadata["featc.version"]))
    .setKeyValueMetadata(new Map(Object.entries(metadata)));
  // As the native writer: feature floats and timestamps are nearly all distinct, so no
  // dictionary for them (native/addon/src/parquet_sink.rs).
  for (const c of result.columns)
    if (c.type === "f64" || c.type === "timestamp") builder = builder.setColumnDictionaryEnabled(c.name, false);
  // As the native writer: timestamps DELTA_BINARY_PACKED, floats PLAIN, the encodings
  // measured smallest on real days (npm run bench, "Parquet encodings").
  for (const c of result.columns)
    if (c.type === "timestamp") builder = builder.setColumnEncoding(c.name, parquet.Encoding.DELTA_BINARY_PACKED);
  return parquet.writeParquet(wasmTable, builder.build());
}

function writeAtomically(outputPath: string, bytes: Uint8Array): void {
  // Per-process and hidden, as the native writer names it: two runs writing the same output
  // never share a temp file, and dataset readers skip one left by a killed run.
  const tmpPath = join(dirname(outputPath), `.${basename(outputPath)}.tmp-${process.pid}`);
  try {
    mkdirSync(dirname(outputPath), { recursive: true });
    writeFileSync(tmpPath, bytes, { flush: true });
    renameSync(tmpPath, outputPath);
  } catch (e) {
    try {
      unlinkSync(tmpPath);
    } catch {
      // Nothing was written.
    }
    throw e;
  }
}
