//! An order-by-order book as one would write it by hand for speed: resting orders in an
//! open-addressing table (linear probing, backward-shift deletion, 24-byte slots, one
//! multiplicative hash per lookup), and each side's levels in an array indexed by position on
//! the price grid with a bitmap of the non-empty ones, the best level tracked as orders come and go.

use crate::log::{ASK, BID};

#[derive(Clone, Copy, Default)]
struct Slot {
    /// Order id + 1; 0 marks an empty slot.
    key: u64,
    price: i64,
    /// The remaining size in the low 56 bits, the side above them.
    size_side: u64,
}

const SIZE_BITS: u64 = (1 << 56) - 1;

pub struct Orders {
    slots: Vec<Slot>,
    mask: usize,
    shift: u32,
    len: usize,
}

#[inline(always)]
fn home(key: u64, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl Orders {
    pub fn new() -> Orders {
        Orders::with_bits(16)
    }

    fn with_bits(bits: u32) -> Orders {
        Orders { slots: vec![Slot::default(); 1 << bits], mask: (1 << bits) - 1, shift: 64 - bits, len: 0 }
    }

    /// The slot of `key`, or the empty slot where it would go, and whether it is there.
    #[inline(always)]
    fn find(&self, key: u64) -> (usize, bool) {
        let mut i = home(key, self.shift);
        loop {
            let k = self.slots[i].key;
            if k == key {
                return (i, true);
            }
            if k == 0 {
                return (i, false);
            }
            i = (i + 1) & self.mask;
        }
    }

    pub fn insert(&mut self, id: u64, side: u8, price: i64, size: i64) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let key = id.wrapping_add(1);
        assert!(key != 0, "order id {id} is reserved by the reference's table");
        let (i, found) = self.find(key);
        assert!(!found, "add of order {id}, which is resting");
        self.slots[i] = Slot { key, price, size_side: size as u64 | (side as u64) << 56 };
        self.len += 1;
    }

    /// Reduces order `id` by `by`: its side, price and whether it is gone.
    #[inline]
    pub fn reduce(&mut self, id: u64, by: i64) -> (u8, i64, bool) {
        let (i, found) = self.find(id.wrapping_add(1));
        assert!(found, "order {id} is not resting");
        let s = &mut self.slots[i];
        let size = (s.size_side & SIZE_BITS) as i64;
        assert!(by > 0 && by <= size, "reduce of order {id} by {by} of {size}");
        let (side, price) = ((s.size_side >> 56) as u8, s.price);
        if by == size {
            self.remove_at(i);
            (side, price, true)
        } else {
            s.size_side -= by as u64;
            (side, price, false)
        }
    }

    /// Removes order `id`: its side, price and size.
    #[inline]
    pub fn remove(&mut self, id: u64) -> (u8, i64, i64) {
        let (i, found) = self.find(id.wrapping_add(1));
        assert!(found, "order {id} is not resting");
        let s = self.slots[i];
        self.remove_at(i);
        ((s.size_side >> 56) as u8, s.price, (s.size_side & SIZE_BITS) as i64)
    }

    /// Order `id` gets a new price and size: its side, old price and old size.
    #[inline]
    pub fn replace(&mut self, id: u64, price: i64, size: i64) -> (u8, i64, i64) {
        let (i, found) = self.find(id.wrapping_add(1));
        assert!(found, "order {id} is not resting");
        let s = &mut self.slots[i];
        let old = ((s.size_side >> 56) as u8, s.price, (s.size_side & SIZE_BITS) as i64);
        s.price = price;
        s.size_side = size as u64 | (old.0 as u64) << 56;
        old
    }

    #[inline]
    fn remove_at(&mut self, i: usize) {
        let mut hole = i;
        let mut j = i;
        loop {
            j = (j + 1) & self.mask;
            let k = self.slots[j].key;
            if k == 0 {
                break;
            }
            // Move it back unless its home lies cyclically in (hole, j].
            let h = home(k, self.shift);
            if (j.wrapping_sub(h) & self.mask) >= (j.wrapping_sub(hole) & self.mask) {
                self.slots[hole] = self.slots[j];
                hole = j;
            }
        }
        self.slots[hole].key = 0;
        self.len -= 1;
    }

    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| s.key = 0);
        self.len = 0;
    }

    fn grow(&mut self) {
        let bits = 64 - self.shift + 1;
        let old = std::mem::replace(self, Orders::with_bits(bits));
        for s in old.slots.into_iter().filter(|s| s.key != 0) {
            let (i, _) = self.find(s.key);
            self.slots[i] = s;
        }
        self.len = old.len;
    }
}

#[derive(Clone, Copy, Default)]
struct Level {
    size: i64,
    count: i64,
}

/// One side's levels on a price grid: position g holds price `origin + g * tick`, the tick
/// being the greatest common divisor of the distances between the prices seen (learned as they
/// come). Positions `[lo, lo + levels.len())` are in the array, grown to fit every price seen.
pub struct Ladder {
    bid: bool,
    origin: i64,
    /// 0 while one price was seen.
    tick: i64,
    /// tick = odd << shift; `inv` is odd's inverse modulo 2^64, so a multiple of the tick is
    /// divided exactly by a shift and a multiply.
    shift: u32,
    inv: u64,
    lo: i64,
    levels: Vec<Level>,
    bits: Vec<u64>,
    /// Index of the best level; meaningful when `nonempty > 0`.
    best: usize,
    nonempty: usize,
}

/// A side's array never spans more than this many grid positions.
const MAX_SPAN: i64 = 1 << 26;

fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

fn inverse(m: u64) -> u64 {
    let mut x = m;
    for _ in 0..5 {
        x = x.wrapping_mul(2u64.wrapping_sub(m.wrapping_mul(x)));
    }
    x
}

impl Ladder {
    pub fn new(side: u8) -> Ladder {
        Ladder {
            bid: side == BID,
            origin: 0,
            tick: 0,
            shift: 0,
            inv: 1,
            lo: 0,
            levels: Vec::new(),
            bits: Vec::new(),
            best: 0,
            nonempty: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nonempty == 0
    }

    #[inline(always)]
    fn price_of(&self, i: usize) -> i64 {
        self.origin + (self.lo + i as i64) * self.tick
    }

    /// The best level's price and size; the side is not empty.
    #[inline(always)]
    pub fn best(&self) -> (i64, i64) {
        (self.price_of(self.best), self.levels[self.best].size)
    }

    /// The array index of `price`, laying the array out again when it has none.
    #[inline(always)]
    fn index(&mut self, price: i64) -> usize {
        let d = price.wrapping_sub(self.origin);
        let g = ((d >> self.shift) as u64).wrapping_mul(self.inv) as i64;
        let i = g.wrapping_sub(self.lo);
        if i < 0 || i >= self.levels.len() as i64 || self.price_of(i as usize) != price {
            return self.refit(price);
        }
        i as usize
    }

    /// Re-allocates the array to hold `price` too, on a finer grid if it is off the grid,
    /// with room either side.
    #[cold]
    fn refit(&mut self, price: i64) -> usize {
        if self.levels.is_empty() {
            self.origin = price;
        }
        let tick = gcd(self.tick, price - self.origin);
        let scale = if self.tick == 0 { 0 } else { self.tick / tick };
        let held: Vec<(i64, Level)> = (0..self.levels.len())
            .filter(|&i| self.levels[i].count > 0)
            .map(|i| ((self.lo + i as i64) * scale, self.levels[i]))
            .collect();
        let g = if tick == 0 { 0 } else { (price - self.origin) / tick };
        let (lo, hi) = held.iter().fold((g, g), |(lo, hi), &(p, _)| (lo.min(p), hi.max(p)));
        let pad = (hi - lo + 1).max(1024);
        let (lo, hi) = (lo - pad, hi + pad);
        assert!(hi - lo <= MAX_SPAN, "prices span more than the reference's arrays");
        self.tick = tick;
        self.shift = if tick == 0 { 0 } else { tick.trailing_zeros() };
        self.inv = if tick == 0 { 1 } else { inverse((tick >> self.shift) as u64) };
        self.lo = lo;
        self.levels = vec![Level::default(); (hi - lo) as usize];
        self.bits = vec![0u64; self.levels.len().div_ceil(64)];
        let mut best: Option<usize> = None;
        for (p, l) in held {
            let i = (p - lo) as usize;
            self.levels[i] = l;
            self.bits[i >> 6] |= 1 << (i & 63);
            best = Some(match best {
                None => i,
                Some(b) if self.bid => b.max(i),
                Some(b) => b.min(i),
            });
        }
        self.best = best.unwrap_or(0);
        (g - lo) as usize
    }

    #[inline]
    pub fn add(&mut self, price: i64, size: i64) {
        let i = self.index(price);
        let l = &mut self.levels[i];
        l.size += size;
        l.count += 1;
        if l.count == 1 {
            self.bits[i >> 6] |= 1 << (i & 63);
            if self.nonempty == 0 || (self.bid && i > self.best) || (!self.bid && i < self.best) {
                self.best = i;
            }
            self.nonempty += 1;
        }
    }

    /// `size` leaves the level at `price`, and one order with it when `gone`.
    #[inline]
    pub fn remove(&mut self, price: i64, size: i64, gone: bool) {
        let i = self.index(price);
        let l = &mut self.levels[i];
        l.size -= size;
        if gone {
            l.count -= 1;
            if l.count == 0 {
                self.bits[i >> 6] &= !(1 << (i & 63));
                self.nonempty -= 1;
                if i == self.best && self.nonempty > 0 {
                    self.best = self.next_worse(i).expect("a non-empty side has a best level");
                }
            }
        }
    }

    /// The first non-empty level worse than index `i`.
    #[inline]
    fn next_worse(&self, i: usize) -> Option<usize> {
        if self.bid {
            if i == 0 {
                return None;
            }
            let mut w = (i - 1) >> 6;
            let mut word = self.bits[w] & (u64::MAX >> (63 - ((i - 1) & 63)));
            loop {
                if word != 0 {
                    return Some(w * 64 + 63 - word.leading_zeros() as usize);
                }
                if w == 0 {
                    return None;
                }
                w -= 1;
                word = self.bits[w];
            }
        } else {
            let j = i + 1;
            let mut w = j >> 6;
            if w >= self.bits.len() {
                return None;
            }
            let mut word = self.bits[w] & (u64::MAX << (j & 63));
            loop {
                if word != 0 {
                    return Some(w * 64 + word.trailing_zeros() as usize);
                }
                w += 1;
                if w >= self.bits.len() {
                    return None;
                }
                word = self.bits[w];
            }
        }
    }

    /// The sum of sizes over the best `n` levels.
    #[inline]
    pub fn depth(&self, n: usize) -> i64 {
        if self.nonempty == 0 {
            return 0;
        }
        let mut i = self.best;
        let mut sum = self.levels[i].size;
        for _ in 1..n.min(self.nonempty) {
            i = self.next_worse(i).expect("counted levels");
            sum += self.levels[i].size;
        }
        sum
    }

    pub fn clear(&mut self) {
        self.levels.iter_mut().for_each(|l| *l = Level::default());
        self.bits.iter_mut().for_each(|w| *w = 0);
        self.nonempty = 0;
    }
}

pub struct Book {
    pub orders: Orders,
    pub bids: Ladder,
    pub asks: Ladder,
}

impl Book {
    pub fn new() -> Book {
        Book { orders: Orders::new(), bids: Ladder::new(BID), asks: Ladder::new(ASK) }
    }

    #[inline(always)]
    pub fn side(&mut self, side: u8) -> &mut Ladder {
        if side == BID {
            &mut self.bids
        } else {
            &mut self.asks
        }
    }
}
