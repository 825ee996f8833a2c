//! Order books the driver replays a log into. They implement `kernel::BookView`.

mod fault;
mod l2;
mod l3;
mod ladder;
mod order_map;
mod replay;
mod snapshot;
mod sorted_ladder;

pub use fault::{BookFault, BOOK_FAULT_CODES};
pub use l2::BookL2;
pub use l3::BookL3;
pub use ladder::{Ladder, Level};
pub use order_map::{OrderMap, RestingOrder};
pub use replay::ReplayBook;
pub use snapshot::{canonical_order, sort_canonical};

use crate::kernel::{BookView, Side};

/// A book read through its two price ladders. Both books are, so `BookView` is written once
/// here rather than in each.
pub trait Ladders {
    fn ladder(&self, s: Side) -> &Ladder;
}

impl<B: Ladders> BookView for B {
    #[inline(always)]
    fn levels(&self, s: Side) -> usize {
        self.ladder(s).len()
    }

    #[inline(always)]
    fn price_at(&self, s: Side, i: usize) -> i64 {
        self.ladder(s).price_at(i)
    }

    #[inline(always)]
    fn size_at(&self, s: Side, i: usize) -> i64 {
        self.ladder(s).size_at(i)
    }

    #[inline(always)]
    fn count_at(&self, s: Side, i: usize) -> i64 {
        self.ladder(s).count_at(i)
    }

    #[inline(always)]
    fn depth(&self, s: Side, n: usize) -> i64 {
        self.ladder(s).depth(n)
    }
}
