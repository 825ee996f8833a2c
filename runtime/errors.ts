// The errors of both runtimes. One list of codes, shared with the native runtime (Rust:
// native/core/src/error.rs for featc-core and the addon, native/import for the importers;
// test/native/errorCodes.test.ts keeps the lists equal), so a caller can branch on `code`
// whichever runtime raised the error (docs/formats/q.md, "Validity and errors").

/** The book faults, in the order of their numbers in runtime/book/faults.ts (1 to 6). */
export const BOOK_FAULT_CODES = [
  "BOOK_UNKNOWN_ORDER",
  "BOOK_DUPLICATE_ORDER",
  "BOOK_OVERSIZE",
  "BOOK_BAD_SIZE",
  "BOOK_BAD_SIDE",
  "BOOK_BAD_KIND",
] as const;

/** Every code a `FeatcError` carries. */
export const FEATC_ERROR_CODES = [
  // The .q file as a whole (docs/formats/q.md).
  "Q_TRUNCATED_HEADER",
  "Q_BAD_MAGIC",
  "Q_BAD_VERSION",
  "Q_BAD_HEADER",
  "Q_NOT_SEALED",
  "Q_TRUNCATED",
  // One record.
  "Q_BAD_RECORD",
  "Q_TIME_ORDER",
  // The snapshot table or a snapshot body (docs/formats/q.md, "Snapshots").
  "Q_BAD_SNAPSHOT",
  // A log whose book kind this build cannot replay.
  "Q_UNSUPPORTED_BOOK",
  // Book faults: counted and skipped under lenient mode, errors otherwise.
  ...BOOK_FAULT_CODES,
  // Importer input (native only).
  "LOBSTER_BAD_LINE",
  "LOBSTER_BAD_NAME",
  "BINANCE_BAD_LINE",
  "TARDIS_BAD_LINE",
  "DBN_BAD_RECORD",
  "ITCH_BAD_MESSAGE",
  "IMPORT_TRUNCATED",
  "IMPORT_CORRUPT",
  "IMPORT_OUTPUT_CONFLICT",
  "LOG_EXISTS",
  // Loading and calling a kernel library (native only).
  "KERNEL_LOAD",
  "KERNEL_SYMBOL",
  "KERNEL_ABI",
  "KERNEL_META",
  "KERNEL_RUN",
  // Files and output.
  "IO",
  "PARQUET",
  // A bad use of the API: an option, argument or request out of its domain, or a log that
  // does not fit the engine.
  "BAD_ARGUMENT",
  // A run stopped because its sink asked, or another job of the same extraction failed.
  "CANCELLED",
  // The process was asked to stop (SIGTERM, SIGHUP, SIGINT) during the run (runtime/interrupt.ts).
  "INTERRUPTED",
  // A run whose states would not fit in the memory it may use, refused before it allocates.
  "OUT_OF_MEMORY",
  // A time window met more steps within its span than its `max_events` holds (docs/language.md 7.4).
  "WINDOW_OVERFLOW",
  // A packet would close more time bars in one gap than `--max-gap-bars` allows (docs/language.md 8).
  "GAP_TOO_LONG",
  // A lenient run skipped more records of a file than `--max-faults` allows.
  "TOO_MANY_FAULTS",
  // An extraction into a dataset that holds another spec's rows, or another window's.
  "DATASET_MISMATCH",
  // A panic caught before it crossed into Node (INTERNAL: the host; PANIC: a kernel library):
  // a bug, reported as an error.
  "INTERNAL",
  "PANIC",
  // The native addon file is missing or does not load (TypeScript only).
  "NATIVE_NOT_BUILT",
] as const;

export type ErrorCode = (typeof FEATC_ERROR_CODES)[number];

/** What `new FeatcError` takes: a code of `FEATC_ERROR_CODES`. */
export type FeatcErrorCode = ErrorCode;

export class FeatcError extends Error {
  readonly code: ErrorCode;

  constructor(code: FeatcErrorCode, message: string) {
    super(message);
    this.name = "FeatcError";
    this.code = code;
  }
}

/** Byte offset of record `index` in a .q file. */
export function recordByteOffset(index: number): number {
  return 256 + 64 * index;
}

/** An error about one record: `GOOG/2012-06-21.q: record 1234 (byte 79232): <reason>`. */
export function recordError(code: FeatcErrorCode, source: string, index: number, reason: string): FeatcError {
  return new FeatcError(code, `${source}: record ${index} (byte ${recordByteOffset(index)}): ${reason}`);
}

/** An error about a file at a byte offset: `GOOG/2012-06-21.q: byte 0: <reason>`. */
export function fileError(code: FeatcErrorCode, source: string, byte: number, reason: string): FeatcError {
  return new FeatcError(code, `${source}: byte ${byte}: ${reason}`);
}
