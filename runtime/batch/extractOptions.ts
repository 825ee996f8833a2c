// The settings of an extraction and their defaults, defined once: the command line's flags
// (compiler/cli/commands/extract.ts), the library API (compiler/extract/run.ts) and both
// engines (the TypeScript Parquet writer, runtime/batch/parquetWriter.ts, and the native one
// through runtime/native/binding.ts, which turns them into the addon's request) read them here.

import { FeatcError } from "../errors.js";

export const COMPRESSIONS = ["zstd", "snappy", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const ENGINES = ["native", "ts"] as const;
export type Engine = (typeof ENGINES)[number];

/** How an extraction runs and writes its files. */
export interface ExtractSettings {
  /** Parquet compression. */
  compression: Compression;
  /** Rows per Parquet row group (rows are built in batches of 8192). */
  rowGroupRows: number;
  /** Count and skip impossible book events instead of failing. */
  lenient: boolean;
  /** Worker threads of the native engine; 0: one per core. */
  threads: number;
  /** native: the Rust kernel library, off the JavaScript thread; ts: the TypeScript kernel. */
  engine: Engine;
}

/** The settings as callers give them: any of them absent takes its default. */
export type ExtractOptions = Partial<ExtractSettings>;

export const EXTRACT_DEFAULTS: Readonly<ExtractSettings> = Object.freeze({
  compression: "zstd",
  // 16 batches of 8192 rows (docs/formats/parquet.md).
  rowGroupRows: 131_072,
  lenient: false,
  threads: 0,
  engine: "native",
});

/** The largest row group size and thread count: the native addon takes them as u32. */
const MAX_COUNT = 2 ** 32 - 1;

/** `options` with each absent setting at its default; a setting out of its range is a `BAD_ARGUMENT`. */
export function extractSettings(options: ExtractOptions = {}): ExtractSettings {
  const settings: ExtractSettings = {
    compression: options.compression ?? EXTRACT_DEFAULTS.compression,
    rowGroupRows: options.rowGroupRows ?? EXTRACT_DEFAULTS.rowGroupRows,
    lenient: options.lenient ?? EXTRACT_DEFAULTS.lenient,
    threads: options.threads ?? EXTRACT_DEFAULTS.threads,
    engine: options.engine ?? EXTRACT_DEFAULTS.engine,
  };
  const bad = (message: string) => new FeatcError("BAD_ARGUMENT", message);
  if (!COMPRESSIONS.includes(settings.compression))
    throw bad(`compression ${JSON.stringify(settings.compression)} is not one of ${COMPRESSIONS.join(", ")}`);
  if (!ENGINES.includes(settings.engine))
    throw bad(`engine ${JSON.stringify(settings.engine)} is not one of ${ENGINES.join(", ")}`);
  if (!Number.isInteger(settings.rowGroupRows) || settings.rowGroupRows < 1 || settings.rowGroupRows > MAX_COUNT)
    throw bad(`rowGroupRows must be a whole number from 1 to ${MAX_COUNT}, got ${settings.rowGroupRows}`);
  if (!Number.isInteger(settings.threads) || settings.threads < 0 || settings.threads > MAX_COUNT)
    throw bad(`threads must be a whole number from 0 to ${MAX_COUNT}, got ${settings.threads}`);
  return settings;
}
