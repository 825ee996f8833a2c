// Whether a day file continues the stream of the file before it (docs/language.md section
// 4.1), the mirror of native/core/src/driver/continuity.rs: same book kind and decimals, the
// next calendar day, and a starting book equal to the book the previous file closed with. A
// file's own starting book is what its opening snapshot (its leading records flagged
// `SNAPSHOT`) builds from empty, or the empty book.

import { BookL2 } from "../book/bookL2.js";
import { BookL3 } from "../book/bookL3.js";
import type { BookModel } from "../book/bookModel.js";
import { FAULT_NONE } from "../book/faults.js";
import * as F from "../log/format.js";
import { exactNumber } from "../log/int64.js";
import type { LogHeader, LogReader } from "../log/reader.js";

/** Why state was reset before a file, as the native driver names it (`ResetReason`). */
export type ResetReason = "book_kind" | "decimals" | "missing_day" | "book";

export type Continuity = { continues: true; skip: number } | { continues: false; reason: ResetReason };

export function emptyBook(bookKind: number): BookModel {
  return bookKind === F.BOOK_L2 ? new BookL2() : new BookL3();
}

/**
 * The records of `reader`'s opening snapshot: its leading records flagged `SNAPSHOT` (0 when it
 * opens with market activity), whether or not the last of them carries `LAST` (some feeds end a
 * snapshot with the first live record's packet: CME ESH4 on 2023-12-25).
 */
export function openingSnapshotLength(reader: LogReader): number {
  const n = reader.recordCount;
  let i = 0;
  while (i < n && (reader.flags(i) & F.FLAG_SNAPSHOT) !== 0) i++;
  return i;
}

/** Applies records `[from, to)` of `reader` to `book`; false when the book rejects one. */
export function applyRecords(book: BookModel, reader: LogReader, from: number, to: number): boolean {
  const view = reader.view;
  for (let i = from; i < to; i++) {
    const at = reader.recordOffset(i);
    const price = exactNumber(view.getInt32(at + F.R_PRICE + 4, true), view.getUint32(at + F.R_PRICE, true));
    const size = exactNumber(view.getInt32(at + F.R_SIZE + 4, true), view.getUint32(at + F.R_SIZE, true));
    const fault = book.apply(reader.kind(i), reader.side(i), reader.orderIdHi(i), reader.orderIdLo(i), price, size);
    if (fault !== FAULT_NONE) return false;
  }
  return true;
}

/** Two books hold the same orders (L3) or levels (L2): their canonical snapshots agree. */
export function sameBook(a: BookModel, b: BookModel): boolean {
  const x = a.snapshotRecords();
  const y = b.snapshotRecords();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i];
    const q = y[i];
    if (p.kind !== q.kind || p.side !== q.side || p.orderId !== q.orderId || p.price !== q.price || p.size !== q.size)
      return false;
  }
  return true;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(ms) ? ms / DAY_MS : null;
}

/** Whether `reader` continues a stream whose last file has header `prev` and whose book is `book`. */
export function continuity(prev: LogHeader, reader: LogReader, book: BookModel): Continuity {
  const next = reader.header;
  if (next.bookKind !== prev.bookKind) return { continues: false, reason: "book_kind" };
  if (next.priceDecimals !== prev.priceDecimals || next.sizeDecimals !== prev.sizeDecimals)
    return { continues: false, reason: "decimals" };
  const a = dayNumber(prev.date);
  const b = dayNumber(next.date);
  if (a === null || b === null || b !== a + 1) return { continues: false, reason: "missing_day" };
  const skip = openingSnapshotLength(reader);
  const opening = emptyBook(next.bookKind);
  if (!applyRecords(opening, reader, 0, skip) || !sameBook(opening, book)) return { continues: false, reason: "book" };
  return { continues: true, skip };
}
