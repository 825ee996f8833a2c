//! `TopLevels`: the best levels of each side remembered between packets, for the
//! `book_change(n)` trigger (docs/language.md section 8).
//! Twin: runtime/engine/topLevels.ts (same comparison).

use super::{BookView, Side};

/// The best `n` levels of each side as of the last packet, for `book_change(n)`
/// (docs/language.md section 8). Allocated once per run.
pub struct TopLevels {
    n: usize,
    prices: Box<[i64]>,
    sizes: Box<[i64]>,
    counts: [usize; 2],
}

impl TopLevels {
    pub fn new(n: usize) -> Self {
        TopLevels {
            n,
            prices: vec![0; 2 * n].into_boxed_slice(),
            sizes: vec![0; 2 * n].into_boxed_slice(),
            counts: [0, 0],
        }
    }

    /// Whether the number of levels (up to n), or a price or size among the best n levels,
    /// of either side differs from the previous call's book; then remembers this book.
    pub fn changed<B: BookView>(&mut self, book: &B) -> bool {
        let mut changed = false;
        for (s, side) in [Side::Bid, Side::Ask].into_iter().enumerate() {
            let levels = book.levels(side).min(self.n);
            if levels != self.counts[s] {
                changed = true;
                self.counts[s] = levels;
            }
            for i in 0..levels {
                let j = s * self.n + i;
                let (price, size) = (book.price_at(side, i), book.size_at(side, i));
                if price != self.prices[j] || size != self.sizes[j] {
                    changed = true;
                    self.prices[j] = price;
                    self.sizes[j] = size;
                }
            }
        }
        changed
    }
}
