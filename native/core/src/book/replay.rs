//! What the packet driver needs from a book beyond reading it: applying a record, and the
//! side of the resting order it touched (an `EXECUTE` without an aggressor trades against it),
//! found by the same lookup that applies it. The driver
//! is generic over this trait, so each book kind gets its own monomorphised loop. Writers and
//! day-file boundaries also take a book's snapshot through it.

use super::fault::BookFault;
use crate::kernel::BookView;
use crate::log::Record;

pub trait ReplayBook: BookView {
    fn new() -> Self;
    /// Applies one record; on a fault the book is left as it was.
    fn apply(&mut self, r: &Record) -> Result<(), BookFault>;
    /// `apply`, returning the `log::side` of the resting order the record changed or removed
    /// (the order's own, whatever the record says), `side::NONE` when it touched none (always,
    /// in a book without orders).
    fn apply_touching(&mut self, r: &Record) -> Result<u8, BookFault>;
    /// A record a few ahead names `order_id`: the book may ask the cache for where that order
    /// rests. Changes nothing a reader can see.
    #[inline(always)]
    fn prefetch(&self, _order_id: u64) {}
    /// Whether `prefetch` pays: the book is larger than the caches.
    #[inline(always)]
    fn prefetches(&self) -> bool {
        false
    }
    /// Appends the book's canonical snapshot to `out` (docs/formats/q.md, "Snapshots"): one
    /// `ADD` per resting order (L3) or one `LEVEL` per level (L2), flags `SNAPSHOT`, every time
    /// field 0 (the caller stamps the times). Replayed into an empty book, it rebuilds this one.
    fn snapshot_into(&self, out: &mut Vec<Record>);
}
