//! DBN MBO to `.q` L3 records. The reasons for each mapping are in docs/formats/dbn.md; in
//! short: Databento's own book (databento/dbn `examples`, databento-python `Book.apply`)
//! changes only on A, C, M and R. T and F are trade reports: the resting orders' reductions
//! arrive as the C or M records that follow them. So T becomes a `TRADE` (trade features,
//! no book effect), F is counted and not written, and C/M carry the book.

use std::collections::HashMap;

use featc_core::log::{aggressor, kind, side, Record};

use super::records::{q_flags, Mbo, F_LAST, F_SNAPSHOT, UNDEF_PRICE};
use crate::counts::Tally;

/// Skip and adjustment reasons, as reported.
pub const FILL_NOT_WRITTEN: &str =
    "MBO F (fill): not written; its book change is the C/M record that follows, its trade the T record";
pub const NONE_ACTION: &str = "MBO N (no action): no book or trade content";
pub const DUPLICATE_ADD: &str = "add of an order id already resting";
pub const UNKNOWN_CANCEL: &str = "cancel of an order not in the book";
pub const UNKNOWN_MODIFY: &str = "modify of an order not in the book without a side, price or size";
pub const BAD_ADD: &str = "add without a bid/ask side, a price or a positive size";
pub const ZERO_TRADE: &str = "trade with size 0 or no price";
pub const MODIFY_AS_ADD: &str = "modify of an order not in the book, written as an add (as Databento's book does)";
pub const MODIFY_TO_ZERO: &str = "modify to size 0, written as a delete";
pub const SNAPSHOT_CLEAR: &str = "snapshot over a non-empty book: CLEAR written before it";
pub const OVERSIZE_CANCEL: &str = "cancel larger than the order, written as a delete";

/// The book side of a DBN side char; `None` for anything but `B`/`A`.
pub fn book_side(c: u8) -> Option<u8> {
    match c {
        b'B' => Some(side::BID),
        b'A' => Some(side::ASK),
        _ => None,
    }
}

/// The aggressor of a trade whose DBN side is `c` (Databento: the side of the aggressing
/// order for T; `N` when the venue does not say).
pub fn trade_aggressor(c: u8) -> u8 {
    match c {
        b'B' => aggressor::BUY,
        b'A' => aggressor::SELL,
        _ => aggressor::UNKNOWN,
    }
}

#[derive(Clone, Copy)]
struct Order {
    side: u8,
    price: i64,
    size: i64,
}

/// One instrument's resting orders, as the importer has written them.
#[derive(Default)]
pub struct MboBook {
    orders: HashMap<u64, Order>,
    in_snapshot: bool,
}

impl MboBook {
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// Whether order `id` rests in the book.
    pub fn knows(&self, id: u64) -> bool {
        self.orders.contains_key(&id)
    }

    /// Appends the records for `m` (exchange time `ts`) to `out`; counts what it skips or
    /// changes. The caller has checked the action and side codes are known.
    pub fn apply(&mut self, m: &Mbo, ts: i64, out: &mut Vec<Record>, skipped: &mut Tally, adjusted: &mut Tally) {
        let base = Record {
            exchange_ts: ts,
            ingest_ts: m.ts_recv as i64,
            seq: m.sequence as u64,
            order_id: m.order_id,
            flags: q_flags(m.flags),
            ..Record::default()
        };
        let snapshot = m.flags & F_SNAPSHOT != 0;
        if snapshot && !self.in_snapshot && !self.orders.is_empty() && m.action != b'R' {
            // A snapshot describes the whole book: what rested before it is superseded.
            self.orders.clear();
            out.push(Record { kind: kind::CLEAR, order_id: 0, ..base });
            adjusted.bump(SNAPSHOT_CLEAR);
        }
        // The snapshot ends with its F_LAST record; the next snapshot record starts a new one.
        self.in_snapshot = snapshot && m.flags & F_LAST == 0;
        let size = m.size as i64;
        match m.action {
            b'A' => {
                let Some(s) = book_side(m.side).filter(|_| size > 0 && m.price != UNDEF_PRICE) else {
                    return skipped.bump(BAD_ADD);
                };
                if self.orders.contains_key(&m.order_id) {
                    return skipped.bump(DUPLICATE_ADD);
                }
                self.orders.insert(m.order_id, Order { side: s, price: m.price, size });
                out.push(Record { kind: kind::ADD, side: s, price: m.price, size, ..base });
            }
            b'C' => {
                let Some(o) = self.orders.get_mut(&m.order_id) else {
                    return skipped.bump(UNKNOWN_CANCEL);
                };
                if size > 0 && size < o.size {
                    o.size -= size;
                    out.push(Record { kind: kind::CANCEL, side: o.side, price: o.price, size, ..base });
                } else {
                    if size > o.size {
                        adjusted.bump(OVERSIZE_CANCEL);
                    }
                    let o = *o;
                    self.orders.remove(&m.order_id);
                    out.push(Record { kind: kind::DELETE, side: o.side, price: o.price, size: o.size, ..base });
                }
            }
            b'M' => match self.orders.get_mut(&m.order_id) {
                Some(o) if size > 0 && m.price != UNDEF_PRICE => {
                    o.price = m.price;
                    o.size = size;
                    out.push(Record { kind: kind::MODIFY, side: o.side, price: m.price, size, ..base });
                }
                Some(o) => {
                    let o = *o;
                    self.orders.remove(&m.order_id);
                    adjusted.bump(MODIFY_TO_ZERO);
                    out.push(Record { kind: kind::DELETE, side: o.side, price: o.price, size: o.size, ..base });
                }
                None => match book_side(m.side).filter(|_| size > 0 && m.price != UNDEF_PRICE) {
                    Some(s) => {
                        self.orders.insert(m.order_id, Order { side: s, price: m.price, size });
                        adjusted.bump(MODIFY_AS_ADD);
                        out.push(Record { kind: kind::ADD, side: s, price: m.price, size, ..base });
                    }
                    None => skipped.bump(UNKNOWN_MODIFY),
                },
            },
            b'R' => {
                self.orders.clear();
                out.push(Record { kind: kind::CLEAR, order_id: 0, ..base });
            }
            b'T' => {
                if size <= 0 || m.price == UNDEF_PRICE {
                    return skipped.bump(ZERO_TRADE);
                }
                out.push(Record {
                    kind: kind::TRADE,
                    order_id: 0,
                    price: m.price,
                    size,
                    aggressor: trade_aggressor(m.side),
                    ..base
                });
            }
            b'F' => skipped.bump(FILL_NOT_WRITTEN),
            _ => skipped.bump(NONE_ACTION),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dbn::records::{Header, F_LAST};

    fn mbo(action: u8, side: u8, order_id: u64, price: i64, size: u32, flags: u8) -> Mbo {
        Mbo {
            hd: Header { rtype: 0xA0, publisher_id: 1, instrument_id: 7, ts_event: 10 },
            order_id,
            price,
            size,
            flags,
            channel_id: 0,
            action,
            side,
            ts_recv: 11,
            sequence: 1,
        }
    }

    fn run(book: &mut MboBook, m: Mbo) -> Vec<(u8, u64, i64, i64)> {
        let (mut out, mut s, mut a) = (Vec::new(), Tally::default(), Tally::default());
        book.apply(&m, 10, &mut out, &mut s, &mut a);
        out.iter().map(|r| (r.kind, r.order_id, r.price, r.size)).collect()
    }

    #[test]
    fn cancels_by_size_and_deletes_what_empties_the_order() {
        let mut b = MboBook::default();
        assert_eq!(run(&mut b, mbo(b'A', b'B', 1, 100, 5, F_LAST)), [(kind::ADD, 1, 100, 5)]);
        assert_eq!(run(&mut b, mbo(b'C', b'B', 1, 100, 2, F_LAST)), [(kind::CANCEL, 1, 100, 2)]);
        assert_eq!(run(&mut b, mbo(b'C', b'B', 1, 100, 3, F_LAST)), [(kind::DELETE, 1, 100, 3)]);
        assert_eq!(b.order_count(), 0);
    }

    #[test]
    fn trades_print_and_fills_leave_the_book_to_the_following_cancel() {
        let mut b = MboBook::default();
        run(&mut b, mbo(b'A', b'A', 1, 100, 5, F_LAST));
        let t = run(&mut b, mbo(b'T', b'B', 0, 100, 2, 0));
        assert_eq!(t, [(kind::TRADE, 0, 100, 2)]);
        assert!(run(&mut b, mbo(b'F', b'A', 1, 100, 2, 0)).is_empty());
        assert_eq!(run(&mut b, mbo(b'C', b'A', 1, 100, 2, F_LAST)), [(kind::CANCEL, 1, 100, 2)]);
    }

    #[test]
    fn modify_of_an_unknown_order_adds_it_and_a_snapshot_clears_first() {
        let mut b = MboBook::default();
        assert_eq!(run(&mut b, mbo(b'M', b'B', 9, 100, 4, F_LAST)), [(kind::ADD, 9, 100, 4)]);
        assert_eq!(run(&mut b, mbo(b'M', b'B', 9, 101, 3, F_LAST)), [(kind::MODIFY, 9, 101, 3)]);
        let snap = run(&mut b, mbo(b'A', b'A', 2, 105, 1, F_SNAPSHOT));
        assert_eq!(snap, [(kind::CLEAR, 0, 0, 0), (kind::ADD, 2, 105, 1)]);
        // Still inside the same snapshot: no second CLEAR.
        assert_eq!(run(&mut b, mbo(b'A', b'A', 3, 106, 1, F_SNAPSHOT | F_LAST)), [(kind::ADD, 3, 106, 1)]);
    }
}
