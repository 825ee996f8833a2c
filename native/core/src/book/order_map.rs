//! Resting orders by id: open addressing with linear probing and backward-shift deletion
//! (no tombstones, so probe lengths do not grow over a day of adds and deletes). Ids are
//! mixed with the splitmix64 finaliser: venue ids are often sequential, which would cluster
//! under an identity hash. Capacity doubles at half load; it never allocates otherwise.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestingOrder {
    pub price: i64,
    pub size: i64,
    /// `log::side::BID` or `ASK`.
    pub side: u8,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    id: u64,
    used: bool,
    order: RestingOrder,
}

pub struct OrderMap {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
}

#[inline(always)]
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Default for OrderMap {
    fn default() -> Self {
        Self::with_capacity(1 << 12)
    }
}

impl OrderMap {
    /// Room for `n` orders before the first growth.
    pub fn with_capacity(n: usize) -> Self {
        let cap = (n.max(8) * 2).next_power_of_two();
        OrderMap { slots: vec![Slot::default(); cap], mask: cap - 1, len: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slot holding `id`, or the empty slot that ends its probe run.
    #[inline(always)]
    fn probe(&self, id: u64) -> usize {
        let mut i = mix(id) as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if !s.used || s.id == id {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    pub fn get(&self, id: u64) -> Option<&RestingOrder> {
        let s = &self.slots[self.probe(id)];
        if s.used {
            Some(&s.order)
        } else {
            None
        }
    }

    #[inline]
    pub fn get_mut(&mut self, id: u64) -> Option<&mut RestingOrder> {
        let i = self.probe(id);
        let s = &mut self.slots[i];
        if s.used {
            Some(&mut s.order)
        } else {
            None
        }
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
        self.slots[i] = Slot { id, used: true, order };
        self.len += 1;
        true
    }

    #[inline]
    pub fn remove(&mut self, id: u64) -> Option<RestingOrder> {
        let mut hole = self.probe(id);
        if !self.slots[hole].used {
            return None;
        }
        let removed = self.slots[hole].order;
        self.slots[hole].used = false;
        self.len -= 1;
        // Backward shift: pull later members of the run into the hole when their home slot
        // is not cyclically inside (hole, j].
        let mut j = hole;
        loop {
            j = (j + 1) & self.mask;
            if !self.slots[j].used {
                break;
            }
            let home = mix(self.slots[j].id) as usize & self.mask;
            let in_range = if hole <= j { hole < home && home <= j } else { hole < home || home <= j };
            if !in_range {
                self.slots[hole] = self.slots[j];
                self.slots[j].used = false;
                hole = j;
            }
        }
        Some(removed)
    }

    /// Every resting order with its id, in slot order (no particular order). A walk over the
    /// whole table, for snapshots; the hot paths never call it.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &RestingOrder)> + '_ {
        self.slots.iter().filter(|s| s.used).map(|s| (s.id, &s.order))
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
        for s in old.into_iter().filter(|s| s.used) {
            let i = self.probe(s.id);
            self.slots[i] = s;
        }
    }
}
