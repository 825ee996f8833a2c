//! BookL3: each kind's effect, and every fault leaving the book untouched. Cases are a table:
//! the records before, the record under test, and the expected fault or resulting levels.

mod common;

use common::*;
use featc_core::book::{BookL3, OrderMap, RestingOrder};
use featc_core::error::code;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{kind, side, Record};

const B: u8 = side::BID;
const A: u8 = side::ASK;

/// (price, size, count) from the best level down.
fn levels(book: &BookL3, s: Side) -> Vec<(i64, i64, i64)> {
    (0..book.levels(s)).map(|i| (book.price_at(s, i), book.size_at(s, i), book.count_at(s, i))).collect()
}

fn base() -> Vec<Record> {
    vec![add(1, 1, B, 100, 10), add(1, 2, B, 100, 5), add(1, 3, B, 99, 7), add(1, 4, A, 101, 3), add(1, 5, A, 103, 4)]
}

struct Case {
    name: &'static str,
    record: Record,
    fault: Option<&'static str>,
    bids: Vec<(i64, i64, i64)>,
    asks: Vec<(i64, i64, i64)>,
}

#[test]
fn kinds_and_faults() {
    let base_bids = vec![(100, 15, 2), (99, 7, 1)];
    let base_asks = vec![(101, 3, 1), (103, 4, 1)];
    let unchanged = |name, record, fault| Case {
        name,
        record,
        fault: Some(fault),
        bids: base_bids.clone(),
        asks: base_asks.clone(),
    };
    let cases = vec![
        Case {
            name: "add joins the best bid",
            record: add(2, 9, B, 100, 1),
            fault: None,
            bids: vec![(100, 16, 3), (99, 7, 1)],
            asks: base_asks.clone(),
        },
        Case {
            name: "add inside spread ask",
            record: add(2, 9, A, 102, 2),
            fault: None,
            bids: base_bids.clone(),
            asks: vec![(101, 3, 1), (102, 2, 1), (103, 4, 1)],
        },
        Case {
            name: "partial cancel",
            record: rec(2, kind::CANCEL, 1, 0, 0, 4),
            fault: None,
            bids: vec![(100, 11, 2), (99, 7, 1)],
            asks: base_asks.clone(),
        },
        Case {
            name: "cancel to zero removes the order",
            record: rec(2, kind::CANCEL, 3, 0, 0, 7),
            fault: None,
            bids: vec![(100, 15, 2)],
            asks: base_asks.clone(),
        },
        Case {
            name: "delete",
            record: rec(2, kind::DELETE, 2, 0, 0, 0),
            fault: None,
            bids: vec![(100, 10, 1), (99, 7, 1)],
            asks: base_asks.clone(),
        },
        Case {
            name: "execute whole best ask",
            record: rec(2, kind::EXECUTE, 4, 0, 101, 3),
            fault: None,
            bids: base_bids.clone(),
            asks: vec![(103, 4, 1)],
        },
        Case {
            name: "modify moves price and size",
            record: rec(2, kind::MODIFY, 5, 0, 102, 9),
            fault: None,
            bids: base_bids.clone(),
            asks: vec![(101, 3, 1), (102, 9, 1)],
        },
        Case {
            name: "modify same price",
            record: rec(2, kind::MODIFY, 1, 0, 100, 1),
            fault: None,
            bids: vec![(100, 6, 2), (99, 7, 1)],
            asks: base_asks.clone(),
        },
        Case {
            name: "trade is a no-op",
            record: rec(2, kind::TRADE, 0, 0, 100, 50),
            fault: None,
            bids: base_bids.clone(),
            asks: base_asks.clone(),
        },
        Case {
            name: "status is a no-op",
            record: rec(2, kind::STATUS, 0, 0, 0, 0),
            fault: None,
            bids: base_bids.clone(),
            asks: base_asks.clone(),
        },
        Case { name: "clear", record: rec(2, kind::CLEAR, 0, 0, 0, 0), fault: None, bids: vec![], asks: vec![] },
        unchanged("duplicate add", add(2, 3, A, 200, 1), code::BOOK_DUPLICATE_ORDER),
        unchanged("add size zero", add(2, 9, B, 98, 0), code::BOOK_BAD_SIZE),
        unchanged("add negative size", add(2, 9, B, 98, -5), code::BOOK_BAD_SIZE),
        unchanged("add without side", add(2, 9, 0, 98, 5), code::BOOK_BAD_SIDE),
        unchanged("cancel unknown", rec(2, kind::CANCEL, 77, 0, 0, 1), code::BOOK_UNKNOWN_ORDER),
        unchanged("cancel oversize", rec(2, kind::CANCEL, 4, 0, 0, 4), code::BOOK_OVERSIZE),
        unchanged("cancel zero", rec(2, kind::CANCEL, 4, 0, 0, 0), code::BOOK_BAD_SIZE),
        unchanged("delete unknown", rec(2, kind::DELETE, 77, 0, 0, 0), code::BOOK_UNKNOWN_ORDER),
        unchanged("execute unknown", rec(2, kind::EXECUTE, 77, 0, 0, 1), code::BOOK_UNKNOWN_ORDER),
        unchanged("execute oversize", rec(2, kind::EXECUTE, 5, 0, 103, 5), code::BOOK_OVERSIZE),
        unchanged("modify unknown", rec(2, kind::MODIFY, 77, 0, 1, 1), code::BOOK_UNKNOWN_ORDER),
        unchanged("modify size zero", rec(2, kind::MODIFY, 1, 0, 1, 0), code::BOOK_BAD_SIZE),
        unchanged("level in an L3 book", rec(2, kind::LEVEL, 0, B, 100, 1), code::BOOK_BAD_KIND),
    ];
    for c in cases {
        let mut book = BookL3::new();
        for r in base() {
            book.apply(&r).unwrap();
        }
        let got = book.apply(&c.record);
        match c.fault {
            None => assert!(got.is_ok(), "{}: {got:?}", c.name),
            Some(want) => assert_eq!(got.map_err(|f| f.code()), Err(want), "{}", c.name),
        }
        assert_eq!(levels(&book, Side::Bid), c.bids, "{}: bids", c.name);
        assert_eq!(levels(&book, Side::Ask), c.asks, "{}: asks", c.name);
    }
}

#[test]
fn fault_messages_name_the_order() {
    let mut book = BookL3::new();
    let f = book.apply(&rec(1, kind::CANCEL, 15818974, 0, 0, 1)).unwrap_err();
    assert_eq!(f.describe("cancel"), "cancel of unknown order 15818974");
}

#[test]
fn depth_sums_the_best_levels() {
    let mut book = BookL3::new();
    for r in base() {
        book.apply(&r).unwrap();
    }
    assert_eq!((book.depth(Side::Bid, 1), book.depth(Side::Bid, 2), book.depth(Side::Bid, 10)), (15, 22, 22));
    assert_eq!(book.depth(Side::Ask, 0), 0);
}

/// The order map against std's HashMap over a long random mix of inserts and removes
/// (backward-shift deletion is where open addressing goes wrong).
#[test]
fn order_map_matches_a_hash_map() {
    let mut map = OrderMap::with_capacity(4);
    let mut reference = std::collections::HashMap::new();
    let mut x: u64 = 0x1234_5678;
    for step in 0..200_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let id = x % 5_000;
        if x % 3 == 0 {
            assert_eq!(map.remove(id).map(|o| o.size), reference.remove(&id), "step {step}");
        } else {
            let o = RestingOrder { price: id as i64, size: step as i64, side: 1 };
            let fresh = !reference.contains_key(&id);
            assert_eq!(map.insert(id, o), fresh, "step {step}");
            if fresh {
                reference.insert(id, o.size);
            }
        }
        assert_eq!(map.len(), reference.len());
    }
    for (id, size) in &reference {
        assert_eq!(map.get(*id).map(|o| o.size), Some(*size));
    }
}

/// Many levels, touched at random depths: the ladder stays sorted best-last.
#[test]
fn ladder_stays_sorted_under_many_levels() {
    let mut book = BookL3::new();
    let mut x: u64 = 99;
    let mut live = Vec::new();
    for id in 1..20_000u64 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let s = if x >> 63 == 0 { B } else { A };
        let off = ((x >> 20) % 300) as i64;
        let price = if s == B { 10_000 - off } else { 10_001 + off };
        if (x >> 40) % 4 == 0 && !live.is_empty() {
            let k = ((x >> 8) as usize) % live.len();
            let victim: u64 = live.swap_remove(k);
            book.apply(&rec(1, kind::DELETE, victim, 0, 0, 0)).unwrap();
        } else {
            book.apply(&add(1, id, s, price, 1 + (x % 50) as i64)).unwrap();
            live.push(id);
        }
        if id % 997 == 0 {
            for (side, better) in [(Side::Bid, 1i64), (Side::Ask, -1i64)] {
                let l = levels(&book, side);
                assert!(l.windows(2).all(|w| (w[0].0 - w[1].0) * better > 0), "{side:?} unsorted");
                assert!(l.iter().all(|&(_, size, count)| size > 0 && count > 0));
            }
        }
    }
    assert_eq!(book.order_count(), live.len());
}
