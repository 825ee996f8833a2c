//! BookL2: the same cases as the TypeScript twin's test (test/runtime/book.test.ts, "BookL2"):
//! LEVEL sets, replaces and deletes a level with order count 0, CLEAR empties, and every fault
//! (order kinds, a negative size, no side) leaves the book as it was.

use featc_core::book::BookL2;
use featc_core::error::code;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{kind, side, Record};

fn rec(k: u8, s: u8, price: i64, size: i64) -> Record {
    Record { kind: k, side: s, price, size, order_id: if k == kind::ADD { 1 } else { 0 }, ..Record::default() }
}

fn level(s: u8, price: i64, size: i64) -> Record {
    rec(kind::LEVEL, s, price, size)
}

/// (price, size, count) from the best level down, bids then asks.
fn snapshot(book: &BookL2) -> [Vec<(i64, i64, i64)>; 2] {
    let side =
        |s: Side| (0..book.levels(s)).map(|i| (book.price_at(s, i), book.size_at(s, i), book.count_at(s, i))).collect();
    [side(Side::Bid), side(Side::Ask)]
}

#[test]
fn sets_replaces_and_deletes_levels_and_order_kinds_are_faults() {
    let mut book = BookL2::new();
    for r in [level(side::BID, 100, 5), level(side::BID, 101, 6), level(side::ASK, 103, 2), level(side::BID, 100, 9)] {
        assert_eq!(book.apply(&r), Ok(()));
    }
    assert_eq!(snapshot(&book), [vec![(101, 6, 0), (100, 9, 0)], vec![(103, 2, 0)]]);
    assert_eq!(book.apply(&level(side::BID, 101, 0)), Ok(()));
    assert_eq!(book.apply(&level(side::ASK, 150, 0)), Ok(()), "deleting an absent level is no fault");
    assert_eq!(snapshot(&book), [vec![(100, 9, 0)], vec![(103, 2, 0)]]);
    let before = snapshot(&book);
    let faults = [
        (rec(kind::ADD, side::BID, 100, 1), code::BOOK_BAD_KIND),
        (rec(kind::EXECUTE, side::BID, 100, 1), code::BOOK_BAD_KIND),
        (level(side::BID, 100, -1), code::BOOK_BAD_SIZE),
        (level(side::NONE, 100, 1), code::BOOK_BAD_SIDE),
    ];
    for (r, expected) in faults {
        assert_eq!(book.apply(&r).map_err(|f| f.code()), Err(expected));
        assert_eq!(snapshot(&book), before);
    }
    assert_eq!(book.apply(&rec(kind::TRADE, side::NONE, 100, 1)), Ok(()));
    assert_eq!(book.apply(&rec(kind::CLEAR, side::NONE, 0, 0)), Ok(()));
    assert_eq!(snapshot(&book), [vec![], vec![]]);
}

#[test]
fn the_bad_kind_message_names_the_l2_book() {
    let mut book = BookL2::new();
    let fault = book.apply(&rec(kind::ADD, side::BID, 1, 1)).unwrap_err();
    assert_eq!(fault.describe("add"), "ADD record in an L2 (price level) book");
}
