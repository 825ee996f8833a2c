// A price-level book (docs/formats/q.md, kind LEVEL): each LEVEL record sets a level's
// aggregate size. Order-by-order kinds are faults here, as LEVEL is in an L3 book.

import * as F from "../log/format.js";
import type { BookModel } from "./bookModel.js";
import { FAULT_BAD_SIDE, FAULT_BAD_SIZE, FAULT_BAD_KIND, FAULT_NONE } from "./faults.js";
import { LadderBook } from "./ladderBook.js";

export class BookL2 extends LadderBook implements BookModel {
  /** An L2 book has no resting orders to execute against. */
  readonly executedSide = 0;
  readonly removedSide = 0;

  apply(kind: number, side: number, _idHi: number, _idLo: number, price: number, size: number): number {
    if (kind === F.KIND_LEVEL) {
      if (side !== F.SIDE_BID && side !== F.SIDE_ASK) return FAULT_BAD_SIDE;
      if (size < 0) return FAULT_BAD_SIZE;
      (side === F.SIDE_BID ? this.bids : this.asks).setLevel(price, size);
      return FAULT_NONE;
    }
    if (kind === F.KIND_TRADE || kind === F.KIND_STATUS) return FAULT_NONE;
    if (kind === F.KIND_CLEAR) {
      this.clear();
      return FAULT_NONE;
    }
    return FAULT_BAD_KIND;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}
