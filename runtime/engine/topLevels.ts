// The best n levels of each side as of the last packet, for the `book_change(n)` trigger
// (docs/language.md section 8); the same comparison as native/core/src/kernel/top_levels.rs `TopLevels`.
// Raw fixed-point prices and sizes are exact in a number, so equality is exact.

import { ASK, BID, type BookView } from "../kernel.js";

export class TopLevels {
  private readonly prices: Float64Array;
  private readonly sizes: Float64Array;
  private bidCount = 0;
  private askCount = 0;

  constructor(private readonly n: number) {
    this.prices = new Float64Array(2 * n);
    this.sizes = new Float64Array(2 * n);
  }

  /**
   * Whether the number of levels (up to n), or a price or size among the best n levels, of
   * either side differs from the previous call's book; then remembers this book.
   */
  changed(book: BookView): boolean {
    let changed = false;
    const bids = Math.min(book.levels(BID), this.n);
    if (bids !== this.bidCount) {
      changed = true;
      this.bidCount = bids;
    }
    if (this.compare(book, BID, 0, bids)) changed = true;
    const asks = Math.min(book.levels(ASK), this.n);
    if (asks !== this.askCount) {
      changed = true;
      this.askCount = asks;
    }
    if (this.compare(book, ASK, this.n, asks)) changed = true;
    return changed;
  }

  private compare(book: BookView, side: typeof BID | typeof ASK, base: number, levels: number): boolean {
    let changed = false;
    for (let i = 0; i < levels; i++) {
      const price = book.priceAt(side, i);
      const size = book.sizeAt(side, i);
      if (price !== this.prices[base + i] || size !== this.sizes[base + i]) {
        changed = true;
        this.prices[base + i] = price;
        this.sizes[base + i] = size;
      }
    }
    return changed;
  }
}
