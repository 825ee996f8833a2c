//! Resting orders by id: open addressing with linear probing and backward-shift deletion
//! (no tombstones, so probe lengths do not grow over a day of adds and deletes). A slot is 32
//! bytes, two to a cache line, and a lookup hashes once: Fibonacci hashing (one multiply, the
//! high bits) spreads sequential venue ids, which an identity hash would cluster. The book
//! probes once per record: `locate` gives the slot, and the slot is read, changed or removed
//! in place. Capacity doubles at half load; it never allocates otherwise.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestingOrder {
    pub price: i64,
    pub size: i64,
    /// `log::side::BID` or `ASK`.
    pub side: u8,
}

#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    id: u64,
    price: i64,
    size: i64,
    side: u8,
    used: bool,
}

impl Slot {
    #[inline(always)]
    fn order(&self) -> RestingOrder {
        RestingOrder { price: self.price, size: self.size, side: self.side }
    }
}

/// Where an order rests in the map: valid until the map next changes by an insert or a removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderSlot(usize);

pub struct OrderMap {
    slots: Vec<Slot>,
    mask: usize,
    /// 64 - log2(capacity): the hash's high bits index the table.
    shift: u32,
    len: usize,
}

/// 2^64 / golden ratio.
const FIBONACCI: u64 = 0x9E37_79B9_7F4A_7C15;
/// Tables of at least this many slots (4 MiB) are prefetched: past the second-level caches.
const PREFETCH_SLOTS: usize = 1 << 17;

impl Default for OrderMap {
    fn default() -> Self {
        Self::with_capacity(1 << 12)
    }
}

impl OrderMap {
    /// Room for `n` orders before the first growth.
    pub fn with_capacity(n: usize) -> Self {
        let cap = (n.max(8) * 2).next_power_of_two();
        OrderMap { slots: vec![Slot::default(); cap], mask: cap - 1, shift: 64 - cap.trailing_zeros(), len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline(always)]
    fn home(&self, id: u64) -> usize {
        (id.wrapping_mul(FIBONACCI) >> self.shift) as usize
    }

    /// The slot holding `id`, or the empty slot that ends its probe run.
    #[inline(always)]
    fn probe(&self, id: u64) -> usize {
        let mut i = self.home(id);
        loop {
            let s = &self.slots[i];
            if !s.used || s.id == id {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Where order `id` rests, if it does.
    #[inline(always)]
    pub fn locate(&self, id: u64) -> Option<OrderSlot> {
        let i = self.probe(id);
        self.slots[i].used.then_some(OrderSlot(i))
    }

    /// The order at `slot` (from `locate`, the map unchanged since).
    #[inline(always)]
    pub fn at(&self, slot: OrderSlot) -> RestingOrder {
        self.slots[slot.0].order()
    }

    /// The order at `slot` gets a new price and size (its side stays).
    #[inline(always)]
    pub fn set(&mut self, slot: OrderSlot, price: i64, size: i64) {
        let s = &mut self.slots[slot.0];
        s.price = price;
        s.size = size;
    }

    #[inline]
    pub fn get(&self, id: u64) -> Option<RestingOrder> {
        self.locate(id).map(|slot| self.at(slot))
    }

    /// Whether the table is larger than the caches, where `prefetch` pays.
    #[inline(always)]
    pub fn is_large(&self) -> bool {
        self.slots.len() >= PREFETCH_SLOTS
    }

    /// Asks the cache for `id`'s home slot ahead of its lookup (worth it when `is_large`). The
    /// slot's miss then overlaps the records replayed before it; nothing else changes.
    #[inline(always)]
    pub fn prefetch(&self, id: u64) {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a prefetch reads nothing and never faults; the address is in the table.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(self.slots.as_ptr().add(self.home(id)).cast::<i8>());
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = id;
    }

    /// Inserts a new id; returns false (and changes nothing) when it is present.
    #[inline]
    pub fn insert(&mut self, id: u64, order: RestingOrder) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let i = self.probe(id);
        if self.slots[i].used {
            return false;
        }
        self.slots[i] = Slot { id, price: order.price, size: order.size, side: order.side, used: true };
        self.len += 1;
        true
    }

    #[inline]
    pub fn remove(&mut self, id: u64) -> Option<RestingOrder> {
        let slot = self.locate(id)?;
        let removed = self.at(slot);
        self.remove_at(slot);
        Some(removed)
    }

    /// Removes the order at `slot` (from `locate`, the map unchanged since).
    #[inline]
    pub fn remove_at(&mut self, slot: OrderSlot) {
        let mut hole = slot.0;
        self.slots[hole].used = false;
        self.len -= 1;
        // Backward shift: pull later members of the run into the hole unless their home slot
        // is cyclically inside (hole, j].
        let mut j = hole;
        loop {
            j = (j + 1) & self.mask;
            if !self.slots[j].used {
                break;
            }
            let home = self.home(self.slots[j].id);
            if (j.wrapping_sub(home) & self.mask) >= (j.wrapping_sub(hole) & self.mask) {
                self.slots[hole] = self.slots[j];
                self.slots[j].used = false;
                hole = j;
            }
        }
    }

    /// Every resting order with its id, in slot order (no particular order). A walk over the
    /// whole table, for snapshots; the hot paths never call it.
    pub fn iter(&self) -> impl Iterator<Item = (u64, RestingOrder)> + '_ {
        self.slots.iter().filter(|s| s.used).map(|s| (s.id, s.order()))
    }

    pub fn clear(&mut self) {
        for s in &mut self.slots {
            s.used = false;
        }
        self.len = 0;
    }

    fn grow(&mut self) {
        let doubled = vec![Slot::default(); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        self.mask = self.slots.len() - 1;
        self.shift -= 1;
        for s in old.into_iter().filter(|s| s.used) {
            let i = self.probe(s.id);
            self.slots[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_half_a_cache_line() {
        assert_eq!(std::mem::size_of::<Slot>(), 32);
        assert_eq!(std::mem::align_of::<Slot>(), 32);
    }
}
