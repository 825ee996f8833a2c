// A deterministic synthetic L3 stream: adds around a drifting mid, partial cancels, deletes,
// modifies, fills (some in multi-record packets), hidden prints, time gaps that skip bars.
// Every record is valid for the book it builds, so strict mode accepts it. The number of
// resting orders hovers around `RESTING`, as in a real book, so the level count stays bounded.

import * as F from "../../../runtime/log/format.js";
import type { LogRecord } from "../../../runtime/log/writer.js";
import { T0 } from "./records.js";

/** xorshift32: the same sequence on every run and machine. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const RESTING = 2000;

/** Remove `live[j]` in O(1); order among live orders does not matter. */
function removeAt<T>(live: T[], j: number): void {
  live[j] = live[live.length - 1];
  live.pop();
}

export function syntheticRecords(count: number, seed = 7, start = T0): LogRecord[] {
  const random = rng(seed);
  const live: { id: bigint; side: number; price: number; size: number }[] = [];
  const records: LogRecord[] = [];
  let ts = start;
  let nextId = 1n;
  let mid = 5_800_000;
  while (records.length < count) {
    // Mostly microsecond steps, sometimes a gap of seconds.
    ts += random() < 0.002 ? BigInt(Math.floor(random() * 5e9)) : BigInt(Math.floor(random() * 200_000));
    mid += Math.round((random() - 0.5) * 200);
    const packetSize = random() < 0.1 ? 2 + Math.floor(random() * 3) : 1;
    for (let k = 0; k < packetSize && records.length < count; k++) {
      const last = k === packetSize - 1;
      const flags = last ? F.FLAG_LAST : 0;
      const u = random();
      if (live.length < 20 || u < 0.93 * (1 - live.length / (2 * RESTING))) {
        const side = random() < 0.5 ? F.SIDE_BID : F.SIDE_ASK;
        const offset = 100 * (1 + Math.floor(random() * random() * 40));
        const price = side === F.SIDE_BID ? mid - offset : mid + offset;
        const size = 1 + Math.floor(random() * 500);
        const id = nextId++;
        live.push({ id, side, price, size });
        records.push({ kind: F.KIND_ADD, exchangeTs: ts, orderId: id, side, price, size, flags });
      } else if (u < 0.93) {
        const j = Math.floor(random() * live.length);
        const o = live[j];
        const v = random();
        if (v < 0.35) {
          records.push({ kind: F.KIND_DELETE, exchangeTs: ts, orderId: o.id, flags });
          removeAt(live, j);
        } else if (v < 0.6) {
          const size = 1 + Math.floor(random() * o.size);
          records.push({ kind: F.KIND_CANCEL, exchangeTs: ts, orderId: o.id, size, flags });
          o.size -= size;
          if (o.size === 0) removeAt(live, j);
        } else if (v < 0.7) {
          o.price += o.side === F.SIDE_BID ? -100 : 100;
          o.size = 1 + Math.floor(random() * 500);
          records.push({ kind: F.KIND_MODIFY, exchangeTs: ts, orderId: o.id, price: o.price, size: o.size, flags });
        } else {
          const size = 1 + Math.floor(random() * o.size);
          const aggressor =
            random() < 0.7 ? F.AGGRESSOR_NONE : o.side === F.SIDE_BID ? F.AGGRESSOR_SELL : F.AGGRESSOR_BUY;
          records.push({ kind: F.KIND_EXECUTE, exchangeTs: ts, orderId: o.id, price: o.price, size, aggressor, flags });
          o.size -= size;
          if (o.size === 0) removeAt(live, j);
        }
      } else {
        records.push({
          kind: F.KIND_TRADE,
          exchangeTs: ts,
          price: mid,
          size: 1 + Math.floor(random() * 100),
          aggressor: Math.floor(random() * 3),
          flags,
        });
      }
    }
  }
  return records;
}
