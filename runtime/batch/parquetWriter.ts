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
import { createdBy, featcVersion, timeRangeValue } from "./provenance.js";
import { type RunResult, runLogToRows } from "./runLog.js";

export type ParquetCompression = Compression;

/** Compression, row group size and lenient mode default as for every extraction (`EXTRACT_DEFAULTS`). */
export interface ParquetOptions extends Partial<Pick<ExtractSettings, "compression" | "rowGroupRows" | "lenient">> {
  /** Extra key-value metadata; `featc.spec` and `featc.source` may be set here. */
  metadata?: Record<string, string>;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
}

export interface ParquetResult extends RunResult {
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

export function writeParquetTs(
  module: KernelModule,
  inputPath: string,
  outputPath: string,
  options: ParquetOptions = {},
): ParquetResult {
  const { compression, rowGroupRows, lenient } = extractSettings(options);
  const reader = LogReader.open(inputPath);
  const result = runLogToRows(reader, module, { lenient, emitFromNs: options.emitFromNs, emitToNs: options.emitToNs });
  const h = reader.header;
  const metadata: Record<string, string> = {
    "featc.spec": module.meta.name,
    "featc.source": inputPath,
    ...options.metadata,
    "featc.version": featcVersion(),
    "featc.ir_hash": module.meta.irHash,
    "featc.time_range": timeRangeValue(h.recordCount, h.firstTs, h.lastTs),
    "featc.rows": String(result.rows),
    "featc.records": String(result.records),
  };
  const ipc = tableToIPC(toArrowTable(result.columns, result.rows), "stream");
  const wasmTable = parquet.Table.fromIPCStream(ipc);
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(COMPRESSION[compression])
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy(createdBy(metadata["featc.version"]))
    .setKeyValueMetadata(new Map(Object.entries(metadata)))
    .build();
  const bytes = parquet.writeParquet(wasmTable, properties);

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
  return { ...result, outputPath, metadata, firstTs: h.firstTs, lastTs: h.lastTs };
}
