//! One side's price levels as a Vec sorted so that the BEST level is LAST: the ladder's form
//! for a side whose prices span too wide a range for arrays indexed by price (ladder.rs).
//! Almost all activity is at or near the touch, so inserting or removing a level moves only
//! the few elements between it and the end, and the best level is read without search.

use super::ladder::Level;
use crate::kernel::Side;

pub(super) struct SortedLadder {
    side: Side,
    /// Bids ascending, asks descending: best at the end.
    levels: Vec<Level>,
}

impl SortedLadder {
    pub fn new(side: Side, levels: Vec<Level>) -> Self {
        SortedLadder { side, levels }
    }

    pub fn len(&self) -> usize {
        self.levels.len()
    }

    /// Level `i` counted from the best (0 = best); `i < len()`.
    #[inline(always)]
    pub fn level(&self, i: usize) -> Level {
        self.levels[self.levels.len() - 1 - i]
    }

    /// The levels, best first.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = Level> + '_ {
        self.levels.iter().rev().copied()
    }

    /// Whether `a` sorts before `b` in the storage order (worse price first).
    #[inline(always)]
    fn storage_less(&self, a: i64, b: i64) -> bool {
        match self.side {
            Side::Bid => a < b,
            Side::Ask => a > b,
        }
    }

    /// Index in storage of `price`, or where it would be inserted. Scans from the best end for
    /// a few levels (the common case), then binary search.
    #[inline]
    fn find(&self, price: i64) -> Result<usize, usize> {
        let n = self.levels.len();
        let near = n.saturating_sub(8);
        let mut i = n;
        while i > near {
            let p = self.levels[i - 1].price;
            if p == price {
                return Ok(i - 1);
            }
            if self.storage_less(p, price) {
                return Err(i);
            }
            i -= 1;
        }
        let (mut lo, mut hi) = (0, near);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let p = self.levels[mid].price;
            if p == price {
                return Ok(mid);
            }
            if self.storage_less(p, price) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Err(lo)
    }

    /// Adds `size` and `count` at `price`, creating the level.
    #[inline]
    pub fn add(&mut self, price: i64, size: i64, count: i64) {
        match self.find(price) {
            Ok(i) => {
                let l = &mut self.levels[i];
                l.size += size;
                l.count += count;
            }
            Err(i) => self.levels.insert(i, Level { price, size, count }),
        }
    }

    /// Removes `size` and `count` at `price`; the level goes when its count reaches zero.
    /// The level exists: the order map holds an order there.
    #[inline]
    pub fn remove(&mut self, price: i64, size: i64, count: i64) {
        if let Ok(i) = self.find(price) {
            let l = &mut self.levels[i];
            l.size -= size;
            l.count -= count;
            if l.count <= 0 {
                self.levels.remove(i);
            }
        } else {
            debug_assert!(false, "level {price} missing while an order rests there");
        }
    }

    /// L2: the level at `price` becomes `size` (0 removes it). A feed of price levels carries
    /// no order counts, so a level it creates reports 0 orders (runtime/book/levelSide.ts).
    #[inline]
    pub fn set(&mut self, price: i64, size: i64) {
        match self.find(price) {
            Ok(i) if size == 0 => {
                self.levels.remove(i);
            }
            Ok(i) => self.levels[i].size = size,
            Err(_) if size == 0 => {}
            Err(i) => self.levels.insert(i, Level { price, size, count: 0 }),
        }
    }

    /// Sum of sizes over the best `n` levels.
    #[inline]
    pub fn depth(&self, n: usize) -> i64 {
        self.levels.iter().rev().take(n).map(|l| l.size).sum()
    }
}
