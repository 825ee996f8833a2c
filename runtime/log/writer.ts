// Writes a .q event log (docs/formats/q.md, "Writing"): records stream into a hidden temp file;
// `close()` appends the time index, writes the final header with SEALED set, fsyncs and
// renames, so a reader never sees a partial file under the final name. The writer stores
// what it is given; validation is the reader's and the driver's job.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { FeatcError } from "../errors.js";
import * as F from "./format.js";

export interface LogFileHeader {
  symbol: string;
  venue: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `1` L3, `2` L2 (default L3). */
  bookKind?: number;
  priceDecimals: number;
  sizeDecimals: number;
}

/** One record; omitted fields are written as q.md says importers fill them. */
export interface LogRecord {
  exchangeTs: bigint;
  /** Defaults to `exchangeTs`. */
  ingestTs?: bigint;
  /** Defaults to the record number. */
  sequence?: bigint;
  orderId?: bigint;
  /** Raw fixed point. */
  price?: bigint | number;
  size?: bigint | number;
  kind: number;
  side?: number;
  /** `FLAG_LAST`, `FLAG_SNAPSHOT` bits. */
  flags?: number;
  aggressor?: number;
  aux?: bigint;
}

/** Numbers the temp files of this process's writers. */
let tempCounter = 0;

/** Records buffered before a write to the file. */
const CHUNK_RECORDS = 16384;

export class LogWriter {
  readonly path: string;
  private readonly tmpPath: string;
  private readonly header: LogFileHeader;
  private fd: number;
  private readonly chunk = new Uint8Array(CHUNK_RECORDS * F.RECORD_LEN);
  private readonly chunkView = new DataView(this.chunk.buffer);
  private chunkRecords = 0;
  private count = 0;
  private firstTs = 0n;
  private lastTs = 0n;
  private readonly index: bigint[] = [];

  private constructor(path: string, header: LogFileHeader) {
    this.path = path;
    // Hidden and unique per writer, as the native writer names its temp files (docs/formats/q.md, "Writing").
    this.tmpPath = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++tempCounter}`);
    this.header = header;
    this.fd = openSync(this.tmpPath, "w");
    // Reserve the header; the final one is written by close().
    writeSync(this.fd, new Uint8Array(F.HEADER_LEN));
  }

  static create(path: string, header: LogFileHeader): LogWriter {
    return new LogWriter(path, header);
  }

  get recordCount(): number {
    return this.count;
  }

  append(record: LogRecord): void {
    if (this.fd < 0) throw new FeatcError("BAD_ARGUMENT", `${this.path}: append after close`);
    if (this.count === 0) this.firstTs = record.exchangeTs;
    this.lastTs = record.exchangeTs;
    if (this.count % F.INDEX_STRIDE === 0) this.index.push(record.exchangeTs, BigInt(this.count));
    encodeRecord(this.chunkView, this.chunkRecords * F.RECORD_LEN, record, this.count);
    this.count++;
    if (++this.chunkRecords === CHUNK_RECORDS) this.flushChunk();
  }

  /** Finish the file: index, sealed header, fsync, rename. */
  close(): void {
    if (this.fd < 0) return;
    this.flushChunk();
    const indexBytes = encodeIndex(this.index);
    writeSync(this.fd, indexBytes);
    const header = encodeHeader(this.header, {
      count: this.count,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      indexCount: this.index.length / 2,
    });
    writeSync(this.fd, header, 0, header.length, 0);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmpPath, this.path);
  }

  /** Give up: remove the temporary file, leave nothing under the final name. */
  abort(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    unlinkSync(this.tmpPath);
  }

  private flushChunk(): void {
    if (this.chunkRecords === 0) return;
    writeSync(this.fd, this.chunk, 0, this.chunkRecords * F.RECORD_LEN);
    this.chunkRecords = 0;
  }
}

/** The bytes of a complete, sealed log: for tests and in-memory tools. */
export function encodeLog(header: LogFileHeader, records: readonly LogRecord[]): Uint8Array {
  const index: bigint[] = [];
  for (let i = 0; i < records.length; i += F.INDEX_STRIDE) index.push(records[i].exchangeTs, BigInt(i));
  const indexBytes = encodeIndex(index);
  const recordsEnd = F.HEADER_LEN + F.RECORD_LEN * records.length;
  const bytes = new Uint8Array(recordsEnd + indexBytes.length);
  const view = new DataView(bytes.buffer);
  records.forEach((r, i) => encodeRecord(view, F.HEADER_LEN + F.RECORD_LEN * i, r, i));
  bytes.set(indexBytes, recordsEnd);
  bytes.set(
    encodeHeader(header, {
      count: records.length,
      firstTs: records.length > 0 ? records[0].exchangeTs : 0n,
      lastTs: records.length > 0 ? records[records.length - 1].exchangeTs : 0n,
      indexCount: index.length / 2,
    }),
  );
  return bytes;
}

/** Write one record at `offset` of `view`. */
export function encodeRecord(view: DataView, offset: number, r: LogRecord, recordNumber: number): void {
  view.setBigInt64(offset + F.R_EXCHANGE_TS, r.exchangeTs, true);
  view.setBigInt64(offset + F.R_INGEST_TS, r.ingestTs ?? r.exchangeTs, true);
  view.setBigUint64(offset + F.R_SEQUENCE, r.sequence ?? BigInt(recordNumber), true);
  view.setBigUint64(offset + F.R_ORDER_ID, r.orderId ?? 0n, true);
  view.setBigInt64(offset + F.R_PRICE, BigInt(r.price ?? 0), true);
  view.setBigInt64(offset + F.R_SIZE, BigInt(r.size ?? 0), true);
  view.setUint8(offset + F.R_KIND, r.kind);
  view.setUint8(offset + F.R_SIDE, r.side ?? F.SIDE_NONE);
  view.setUint8(offset + F.R_FLAGS, r.flags ?? 0);
  view.setUint8(offset + F.R_AGGRESSOR, r.aggressor ?? F.AGGRESSOR_NONE);
  view.setUint32(offset + 52, 0, true);
  view.setBigInt64(offset + F.R_AUX, r.aux ?? 0n, true);
}

interface HeaderCounts {
  count: number;
  firstTs: bigint;
  lastTs: bigint;
  indexCount: number;
}

function encodeHeader(h: LogFileHeader, c: HeaderCounts): Uint8Array {
  const bytes = new Uint8Array(F.HEADER_LEN);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(F.MAGIC), F.H_MAGIC);
  view.setUint16(F.H_VERSION, F.FORMAT_VERSION, true);
  view.setUint16(F.H_HEADER_LEN, F.HEADER_LEN, true);
  view.setUint16(F.H_RECORD_LEN, F.RECORD_LEN, true);
  view.setUint8(F.H_BOOK_KIND, h.bookKind ?? F.BOOK_L3);
  view.setUint8(F.H_FLAGS, F.FILE_SEALED);
  view.setUint8(F.H_PRICE_DECIMALS, h.priceDecimals);
  view.setUint8(F.H_SIZE_DECIMALS, h.sizeDecimals);
  view.setBigInt64(F.H_FIRST_TS, c.firstTs, true);
  view.setBigInt64(F.H_LAST_TS, c.lastTs, true);
  view.setBigUint64(F.H_RECORD_COUNT, BigInt(c.count), true);
  const indexOffset = c.indexCount > 0 ? F.HEADER_LEN + F.RECORD_LEN * c.count : 0;
  view.setBigUint64(F.H_INDEX_OFFSET, BigInt(indexOffset), true);
  view.setBigUint64(F.H_INDEX_COUNT, BigInt(c.indexCount), true);
  putText(bytes, F.H_SYMBOL, F.SYMBOL_LEN, h.symbol);
  putText(bytes, F.H_VENUE, F.VENUE_LEN, h.venue);
  putText(bytes, F.H_DATE, F.DATE_LEN, h.date);
  return bytes;
}

/** `index` holds (timestamp, record number) pairs flattened. */
function encodeIndex(index: readonly bigint[]): Uint8Array {
  const bytes = new Uint8Array((index.length / 2) * F.INDEX_ENTRY_LEN);
  const view = new DataView(bytes.buffer);
  for (let e = 0; e < index.length / 2; e++) {
    view.setBigInt64(e * F.INDEX_ENTRY_LEN, index[2 * e], true);
    view.setBigUint64(e * F.INDEX_ENTRY_LEN + 8, index[2 * e + 1], true);
  }
  return bytes;
}

function putText(bytes: Uint8Array, offset: number, len: number, text: string): void {
  const encoded = new TextEncoder().encode(text);
  if (encoded.length > len)
    throw new FeatcError("BAD_ARGUMENT", `header text ${JSON.stringify(text)} is longer than ${len} bytes`);
  bytes.set(encoded, offset);
}
