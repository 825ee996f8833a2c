//! What the packet driver needs from a book beyond reading it: applying a record, and the
//! side of a resting order (an `EXECUTE` without an aggressor trades against it). The driver
//! is generic over this trait, so each book kind gets its own monomorphised loop.

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
}
