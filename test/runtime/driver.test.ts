// The packet driver against docs/language.md section 4, with hand-written kernels: time bars
// (including empty bars crossed in a gap), trade and event triggers, multi-record packets,
// every N events, the emit window, faults in strict and lenient mode.

import { describe, expect, it } from "vitest";
import { runLogToRows, type RunOptions } from "../../runtime/batch/runLog.js";
import { FeatcError } from "../../runtime/errors.js";
import * as F from "../../runtime/log/format.js";
import type { LogRecord } from "../../runtime/log/writer.js";
import { probeModule, type ProbeTrigger } from "./support/probeKernel.js";
import { add, cancel, clear, del, execute, logOf, modify, SEC, status, T0, trade } from "./support/records.js";
import { pick, rowObjects } from "./support/rows.js";

const MS = 1_000_000n;

function run(records: LogRecord[], trigger: ProbeTrigger, options: RunOptions = {}) {
  const result = runLogToRows(logOf(records), probeModule(trigger), options);
  return { ...result, table: rowObjects(result.columns, result.rows) };
}

describe("time bars", () => {
  const records = [
    add(T0 + 100n * MS, 1n, "bid", 1_000_000, 10),
    add(T0 + 200n * MS, 2n, "ask", 1_010_000, 5),
    // Crosses the boundaries at +1s and +2s: both are emitted before this packet applies.
    add(T0 + 2500n * MS, 3n, "bid", 1_005_000, 1),
    trade(T0 + 2900n * MS, 1_007_000, 4, F.AGGRESSOR_SELL),
    // Exactly on +3s: the bar at +3s reflects everything before, nothing of this packet.
    del(T0 + 3n * SEC, 3n),
    // The bar at +4s is never proved passed: not emitted.
    add(T0 + 3500n * MS, 4n, "ask", 1_009_000, 2),
  ];

  it("emits one row per boundary crossed, each reflecting the state before the crossing packet", () => {
    const { table } = run(records, { barNs: SEC });
    expect(pick(table, "ts", "bid", "ask", "steps", "trades", "signed", "traded")).toEqual([
      { ts: T0 + 200n * MS, bid: 100, ask: 101, steps: 2, trades: 0, signed: 0, traded: false },
      // An empty bar: the same book, the since-emit accumulators empty.
      { ts: T0 + 200n * MS, bid: 100, ask: 101, steps: 0, trades: 0, signed: 0, traded: false },
      { ts: T0 + 2900n * MS, bid: 100.5, ask: 101, steps: 2, trades: 1, signed: -4, traded: true },
    ]);
  });

  it("delivers bar rows by their boundary time inside the emit window", () => {
    const { table, rows } = run(records, { barNs: SEC }, { emitFromNs: T0 + 2n * SEC, emitToNs: T0 + 3n * SEC });
    expect(rows).toBe(1);
    // The row at +2s is delivered; the one at +1s was computed (steps reset) and dropped.
    expect(pick(table, "ts", "steps")).toEqual([{ ts: T0 + 200n * MS, steps: 0 }]);
  });

  it("aligns the first boundary by floor, also for a first packet on a boundary", () => {
    const { table } = run(
      [
        add(T0, 1n, "bid", 1_000_000, 1),
        add(T0 + SEC - 1n, 2n, "bid", 1_000_000, 1),
        add(T0 + SEC, 3n, "bid", 1_000_000, 1),
      ],
      {
        barNs: SEC,
      },
    );
    expect(pick(table, "ts", "bid_size", "steps")).toEqual([{ ts: T0 + SEC - 1n, bid_size: 2, steps: 2 }]);
  });

  it("keeps boundaries exact beyond 2^53 ns", () => {
    const base = 2n ** 62n - (2n ** 62n % SEC);
    const { table } = run([add(base + 1n, 1n, "bid", 1, 1), add(base + 5n * SEC + 7n, 2n, "bid", 1, 1)], {
      barNs: SEC,
    });
    expect(table.length).toBe(5);
    expect(table.every((r) => r.ts === base + 1n)).toBe(true);
    const windowed = run(
      [add(base + 1n, 1n, "bid", 1, 1), add(base + 5n * SEC + 7n, 2n, "bid", 1, 1)],
      { barNs: SEC },
      {
        emitFromNs: base + 3n * SEC,
        emitToNs: base + 4n * SEC + 1n,
      },
    );
    expect(windowed.rows).toBe(2);
  });
});

describe("event triggers", () => {
  it("fires on trades once per packet, with the packet's aggregate and its last record's fields", () => {
    const { table } = run(
      [
        add(T0, 1n, "bid", 1_000_000, 10),
        add(T0 + 1n, 2n, "ask", 1_010_000, 10),
        // One packet: two fills of the resting ask (aggressor unknown: the buyer), then an add.
        execute(T0 + 2n, 2n, 1_010_000, 3, { last: false, ingestTs: T0 + 50n }),
        execute(T0 + 2n, 2n, 1_010_000, 2, { last: false }),
        add(T0 + 3n, 5n, "bid", 1_002_000, 1, { ingestTs: T0 + 99n }),
        // A print off the book, sell aggressor.
        trade(T0 + 4n, 1_000_000, 6, F.AGGRESSOR_SELL),
        // Fill of the resting bid with an explicit buy aggressor (a reported cross).
        execute(T0 + 5n, 1n, 1_000_000, 1, { aggressor: F.AGGRESSOR_BUY }),
        // Fill of the resting bid, aggressor unknown: the seller.
        execute(T0 + 6n, 1n, 1_000_000, 1),
        status(T0 + 7n, 3n),
      ],
      { trade: true },
    );
    expect(pick(table, "ts", "ingest_ts", "side", "bid", "ask", "steps", "trades", "signed", "trade_price")).toEqual([
      {
        ts: T0 + 3n,
        ingest_ts: T0 + 99n,
        side: 1,
        bid: 100.2,
        ask: 101,
        steps: 3,
        trades: 2,
        signed: 5,
        trade_price: 101,
      },
      {
        ts: T0 + 4n,
        ingest_ts: T0 + 4n,
        side: 0,
        bid: 100.2,
        ask: 101,
        steps: 1,
        trades: 1,
        signed: -6,
        trade_price: 100,
      },
      {
        ts: T0 + 5n,
        ingest_ts: T0 + 5n,
        side: 0,
        bid: 100.2,
        ask: 101,
        steps: 1,
        trades: 1,
        signed: 1,
        trade_price: 100,
      },
      {
        ts: T0 + 6n,
        ingest_ts: T0 + 6n,
        side: 0,
        bid: 100.2,
        ask: 101,
        steps: 1,
        trades: 1,
        signed: -1,
        trade_price: 100,
      },
    ]);
  });

  it("emits at most one row per packet when several conditions hold", () => {
    const { rows } = run([add(T0, 1n, "ask", 10, 5), execute(T0 + 1n, 1n, 10, 1)], {
      trade: true,
      everyEvent: true,
      everyEvents: 1,
    });
    expect(rows).toBe(2);
  });

  it("reads the book only at packet ends", () => {
    const { table } = run(
      [add(T0, 1n, "bid", 100, 5, { last: false }), del(T0, 1n, { last: false }), add(T0, 2n, "bid", 99, 7)],
      { everyEvent: true },
    );
    expect(pick(table, "bid", "bid_size", "steps")).toEqual([{ bid: 0.0099, bid_size: 7, steps: 1 }]);
  });

  it("every N events counts packets since the last row of any kind", () => {
    const at = (ms: bigint, id: bigint) => add(T0 + ms * MS, id, "bid", 100, 1);
    const { table } = run(
      [
        at(100n, 1n),
        at(200n, 2n),
        at(300n, 3n),
        at(400n, 4n),
        at(500n, 5n),
        at(1200n, 6n),
        at(1300n, 7n),
        at(1400n, 8n),
      ],
      { everyEvents: 3, barNs: SEC },
    );
    expect(pick(table, "ts", "steps")).toEqual([
      { ts: T0 + 300n * MS, steps: 3 },
      // The bar at +1s resets the count: two packets since the last row.
      { ts: T0 + 500n * MS, steps: 2 },
      { ts: T0 + 1400n * MS, steps: 3 },
    ]);
  });

  it("computes rows outside the emit window, so since-emit state resets identically", () => {
    const at = (ms: bigint, id: bigint) => add(T0 + ms * MS, id, "bid", 100, 1);
    const { table } = run(
      [at(100n, 1n), at(200n, 2n), at(300n, 3n), at(400n, 4n)],
      { everyEvent: true },
      {
        emitFromNs: T0 + 200n * MS,
        emitToNs: T0 + 400n * MS,
      },
    );
    expect(pick(table, "ts", "steps", "bid_count")).toEqual([
      { ts: T0 + 200n * MS, steps: 1, bid_count: 2 },
      { ts: T0 + 300n * MS, steps: 1, bid_count: 3 },
    ]);
  });

  it("ends a trailing run without LAST at the end of input", () => {
    const { table, packets } = run([add(T0, 1n, "bid", 100, 1), add(T0 + 1n, 2n, "bid", 100, 1, { last: false })], {
      everyEvent: true,
    });
    expect(packets).toBe(2);
    expect(pick(table, "bid_count")).toEqual([{ bid_count: 1 }, { bid_count: 2 }]);
  });

  it("applies clear and modify", () => {
    const { table } = run(
      [add(T0, 1n, "bid", 100, 1), add(T0, 2n, "ask", 200, 1), modify(T0 + 1n, 1n, 150, 4), clear(T0 + 2n)],
      { everyEvent: true },
    );
    expect(pick(table, "bid", "bid_size", "levels")).toEqual([
      { bid: 0.01, bid_size: 1, levels: 1 },
      { bid: 0.01, bid_size: 1, levels: 2 },
      { bid: 0.015, bid_size: 4, levels: 2 },
      { bid: null, bid_size: null, levels: 0 },
    ]);
  });
});

describe("faults", () => {
  const bad = [
    add(T0, 1n, "bid", 100, 5),
    cancel(T0 + 1n, 15818974n, 1),
    cancel(T0 + 2n, 1n, 9),
    execute(T0 + 3n, 77n, 100, 1),
    trade(T0 + 4n, 100, 1, 1),
  ];

  it("strict mode throws a FeatcError naming the record and byte offset", () => {
    expect(() => run(bad, { everyEvent: true })).toThrowError(
      new FeatcError("BOOK_UNKNOWN_ORDER", "TEST/2012-06-21.q: record 1 (byte 320): cancel of unknown order 15818974"),
    );
    try {
      run([add(T0, 1n, "bid", 100, 5), cancel(T0 + 2n, 1n, 9)], { everyEvent: true });
    } catch (e) {
      expect((e as FeatcError).code).toBe("BOOK_OVERSIZE");
      expect((e as FeatcError).message).toBe(
        "TEST/2012-06-21.q: record 1 (byte 320): cancel of 9 on order 1, which has only 5 left",
      );
    }
    expect(() => run([add(T0, 1n, "bid", 100, 5), add(T0, 1n, "bid", 100, 5)], {})).toThrowError(
      /record 1 \(byte 320\): add of order 1, which is already resting/,
    );
  });

  it("lenient mode skips faulting records, counts them by code, and keeps their packet structure", () => {
    const { table, faults } = run(bad, { everyEvent: true }, { lenient: true });
    expect(faults).toEqual({ BOOK_UNKNOWN_ORDER: 2, BOOK_OVERSIZE: 1 });
    expect(pick(table, "bid_size", "trades")).toEqual([
      { bid_size: 5, trades: 0 },
      { bid_size: 5, trades: 0 },
      { bid_size: 5, trades: 0 },
      // The failed execute is no trade.
      { bid_size: 5, trades: 0 },
      { bid_size: 5, trades: 1 },
    ]);
  });

  it("rejects records out of time order and unknown codes, in lenient mode too", () => {
    expect(() =>
      run(
        [add(T0 + 5n, 1n, "bid", 100, 5), add(T0 + 4n, 2n, "bid", 100, 5), add(T0 + 6n, 3n, "bid", 100, 5)],
        {},
        { lenient: true },
      ),
    ).toThrowError(
      new FeatcError(
        "Q_TIME_ORDER",
        `TEST/2012-06-21.q: record 1 (byte 320): exchange time ${T0 + 4n} is before the previous record's ${T0 + 5n}`,
      ),
    );
    // A last record before the first is found when the log is opened.
    expect(() =>
      run([add(T0 + 5n, 1n, "bid", 100, 5), add(T0 + 4n, 2n, "bid", 100, 5)], {}, { lenient: true }),
    ).toThrowError(
      new FeatcError(
        "Q_TIME_ORDER",
        `TEST/2012-06-21.q: record 1 (byte 320): exchange time ${T0 + 4n} is before record 0's ${T0 + 5n}`,
      ),
    );
    expect(() => run([{ kind: 12, exchangeTs: T0 }], {}, { lenient: true })).toThrowError(
      /record 0 \(byte 256\): unknown kind \(kind 12, side 0, aggressor 0\)/,
    );
    expect(() => run([{ ...add(T0, 1n, "bid", 1, 1), aggressor: 3 }], {})).toThrow(FeatcError);
    expect(() => run([add(T0, 1n, "bid", 1, 1, { size: 2n ** 60n })], {})).toThrowError(
      /size 1152921504606846976 is outside/,
    );
  });
});
