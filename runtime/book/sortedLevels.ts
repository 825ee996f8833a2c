// The price levels of one book side in parallel typed arrays, sorted by `key = sign * price`
// ascending so the BEST level is at the END for both sides (bids ascending, asks descending by
// price): the form of a side whose prices span too wide a range for levelSide.ts's arrays
// indexed by price (twin of native/core/src/book/sorted_ladder.rs). Most activity is at or near
// the touch, and there an insert or a removal shifts only the few levels behind it.

const INITIAL_CAPACITY = 64;
/** Levels checked from the touch before falling back to binary search. */
const TOUCH_SCAN = 8;
/**
 * Shifts longer than this go through copyWithin (a memmove); shorter ones, the common case
 * at the touch, are cheaper as a plain loop than as three native calls.
 */
const SHORT_SHIFT = 16;

export class SortedLevels {
  /** `1` bids, `-1` asks. */
  readonly sign: number;
  length = 0;
  private keys: Float64Array;
  private sizes: Float64Array;
  private counts: Float64Array;

  constructor(sign: number) {
    this.sign = sign;
    this.keys = new Float64Array(INITIAL_CAPACITY);
    this.sizes = new Float64Array(INITIAL_CAPACITY);
    this.counts = new Float64Array(INITIAL_CAPACITY);
  }

  /** Price of level `i`, 0 the best. */
  priceAt(i: number): number {
    // `+ 0` turns the -0 of an ask at price 0 back into 0.
    return this.sign * this.keys[this.length - 1 - i] + 0;
  }

  sizeAt(i: number): number {
    return this.sizes[this.length - 1 - i];
  }

  countAt(i: number): number {
    return this.counts[this.length - 1 - i];
  }

  /** Sum of sizes over the best `n` levels, exact while the sum stays below 2^53. */
  depth(n: number): number {
    const stop = this.length - n > 0 ? this.length - n : 0;
    let sum = 0;
    for (let j = this.length - 1; j >= stop; j--) sum += this.sizes[j];
    return sum;
  }

  /** An order of `size` joins the level at `price`. */
  addOrder(price: number, size: number): void {
    const key = this.sign * price;
    const p = this.lowerBound(key);
    if (p < this.length && this.keys[p] === key) {
      this.sizes[p] += size;
      this.counts[p] += 1;
      return;
    }
    this.insertAt(p, key, size, 1);
  }

  /**
   * `size` leaves the level at `price`; `orders` (0 or 1) is how many orders leave with it.
   * The caller guarantees the level exists (the order table holds an order there).
   */
  removeFromOrder(price: number, size: number, orders: number): void {
    const p = this.lowerBound(this.sign * price);
    const count = this.counts[p] - orders;
    if (count === 0) {
      this.removeAt(p);
      return;
    }
    this.sizes[p] -= size;
    this.counts[p] = count;
  }

  /** L2: the level at `price` now holds `size` (0 removes it). */
  setLevel(price: number, size: number): void {
    const key = this.sign * price;
    const p = this.lowerBound(key);
    const exists = p < this.length && this.keys[p] === key;
    if (size === 0) {
      if (exists) this.removeAt(p);
    } else if (exists) {
      this.sizes[p] = size;
    } else {
      // An L2 feed carries no order counts: an L2 level reports 0 orders.
      this.insertAt(p, key, size, 0);
    }
  }

  clear(): void {
    this.length = 0;
  }

  /** Appends a level better than every one held (a side moving into this form, worst first). */
  pushBest(price: number, size: number, count: number): void {
    this.insertAt(this.length, this.sign * price, size, count);
  }

  /** Index of the first level whose key is >= `key`, in [0, length]. */
  private lowerBound(key: number): number {
    const keys = this.keys;
    const stop = this.length > TOUCH_SCAN ? this.length - TOUCH_SCAN : 0;
    let i = this.length - 1;
    while (i >= stop && keys[i] >= key) i--;
    if (i >= stop) return i + 1;
    let lo = 0;
    let hi = stop;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertAt(p: number, key: number, size: number, count: number): void {
    if (this.length === this.keys.length) this.grow();
    const keys = this.keys;
    const sizes = this.sizes;
    const counts = this.counts;
    const n = this.length;
    if (n - p > SHORT_SHIFT) {
      keys.copyWithin(p + 1, p, n);
      sizes.copyWithin(p + 1, p, n);
      counts.copyWithin(p + 1, p, n);
    } else {
      for (let j = n; j > p; j--) {
        keys[j] = keys[j - 1];
        sizes[j] = sizes[j - 1];
        counts[j] = counts[j - 1];
      }
    }
    keys[p] = key;
    sizes[p] = size;
    counts[p] = count;
    this.length++;
  }

  private removeAt(p: number): void {
    const keys = this.keys;
    const sizes = this.sizes;
    const counts = this.counts;
    const last = this.length - 1;
    if (last - p > SHORT_SHIFT) {
      keys.copyWithin(p, p + 1, last + 1);
      sizes.copyWithin(p, p + 1, last + 1);
      counts.copyWithin(p, p + 1, last + 1);
    } else {
      for (let j = p; j < last; j++) {
        keys[j] = keys[j + 1];
        sizes[j] = sizes[j + 1];
        counts[j] = counts[j + 1];
      }
    }
    this.length = last;
  }

  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    const sizes = new Float64Array(capacity);
    const counts = new Float64Array(capacity);
    keys.set(this.keys);
    sizes.set(this.sizes);
    counts.set(this.counts);
    this.keys = keys;
    this.sizes = sizes;
    this.counts = counts;
  }
}
