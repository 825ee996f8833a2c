// Warm starts (docs/language.md section 4.2), the mirror of native/core/src/driver/warm_start.rs:
// the last book snapshot that leaves the columns' warm-up horizon of history before the emit
// window's start.

import * as F from "../log/format.js";
import type { LogReader, SnapshotEntry } from "../log/reader.js";

/** The history a warm start must replay before its first row: `ns` of exchange time and `events` packets. */
export interface WarmUp {
  ns: bigint;
  events: number;
}

const INT64_MIN = -(2n ** 63n);

function packetsBetween(reader: LogReader, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((reader.flags(i) & F.FLAG_LAST) !== 0) n++;
  return n;
}

/** The snapshot to start from, or null: none is early enough, and the log is replayed from its first record. */
export function chooseSnapshot(reader: LogReader, emitFrom: bigint, warm: WarmUp): SnapshotEntry | null {
  let limit = emitFrom - warm.ns;
  if (limit < INT64_MIN) limit = INT64_MIN;
  const firstEmitted = reader.seek(emitFrom);
  const snapshots = reader.snapshots;
  let at = -1;
  for (let i = snapshots.length - 1; i >= 0; i--) {
    if (snapshots[i].asOfTs <= limit && snapshots[i].record <= firstEmitted) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  if (warm.events > 0) {
    // Counted backwards snapshot by snapshot: the cost is the warm-up, not the day.
    let packets = packetsBetween(reader, snapshots[at].record, firstEmitted);
    while (packets < warm.events) {
      if (at === 0) return null;
      packets += packetsBetween(reader, snapshots[at - 1].record, snapshots[at].record);
      at--;
    }
  }
  return snapshots[at];
}
