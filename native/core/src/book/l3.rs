//! The order-by-order book (book kind L3): resting orders by id plus per-side price levels.
//! Kind semantics: docs/formats/q.md, "Kinds". Every fault is detected before anything
//! changes, so a faulting record leaves the book as it was.

use super::fault::BookFault;
use super::ladder::Ladder;
use super::order_map::{OrderMap, RestingOrder};
use super::replay::ReplayBook;
use super::snapshot::sort_canonical;
use super::Ladders;
use crate::kernel::Side;
use crate::log::{flag, kind, side, Record};

pub struct BookL3 {
    orders: OrderMap,
    bids: Ladder,
    asks: Ladder,
}

impl Default for BookL3 {
    fn default() -> Self {
        Self::new()
    }
}

impl BookL3 {
    pub fn new() -> Self {
        BookL3 { orders: OrderMap::default(), bids: Ladder::new(Side::Bid), asks: Ladder::new(Side::Ask) }
    }

    pub fn ladder(&self, s: Side) -> &Ladder {
        match s {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    #[inline(always)]
    fn ladder_of(&mut self, side_code: u8) -> &mut Ladder {
        if side_code == side::BID {
            &mut self.bids
        } else {
            &mut self.asks
        }
    }

    /// The resting order `id`, if any.
    pub fn order(&self, id: u64) -> Option<RestingOrder> {
        self.orders.get(id)
    }

    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// Applies one record. `TRADE` and `STATUS` leave the book unchanged.
    #[inline]
    pub fn apply(&mut self, r: &Record) -> Result<(), BookFault> {
        self.apply_touching(r).map(|_| ())
    }

    /// `apply`, returning the side of the resting order the record changed or removed (the
    /// order's, not the record's), `side::NONE` for records that touch none.
    #[inline]
    pub fn apply_touching(&mut self, r: &Record) -> Result<u8, BookFault> {
        match r.kind {
            kind::ADD => self.add(r).map(|()| side::NONE),
            kind::CANCEL | kind::EXECUTE => self.reduce(r.order_id, r.size),
            kind::DELETE => self.delete(r.order_id),
            kind::MODIFY => self.modify(r),
            kind::TRADE | kind::STATUS => Ok(side::NONE),
            kind::CLEAR => {
                self.orders.clear();
                self.bids.clear();
                self.asks.clear();
                Ok(side::NONE)
            }
            k => Err(BookFault::BadKind { kind: k, book_kind: crate::log::BOOK_L3 }),
        }
    }

    fn add(&mut self, r: &Record) -> Result<(), BookFault> {
        if r.side != side::BID && r.side != side::ASK {
            return Err(BookFault::BadSide { order_id: r.order_id, side: r.side });
        }
        if r.size <= 0 {
            return Err(BookFault::BadSize { order_id: r.order_id, size: r.size });
        }
        let order = RestingOrder { price: r.price, size: r.size, side: r.side };
        if !self.orders.insert(r.order_id, order) {
            return Err(BookFault::DuplicateOrder { order_id: r.order_id });
        }
        self.ladder_of(r.side).add(r.price, r.size, 1);
        Ok(())
    }

    /// A partial cancel or an execution: the order shrinks by `size`, and goes at zero.
    fn reduce(&mut self, id: u64, size: i64) -> Result<u8, BookFault> {
        let Some(slot) = self.orders.locate(id) else {
            return Err(BookFault::UnknownOrder { order_id: id });
        };
        let o = self.orders.at(slot);
        if size <= 0 {
            return Err(BookFault::BadSize { order_id: id, size });
        }
        if size > o.size {
            return Err(BookFault::Oversize { order_id: id, size, remaining: o.size });
        }
        let gone = o.size == size;
        if gone {
            self.orders.remove_at(slot);
        } else {
            self.orders.set(slot, o.price, o.size - size);
        }
        self.ladder_of(o.side).remove(o.price, size, gone as i64);
        Ok(o.side)
    }

    fn delete(&mut self, id: u64) -> Result<u8, BookFault> {
        let Some(o) = self.orders.remove(id) else {
            return Err(BookFault::UnknownOrder { order_id: id });
        };
        self.ladder_of(o.side).remove(o.price, o.size, 1);
        Ok(o.side)
    }

    fn modify(&mut self, r: &Record) -> Result<u8, BookFault> {
        let Some(slot) = self.orders.locate(r.order_id) else {
            return Err(BookFault::UnknownOrder { order_id: r.order_id });
        };
        if r.size <= 0 {
            return Err(BookFault::BadSize { order_id: r.order_id, size: r.size });
        }
        let old = self.orders.at(slot);
        self.orders.set(slot, r.price, r.size);
        let ladder = self.ladder_of(old.side);
        ladder.remove(old.price, old.size, 1);
        ladder.add(r.price, r.size, 1);
        Ok(old.side)
    }
}

impl ReplayBook for BookL3 {
    fn new() -> Self {
        BookL3::new()
    }

    #[inline(always)]
    fn apply(&mut self, r: &Record) -> Result<(), BookFault> {
        BookL3::apply(self, r)
    }

    #[inline(always)]
    fn apply_touching(&mut self, r: &Record) -> Result<u8, BookFault> {
        BookL3::apply_touching(self, r)
    }

    #[inline(always)]
    fn prefetch(&self, order_id: u64) {
        self.orders.prefetch(order_id);
    }

    #[inline(always)]
    fn prefetches(&self) -> bool {
        self.orders.is_large()
    }

    fn snapshot_into(&self, out: &mut Vec<Record>) {
        let start = out.len();
        out.reserve(self.orders.len());
        out.extend(self.orders.iter().map(|(id, o)| Record {
            order_id: id,
            price: o.price,
            size: o.size,
            kind: kind::ADD,
            side: o.side,
            flags: flag::SNAPSHOT,
            ..Record::default()
        }));
        sort_canonical(&mut out[start..]);
    }
}

impl Ladders for BookL3 {
    #[inline(always)]
    fn ladder(&self, s: Side) -> &Ladder {
        BookL3::ladder(self, s)
    }
}
