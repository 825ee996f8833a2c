// The price levels of one book side, read from the best (level 0) down. Twin of
// native/core/src/book/ladder.rs: the same layout, the same levels, the same answers.
//
// Prices lie on a grid whose step is the tick, learned as prices come (the greatest common
// divisor of their distances from the first one), and the side keeps its levels in arrays
// indexed by grid position, with a bitmap of the non-empty ones and the best tracked as levels
// come and go: an order joining or leaving a level is an index, a level appearing or going a
// bit, the best after the best level goes the nearest set bit. Reading level i walks i set bits
// from the best, with a cursor so a pass over levels 0, 1, 2, ... is linear; the count and the
// best level are kept in fields, read without a search. The arrays cover the levels held with
// room either side and are laid out again (wider, or on a finer grid) when a price falls
// outside them. A side whose levels would span more than MAX_SLOTS positions keeps them sorted
// instead (sortedLevels.ts) until it is cleared.

import { SortedLevels } from "./sortedLevels.js";

/** The most grid positions a side's arrays may span. */
const MAX_SLOTS = 1 << 20;
/** The arrays' size when a side first holds a level. */
const MIN_SLOTS = 256;
/** Distances past this are not exact in a double: such a side goes sorted. */
const EXACT = 2 ** 53;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export class LevelSide {
  /** `1` bids, `-1` asks: position g holds price `origin + sign * g * tick`, so a better price
   *  is a higher position on both sides. */
  readonly sign: number;
  /** Levels held. */
  length = 0;
  private topPrice = 0;
  private topSize = 0;
  private topCount = 0;
  /** The first price the side held (`cap` is 0 before it). */
  private origin = 0;
  /** The grid's step; 0 while every price held was `origin`. */
  private tick = 0;
  /** Grid position of slot 0. */
  private lo = 0;
  private cap = 0;
  private sizes = new Float64Array(0);
  private counts = new Float64Array(0);
  /** Bit s set: slot s is a level. */
  private bits = new Int32Array(0);
  /** The slot of the best level, when `length > 0`. */
  private best = 0;
  /** Level `cursorRank` (counted from the best) is at `cursorSlot`; every change resets it. */
  private cursorRank = 0;
  private cursorSlot = 0;
  /** Non-null: the side's levels span too wide a range for the arrays and live here. */
  private sorted: SortedLevels | null = null;

  constructor(sign: number) {
    this.sign = sign;
  }

  /** Price of level `i`, 0 the best. */
  priceAt(i: number): number {
    if (i === 0) return this.topPrice;
    return this.sorted ? this.sorted.priceAt(i) : this.priceOf(this.rank(i));
  }

  sizeAt(i: number): number {
    if (i === 0) return this.topSize;
    return this.sorted ? this.sorted.sizeAt(i) : this.sizes[this.rank(i)];
  }

  countAt(i: number): number {
    if (i === 0) return this.topCount;
    return this.sorted ? this.sorted.countAt(i) : this.counts[this.rank(i)];
  }

  /** Sum of sizes over the best `n` levels, best first, exact while the sum stays below 2^53. */
  depth(n: number): number {
    if (n > this.length) n = this.length;
    if (n <= 1) return n === 1 ? this.topSize : 0;
    if (this.sorted) return this.sorted.depth(n);
    let s = this.best;
    let sum = this.sizes[s];
    for (let k = 1; k < n; k++) {
      s = this.atOrBelow(s - 1);
      sum += this.sizes[s];
    }
    return sum;
  }

  /** An order of `size` joins the level at `price`. */
  addOrder(price: number, size: number): void {
    if (this.sorted === null) {
      let s = this.slotOf(price);
      if (s < 0) s = this.makeRoom(price);
      if (s >= 0) {
        if (this.occupied(s)) {
          this.sizes[s] += size;
          this.counts[s] += 1;
          if (s === this.best) {
            this.topSize += size;
            this.topCount += 1;
          }
        } else {
          this.open(s, price, size, 1);
        }
        this.resetCursor();
        return;
      }
    }
    this.goSorted().addOrder(price, size);
    this.sortedChanged();
  }

  /**
   * `size` leaves the level at `price`; `orders` (0 or 1) is how many orders leave with it.
   * The caller guarantees the level exists (the order table holds an order there).
   */
  removeFromOrder(price: number, size: number, orders: number): void {
    if (this.sorted) {
      this.sorted.removeFromOrder(price, size, orders);
      this.sortedChanged();
      return;
    }
    const s = this.slotOf(price);
    if (s < 0 || !this.occupied(s)) return;
    const count = this.counts[s] - orders;
    if (count <= 0) {
      this.close(s);
    } else {
      this.sizes[s] -= size;
      this.counts[s] = count;
      if (s === this.best) {
        this.topSize -= size;
        this.topCount = count;
      }
    }
    this.resetCursor();
  }

  /** L2: the level at `price` now holds `size` (0 removes it). */
  setLevel(price: number, size: number): void {
    if (this.sorted === null) {
      let s = this.slotOf(price);
      if (s >= 0 && this.occupied(s)) {
        if (size === 0) {
          this.close(s);
        } else {
          this.sizes[s] = size;
          if (s === this.best) this.topSize = size;
        }
        this.resetCursor();
        return;
      }
      if (size === 0) return;
      if (s < 0) s = this.makeRoom(price);
      if (s >= 0) {
        // An L2 feed carries no order counts: an L2 level reports 0 orders.
        this.open(s, price, size, 0);
        this.resetCursor();
        return;
      }
    }
    this.goSorted().setLevel(price, size);
    this.sortedChanged();
  }

  /** Empties the side; a side that had gone sorted goes back to its arrays. */
  clear(): void {
    this.sorted = null;
    this.bits.fill(0);
    this.length = 0;
    this.topPrice = this.topSize = this.topCount = 0;
    this.best = 0;
    this.resetCursor();
  }

  private priceOf(s: number): number {
    // `+ 0` turns the -0 of a position 0 on the ask side back into 0.
    return this.origin + this.sign * (this.lo + s) * this.tick + 0;
  }

  private occupied(s: number): boolean {
    return ((this.bits[s >>> 5] >>> (s & 31)) & 1) === 1;
  }

  /** The slot of `price` when the arrays have one (checked by the slot's own price), else -1. */
  private slotOf(price: number): number {
    const d = this.sign * (price - this.origin);
    const g = this.tick === 0 ? (d === 0 ? 0 : NaN) : d / this.tick;
    const s = g - this.lo;
    return s >= 0 && s < this.cap && Number.isInteger(s) && this.priceOf(s) === price ? s : -1;
  }

  /** The highest set bit at or below slot `s`; there is one (a level worse than one held). */
  private atOrBelow(s: number): number {
    let w = s >>> 5;
    let word = this.bits[w] & (-1 >>> (31 - (s & 31)));
    while (word === 0) word = this.bits[--w];
    return (w << 5) + 31 - Math.clz32(word);
  }

  /** The slot of level `i` (1 or more), `i < length`. */
  private rank(i: number): number {
    let r = this.cursorRank;
    let s = this.cursorSlot;
    if (r > i) {
      r = 0;
      s = this.best;
    }
    while (r < i) {
      s = this.atOrBelow(s - 1);
      r++;
    }
    this.cursorRank = r;
    this.cursorSlot = s;
    return s;
  }

  private resetCursor(): void {
    this.cursorRank = 0;
    this.cursorSlot = this.best;
  }

  /** A new level at slot `s`, whose price is `price`. */
  private open(s: number, price: number, size: number, count: number): void {
    this.sizes[s] = size;
    this.counts[s] = count;
    this.bits[s >>> 5] |= 1 << (s & 31);
    if (this.length === 0 || s > this.best) {
      this.best = s;
      this.topPrice = price;
      this.topSize = size;
      this.topCount = count;
    }
    this.length++;
  }

  /** The level at slot `s` goes. */
  private close(s: number): void {
    this.bits[s >>> 5] &= ~(1 << (s & 31));
    this.length--;
    if (s !== this.best) return;
    if (this.length > 0) {
      const b = this.atOrBelow(s - 1);
      this.best = b;
      this.topPrice = this.priceOf(b);
      this.topSize = this.sizes[b];
      this.topCount = this.counts[b];
    } else {
      this.topPrice = this.topSize = this.topCount = 0;
    }
  }

  /**
   * Lays the arrays out again so that `price` has a slot: on a finer grid when it is off the
   * present one, wider when it lies outside. The slot, or -1 when the levels would then span
   * more than MAX_SLOTS positions (nothing changed).
   */
  private makeRoom(price: number): number {
    const origin = this.cap === 0 ? price : this.origin;
    const d = this.sign * (price - origin);
    if (Math.abs(d) >= EXACT) return -1;
    const tick = gcd(this.tick, Math.abs(d));
    // Every position scales by old tick / new tick (a tick of 0 held only position 0).
    const scale = this.tick === 0 ? 0 : this.tick / tick;
    const held: number[] = [];
    let s = this.best;
    for (let k = 0; k < this.length; k++) {
      if (k > 0) s = this.atOrBelow(s - 1);
      held.push((this.lo + s) * scale, this.sizes[s], this.counts[s]);
    }
    const gNew = tick === 0 ? 0 : d / tick;
    let lo = gNew;
    let hi = gNew;
    for (let j = 0; j < held.length; j += 3) {
      if (held[j] < lo) lo = held[j];
      if (held[j] > hi) hi = held[j];
    }
    const span = hi - lo + 1;
    if (span > MAX_SLOTS || Math.abs(lo) >= EXACT / 4 || Math.abs(hi) >= EXACT / 4) return -1;
    // Room either side as wide as the span, so a price drifting away is laid out again only
    // after it has moved as far again.
    const cap = Math.max(Math.min(Math.max(span * 3, MIN_SLOTS), MAX_SLOTS), span);
    const base = lo - Math.floor((cap - span) / 2);
    this.origin = origin;
    this.tick = tick;
    this.lo = base;
    this.cap = cap;
    this.sizes = new Float64Array(cap);
    this.counts = new Float64Array(cap);
    this.bits = new Int32Array(Math.ceil(cap / 32));
    this.length = 0;
    for (let j = 0; j < held.length; j += 3) {
      const slot = held[j] - base;
      this.open(slot, this.priceOf(slot), held[j + 1], held[j + 2]);
    }
    this.resetCursor();
    return gNew - base;
  }

  /** The side cannot keep its levels in its arrays: they move to a sorted form. */
  private goSorted(): SortedLevels {
    if (this.sorted === null) {
      const prices: number[] = [];
      const sizes: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < this.length; i++) {
        prices.push(this.priceAt(i));
        sizes.push(this.sizeAt(i));
        counts.push(this.countAt(i));
      }
      const sorted = new SortedLevels(this.sign);
      for (let i = prices.length - 1; i >= 0; i--) sorted.pushBest(prices[i], sizes[i], counts[i]);
      this.sorted = sorted;
    }
    return this.sorted;
  }

  /** After a change of the sorted form: the count and the best level from it. */
  private sortedChanged(): void {
    const sorted = this.sorted!;
    this.length = sorted.length;
    const any = sorted.length > 0;
    this.topPrice = any ? sorted.priceAt(0) : 0;
    this.topSize = any ? sorted.sizeAt(0) : 0;
    this.topCount = any ? sorted.countAt(0) : 0;
  }
}
