//! A book's canonical snapshot (docs/formats/q.md, "Snapshots"): the records that rebuild it
//! from empty, in one order for equal books, so two snapshots compare record by record.

use std::cmp::Ordering;

use crate::log::{side, Record};

/// The canonical order: bids before asks; within a side the best price first (bids by
/// descending price, asks ascending); within a price by order id ascending.
pub fn canonical_order(a: &Record, b: &Record) -> Ordering {
    let by_price = if a.side == side::BID { b.price.cmp(&a.price) } else { a.price.cmp(&b.price) };
    a.side.cmp(&b.side).then(by_price).then(a.order_id.cmp(&b.order_id))
}

/// Sorts snapshot records into the canonical order (in place; side, price and id are unique
/// per record of one book, so the unstable sort is deterministic).
pub fn sort_canonical(records: &mut [Record]) {
    records.sort_unstable_by(canonical_order);
}

#[cfg(test)]
mod tests {
    use crate::book::{BookL2, BookL3, ReplayBook};
    use crate::log::{flag, kind, side, Record};

    fn rec(k: u8, id: u64, s: u8, price: i64, size: i64) -> Record {
        Record { kind: k, order_id: id, side: s, price, size, flags: flag::LAST, ..Record::default() }
    }

    fn snapshot(book: &impl ReplayBook) -> Vec<Record> {
        let mut out = Vec::new();
        book.snapshot_into(&mut out);
        out
    }

    fn rebuilt<B: ReplayBook>(records: &[Record]) -> B {
        let mut b = B::new();
        for r in records {
            b.apply(r).expect("a snapshot applies to an empty book");
        }
        b
    }

    #[test]
    fn l3_snapshot_is_canonical_and_rebuilds_the_book() {
        let mut a = BookL3::new();
        for r in [
            rec(kind::ADD, 9, side::BID, 100, 5),
            rec(kind::ADD, 3, side::ASK, 105, 1),
            rec(kind::ADD, 4, side::BID, 101, 2),
            rec(kind::ADD, 2, side::BID, 100, 7),
            rec(kind::ADD, 8, side::ASK, 104, 3),
            rec(kind::ADD, 1, side::ASK, 104, 6),
            rec(kind::CANCEL, 2, 0, 0, 3),
            rec(kind::MODIFY, 3, 0, 106, 9),
            rec(kind::ADD, 7, side::BID, 99, 1),
            rec(kind::DELETE, 7, 0, 0, 0),
        ] {
            a.apply(&r).unwrap();
        }
        let snap = snapshot(&a);
        let view: Vec<(u8, u64, i64, i64)> = snap.iter().map(|r| (r.side, r.order_id, r.price, r.size)).collect();
        assert_eq!(
            view,
            [
                (side::BID, 4, 101, 2),
                (side::BID, 2, 100, 4),
                (side::BID, 9, 100, 5),
                (side::ASK, 1, 104, 6),
                (side::ASK, 8, 104, 3),
                (side::ASK, 3, 106, 9),
            ]
        );
        assert!(snap.iter().all(|r| r.kind == kind::ADD && r.flags == flag::SNAPSHOT && r.exchange_ts == 0));
        assert_eq!(snapshot(&rebuilt::<BookL3>(&snap)), snap);

        // The same resting orders reached another way (other arrival order, a CLEAR, a
        // grown table): the same snapshot.
        let mut b = BookL3::new();
        for id in 1000..6000 {
            b.apply(&rec(kind::ADD, id, side::BID, 1, 1)).unwrap();
        }
        b.apply(&rec(kind::CLEAR, 0, 0, 0, 0)).unwrap();
        for r in snap.iter().rev() {
            b.apply(&Record { size: r.size + 10, ..*r }).unwrap();
            b.apply(&rec(kind::CANCEL, r.order_id, 0, 0, 10)).unwrap();
        }
        assert_eq!(snapshot(&b), snap);
    }

    #[test]
    fn l2_snapshot_lists_levels_best_first() {
        let mut a = BookL2::new();
        for (s, p, q) in
            [(side::ASK, 12, 1), (side::BID, 9, 2), (side::ASK, 11, 3), (side::BID, 10, 4), (side::BID, 8, 0)]
        {
            a.apply(&rec(kind::LEVEL, 0, s, p, q)).unwrap();
        }
        let snap = snapshot(&a);
        let view: Vec<(u8, i64, i64)> = snap.iter().map(|r| (r.side, r.price, r.size)).collect();
        assert_eq!(view, [(side::BID, 10, 4), (side::BID, 9, 2), (side::ASK, 11, 3), (side::ASK, 12, 1)]);
        assert!(snap.iter().all(|r| r.kind == kind::LEVEL && r.flags == flag::SNAPSHOT));
        let mut b = BookL2::new();
        for (s, p, q) in
            [(side::BID, 9, 7), (side::ASK, 12, 1), (side::BID, 10, 4), (side::ASK, 11, 3), (side::BID, 9, 2)]
        {
            b.apply(&rec(kind::LEVEL, 0, s, p, q)).unwrap();
        }
        assert_eq!(snapshot(&b), snap);
        assert_eq!(snapshot(&rebuilt::<BookL2>(&snap)), snap);
    }
}
