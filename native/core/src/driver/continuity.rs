//! Whether a day file continues the stream of the file before it (docs/language.md section
//! 4.1): same book kind and decimals, the next calendar day, and a starting book equal to the
//! book the previous file closed with. A file's own starting book is what its opening snapshot
//! (its leading records flagged `SNAPSHOT`) builds from empty, or the empty book.

use super::ResetReason;
use crate::book::ReplayBook;
use crate::log::{flag, LogHeader, LogReader, Record};
use crate::time::Date;

/// The records of `log`'s opening snapshot: its leading records flagged `SNAPSHOT` (0 when it
/// opens with market activity). Whether the last of them carries `LAST` does not matter: some
/// feeds end a snapshot with the first live record's packet (CME ESH4 on 2023-12-25).
pub(super) fn opening_snapshot_len(log: &LogReader) -> u64 {
    (0..log.len()).find(|&i| log.record(i).flags & flag::SNAPSHOT == 0).unwrap_or(log.len())
}

/// `(kind, side, order id, price, size)` of each record of a book's canonical snapshot.
type BookImage = Vec<(u8, u8, u64, i64, i64)>;

pub(super) fn image<B: ReplayBook>(book: &B) -> BookImage {
    let mut records: Vec<Record> = Vec::new();
    book.snapshot_into(&mut records);
    records.iter().map(|r| (r.kind, r.side, r.order_id, r.price, r.size)).collect()
}

/// `Ok(n)`: `log` continues the stream whose book is `book` and whose last file has header
/// `prev`; its first `n` records (its opening snapshot, which restates `book`) are skipped.
pub(super) fn continues<B: ReplayBook>(prev: &LogHeader, log: &LogReader, book: &B) -> Result<u64, ResetReason> {
    let next = log.header();
    if next.book_kind != prev.book_kind {
        return Err(ResetReason::BookKind);
    }
    if next.price_decimals != prev.price_decimals || next.size_decimals != prev.size_decimals {
        return Err(ResetReason::Decimals);
    }
    let day = |h: &LogHeader| Date::parse(&h.date).map(|d| d.days_since_epoch());
    match (day(prev), day(next)) {
        (Some(a), Some(b)) if b == a + 1 => {}
        _ => return Err(ResetReason::MissingDay),
    }
    let len = opening_snapshot_len(log);
    let mut opening = B::new();
    for i in 0..len {
        if opening.apply(&log.record(i)).is_err() {
            return Err(ResetReason::Book);
        }
    }
    if image(&opening) == image(book) {
        Ok(len)
    } else {
        Err(ResetReason::Book)
    }
}
