// A book's canonical snapshot (docs/formats/q.md, "Snapshots"): the records that rebuild it
// from empty, in one order for equal books, the twin of native/core/src/book/snapshot.rs.
// Taken at day-file boundaries and warm starts, not per event: written for clarity.

import * as F from "../log/format.js";

/** One record of a snapshot: an ADD per resting order (L3) or a LEVEL per level (L2). */
export interface SnapshotRecord {
  kind: number;
  /** `1` bid, `2` ask. */
  side: number;
  /** 0 for a LEVEL. */
  orderId: bigint;
  /** Raw fixed point. */
  price: number;
  size: number;
}

/** The canonical order: bids before asks; best price first (bids descending, asks
 *  ascending); within a price, order id ascending. */
export function compareSnapshotRecords(a: SnapshotRecord, b: SnapshotRecord): number {
  if (a.side !== b.side) return a.side - b.side;
  if (a.price !== b.price) return a.side === F.SIDE_BID ? b.price - a.price : a.price - b.price;
  return a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
}
