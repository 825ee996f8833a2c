//! One side's price levels, read from the best (level 0) down.
//!
//! Prices lie on a grid whose step is the tick, learned as prices come (the greatest common
//! divisor of their distances from the first one), and a side keeps its levels in an array
//! indexed by grid position, with a bitmap of the non-empty ones and the best tracked as levels
//! come and go. So an order joining or leaving a level is an index into the array, a level
//! appearing or going is a bit, and the best after the best level goes is the nearest set bit;
//! reading level i walks i set bits from the best, with a cursor so that a pass over levels 0,
//! 1, 2, ... is linear. The array covers the levels the side holds with room either side, and
//! is laid out again (wider, or on a finer grid) when a price falls outside it.
//!
//! A side whose levels would span more than `MAX_SLOTS` grid positions (a stray order far
//! from the touch on a fine grid) keeps them in a sorted Vec instead (sorted_ladder.rs) until
//! it is cleared: the same levels and the same answers, in another layout.

use std::cell::Cell;

use super::sorted_ladder::SortedLadder;
use crate::kernel::Side;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level {
    pub price: i64,
    pub size: i64,
    pub count: i64,
}

pub struct Ladder {
    side: Side,
    /// +1 bids, -1 asks.
    dir: i64,
    /// Levels held, and the best of them (`NO_LEVEL` when none): what features read most,
    /// kept up to date by every change so that reading them is a load.
    len: usize,
    top: Level,
    /// The first price the side held; `slots` is empty before it.
    origin: i64,
    /// The grid's step; 0 while every price the side held was `origin`.
    tick: i64,
    /// Position g holds price `origin + g * tick_dir`: the tick for bids, minus the tick for
    /// asks, so that a better price is a higher position on both sides.
    tick_dir: i64,
    /// The tick is `odd << shift`, and `inv` is the inverse of `odd` modulo 2^64: a multiple of
    /// the tick is divided exactly by a shift and a multiply.
    shift: u32,
    inv: u64,
    /// Grid position of `slots[0]`.
    lo: i64,
    slots: Vec<Slot>,
    /// Bit s set: `slots[s]` is a level.
    bits: Vec<u64>,
    /// The slot of the best level, when `len > 0`.
    best: usize,
    /// (i, slot of level i) of the last level read, so reading level i + 1 next starts there.
    /// Every change sets it back to the best.
    cursor: Cell<(usize, usize)>,
    /// `Some`: the side's levels span too wide a range for the array and live here instead
    /// (`len` and `top` still hold); the array is unused until the side is cleared.
    sorted: Option<Box<SortedLadder>>,
}

/// The most grid positions a side's array may span (16 MiB of levels).
const MAX_SLOTS: usize = 1 << 20;
/// The array's size when a side first holds a level.
const MIN_SLOTS: usize = 256;
const NO_LEVEL: Level = Level { price: 0, size: 0, count: 0 };

#[derive(Clone, Copy, Default)]
struct Slot {
    size: i64,
    count: i64,
}

/// The inverse of an odd `m` modulo 2^64 (Newton's iteration doubles the correct bits).
fn inverse(m: u64) -> u64 {
    let mut x = m;
    for _ in 0..5 {
        x = x.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(x)));
    }
    x
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ladder {
    pub fn new(side: Side) -> Self {
        Ladder {
            side,
            dir: if side == Side::Bid { 1 } else { -1 },
            len: 0,
            top: NO_LEVEL,
            origin: 0,
            tick: 0,
            tick_dir: 0,
            shift: 0,
            inv: 1,
            lo: 0,
            slots: Vec::new(),
            bits: Vec::new(),
            best: 0,
            cursor: Cell::new((0, 0)),
            sorted: None,
        }
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the side keeps its levels in its array indexed by price (false: a sorted Vec).
    pub fn is_dense(&self) -> bool {
        self.sorted.is_none()
    }

    /// Level `i` counted from the best (0 = best); `i < len()`.
    #[inline(always)]
    pub fn level(&self, i: usize) -> Level {
        if i == 0 {
            return self.top;
        }
        match &self.sorted {
            None => self.level_at(self.rank(i)),
            Some(s) => s.level(i),
        }
    }

    #[inline(always)]
    pub fn price_at(&self, i: usize) -> i64 {
        self.level(i).price
    }

    #[inline(always)]
    pub fn size_at(&self, i: usize) -> i64 {
        self.level(i).size
    }

    #[inline(always)]
    pub fn count_at(&self, i: usize) -> i64 {
        self.level(i).count
    }

    pub fn best(&self) -> Option<Level> {
        (self.len > 0).then_some(self.top)
    }

    /// The levels, best first.
    pub fn iter(&self) -> impl Iterator<Item = Level> + '_ {
        (0..self.len).map(|i| self.level(i))
    }

    /// Sum of sizes over the best `n` levels.
    #[inline]
    pub fn depth(&self, n: usize) -> i64 {
        let n = n.min(self.len);
        if n <= 1 {
            return if n == 1 { self.top.size } else { 0 };
        }
        if let Some(s) = &self.sorted {
            return s.depth(n);
        }
        // The set bits from the best down, a word at a time.
        let (mut w, mut left, mut sum) = (self.best >> 6, n, 0);
        let mut word = self.bits[w] & (u64::MAX >> (63 - (self.best & 63)));
        loop {
            while word != 0 {
                let b = 63 - word.leading_zeros() as usize;
                sum += self.slots[w * 64 + b].size;
                left -= 1;
                if left == 0 {
                    return sum;
                }
                word ^= 1 << b;
            }
            w -= 1;
            word = self.bits[w];
        }
    }

    /// Adds `size` and `count` at `price`, creating the level.
    #[inline(always)]
    pub fn add(&mut self, price: i64, size: i64, count: i64) {
        if self.sorted.is_none() {
            if let Some(s) = self.slot_of(price).or_else(|| self.make_room(price)) {
                if self.occupied(s) {
                    let l = &mut self.slots[s];
                    l.size += size;
                    l.count += count;
                    if s == self.best {
                        self.top.size += size;
                        self.top.count += count;
                    }
                } else {
                    self.open(s, price, size, count);
                }
                self.cursor.set((0, self.best));
                return;
            }
        }
        self.go_sorted().add(price, size, count);
        self.sorted_changed();
    }

    /// Removes `size` and `count` at `price`; the level goes when its count reaches zero.
    /// The level exists: the order map holds an order there.
    #[inline(always)]
    pub fn remove(&mut self, price: i64, size: i64, count: i64) {
        if let Some(sorted) = &mut self.sorted {
            sorted.remove(price, size, count);
            self.sorted_changed();
            return;
        }
        match self.slot_of(price).filter(|&s| self.occupied(s)) {
            Some(s) => {
                let l = &mut self.slots[s];
                l.size -= size;
                l.count -= count;
                if l.count <= 0 {
                    self.close(s);
                } else if s == self.best {
                    self.top.size -= size;
                    self.top.count -= count;
                }
                self.cursor.set((0, self.best));
            }
            None => debug_assert!(false, "level {price} missing while an order rests there"),
        }
    }

    /// L2: the level at `price` becomes `size` (0 removes it). A feed of price levels carries
    /// no order counts, so a level it creates reports 0 orders (runtime/book/levelSide.ts).
    #[inline]
    pub fn set(&mut self, price: i64, size: i64) {
        if self.sorted.is_none() {
            let found = self.slot_of(price);
            match found {
                Some(s) if self.occupied(s) => {
                    if size == 0 {
                        self.close(s);
                    } else {
                        self.slots[s].size = size;
                        if s == self.best {
                            self.top.size = size;
                        }
                    }
                }
                _ if size == 0 => {}
                _ => match found.or_else(|| self.make_room(price)) {
                    Some(s) => self.open(s, price, size, 0),
                    None => {
                        self.go_sorted().set(price, size);
                        self.sorted_changed();
                        return;
                    }
                },
            }
            self.cursor.set((0, self.best));
            return;
        }
        if let Some(sorted) = &mut self.sorted {
            sorted.set(price, size);
        }
        self.sorted_changed();
    }

    /// Empties the side; a side that had gone sorted goes back to its array.
    pub fn clear(&mut self) {
        self.sorted = None;
        self.bits.iter_mut().for_each(|w| *w = 0);
        self.len = 0;
        self.top = NO_LEVEL;
        self.best = 0;
        self.cursor.set((0, 0));
    }

    #[inline(always)]
    fn price_of(&self, s: usize) -> i64 {
        self.origin.wrapping_add(self.lo.wrapping_add(s as i64).wrapping_mul(self.tick_dir))
    }

    #[inline(always)]
    fn occupied(&self, s: usize) -> bool {
        self.bits[s >> 6] & (1 << (s & 63)) != 0
    }

    /// The slot of `price` when the array has one: an exact division when the price is on the
    /// grid, checked by the slot's own price (so arithmetic that wrapped never matches).
    #[inline(always)]
    fn slot_of(&self, price: i64) -> Option<usize> {
        let d = price.wrapping_sub(self.origin).wrapping_mul(self.dir);
        let g = ((d >> self.shift) as u64).wrapping_mul(self.inv) as i64;
        let s = g.wrapping_sub(self.lo) as u64;
        (s < self.slots.len() as u64 && self.price_of(s as usize) == price).then_some(s as usize)
    }

    /// The highest set bit at or below slot `s`; there is one (a level worse than one held).
    #[inline]
    fn at_or_below(&self, s: usize) -> usize {
        let mut w = s >> 6;
        let mut word = self.bits[w] & (u64::MAX >> (63 - (s & 63)));
        while word == 0 {
            w -= 1;
            word = self.bits[w];
        }
        w * 64 + 63 - word.leading_zeros() as usize
    }

    /// The slot of level `i` (1 or more); `i < len`.
    #[inline]
    fn rank(&self, i: usize) -> usize {
        let (mut r, mut s) = self.cursor.get();
        if r > i {
            (r, s) = (0, self.best);
        }
        while r < i {
            s = self.at_or_below(s - 1);
            r += 1;
        }
        self.cursor.set((r, s));
        s
    }

    #[inline(always)]
    fn level_at(&self, s: usize) -> Level {
        let l = self.slots[s];
        Level { price: self.price_of(s), size: l.size, count: l.count }
    }

    /// A new level at slot `s`, whose price is `price`.
    #[inline(always)]
    fn open(&mut self, s: usize, price: i64, size: i64, count: i64) {
        self.slots[s] = Slot { size, count };
        self.bits[s >> 6] |= 1 << (s & 63);
        if self.len == 0 || s > self.best {
            self.best = s;
            self.top = Level { price, size, count };
        }
        self.len += 1;
    }

    /// The level at slot `s` goes.
    #[inline(always)]
    fn close(&mut self, s: usize) {
        self.bits[s >> 6] &= !(1 << (s & 63));
        self.len -= 1;
        if s == self.best {
            if self.len > 0 {
                self.best = self.at_or_below(s - 1);
                self.top = self.level_at(self.best);
            } else {
                self.top = NO_LEVEL;
            }
        }
    }

    /// The levels held, best first, as (grid position, slot).
    fn held(&self) -> Vec<(i64, Slot)> {
        let mut out = Vec::with_capacity(self.len);
        let mut s = self.best;
        for k in 0..self.len {
            if k > 0 {
                s = self.at_or_below(s - 1);
            }
            out.push((self.lo + s as i64, self.slots[s]));
        }
        out
    }

    /// Lays the array out again so that `price` has a slot: on a finer grid when the price is
    /// off the present one, wider when it lies outside. The slot, or `None` when the levels
    /// would then span more than `MAX_SLOTS` positions (nothing changed).
    #[cold]
    #[inline(never)]
    fn make_room(&mut self, price: i64) -> Option<usize> {
        let origin = if self.slots.is_empty() { price } else { self.origin };
        let d = (price as i128 - origin as i128) * self.dir as i128;
        let tick = gcd(self.tick as u128, d.unsigned_abs());
        if tick > i64::MAX as u128 {
            return None;
        }
        let tick = tick as i64;
        // Every position scales by old tick / new tick (a tick of 0 held only position 0).
        let scale = if self.tick == 0 { 0 } else { (self.tick / tick.max(1)) as i128 };
        let held: Vec<(i128, Slot)> = self.held().into_iter().map(|(g, l)| (g as i128 * scale, l)).collect();
        let g_new = if tick == 0 { 0 } else { d / tick as i128 };
        let (lo, hi) = held.iter().fold((g_new, g_new), |(lo, hi), &(g, _)| (lo.min(g), hi.max(g)));
        let span = hi - lo + 1;
        if span > MAX_SLOTS as i128 || lo < i64::MIN as i128 / 2 || hi > i64::MAX as i128 / 2 {
            return None;
        }
        // Room either side as wide as the span, so a price drifting away is laid out again
        // only after it has moved as far again.
        let cap = (span as usize * 3).clamp(MIN_SLOTS, MAX_SLOTS).max(span as usize);
        let lo = lo - ((cap - span as usize) / 2) as i128;
        self.origin = origin;
        self.tick = tick;
        self.tick_dir = tick * self.dir;
        self.shift = if tick == 0 { 0 } else { tick.trailing_zeros() };
        self.inv = if tick == 0 { 1 } else { inverse((tick >> self.shift) as u64) };
        self.lo = lo as i64;
        self.slots = vec![Slot::default(); cap];
        self.bits = vec![0; cap.div_ceil(64)];
        self.len = 0;
        for (g, l) in held {
            let s = (g - lo) as usize;
            let p = self.price_of(s);
            self.open(s, p, l.size, l.count);
        }
        self.cursor.set((0, self.best));
        let s = (g_new - lo) as usize;
        debug_assert_eq!(self.price_of(s), price);
        Some(s)
    }

    /// The side cannot keep its levels in its array: they move to a sorted Vec.
    #[cold]
    #[inline(never)]
    fn go_sorted(&mut self) -> &mut SortedLadder {
        if self.sorted.is_none() {
            let mut levels: Vec<Level> = self.iter().collect();
            levels.reverse();
            self.sorted = Some(Box::new(SortedLadder::new(self.side, levels)));
        }
        self.sorted.as_mut().expect("just made")
    }

    /// After a change of the sorted form: the count and the best level from it.
    fn sorted_changed(&mut self) {
        if let Some(s) = &self.sorted {
            self.len = s.len();
            self.top = if self.len > 0 { s.level(0) } else { NO_LEVEL };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(l: &Ladder) -> Vec<(i64, i64, i64)> {
        l.iter().map(|v| (v.price, v.size, v.count)).collect()
    }

    #[test]
    fn inverse_divides_exactly() {
        for m in [1u64, 3, 5, 25, 0xdead_beef, u64::MAX] {
            assert_eq!(m.wrapping_mul(inverse(m)), 1, "{m}");
        }
    }

    #[test]
    fn learns_the_grid_and_reads_from_the_best() {
        let mut bids = Ladder::new(Side::Bid);
        bids.add(5_794_000, 100, 1);
        bids.add(5_793_900, 50, 1);
        bids.add(5_794_000, 10, 1);
        bids.add(5_790_000, 7, 1);
        assert_eq!(levels(&bids), vec![(5_794_000, 110, 2), (5_793_900, 50, 1), (5_790_000, 7, 1)]);
        // A price off the grid of 100 makes it finer.
        bids.add(5_793_950, 1, 1);
        assert_eq!(bids.price_at(1), 5_793_950);
        assert_eq!((bids.depth(2), bids.depth(10)), (111, 168));
        bids.remove(5_794_000, 110, 2);
        assert_eq!(bids.best().map(|l| l.price), Some(5_793_950));
        assert!(bids.is_dense());

        let mut asks = Ladder::new(Side::Ask);
        for (p, s) in [(101, 1), (103, 3), (102, 2), (-5, 9)] {
            asks.add(p, s, 1);
        }
        assert_eq!(levels(&asks), vec![(-5, 9, 1), (101, 1, 1), (102, 2, 1), (103, 3, 1)]);
        asks.set(-5, 0);
        asks.set(104, 4);
        assert_eq!(levels(&asks), vec![(101, 1, 1), (102, 2, 1), (103, 3, 1), (104, 4, 0)]);
    }

    #[test]
    fn a_side_too_wide_for_an_array_goes_sorted_and_back() {
        let mut asks = Ladder::new(Side::Ask);
        asks.add(100, 1, 1);
        asks.add(101, 1, 1);
        asks.add(100 + MAX_SLOTS as i64 * 4, 5, 1);
        assert!(!asks.is_dense());
        asks.add(99, 2, 1);
        assert_eq!(levels(&asks), vec![(99, 2, 1), (100, 1, 1), (101, 1, 1), (100 + MAX_SLOTS as i64 * 4, 5, 1)]);
        asks.clear();
        assert!(asks.is_dense() && asks.is_empty());
        asks.add(i64::MAX, 1, 1);
        asks.add(i64::MIN, 1, 1);
        assert_eq!(asks.len(), 2);
        assert_eq!((asks.price_at(0), asks.price_at(1)), (i64::MIN, i64::MAX));
    }

    /// Random adds, removes and sets against the sorted Vec it replaces.
    #[test]
    fn matches_the_sorted_ladder() {
        for side in [Side::Bid, Side::Ask] {
            let (mut dense, mut sorted) = (Ladder::new(side), SortedLadder::new(side, Vec::new()));
            let mut x: u64 = 7;
            let mut held: Vec<i64> = Vec::new();
            for step in 0..100_000u64 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Mostly a tick of 5 around 10,000, now and then a price off that grid or far away.
                let price = match x % 100 {
                    0 => 10_000 + (x >> 40) as i64 % 7,
                    1 => 10_000 + (x >> 20) as i64 % 3_000_000,
                    _ => 10_000 + 5 * ((x >> 32) % 400) as i64 - 1_000,
                };
                if x % 3 == 0 && !held.is_empty() {
                    let p = held.swap_remove((x >> 8) as usize % held.len());
                    dense.remove(p, 1, 1);
                    sorted.remove(p, 1, 1);
                } else {
                    dense.add(price, 1, 1);
                    sorted.add(price, 1, 1);
                    held.push(price);
                }
                if step % 1000 == 0 {
                    assert_eq!(levels(&dense), sorted.iter().map(|l| (l.price, l.size, l.count)).collect::<Vec<_>>());
                    assert_eq!(dense.depth(7), sorted.depth(7), "step {step}");
                }
            }
        }
    }
}
