// An order-by-order book (docs/formats/q.md, "Kinds"): resting orders in an `OrderTable`,
// aggregated into per-side `LevelSide`s. Every fault is detected before the first write, so a
// faulting record leaves the book untouched.

import * as F from "../log/format.js";
import type { BookModel } from "./bookModel.js";
import {
  FAULT_BAD_SIDE,
  FAULT_BAD_SIZE,
  FAULT_DUPLICATE_ORDER,
  FAULT_BAD_KIND,
  FAULT_NONE,
  FAULT_OVERSIZE,
  FAULT_UNKNOWN_ORDER,
} from "./faults.js";
import { LadderBook } from "./ladderBook.js";
import { OrderTable } from "./orderTable.js";
import { compareSnapshotRecords, type SnapshotRecord } from "./snapshot.js";

const REMOVE_DELETE = 0;
const REMOVE_CANCEL = 1;
const REMOVE_EXECUTE = 2;

export class BookL3 extends LadderBook implements BookModel {
  readonly orders = new OrderTable();
  executedSide = 0;
  removedSide = 0;

  // Branches ordered by frequency in L3 feeds: adds and removals dominate.
  apply(kind: number, side: number, idHi: number, idLo: number, price: number, size: number): number {
    if (kind === F.KIND_ADD) return this.add(side, idHi, idLo, price, size);
    if (kind === F.KIND_DELETE) return this.remove(idHi, idLo, 0, REMOVE_DELETE);
    if (kind === F.KIND_CANCEL) return this.remove(idHi, idLo, size, REMOVE_CANCEL);
    if (kind === F.KIND_EXECUTE) return this.remove(idHi, idLo, size, REMOVE_EXECUTE);
    if (kind === F.KIND_MODIFY) return this.modify(idHi, idLo, price, size);
    if (kind === F.KIND_CLEAR) {
      this.clear();
      return FAULT_NONE;
    }
    if (kind === F.KIND_LEVEL) return FAULT_BAD_KIND;
    // TRADE and STATUS leave the book as it is.
    return FAULT_NONE;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
    this.orders.clear();
  }

  /** One ADD per resting order, in the canonical order. */
  snapshotRecords(): SnapshotRecord[] {
    const o = this.orders;
    const out: SnapshotRecord[] = [];
    for (let s = 0; s < o.used.length; s++) {
      if (o.used[s] === 0) continue;
      const orderId = (BigInt(o.idHi[s]) << 32n) | BigInt(o.idLo[s]);
      out.push({ kind: F.KIND_ADD, side: o.side[s], orderId, price: o.price[s], size: o.size[s] });
    }
    return out.sort(compareSnapshotRecords);
  }

  private add(side: number, idHi: number, idLo: number, price: number, size: number): number {
    if (side !== F.SIDE_BID && side !== F.SIDE_ASK) return FAULT_BAD_SIDE;
    if (size <= 0) return FAULT_BAD_SIZE;
    const found = this.orders.find(idHi, idLo);
    if (found >= 0) return FAULT_DUPLICATE_ORDER;
    this.orders.insert(-1 - found, idHi, idLo, side, price, size);
    (side === F.SIDE_BID ? this.bids : this.asks).addOrder(price, size);
    return FAULT_NONE;
  }

  /**
   * DELETE (the whole remainder), CANCEL or EXECUTE (`size` of it): the order shrinks and
   * leaves the book at zero.
   */
  private remove(idHi: number, idLo: number, size: number, how: number): number {
    const orders = this.orders;
    const slot = orders.find(idHi, idLo);
    if (slot < 0) return FAULT_UNKNOWN_ORDER;
    const remaining = orders.size[slot];
    let taken = size;
    if (how === REMOVE_DELETE) {
      taken = remaining;
    } else if (size <= 0) {
      return FAULT_BAD_SIZE;
    } else if (size > remaining) {
      return FAULT_OVERSIZE;
    }
    const side = orders.side[slot];
    const levels = side === F.SIDE_BID ? this.bids : this.asks;
    if (how === REMOVE_EXECUTE) this.executedSide = side;
    this.removedSide = side;
    if (taken === remaining) {
      levels.removeFromOrder(orders.price[slot], taken, 1);
      orders.removeAt(slot);
    } else {
      levels.removeFromOrder(orders.price[slot], taken, 0);
      orders.size[slot] = remaining - taken;
    }
    return FAULT_NONE;
  }

  private modify(idHi: number, idLo: number, price: number, size: number): number {
    const orders = this.orders;
    const slot = orders.find(idHi, idLo);
    if (slot < 0) return FAULT_UNKNOWN_ORDER;
    if (size <= 0) return FAULT_BAD_SIZE;
    const levels = orders.side[slot] === F.SIDE_BID ? this.bids : this.asks;
    levels.removeFromOrder(orders.price[slot], orders.size[slot], 1);
    levels.addOrder(price, size);
    orders.price[slot] = price;
    orders.size[slot] = size;
    return FAULT_NONE;
  }
}
