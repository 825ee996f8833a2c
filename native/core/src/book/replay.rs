//! What the packet driver needs from a book beyond reading it: applying a record, and the
//! side of a resting order (an `EXECUTE` without an aggressor trades against it). The driver
//! is generic over this trait, so each book kind gets its own monomorphised loop. Writers and
//! day-file boundaries also take a book's snapshot through it.

use super::fault::BookFault;
use crate::kernel::BookView;
use crate::log::Record;

pub trait ReplayBook: BookView {
    fn new() -> Self;
    /// Applies one record; on a fault the book is left as it was.
    fn apply(&mut self, r: &Record) -> Result<(), BookFault>;
    /// `log::side` of the resting order `order_id`, `side::NONE` when there is none (always,
    /// in a book without orders).
    fn resting_side(&self, order_id: u64) -> u8;
    /// Appends the book's canonical snapshot to `out` (docs/formats/q.md, "Snapshots"): one
    /// `ADD` per resting order (L3) or one `LEVEL` per level (L2), flags `SNAPSHOT`, every time
    /// field 0 (the caller stamps the times). Replayed into an empty book, it rebuilds this one.
    fn snapshot_into(&self, out: &mut Vec<Record>);
}
