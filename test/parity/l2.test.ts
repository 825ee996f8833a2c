// Parity on an L2 (price level) log: the native BookL2 (native/core/src/book/l2.rs) and the
// TypeScript BookL2 (runtime/book/bookL2.ts) behind the same spec give bit-identical rows.
// The log is written here with a seeded generator and covers what an L2 feed does: levels
// set, replaced and deleted (also absent ones), multi-record packets, CLEAR + snapshot
// packets, trades with every aggressor code, and second bars with no events.
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as F from "../../runtime/log/format.js";
import { LogWriter, type LogRecord } from "../../runtime/log/writer.js";
import { FeatcError } from "../../runtime/errors.js";
import { extract, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { GOOG_SPEC, scratchDir } from "../support/paths.js";

/** xorshift64*: the same sequence on every run. */
function rng(seed: bigint) {
  let s = seed;
  return (n: number): number => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return Number(((s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) % n;
  };
}

const DAY_START = 1_723_161_600_000_000_000n; // 2024-08-09T00:00:00Z

/** Packets of an L2 day around a drifting mid (price decimals 2, size decimals 4). */
function l2Day(packets: number, seed: bigint): LogRecord[][] {
  const r = rng(seed);
  let mid = 6_000_000;
  let t = DAY_START + 5_000_000_000n;
  const out: LogRecord[][] = [];
  const snapshot = (): LogRecord[] => {
    const recs: LogRecord[] = [{ exchangeTs: t, kind: F.KIND_CLEAR, flags: F.FLAG_SNAPSHOT }];
    for (let i = 1; i <= 20; i++) {
      recs.push({
        exchangeTs: t,
        kind: F.KIND_LEVEL,
        side: F.SIDE_BID,
        price: mid - i,
        size: 1 + r(50_000),
        flags: F.FLAG_SNAPSHOT,
      });
      recs.push({
        exchangeTs: t,
        kind: F.KIND_LEVEL,
        side: F.SIDE_ASK,
        price: mid + i,
        size: 1 + r(50_000),
        flags: F.FLAG_SNAPSHOT,
      });
    }
    return recs;
  };
  out.push(snapshot());
  for (let p = 0; p < packets; p++) {
    // Mostly milliseconds apart, sometimes seconds (bars with no events between them).
    t += BigInt(r(100) < 3 ? 1 + r(4_000_000_000) : r(20_000_000));
    mid += r(3) - 1;
    const roll = r(100);
    if (roll < 1) {
      out.push(snapshot());
    } else if (roll < 25) {
      const aggressor = r(3); // none, buy, sell
      const price = aggressor === F.AGGRESSOR_SELL ? mid - 1 : mid + 1;
      out.push([{ exchangeTs: t, kind: F.KIND_TRADE, price, size: 1 + r(5000), aggressor }]);
    } else {
      const recs: LogRecord[] = [];
      for (let k = 1 + r(6); k > 0; k--) {
        const bid = r(2) === 0;
        const price = bid ? mid - 1 - r(25) : mid + 1 + r(25);
        const size = r(4) === 0 ? 0 : 1 + r(80_000);
        recs.push({ exchangeTs: t, kind: F.KIND_LEVEL, side: bid ? F.SIDE_BID : F.SIDE_ASK, price, size });
      }
      out.push(recs);
    }
  }
  return out;
}

function writeLog(path: string, packets: LogRecord[][]): string {
  const w = LogWriter.create(path, {
    symbol: "L2SYN",
    venue: "SYNTHETIC",
    date: "2024-08-09",
    bookKind: F.BOOK_L2,
    priceDecimals: 2,
    sizeDecimals: 4,
  });
  for (const packet of packets) {
    packet.forEach((rec, i) =>
      w.append({ ...rec, flags: (rec.flags ?? 0) | (i === packet.length - 1 ? F.FLAG_LAST : 0) }),
    );
  }
  w.close();
  return path;
}

describe("goog_1s on a synthetic L2 day: native BookL2 == TypeScript BookL2 == online", () => {
  const dir = scratchDir("parity-l2");
  let run: NativeRun;

  beforeAll(async () => {
    mkdirSync(join(dir, "q", "L2SYN"), { recursive: true });
    const logPath = writeLog(join(dir, "q", "L2SYN", "2024-08-09.q"), l2Day(60_000, 7n));
    run = await runNative(GOOG_SPEC, dir, "L2SYN", logPath);
  });

  it("emits trade and bar rows with order-free depth", () => {
    expect(run.rows.rows).toBeGreaterThan(10_000);
    const imbalance = run.rows.columns[run.rows.names.indexOf("imbalance_5")];
    expect(imbalance.filter((v) => v !== null).length).toBeGreaterThan(run.rows.rows * 0.9);
  });

  itMatchesNativeRows(() => run);

  it("an order-by-order record in an L2 log is the same fault in both engines", async () => {
    const bad = join(dir, "bad");
    mkdirSync(join(bad, "L2SYN"), { recursive: true });
    const packets = l2Day(200, 11n);
    packets.splice(50, 0, [
      {
        exchangeTs: packets[49][0].exchangeTs,
        kind: F.KIND_ADD,
        side: F.SIDE_BID,
        orderId: 9n,
        price: 6_000_000,
        size: 5,
      },
    ]);
    writeLog(join(bad, "L2SYN", "2024-08-09.q"), packets);
    for (const engine of ["native", "ts"] as const) {
      const extraction = extract(run.program, engine, bad, "L2SYN", join(dir, `bad-${engine}`));
      await expect(extraction).rejects.toBeInstanceOf(FeatcError);
      await expect(extraction).rejects.toMatchObject({
        code: "BOOK_BAD_KIND",
        message: expect.stringContaining("ADD record in an L2 (price level) book"),
      });
    }
  });
});
