// A price-level book (docs/formats/q.md, kind LEVEL): each LEVEL record sets a level's
// aggregate size. Order-by-order kinds are faults here, as LEVEL is in an L3 book.

import * as F from "../log/format.js";
import type { BookModel } from "./bookModel.js";
import { FAULT_BAD_SIDE, FAULT_BAD_SIZE, FAULT_BAD_KIND, FAULT_NONE } from "./faults.js";
import { LadderBook } from "./ladderBook.js";
import type { SnapshotRecord } from "./snapshot.js";

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

  /** One LEVEL per level, best first on each side: already the canonical order. */
  snapshotRecords(): SnapshotRecord[] {
    const out: SnapshotRecord[] = [];
    for (const [levels, side] of [
      [this.bids, F.SIDE_BID],
      [this.asks, F.SIDE_ASK],
    ] as const) {
      for (let i = 0; i < levels.length; i++)
        out.push({ kind: F.KIND_LEVEL, side, orderId: 0n, price: levels.priceAt(i), size: levels.sizeAt(i) });
    }
    return out;
  }
}
