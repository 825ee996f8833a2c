// What the packet driver needs from a book beyond the kernels' read-only `BookView`.

import type { BookView } from "../kernel.js";
import type { SnapshotRecord } from "./snapshot.js";

export interface BookModel extends BookView {
  /**
   * Apply one record; return a fault code from `faults.ts` (0 when applied). A faulting
   * record leaves the book untouched.
   */
  apply(kind: number, side: number, idHi: number, idLo: number, price: number, size: number): number;
  /** Side (1 bid, 2 ask) of the resting order the last successful EXECUTE filled. */
  readonly executedSide: number;
  /** Side of the resting order the last successful CANCEL, DELETE or EXECUTE reduced (0 in an L2 book). */
  readonly removedSide: number;
  clear(): void;
  /** The book's canonical snapshot (docs/formats/q.md, "Snapshots"): replayed into an empty
   *  book it rebuilds this one; two books are equal when their snapshots are. */
  snapshotRecords(): SnapshotRecord[];
}
