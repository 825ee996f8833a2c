//! The generator's own view of its resting orders, so that it only cancels or executes live
//! orders and never crosses the book. Prices are ticks indexing a fixed ladder; each tick
//! holds the slab indexes of its orders, and each order knows its position there, so removal
//! is a swap-remove (O(1), no scans).

use crate::log::side;
use crate::synth::rng::Rng;

/// Ticks in the ladder by default: prices 0.00 to 399.99 at one cent. A deeper book
/// (`BookShape::levels`) gets a longer ladder.
pub const TICKS: u32 = 40_000;

#[derive(Clone, Copy, Default)]
pub struct Order {
    pub id: u64,
    pub size: i64,
    pub tick: u32,
    pub side: u8,
    /// Index in its tick's list.
    pos: u32,
    live: bool,
}

struct SideBook {
    /// One list per tick of the ladder.
    ticks: Vec<Vec<u32>>,
    best: Option<u32>,
    orders: u32,
    /// +1 when a better price is a higher tick (bids), -1 for asks.
    better: i64,
}

impl SideBook {
    fn new(better: i64, ticks: u32) -> Self {
        SideBook { ticks: vec![Vec::new(); ticks as usize], best: None, orders: 0, better }
    }

    /// The next non-empty tick at or behind `from`, away from the touch.
    fn scan_behind(&self, from: u32) -> Option<u32> {
        let mut t = from as i64;
        while (0..self.ticks.len() as i64).contains(&t) {
            if !self.ticks[t as usize].is_empty() {
                return Some(t as u32);
            }
            t -= self.better;
        }
        None
    }
}

pub struct GenBook {
    slab: Vec<Order>,
    free: Vec<u32>,
    bids: SideBook,
    asks: SideBook,
}

impl GenBook {
    /// An empty book on a ladder of `ticks` ticks.
    pub fn new(ticks: u32) -> GenBook {
        GenBook {
            slab: Vec::with_capacity(1 << 14),
            free: Vec::new(),
            bids: SideBook::new(1, ticks),
            asks: SideBook::new(-1, ticks),
        }
    }

    /// Ticks in the ladder: prices 0 to `ticks() - 1`.
    pub fn ticks(&self) -> u32 {
        self.bids.ticks.len() as u32
    }

    fn side_book(&self, s: u8) -> &SideBook {
        if s == side::BID {
            &self.bids
        } else {
            &self.asks
        }
    }

    fn side_book_mut(&mut self, s: u8) -> &mut SideBook {
        if s == side::BID {
            &mut self.bids
        } else {
            &mut self.asks
        }
    }

    pub fn best(&self, s: u8) -> Option<u32> {
        self.side_book(s).best
    }

    pub fn orders_on(&self, s: u8) -> u32 {
        self.side_book(s).orders
    }

    pub fn live(&self) -> u32 {
        self.bids.orders + self.asks.orders
    }

    pub fn order(&self, slot: u32) -> &Order {
        &self.slab[slot as usize]
    }

    /// Every resting order, in slab order.
    pub fn resting(&self) -> impl Iterator<Item = &Order> + '_ {
        self.slab.iter().filter(|o| o.live)
    }

    /// Orders resting at `tick` on side `s`.
    pub fn at(&self, s: u8, tick: u32) -> &[u32] {
        &self.side_book(s).ticks[tick as usize]
    }

    pub fn add(&mut self, id: u64, s: u8, tick: u32, size: i64) -> u32 {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slab.push(Order::default());
                (self.slab.len() - 1) as u32
            }
        };
        let book = self.side_book_mut(s);
        let list = &mut book.ticks[tick as usize];
        let pos = list.len() as u32;
        list.push(slot);
        book.orders += 1;
        let better = book.better;
        if book.best.is_none_or(|b| (tick as i64 - b as i64) * better > 0) {
            book.best = Some(tick);
        }
        self.slab[slot as usize] = Order { id, size, tick, side: s, pos, live: true };
        slot
    }

    pub fn remove(&mut self, slot: u32) {
        let o = self.slab[slot as usize];
        debug_assert!(o.live);
        let book = if o.side == side::BID { &mut self.bids } else { &mut self.asks };
        let list = &mut book.ticks[o.tick as usize];
        list.swap_remove(o.pos as usize);
        if let Some(&moved) = list.get(o.pos as usize) {
            self.slab[moved as usize].pos = o.pos;
        }
        book.orders -= 1;
        if book.best == Some(o.tick) && book.ticks[o.tick as usize].is_empty() {
            book.best = if book.orders == 0 { None } else { book.scan_behind(o.tick) };
        }
        self.slab[slot as usize].live = false;
        self.free.push(slot);
    }

    /// Shrinks an order that keeps some size.
    pub fn reduce(&mut self, slot: u32, by: i64) {
        let o = &mut self.slab[slot as usize];
        debug_assert!(by < o.size);
        o.size -= by;
    }

    /// An order near the touch of side `s`: `k` non-empty levels behind the best with `k`
    /// geometric, then uniform within the level.
    pub fn pick_near_touch(&self, s: u8, rng: &mut Rng) -> Option<u32> {
        let book = self.side_book(s);
        let mut tick = book.best?;
        let mut k = rng.geometric(0.45, 12);
        while k > 0 {
            let next = tick as i64 - book.better;
            if !(0..book.ticks.len() as i64).contains(&next) {
                break;
            }
            match book.scan_behind(next as u32) {
                Some(t) => tick = t,
                None => break,
            }
            k -= 1;
        }
        let list = &book.ticks[tick as usize];
        Some(list[rng.below(list.len() as u64) as usize])
    }

    /// Any live order, uniformly over the slab (a few tries; None when unlucky). This is how
    /// orders stranded far from a drifted price eventually go.
    pub fn pick_any(&self, rng: &mut Rng) -> Option<u32> {
        if self.slab.is_empty() {
            return None;
        }
        for _ in 0..4 {
            let slot = rng.below(self.slab.len() as u64) as u32;
            if self.slab[slot as usize].live {
                return Some(slot);
            }
        }
        None
    }
}
