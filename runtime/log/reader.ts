// Reads a .q event log (docs/formats/q.md) held in memory. Opening validates the header, the
// file's length and the snapshot table; records are read in place through a DataView, with no
// per-record allocation. Record-level checks (kind, side, time order, value range) run in the packet
// driver as it reads each record, so a log is scanned once.

import { readFileSync } from "node:fs";
import { fileError, FeatcError, recordError } from "../errors.js";
import * as F from "./format.js";
import { exactNumber, pairToBigInt } from "./int64.js";

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

export class LogReader {
  /** The file name used in error messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly header: LogHeader;
  /** The snapshot table, in increasing `record` order (checked at open). */
  readonly snapshots: SnapshotEntry[];

  private constructor(bytes: Uint8Array, name: string) {
    this.name = name;
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.header = readHeader(this.view, name);
    this.snapshots = readSnapshots(this.view, name, this.header);
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

  /** Read and validate the file at `path`. */
  static open(path: string): LogReader {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new FeatcError("IO", `${path}: cannot read: ${(e as Error).message}`);
    }
    return new LogReader(bytes, path);
  }

  /** Validate a log already in memory; `name` appears in error messages. */
  static fromBytes(bytes: Uint8Array, name: string): LogReader {
    return new LogReader(bytes, name);
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

function readHeader(view: DataView, name: string): LogHeader {
  const len = view.byteLength;
  if (len < F.HEADER_LEN) {
    throw fileError(
      "Q_TRUNCATED_HEADER",
      name,
      len,
      `file is ${len} bytes, shorter than the ${F.HEADER_LEN}-byte header`,
    );
  }
  const magic = ascii(view, F.H_MAGIC, 8);
  if (magic !== F.MAGIC) {
    throw fileError("Q_BAD_MAGIC", name, 0, `magic is ${JSON.stringify(magic)}, expected "${F.MAGIC}"`);
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
  const recordCount = headerCount(view, F.H_RECORD_COUNT, name, "record count");
  const indexOffset = headerCount(view, F.H_INDEX_OFFSET, name, "index offset");
  const indexCount = headerCount(view, F.H_INDEX_COUNT, name, "index entry count");
  const recordsEnd = F.HEADER_LEN + F.RECORD_LEN * recordCount;
  if (len < recordsEnd) {
    const cut = Math.floor((len - F.HEADER_LEN) / F.RECORD_LEN);
    throw recordError(
      "Q_TRUNCATED",
      name,
      cut,
      `file is ${len} bytes; the header announces ${recordCount} records (${recordsEnd} bytes): record ${cut} is cut short`,
    );
  }
  if (indexCount > 0) {
    if (indexOffset < recordsEnd) {
      throw fileError(
        "Q_BAD_HEADER",
        name,
        F.H_INDEX_OFFSET,
        `time index at byte ${indexOffset} overlaps the records, which end at ${recordsEnd}`,
      );
    }
    const indexEnd = indexOffset + F.INDEX_ENTRY_LEN * indexCount;
    if (len < indexEnd) {
      throw fileError(
        "Q_TRUNCATED",
        name,
        len,
        `file is ${len} bytes; the time index of ${indexCount} entries ends at byte ${indexEnd}`,
      );
    }
  }
  return {
    symbol: utf8(view, F.H_SYMBOL, F.SYMBOL_LEN),
    venue: utf8(view, F.H_VENUE, F.VENUE_LEN),
    date: utf8(view, F.H_DATE, F.DATE_LEN),
    bookKind,
    priceDecimals,
    sizeDecimals,
    recordCount,
    firstTs: view.getBigInt64(F.H_FIRST_TS, true),
    lastTs: view.getBigInt64(F.H_LAST_TS, true),
    indexOffset,
    indexCount,
    // Checked by readSnapshots, which reads them as bigints.
    snapshotOffset: Number(view.getBigUint64(F.H_SNAPSHOT_OFFSET, true)),
    snapshotCount: Number(view.getBigUint64(F.H_SNAPSHOT_COUNT, true)),
    // Checked by readImportReport when the report is read.
    reportOffset: Number(view.getBigUint64(F.H_REPORT_OFFSET, true)),
    reportLen: Number(view.getBigUint64(F.H_REPORT_LEN, true)),
    recordsSha256: recordsSha256(view),
  };
}

function recordsSha256(view: DataView): string | null {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + F.H_RECORDS_SHA256, 32);
  if (bytes.every((b) => b === 0)) return null;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The import report section of `h`'s file as counts, checked as LogReader.importReport says. */
function readImportReport(view: DataView, name: string, h: LogHeader): Record<string, number> | null {
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
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      new Uint8Array(view.buffer, view.byteOffset + Number(offset), Number(len)),
    );
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

/**
 * The snapshot table, checked as the Rust reader checks it (native/core/src/log/reader.rs,
 * same code and wording): the table and every body inside the file after the time index,
 * entries in strictly increasing record order, each at a packet boundary and stamped with
 * that packet's time, bodies of ADD (L3) or LEVEL (L2) records only.
 */
function readSnapshots(view: DataView, name: string, h: LogHeader): SnapshotEntry[] {
  const count = view.getBigUint64(F.H_SNAPSHOT_COUNT, true);
  if (count === 0n) return [];
  const len = BigInt(view.byteLength);
  const indexEnd = BigInt(F.HEADER_LEN + F.RECORD_LEN * h.recordCount + F.INDEX_ENTRY_LEN * h.indexCount);
  const table = view.getBigUint64(F.H_SNAPSHOT_OFFSET, true);
  const bad = (at: bigint | number, reason: string) => fileError("Q_BAD_SNAPSHOT", name, Number(at), reason);
  if (table < indexEnd) {
    throw bad(
      F.H_SNAPSHOT_OFFSET,
      `snapshot table at byte ${table} overlaps the records and the time index, which end at byte ${indexEnd}`,
    );
  }
  const tableEnd = table + BigInt(F.SNAPSHOT_ENTRY_LEN) * count;
  if (tableEnd > len) {
    throw bad(
      F.H_SNAPSHOT_OFFSET,
      `snapshot table at byte ${table} of ${count} entries does not fit in the file's ${len} bytes`,
    );
  }
  const bodyKind = h.bookKind === F.BOOK_L2 ? F.KIND_LEVEL : F.KIND_ADD;
  const kindName = (k: number) => (k >= 1 && k <= F.KIND_MAX ? F.KIND_NAMES[k].toUpperCase() : "?");
  const entries: SnapshotEntry[] = [];
  let prevRecord = 0n;
  for (let k = 0; k < Number(count); k++) {
    const at = Number(table) + F.SNAPSHOT_ENTRY_LEN * k;
    const asOfTs = view.getBigInt64(at, true);
    const record = view.getBigUint64(at + 8, true);
    const bodyOffset = view.getBigUint64(at + 16, true);
    const bodyCount = view.getBigUint64(at + 24, true);
    if (record === 0n || record > BigInt(h.recordCount)) {
      throw bad(at, `snapshot ${k}: record ${record} is outside 1..=${h.recordCount}`);
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
    if (bodyOffset < tableEnd || bodyOffset + BigInt(F.RECORD_LEN) * bodyCount > len) {
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
    entries.push({ asOfTs, record: Number(record), bodyOffset: body, bodyCount: n });
  }
  return entries;
}

/** A u64 header count, which must fit a safe integer to be a usable length. */
function headerCount(view: DataView, offset: number, name: string, what: string): number {
  const value = view.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw fileError("Q_BAD_HEADER", name, offset, `${what} ${value} is not a plausible length`);
  }
  return Number(value);
}

function ascii(view: DataView, offset: number, len: number): string {
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(view.getUint8(offset + i));
  return s;
}

function utf8(view: DataView, offset: number, len: number): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, len);
  let end = bytes.indexOf(0);
  if (end < 0) end = len;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
