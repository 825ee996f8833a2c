// Reads a .q event log (docs/formats/q.md), from a file or from memory. Opening validates the
// header and every section it points to (records, time index, snapshot table and bodies, import
// report), with the checks, codes and words of the Rust reader (native/core/src/log/reader.rs),
// so a file is refused by both runtimes or by neither. A file is read a window of records at a
// time (./pagedFile.ts): a log of any size replays in a few MB, and records are read in place
// through a DataView over the window, with no per-record allocation. Record-level checks (kind,
// side, time range and order, value range) run in the packet driver as it reads each record,
// so a log is scanned once.

import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats, statSync } from "node:fs";
import { fileError, FeatcError, recordError } from "../errors.js";
import * as F from "./format.js";
import { exactNumber, pairToBigInt } from "./int64.js";
import { bytesOf, type ByteView, PagedFile } from "./pagedFile.js";

export interface LogHeader {
  symbol: string;
  venue: string;
  /** Trading date, `YYYY-MM-DD`. */
  date: string;
  /** `1` L3 (order by order), `2` L2 (price levels). */
  bookKind: number;
  priceDecimals: number;
  sizeDecimals: number;
  recordCount: number;
  firstTs: bigint;
  lastTs: bigint;
  indexOffset: number;
  indexCount: number;
  /** Byte offset of the snapshot table (0: none). */
  snapshotOffset: number;
  snapshotCount: number;
  /** Byte offset and length of the import report (docs/formats/q.md, "Import report"); 0 and 0: none. */
  reportOffset: number;
  reportLen: number;
  /** SHA-256 of the record section as lowercase hex, as the writer recorded it; null when not recorded. */
  recordsSha256: string | null;
}

/**
 * One entry of the snapshot table (docs/formats/q.md, "Snapshots"): the book as of the end of
 * record `record - 1`, rebuilt from empty by the `bodyCount` ordinary records at byte
 * `bodyOffset` (record `j` at `bodyOffset + 64 * j` of `view`).
 */
export interface SnapshotEntry {
  /** Exchange time of record `record - 1`. */
  asOfTs: bigint;
  /** The first record the snapshot does not reflect; > 0, at a packet boundary. */
  record: number;
  bodyOffset: number;
  bodyCount: number;
}

/**
 * Records `[first, end)` of a log in memory: record `i` is at byte `base + 64 * i` of `view`
 * (`base` may be negative). Valid until the reader's next window.
 */
export interface RecordWindow {
  view: DataView;
  first: number;
  end: number;
  base: number;
}

/** Records a window of a file holds by default: 4 MiB. */
export const WINDOW_RECORDS = 1 << 16;

export interface OpenOptions {
  /** Records a window holds (default WINDOW_RECORDS); small windows are for tests of the edges. */
  windowRecords?: number;
}

export class LogReader {
  /** The file name used in error messages. */
  readonly name: string;
  /** The whole log's bytes at absolute offsets: a DataView for a log in memory, pages of a file. */
  readonly view: ByteView;
  readonly header: LogHeader;
  /** The snapshot table, in increasing `record` order (checked at open). */
  readonly snapshots: SnapshotEntry[];
  private readonly file: PagedFile | null;
  private readonly windowRecords: number;
  /** The one buffer every window of a file is read into (allocated on first use). */
  private window: Uint8Array | null = null;

  private constructor(view: ByteView, name: string, windowRecords: number) {
    this.name = name;
    this.view = view;
    this.file = view instanceof PagedFile ? view : null;
    this.windowRecords = windowRecords;
    const { header, snapshots } = checkLayout(this.view, name);
    this.header = header;
    this.snapshots = snapshots;
  }

  /**
   * The window that starts at record `i` (`i < recordCount`): the whole log for a log in memory,
   * the next `windowRecords` records (or the rest) for a file, read into a buffer that the next
   * window reuses.
   */
  recordWindow(i: number): RecordWindow {
    const count = this.header.recordCount;
    if (this.file === null) {
      return { view: this.view as DataView, first: 0, end: count, base: F.HEADER_LEN };
    }
    const end = Math.min(count, i + this.windowRecords);
    this.window ??= new Uint8Array(F.RECORD_LEN * Math.min(this.windowRecords, count));
    const bytes = this.window.subarray(0, F.RECORD_LEN * (end - i));
    this.file.readInto(bytes, F.HEADER_LEN + F.RECORD_LEN * i);
    return {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      first: i,
      end,
      base: -F.RECORD_LEN * i,
    };
  }

  /** The body of one of this log's snapshots: its record `j` is at byte `at + 64 * j` of `view`. */
  snapshotBody(snapshot: SnapshotEntry): { view: DataView; at: number } {
    if (this.file === null) return { view: this.view as DataView, at: snapshot.bodyOffset };
    const bytes = this.file.read(snapshot.bodyOffset, F.RECORD_LEN * snapshot.bodyCount);
    return { view: new DataView(bytes.buffer), at: 0 };
  }

  private report: Record<string, number> | null | undefined;

  /**
   * The import report's counts by reason, in the file's order (docs/formats/q.md, "Import
   * report"): what the importer skipped, merged, rounded or de-duplicated; `null` when the log
   * has none. Read on first use with the checks of the Rust reader
   * (native/core/src/log/header.rs, `read_import_report`): a section outside the file or not
   * `{"counts": {<reason>: <whole number>, ...}}` is `Q_BAD_HEADER` naming byte 160.
   */
  get importReport(): Record<string, number> | null {
    if (this.report === undefined) this.report = readImportReport(this.view, this.name, this.header);
    return this.report;
  }

  /**
   * Opens and validates the file at `path`, which must be a regular file (or a symbolic link to
   * one): a FIFO would block the read and a device (`/dev/zero`) never ends, so they and
   * directories are refused before anything is read (`IO`, naming what the path is), as the
   * Rust reader refuses them. Opening reads the header and the sections after the records (and
   * the records the checks name); records are read a window at a time as they are replayed,
   * each read checking that the file has not changed since it was opened.
   */
  static open(path: string, options: OpenOptions = {}): LogReader {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (e) {
      throw new FeatcError("IO", `${path}: cannot open: ${(e as Error).message}`);
    }
    if (!stat.isFile()) throw notAFile(path, stat);
    let fd: number;
    try {
      // Non-blocking, so a FIFO put in the path's place since the check cannot block the open.
      fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (e) {
      throw new FeatcError("IO", `${path}: cannot open: ${(e as Error).message}`);
    }
    let opened: Stats;
    try {
      // Checked again on the open file: the path may have been replaced in between.
      opened = fstatSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!opened.isFile()) throw notAFile(path, opened);
    const windowRecords = options.windowRecords ?? WINDOW_RECORDS;
    if (!Number.isSafeInteger(windowRecords) || windowRecords < 1)
      throw new FeatcError("BAD_ARGUMENT", `a window holds at least 1 record, got ${windowRecords}`);
    const file = new PagedFile(path, opened);
    return file.withFile(() => new LogReader(file, path, windowRecords));
  }

  /** Validate a log already in memory; `name` appears in error messages. */
  static fromBytes(bytes: Uint8Array, name: string): LogReader {
    return new LogReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, WINDOW_RECORDS);
  }

  get recordCount(): number {
    return this.header.recordCount;
  }

  /** Byte offset of record `i` (callers keep `i < recordCount`). */
  recordOffset(i: number): number {
    return F.HEADER_LEN + F.RECORD_LEN * i;
  }

  exchangeTsHi(i: number): number {
    return this.view.getInt32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_EXCHANGE_TS + 4, true);
  }

  exchangeTsLo(i: number): number {
    return this.view.getUint32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_EXCHANGE_TS, true);
  }

  ingestTsHi(i: number): number {
    return this.view.getInt32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_INGEST_TS + 4, true);
  }

  ingestTsLo(i: number): number {
    return this.view.getUint32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_INGEST_TS, true);
  }

  orderIdHi(i: number): number {
    return this.view.getUint32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_ORDER_ID + 4, true);
  }

  orderIdLo(i: number): number {
    return this.view.getUint32(F.HEADER_LEN + F.RECORD_LEN * i + F.R_ORDER_ID, true);
  }

  /** The raw fixed-point price as an exact number; throws when |raw| >= 2^53. */
  price(i: number): number {
    return this.exactField(i, F.R_PRICE, "price");
  }

  /** The raw fixed-point size as an exact number; throws when |raw| >= 2^53. */
  size(i: number): number {
    return this.exactField(i, F.R_SIZE, "size");
  }

  kind(i: number): number {
    return this.view.getUint8(F.HEADER_LEN + F.RECORD_LEN * i + F.R_KIND);
  }

  side(i: number): number {
    return this.view.getUint8(F.HEADER_LEN + F.RECORD_LEN * i + F.R_SIDE);
  }

  flags(i: number): number {
    return this.view.getUint8(F.HEADER_LEN + F.RECORD_LEN * i + F.R_FLAGS);
  }

  aggressor(i: number): number {
    return this.view.getUint8(F.HEADER_LEN + F.RECORD_LEN * i + F.R_AGGRESSOR);
  }

  /** Exchange timestamp as a bigint: for tools and tests, not the hot path. */
  exchangeTs(i: number): bigint {
    return pairToBigInt(this.exchangeTsHi(i), this.exchangeTsLo(i));
  }

  /** First record at or after `ts`, by binary search of the time index then a scan. */
  seek(ts: bigint): number {
    const h = this.header;
    let lo = 0;
    if (h.indexCount > 0) {
      let a = 0;
      let b = h.indexCount - 1;
      // Last index entry whose timestamp is < ts: the answer is at or after its record.
      let found = -1;
      while (a <= b) {
        const mid = (a + b) >>> 1;
        if (this.view.getBigInt64(h.indexOffset + F.INDEX_ENTRY_LEN * mid, true) < ts) {
          found = mid;
          a = mid + 1;
        } else {
          b = mid - 1;
        }
      }
      if (found >= 0) lo = Number(this.view.getBigUint64(h.indexOffset + F.INDEX_ENTRY_LEN * found + 8, true));
    }
    for (let i = lo; i < h.recordCount; i++) {
      if (this.exchangeTs(i) >= ts) return i;
    }
    return h.recordCount;
  }

  private exactField(i: number, field: number, what: string): number {
    const off = F.HEADER_LEN + F.RECORD_LEN * i + field;
    const value = exactNumber(this.view.getInt32(off + 4, true), this.view.getUint32(off, true));
    if (value !== value) {
      throw recordError("Q_BAD_RECORD", this.name, i, `${what} ${this.view.getBigInt64(off, true)} is outside +-2^53`);
    }
    return value;
  }
}

/** The error for a log path that is not a regular file, naming what it is. */
function notAFile(path: string, stat: Stats): FeatcError {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // Gone since: named by what it was.
  }
  const what = stat.isDirectory()
    ? "a directory"
    : stat.isFIFO()
      ? "a FIFO (named pipe)"
      : stat.isCharacterDevice()
        ? "a character device"
        : stat.isBlockDevice()
          ? "a block device"
          : stat.isSocket()
            ? "a socket"
            : "a special file";
  return new FeatcError(
    "IO",
    `${path}: not a regular file but ${what}${link ? " (through a symbolic link)" : ""}; a log must be a regular file`,
  );
}

/** `len` bytes at `offset` for a message: printable ASCII as it is, any other byte (and `"`, `\`) as `\xNN`. */
function quoted(view: ByteView, offset: number, len: number): string {
  let s = '"';
  for (let i = 0; i < len; i++) {
    const b = view.getUint8(offset + i);
    s +=
      b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return s + '"';
}

/** Exchange time of record `i`, inside the file (the caller checked). */
function recordTs(view: ByteView, i: number): bigint {
  return view.getBigInt64(F.HEADER_LEN + F.RECORD_LEN * i + F.R_EXCHANGE_TS, true);
}

/**
 * Every check docs/formats/q.md ("Validity and errors") makes of a file before any record is
 * replayed: the header's fields, then the sections it points to (records, time index, snapshot
 * table and bodies, import report), which follow each other without a gap and end where the
 * file ends. The Rust reader (native/core/src/log/reader.rs, `check_layout`) makes the same
 * checks in the same order, with the same codes and words.
 */
function checkLayout(view: ByteView, name: string): { header: LogHeader; snapshots: SnapshotEntry[] } {
  const len = view.byteLength;
  if (len < F.HEADER_LEN) {
    throw fileError(
      "Q_TRUNCATED_HEADER",
      name,
      len,
      `file has ${len} bytes, shorter than the ${F.HEADER_LEN}-byte header`,
    );
  }
  checkHeaderFields(view, name);
  const recordCount = checkRecords(view, name);
  const recordsEnd = F.HEADER_LEN + F.RECORD_LEN * recordCount;
  const indexEnd = checkIndex(view, name, recordCount, recordsEnd);
  const { snapshots, end: snapshotsEnd } = checkSnapshots(view, name, recordCount, indexEnd);
  const end = checkReport(view, name, snapshotsEnd);
  if (len !== end) {
    throw fileError(
      "Q_BAD_HEADER",
      name,
      end,
      `file has ${len} bytes, but its sections end at byte ${end}: the ${len - end} bytes after it belong to no section`,
    );
  }
  const header: LogHeader = {
    symbol: utf8(view, F.H_SYMBOL, F.SYMBOL_LEN),
    venue: utf8(view, F.H_VENUE, F.VENUE_LEN),
    date: utf8(view, F.H_DATE, F.DATE_LEN),
    bookKind: view.getUint8(F.H_BOOK_KIND),
    priceDecimals: view.getUint8(F.H_PRICE_DECIMALS),
    sizeDecimals: view.getUint8(F.H_SIZE_DECIMALS),
    recordCount,
    firstTs: view.getBigInt64(F.H_FIRST_TS, true),
    lastTs: view.getBigInt64(F.H_LAST_TS, true),
    // Every offset and count below was checked to lie inside the file.
    indexOffset: Number(view.getBigUint64(F.H_INDEX_OFFSET, true)),
    indexCount: Number(view.getBigUint64(F.H_INDEX_COUNT, true)),
    snapshotOffset: Number(view.getBigUint64(F.H_SNAPSHOT_OFFSET, true)),
    snapshotCount: snapshots.length,
    reportOffset: Number(view.getBigUint64(F.H_REPORT_OFFSET, true)),
    reportLen: Number(view.getBigUint64(F.H_REPORT_LEN, true)),
    recordsSha256: recordsSha256(view),
  };
  return { header, snapshots };
}

/** The header's own fields: magic, version and lengths, book kind, decimals, SEALED. */
function checkHeaderFields(view: ByteView, name: string): void {
  if (ascii(view, F.H_MAGIC, 8) !== F.MAGIC) {
    throw fileError("Q_BAD_MAGIC", name, 0, `magic is ${quoted(view, F.H_MAGIC, 8)}, expected "${F.MAGIC}"`);
  }
  const version = view.getUint16(F.H_VERSION, true);
  const headerLen = view.getUint16(F.H_HEADER_LEN, true);
  const recordLen = view.getUint16(F.H_RECORD_LEN, true);
  if (version !== F.FORMAT_VERSION || headerLen !== F.HEADER_LEN || recordLen !== F.RECORD_LEN) {
    throw fileError(
      "Q_BAD_VERSION",
      name,
      F.H_VERSION,
      `format version ${version}, header ${headerLen} B, record ${recordLen} B; expected version ${F.FORMAT_VERSION}, ${F.HEADER_LEN} B, ${F.RECORD_LEN} B`,
    );
  }
  const bookKind = view.getUint8(F.H_BOOK_KIND);
  if (bookKind !== F.BOOK_L3 && bookKind !== F.BOOK_L2) {
    throw fileError("Q_BAD_HEADER", name, F.H_BOOK_KIND, `book kind ${bookKind}, expected 1 (L3) or 2 (L2)`);
  }
  const priceDecimals = view.getUint8(F.H_PRICE_DECIMALS);
  const sizeDecimals = view.getUint8(F.H_SIZE_DECIMALS);
  if (priceDecimals > 18 || sizeDecimals > 18) {
    throw fileError(
      "Q_BAD_HEADER",
      name,
      F.H_PRICE_DECIMALS,
      `decimals ${priceDecimals}/${sizeDecimals}, expected 0..18`,
    );
  }
  if ((view.getUint8(F.H_FLAGS) & F.FILE_SEALED) === 0) {
    throw fileError("Q_NOT_SEALED", name, F.H_FLAGS, "the SEALED flag is not set: the writer did not finish this file");
  }
}

/**
 * The records fit in the file, and the header's first and last exchange times are those of its
 * first and last record (0 and 0 without records). Returns the record count.
 */
function checkRecords(view: ByteView, name: string): number {
  const len = view.byteLength;
  const whole = Math.floor((len - F.HEADER_LEN) / F.RECORD_LEN);
  const n = view.getBigUint64(F.H_RECORD_COUNT, true);
  if (n > BigInt(whole)) {
    throw recordError("Q_TRUNCATED", name, whole, `file has ${len} bytes but the header counts ${n} records`);
  }
  const count = Number(n);
  const first = view.getBigInt64(F.H_FIRST_TS, true);
  const last = view.getBigInt64(F.H_LAST_TS, true);
  const bad = (at: number, reason: string) => fileError("Q_BAD_HEADER", name, at, reason);
  if (count === 0) {
    if (first !== 0n || last !== 0n) {
      throw bad(
        F.H_FIRST_TS,
        `first and last exchange times ${first} and ${last} in a log without records, expected 0 and 0`,
      );
    }
  } else {
    const r0 = recordTs(view, 0);
    const rl = recordTs(view, count - 1);
    if (first !== r0) throw bad(F.H_FIRST_TS, `first exchange time ${first} is not record 0's, ${r0}`);
    if (last !== rl) throw bad(F.H_LAST_TS, `last exchange time ${last} is not record ${count - 1}'s, ${rl}`);
    // The records go back in time somewhere: a time-order fault, named by the last one.
    if (r0 > rl) throw recordError("Q_TIME_ORDER", name, count - 1, `exchange time ${rl} is before record 0's ${r0}`);
  }
  return count;
}

/**
 * The time index: none (offset and count 0), or one entry every INDEX_STRIDE records right after
 * them, each naming its record and that record's exchange time. Returns its end.
 */
function checkIndex(view: ByteView, name: string, n: number, recordsEnd: number): number {
  const offset = view.getBigUint64(F.H_INDEX_OFFSET, true);
  const count = view.getBigUint64(F.H_INDEX_COUNT, true);
  const bad = (at: number, reason: string) => fileError("Q_BAD_HEADER", name, at, reason);
  if (count === 0n) {
    if (offset !== 0n)
      throw bad(F.H_INDEX_OFFSET, `time index at byte ${offset} with no entries, expected 0 (no index)`);
    return recordsEnd;
  }
  if (offset !== BigInt(recordsEnd)) {
    throw bad(F.H_INDEX_OFFSET, `time index at byte ${offset}, expected ${recordsEnd} (right after the records)`);
  }
  const expected = Math.ceil(n / F.INDEX_STRIDE);
  if (count !== BigInt(expected)) {
    throw bad(
      F.H_INDEX_COUNT,
      `${count} time-index entries for ${n} records, expected ${expected} (one every ${F.INDEX_STRIDE} records)`,
    );
  }
  const end = recordsEnd + F.INDEX_ENTRY_LEN * expected;
  const len = view.byteLength;
  if (end > len) {
    throw fileError(
      "Q_TRUNCATED",
      name,
      recordsEnd,
      `file has ${len} bytes, too short for the ${count} time-index entries that end at byte ${end}`,
    );
  }
  for (let k = 0; k < expected; k++) {
    const at = recordsEnd + F.INDEX_ENTRY_LEN * k;
    const ts = view.getBigInt64(at, true);
    const record = view.getBigUint64(at + 8, true);
    const want = k * F.INDEX_STRIDE;
    if (record !== BigInt(want)) throw bad(at + 8, `time-index entry ${k} names record ${record}, expected ${want}`);
    const actual = recordTs(view, want);
    if (ts !== actual) throw bad(at, `time-index entry ${k} has exchange time ${ts}, but record ${want} has ${actual}`);
  }
  return end;
}

/**
 * The snapshot table (docs/formats/q.md, "Snapshots"): none (offset and count 0), or a table
 * right after the time index, entries in strictly increasing record order, each at a packet
 * boundary and stamped with that packet's time, their bodies one after the other right after the
 * table, of ADD (L3) or LEVEL (L2) records only. Returns the entries and the section's end.
 */
function checkSnapshots(
  view: ByteView,
  name: string,
  recordCount: number,
  indexEnd: number,
): { snapshots: SnapshotEntry[]; end: number } {
  const count = view.getBigUint64(F.H_SNAPSHOT_COUNT, true);
  const table = view.getBigUint64(F.H_SNAPSHOT_OFFSET, true);
  const bad = (at: bigint | number, reason: string) => fileError("Q_BAD_SNAPSHOT", name, Number(at), reason);
  if (count === 0n) {
    if (table !== 0n) {
      throw bad(F.H_SNAPSHOT_OFFSET, `snapshot table at byte ${table} with no entries, expected 0 (no snapshots)`);
    }
    return { snapshots: [], end: indexEnd };
  }
  const len = BigInt(view.byteLength);
  if (table !== BigInt(indexEnd)) {
    throw bad(
      F.H_SNAPSHOT_OFFSET,
      `snapshot table at byte ${table}, expected ${indexEnd} (right after the records and the time index)`,
    );
  }
  const tableEnd = table + BigInt(F.SNAPSHOT_ENTRY_LEN) * count;
  if (tableEnd > len) {
    throw bad(
      F.H_SNAPSHOT_OFFSET,
      `snapshot table at byte ${table} of ${count} entries does not fit in the file's ${len} bytes`,
    );
  }
  const bodyKind = view.getUint8(F.H_BOOK_KIND) === F.BOOK_L2 ? F.KIND_LEVEL : F.KIND_ADD;
  const kindName = (k: number) => (k >= 1 && k <= F.KIND_MAX ? F.KIND_NAMES[k].toUpperCase() : "?");
  const entries: SnapshotEntry[] = [];
  let prevRecord = 0n;
  let nextBody = tableEnd;
  for (let k = 0; k < Number(count); k++) {
    const at = Number(table) + F.SNAPSHOT_ENTRY_LEN * k;
    const asOfTs = view.getBigInt64(at, true);
    const record = view.getBigUint64(at + 8, true);
    const bodyOffset = view.getBigUint64(at + 16, true);
    const bodyCount = view.getBigUint64(at + 24, true);
    if (record === 0n || record > BigInt(recordCount)) {
      throw bad(at, `snapshot ${k}: record ${record} is outside 1..=${recordCount}`);
    }
    if (record <= prevRecord) {
      throw bad(at, `snapshot ${k}: record ${record} is not after the previous snapshot's ${prevRecord}`);
    }
    prevRecord = record;
    const before = Number(record) - 1;
    const beforeAt = F.HEADER_LEN + F.RECORD_LEN * before;
    if ((view.getUint8(beforeAt + F.R_FLAGS) & F.FLAG_LAST) === 0) {
      throw bad(at, `snapshot ${k}: record ${before} does not end a packet`);
    }
    const beforeTs = view.getBigInt64(beforeAt + F.R_EXCHANGE_TS, true);
    if (beforeTs !== asOfTs) {
      throw bad(at, `snapshot ${k}: as-of time ${asOfTs} is not record ${before}'s exchange time ${beforeTs}`);
    }
    if (bodyOffset !== nextBody) {
      throw bad(
        at,
        `snapshot ${k}: body at byte ${bodyOffset}, expected ${nextBody} (right after the table and the bodies before it)`,
      );
    }
    const bodyEnd = bodyOffset + BigInt(F.RECORD_LEN) * bodyCount;
    if (bodyEnd > len) {
      throw bad(
        at,
        `snapshot ${k}: body of ${bodyCount} records at byte ${bodyOffset} is outside the bodies (bytes ${tableEnd}..${len})`,
      );
    }
    const body = Number(bodyOffset);
    const n = Number(bodyCount);
    for (let j = 0; j < n; j++) {
      const found = view.getUint8(body + F.RECORD_LEN * j + F.R_KIND);
      if (found !== bodyKind) {
        throw bad(
          body + F.RECORD_LEN * j,
          `snapshot ${k}: body record ${j} is ${kindName(found)} (kind ${found}), expected ${kindName(bodyKind)}`,
        );
      }
    }
    nextBody = bodyEnd;
    entries.push({ asOfTs, record: Number(record), bodyOffset: body, bodyCount: n });
  }
  return { snapshots: entries, end: Number(nextBody) };
}

/**
 * The import report section: none (offset and length 0), or a non-empty section right after
 * everything else, inside the file (its text is checked when it is read: `importReport`).
 * Returns the file's expected end.
 */
function checkReport(view: ByteView, name: string, after: number): number {
  const offset = view.getBigUint64(F.H_REPORT_OFFSET, true);
  const len = view.getBigUint64(F.H_REPORT_LEN, true);
  if (offset === 0n && len === 0n) return after;
  const fileLen = view.byteLength;
  if (offset !== BigInt(after) || len === 0n || offset + len > BigInt(fileLen)) {
    throw fileError(
      "Q_BAD_HEADER",
      name,
      F.H_REPORT_OFFSET,
      `import report of ${len} bytes at byte ${offset}, expected a section of at least 1 byte at byte ${after}, inside the file's ${fileLen} bytes`,
    );
  }
  return Number(offset + len);
}

function recordsSha256(view: ByteView): string | null {
  const bytes = bytesOf(view, F.H_RECORDS_SHA256, 32);
  if (bytes.every((b) => b === 0)) return null;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The import report section of `h`'s file as counts, checked as LogReader.importReport says. */
function readImportReport(view: ByteView, name: string, h: LogHeader): Record<string, number> | null {
  const offset = view.getBigUint64(F.H_REPORT_OFFSET, true);
  const len = view.getBigUint64(F.H_REPORT_LEN, true);
  if (offset === 0n && len === 0n) return null;
  const bad = (reason: string) => fileError("Q_BAD_HEADER", name, F.H_REPORT_OFFSET, reason);
  const fileLen = BigInt(view.byteLength);
  const indexEnd = BigInt(F.HEADER_LEN + F.RECORD_LEN * h.recordCount + F.INDEX_ENTRY_LEN * h.indexCount);
  const tableEnd =
    h.snapshotCount > 0 ? BigInt(h.snapshotOffset) + BigInt(F.SNAPSHOT_ENTRY_LEN) * BigInt(h.snapshotCount) : 0n;
  const after = indexEnd > tableEnd ? indexEnd : tableEnd;
  if (offset < after || len === 0n || offset + len > fileLen) {
    throw bad(
      `import report of ${len} bytes at byte ${offset} is not inside the file after the records, index and snapshot table (bytes ${after}..${fileLen})`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(view, Number(offset), Number(len)));
  } catch {
    throw bad(`import report at byte ${offset} is not UTF-8`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw bad(`import report at byte ${offset}: bad JSON: ${(e as Error).message}`);
  }
  const counts = (parsed as { counts?: unknown } | null)?.counts;
  if (typeof counts !== "object" || counts === null || Array.isArray(counts)) {
    throw bad(`import report at byte ${offset}: no "counts" object`);
  }
  const out: Record<string, number> = {};
  for (const [reason, n] of Object.entries(counts)) {
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
      throw bad(`import report at byte ${offset}: count of ${JSON.stringify(reason)} is not a whole number`);
    }
    out[reason] = n;
  }
  return out;
}

function ascii(view: ByteView, offset: number, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(view.getUint8(offset + i));
  return s;
}

function utf8(view: ByteView, offset: number, len: number): string {
  const bytes = bytesOf(view, offset, len);
  let end = bytes.indexOf(0);
  if (end < 0) end = len;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
