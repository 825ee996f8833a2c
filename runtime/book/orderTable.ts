// Resting orders of an L3 book: an open-addressing hash table (linear probing, backward-shift
// deletion, so no tombstones) keyed by the order id's (hi, lo) uint32 words, in parallel
// typed arrays. No per-order objects and no string keys: a lookup touches a few words of
// contiguous memory, and nothing is allocated per event.

const INITIAL_CAPACITY = 1 << 12;

export class OrderTable {
  count = 0;
  idHi: Uint32Array;
  idLo: Uint32Array;
  used: Uint8Array;
  side: Uint8Array;
  price: Float64Array;
  size: Float64Array;
  private mask: number;

  constructor(capacity = INITIAL_CAPACITY) {
    this.mask = capacity - 1;
    this.idHi = new Uint32Array(capacity);
    this.idLo = new Uint32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.side = new Uint8Array(capacity);
    this.price = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
  }

  /** Slot holding the order, or `-1 - s` where `s` is the empty slot it would take. */
  find(hi: number, lo: number): number {
    const idHi = this.idHi;
    const idLo = this.idLo;
    const used = this.used;
    const mask = this.mask;
    let s = homeSlot(hi, lo, mask);
    while (used[s] !== 0) {
      if (idLo[s] === lo && idHi[s] === hi) return s;
      s = (s + 1) & mask;
    }
    return -1 - s;
  }

  /**
   * Store a new order in the empty slot `slot` found by `find` (as `-1 - slot`), and return
   * the slot it finally occupies (different when the table grew).
   */
  insert(slot: number, hi: number, lo: number, side: number, price: number, size: number): number {
    if ((this.count + 1) * 2 > this.used.length) {
      this.grow();
      slot = -1 - this.find(hi, lo);
    }
    this.used[slot] = 1;
    this.idHi[slot] = hi;
    this.idLo[slot] = lo;
    this.side[slot] = side;
    this.price[slot] = price;
    this.size[slot] = size;
    this.count++;
    return slot;
  }

  /** Remove the order at `slot`, moving later entries of its probe run back into the gap. */
  removeAt(slot: number): void {
    const used = this.used;
    const mask = this.mask;
    let gap = slot;
    let s = (slot + 1) & mask;
    while (used[s] !== 0) {
      const home = homeSlot(this.idHi[s], this.idLo[s], mask);
      // The entry at `s` may fill the gap unless its home lies cyclically in (gap, s].
      const movable = gap <= s ? home <= gap || home > s : home <= gap && home > s;
      if (movable) {
        this.idHi[gap] = this.idHi[s];
        this.idLo[gap] = this.idLo[s];
        this.side[gap] = this.side[s];
        this.price[gap] = this.price[s];
        this.size[gap] = this.size[s];
        gap = s;
      }
      s = (s + 1) & mask;
    }
    used[gap] = 0;
    this.count--;
  }

  clear(): void {
    this.used.fill(0);
    this.count = 0;
  }

  private grow(): void {
    const old = this;
    const capacity = this.used.length * 2;
    const next = new OrderTable(capacity);
    for (let s = 0; s < old.used.length; s++) {
      if (old.used[s] === 0) continue;
      const hi = old.idHi[s];
      const lo = old.idLo[s];
      // Half full at most after doubling, so this insert never grows `next` in turn.
      next.insert(-1 - next.find(hi, lo), hi, lo, old.side[s], old.price[s], old.size[s]);
    }
    this.mask = next.mask;
    this.idHi = next.idHi;
    this.idLo = next.idLo;
    this.used = next.used;
    this.side = next.side;
    this.price = next.price;
    this.size = next.size;
  }
}

/** Multiplicative hash of both words; exchange ids are often sequential, so mix the bits. */
function homeSlot(hi: number, lo: number, mask: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h & mask;
}
