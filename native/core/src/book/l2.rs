//! The price-level book (book kind L2): each `LEVEL` record sets a level's aggregate size, 0
//! deletes it, `CLEAR` empties both sides (docs/formats/q.md, "Kinds"). Order-by-order kinds
//! are faults here, as `LEVEL` is in an L3 book. The semantics and the fault for each case
//! are those of the TypeScript twin, runtime/book/bookL2.ts; the parity tests hold them equal.

use super::fault::BookFault;
use super::ladder::Ladder;
use super::replay::ReplayBook;
use super::Ladders;
use crate::kernel::Side;
use crate::log::{flag, kind, side, Record, BOOK_L2};

pub struct BookL2 {
    bids: Ladder,
    asks: Ladder,
}

impl Default for BookL2 {
    fn default() -> Self {
        Self::new()
    }
}

impl BookL2 {
    pub fn new() -> Self {
        BookL2 { bids: Ladder::new(Side::Bid), asks: Ladder::new(Side::Ask) }
    }

    pub fn ladder(&self, s: Side) -> &Ladder {
        match s {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    /// Applies one record. `TRADE` and `STATUS` leave the book unchanged.
    #[inline]
    pub fn apply(&mut self, r: &Record) -> Result<(), BookFault> {
        match r.kind {
            kind::LEVEL => {
                let ladder = match r.side {
                    side::BID => &mut self.bids,
                    side::ASK => &mut self.asks,
                    s => return Err(BookFault::BadSide { order_id: r.order_id, side: s }),
                };
                if r.size < 0 {
                    return Err(BookFault::BadSize { order_id: r.order_id, size: r.size });
                }
                ladder.set(r.price, r.size);
                Ok(())
            }
            kind::TRADE | kind::STATUS => Ok(()),
            kind::CLEAR => {
                self.bids.clear();
                self.asks.clear();
                Ok(())
            }
            k => Err(BookFault::BadKind { kind: k, book_kind: BOOK_L2 }),
        }
    }
}

impl ReplayBook for BookL2 {
    fn new() -> Self {
        BookL2::new()
    }

    #[inline(always)]
    fn apply(&mut self, r: &Record) -> Result<(), BookFault> {
        BookL2::apply(self, r)
    }

    /// Levels, not orders: no record touches a resting order.
    #[inline(always)]
    fn apply_touching(&mut self, r: &Record) -> Result<u8, BookFault> {
        BookL2::apply(self, r).map(|()| side::NONE)
    }

    /// The ladders read from the best level down: already the canonical order.
    fn snapshot_into(&self, out: &mut Vec<Record>) {
        out.reserve(self.bids.len() + self.asks.len());
        for (ladder, code) in [(&self.bids, side::BID), (&self.asks, side::ASK)] {
            out.extend((0..ladder.len()).map(|i| {
                let l = ladder.level(i);
                Record {
                    price: l.price,
                    size: l.size,
                    kind: kind::LEVEL,
                    side: code,
                    flags: flag::SNAPSHOT,
                    ..Record::default()
                }
            }));
        }
    }
}

impl Ladders for BookL2 {
    #[inline(always)]
    fn ladder(&self, s: Side) -> &Ladder {
        BookL2::ladder(self, s)
    }
}
