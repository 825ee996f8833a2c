// The pure-TypeScript batch path: a log through a generated TS kernel into one Parquet file,
// written to a temporary name and renamed, so an interrupted run leaves no partial output.

import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { tableToIPC } from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { KernelModule } from "../kernel.js";
import { LogReader } from "../log/reader.js";
import { toArrowTable } from "./arrowTable.js";
import { type Compression, type ExtractSettings, extractSettings } from "./extractOptions.js";
import type { WarmUp } from "../engine/warmStart.js";
import { createdBy, featcVersion, streamMetadata, timeRangeValue } from "./provenance.js";
import { type FileRun, type RunResult, runStream } from "./runLog.js";

export type ParquetCompression = Compression;

/** Compression, row group size and lenient mode default as for every extraction (`EXTRACT_DEFAULTS`). */
export interface ParquetOptions extends Partial<Pick<ExtractSettings, "compression" | "rowGroupRows" | "lenient">> {
  /** Extra key-value metadata; `featc.spec` and `featc.source` may be set here. */
  metadata?: Record<string, string>;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
  /** Warm-start the stream's first file (docs/language.md section 4.2). */
  warmUp?: WarmUp;
}

export interface ParquetResult extends RunResult {
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
  return writeParquetStreamTs(module, [{ input: inputPath, output: outputPath }], options)[0];
}

/**
 * One symbol's day files as one stream (docs/language.md section 4.1), each file's rows into
 * its own Parquet file, written as soon as the file is complete.
 */
export function writeParquetStreamTs(
  module: KernelModule,
  files: { input: string; output: string }[],
  options: ParquetOptions = {},
): ParquetResult[] {
  const { compression, rowGroupRows, lenient } = extractSettings(options);
  const readers = files.map((f) => LogReader.open(f.input));
  const results: ParquetResult[] = [];
  const run = { lenient, emitFromNs: options.emitFromNs, emitToNs: options.emitToNs, warmUp: options.warmUp };
  runStream(readers, module, run, (k, result) => {
    const { input: inputPath, output: outputPath } = files[k];
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
      ...streamMetadata(
        result.start,
        result.resetReason,
        k > 0 ? files[k - 1].input : undefined,
        k === 0 ? options.warmUp : undefined,
        result.warmStart,
      ),
    };
    writeAtomically(outputPath, parquetBytes(result, metadata, compression, rowGroupRows));
    results.push({ ...result, outputPath, metadata, firstTs: h.firstTs, lastTs: h.lastTs });
  });
  return results;
}

function parquetBytes(
  result: RunResult,
  metadata: Record<string, string>,
  compression: ParquetCompression,
  rowGroupRows: number,
): Uint8Array {
  const ipc = tableToIPC(toArrowTable(result.columns, result.rows), "stream");
  const wasmTable = parquet.Table.fromIPCStream(ipc);
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(COMPRESSION[compression])
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy(createdBy(metadata["featc.version"]))
    .setKeyValueMetadata(new Map(Object.entries(metadata)))
    .build();
  return parquet.writeParquet(wasmTable, properties);
}

function writeAtomically(outputPath: string, bytes: Uint8Array): void {
  // Per-process temp name: two runs writing the same output never share a temp file.
  const tmpPath = `${outputPath}.tmp-${process.pid}`;
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
