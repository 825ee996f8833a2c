// Errors raised by the TypeScript runtime. Codes are shared with the native runtime
// (docs/formats/q.md, "Validity and errors"), so a caller can branch on `code` whichever
// runtime read the file.

/** Every code the runtime raises. */
export type FeatcErrorCode =
  // The .q file as a whole (docs/formats/q.md).
  | "Q_TRUNCATED_HEADER"
  | "Q_BAD_MAGIC"
  | "Q_BAD_VERSION"
  | "Q_BAD_HEADER"
  | "Q_NOT_SEALED"
  | "Q_TRUNCATED"
  // One record.
  | "Q_BAD_RECORD"
  | "Q_TIME_ORDER"
  // Book faults: counted and skipped under lenient mode, errors otherwise.
  | "BOOK_UNKNOWN_ORDER"
  | "BOOK_DUPLICATE_ORDER"
  | "BOOK_OVERSIZE"
  | "BOOK_BAD_SIZE"
  | "BOOK_BAD_SIDE"
  | "BOOK_BAD_KIND"
  // Use of the API (wrong options, a log that does not fit the engine).
  | "USAGE";

export class FeatcError extends Error {
  readonly code: FeatcErrorCode;

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
