// The online engine: the same rows as the batch path on the same records, bit for bit; the
// ring buffer's wrap-around and types; live events through push().

import { describe, expect, it } from "vitest";
import type { ColumnData } from "../../runtime/batch/columnarRows.js";
import { runLogToRows } from "../../runtime/batch/runLog.js";
import { FeatcError } from "../../runtime/errors.js";
import type { KernelModule } from "../../runtime/kernel.js";
import * as F from "../../runtime/log/format.js";
import { type EventInput } from "../../runtime/online/eventInput.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { RingBuffer, Row } from "../../runtime/online/ringBuffer.js";
import { probeModule } from "./support/probeKernel.js";
import { add, execute, HEADER, logOf, SEC, T0 } from "./support/records.js";
import { rowObjects } from "./support/rows.js";
import { syntheticRecords } from "./support/synthetic.js";
import { scriptedModule } from "./support/probeKernel.js";

/** The ring buffer's columns in the batch collector's storage, for byte comparison. */
function asBatchColumns(rows: RingBuffer): Uint8Array[] {
  return rows.columns.flatMap((c) => {
    const values = rows.column(c.name);
    const stored = c.type === "i64" ? BigInt64Array.from(values as Float64Array, (v) => BigInt(v)) : values;
    return [new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength), rows.validity(c.name)];
  });
}

function batchBytes(columns: ColumnData[]): Uint8Array[] {
  return columns.flatMap((c) => [new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength), c.valid]);
}

const triggers: [string, KernelModule][] = [
  ["trade or every 100ms", probeModule({ trade: true, barNs: 100_000_000n })],
  ["every 7 events", probeModule({ everyEvents: 7 })],
  ["event", probeModule({ everyEvent: true })],
];

describe("online engine == batch", () => {
  const reader = logOf(syntheticRecords(30_000));
  for (const [name, module] of triggers) {
    it(`gives the batch rows bit for bit: ${name}`, () => {
      const batch = runLogToRows(reader, module);
      expect(batch.rows).toBeGreaterThan(100);
      const engine = new OnlineEngine(module, { capacity: batch.rows, priceDecimals: 4, sizeDecimals: 0 });
      engine.pushLog(reader);
      // The batch path ends a trailing run without LAST at the end of input; online, flush().
      engine.flush();
      expect(engine.rows.totalRows).toBe(batch.rows);
      const online = asBatchColumns(engine.rows);
      const expected = batchBytes(batch.columns);
      for (let i = 0; i < expected.length; i++)
        expect(Buffer.from(online[i]).equals(Buffer.from(expected[i]))).toBe(true);
    });
  }

  it("gives the same rows through push(event) as through a log", () => {
    const events: EventInput[] = [
      { kind: "add", exchangeTs: T0, orderId: 1n, side: "bid", price: 5_800_000, size: 100 },
      { kind: "add", exchangeTs: T0 + 10n, orderId: 2n, side: "ask", price: 5_801_000, size: 50, ingestTs: T0 + 12n },
      { kind: "execute", exchangeTs: T0 + SEC, orderId: 2n, price: 5_801_000, size: 20, last: false },
      { kind: "trade", exchangeTs: T0 + SEC, price: 5_800_500, size: 7, aggressor: "sell" },
      { kind: "cancel", exchangeTs: T0 + 2n * SEC, orderId: 1n, size: 30 },
      { kind: "modify", exchangeTs: T0 + 2n * SEC, orderId: 2n, price: 5_802_000, size: 10 },
      { kind: "delete", exchangeTs: T0 + 3n * SEC, orderId: 1n },
      { kind: "clear", exchangeTs: T0 + 4n * SEC },
    ];
    const module = probeModule({ everyEvent: true, barNs: SEC });
    const live = new OnlineEngine(module, { capacity: 64, priceDecimals: 4, sizeDecimals: 0 });
    for (const e of events) live.push(e);
    const replay = new OnlineEngine(module, { capacity: 64, priceDecimals: 4, sizeDecimals: 0 });
    replay.pushLog(
      logOf(
        events.map((e, i) => ({
          kind: { add: 1, cancel: 2, delete: 3, modify: 4, execute: 5, trade: 6, clear: 8 }[e.kind as "add"],
          exchangeTs: e.exchangeTs,
          ingestTs: e.ingestTs,
          orderId: e.orderId,
          side: e.side === "bid" ? 1 : e.side === "ask" ? 2 : 0,
          price: e.price,
          size: e.size,
          aggressor: e.aggressor === "sell" ? 2 : 0,
          flags: e.last === false ? 0 : F.FLAG_LAST,
          sequence: BigInt(i),
        })),
      ),
    );
    // 7 packets, and bars at +1s, +2s, +3s, +4s.
    expect(live.rows.totalRows).toBe(11);
    expect(live.rows.latest(64)).toEqual(replay.rows.latest(64));
    expect(live.rows.latest(64)[3]).toMatchObject({ ts: T0 + SEC, trades: 2, signed: 13, bid: 580, ask: 580.1 });
  });

  it("keeps a pushed packet open until LAST or flush(); the end of a log ends its packet", () => {
    const options = { capacity: 4, priceDecimals: 4, sizeDecimals: 0 };
    const pushed = new OnlineEngine(probeModule({ everyEvent: true }), options);
    pushed.push({ kind: "add", exchangeTs: T0, orderId: 1n, side: "bid", price: 100, size: 1, last: false });
    expect(pushed.rows.length).toBe(0);
    pushed.flush();
    expect(pushed.rows.length).toBe(1);

    const engine = new OnlineEngine(probeModule({ everyEvent: true }), options);
    const seen: Row[] = [];
    const unsubscribe = engine.onRow((row) => seen.push(row));
    engine.push({ kind: "add", exchangeTs: T0, orderId: 1n, side: "bid", price: 100, size: 1, last: false });
    expect(engine.rows.length).toBe(0);
    // The log's record joins the open packet, and the log's end ends it (docs/online.md).
    engine.pushLog(logOf([add(T0 + 1n, 2n, "bid", 100, 1, { last: false })]));
    expect(engine.rows.length).toBe(1);
    engine.flush();
    expect(seen).toEqual(engine.rows.latest(1));
    expect(seen[0].bid_count).toBe(2);
    unsubscribe();
    engine.push({ kind: "delete", exchangeTs: T0 + 2n, orderId: 1n });
    expect(engine.rows.totalRows).toBe(2);
    expect(seen.length).toBe(1);
  });

  it("exposes the kernel's IR hash and meta, and refuses a log with other decimals", () => {
    const module = probeModule({ everyEvent: true }, "spec_x");
    const engine = new OnlineEngine(module, { capacity: 4, priceDecimals: 2, sizeDecimals: 0 });
    expect(engine.irHash).toBe("hash-of-spec_x");
    expect(engine.meta.name).toBe("spec_x");
    expect(() => engine.pushLog(logOf([add(T0, 1n, "bid", 1, 1)], HEADER))).toThrow(FeatcError);
  });

  it("names the log's record in errors during pushLog, and counts faults when lenient", () => {
    const engine = new OnlineEngine(probeModule({ everyEvent: true }), {
      capacity: 4,
      priceDecimals: 4,
      sizeDecimals: 0,
    });
    expect(() => engine.pushLog(logOf([add(T0, 1n, "bid", 1, 1), execute(T0, 9n, 1, 1)]))).toThrowError(
      "TEST/2012-06-21.q: record 1 (byte 320): execute of unknown order 9",
    );
    const lenient = new OnlineEngine(probeModule({ everyEvent: true }), {
      capacity: 4,
      priceDecimals: 4,
      sizeDecimals: 0,
      lenient: true,
    });
    lenient.push({ kind: "cancel", exchangeTs: T0, orderId: 5n, size: 1 });
    expect(lenient.faults).toEqual({ BOOK_UNKNOWN_ORDER: 1 });
    expect(lenient.rows.totalRows).toBe(1);
  });
});

describe("L2 logs", () => {
  it("take the log's book kind when the engine was given none", () => {
    const level = (ts: bigint, side: number, price: number, size: number) => ({
      kind: F.KIND_LEVEL,
      exchangeTs: ts,
      side,
      price,
      size,
      flags: F.FLAG_LAST,
    });
    const reader = logOf([level(T0, 1, 100, 5), level(T0 + 1n, 2, 102, 3), level(T0 + 2n, 1, 101, 4)], {
      ...HEADER,
      bookKind: F.BOOK_L2,
    });
    const module = probeModule({ everyEvent: true });
    const engine = new OnlineEngine(module, { capacity: 8, priceDecimals: 4, sizeDecimals: 0 });
    engine.pushLog(reader);
    expect(engine.rows.latest(8)).toEqual(rowObjects(runLogToRows(reader, module).columns, 3));
    expect(engine.rows.latest(1)[0]).toMatchObject({ bid: 0.0101, bid_size: 4, bid_count: 0, levels: 3 });
    const l3 = new OnlineEngine(module, { capacity: 8, priceDecimals: 4, sizeDecimals: 0, bookKind: F.BOOK_L3 });
    expect(() => l3.pushLog(reader)).toThrow(/book kind 2/);
  });
});

describe("RingBuffer", () => {
  const nanBits = new Float64Array(new BigUint64Array([0xfff8_0000_0000_0001n]).buffer)[0];
  const values = [
    { f: 1.5, i: 2 ** 53 - 1, b: true, t: 2n ** 62n + 1n, valid: true },
    { f: nanBits, i: -(2 ** 53 - 1), b: false, t: -(2n ** 63n), valid: true },
    { f: -0, i: 0, b: true, t: 2n ** 63n - 1n, valid: true },
    { f: 9, i: 9, b: true, t: 9n, valid: false },
    { f: 2.25, i: -4, b: false, t: 2n ** 53n + 1n, valid: true },
  ];

  function feed(capacity: number, rows: number): OnlineEngine {
    const engine = new OnlineEngine(scriptedModule(values), { capacity, priceDecimals: 0, sizeDecimals: 0 });
    for (let r = 0; r < rows; r++) engine.push({ kind: "status", exchangeTs: T0 + BigInt(r) });
    return engine;
  }

  it("wraps around, keeping the newest rows oldest first", () => {
    const { rows } = feed(3, 7);
    expect(rows.totalRows).toBe(7);
    expect(rows.length).toBe(3);
    // Rows 4, 5, 6 hold values 4, 0, 1.
    expect(rows.latest(10)).toEqual([
      { f: 2.25, i: -4, b: false, t: 2n ** 53n + 1n },
      { f: 1.5, i: 2 ** 53 - 1, b: true, t: 2n ** 62n + 1n },
      { f: NaN, i: -(2 ** 53 - 1), b: false, t: -(2n ** 63n) },
    ]);
    expect(rows.latest(1)).toEqual(rows.latest(3).slice(2));
    expect([...(rows.column("i") as Float64Array)]).toEqual([-4, 2 ** 53 - 1, -(2 ** 53 - 1)]);
    expect([...(rows.column("t") as BigInt64Array)]).toEqual([2n ** 53n + 1n, 2n ** 62n + 1n, -(2n ** 63n)]);
    expect(() => rows.column("nope")).toThrow(/no column "nope"/);
  });

  it("stores nulls as null, -0 as -0, and every NaN as the canonical quiet NaN", () => {
    const { rows } = feed(8, 5);
    const all = rows.latest(8);
    expect(all[3]).toEqual({ f: null, i: null, b: null, t: null });
    expect(Object.is(all[2].f, -0)).toBe(true);
    expect([...rows.validity("f")]).toEqual([1, 1, 1, 0, 1]);
    const f = rows.column("f") as Float64Array;
    expect(new BigUint64Array(f.buffer)[1]).toBe(0x7ff8_0000_0000_0000n);
    expect(f[3]).toBe(0);
  });

  it("rejects a capacity below 1", () => {
    expect(() => feed(0, 0)).toThrow(RangeError);
  });
});

// Rows from the batch collector read back as objects match the ring buffer's rows.
describe("row objects", () => {
  it("agree between the batch collector and the ring buffer", () => {
    const module = probeModule({ trade: true, barNs: SEC });
    const reader = logOf(syntheticRecords(5000, 3));
    const batch = runLogToRows(reader, module);
    const engine = new OnlineEngine(module, { capacity: batch.rows, priceDecimals: 4, sizeDecimals: 0 });
    engine.pushLog(reader);
    engine.flush();
    expect(engine.rows.latest(batch.rows)).toEqual(rowObjects(batch.columns, batch.rows));
  });
});

describe("listeners and gaps", () => {
  const bars = () => probeModule({ barNs: SEC });
  const add1 = (ts: bigint, id: bigint): EventInput => ({
    kind: "add",
    exchangeTs: ts,
    orderId: id,
    side: "bid",
    price: 100,
    size: 1,
  });

  it("hand every row of one push to the listeners, more than the ring buffer holds", () => {
    const engine = new OnlineEngine(bars(), { capacity: 1, priceDecimals: 4, sizeDecimals: 0 });
    const seen: Row[] = [];
    engine.onRow((row) => seen.push(row));
    engine.push(add1(T0, 1n));
    // Ten seconds later: the push closes the bars of +1s .. +10s at once.
    engine.push(add1(T0 + 10n * SEC, 2n));
    expect(seen.map((r) => r.ts)).toEqual(Array.from({ length: 10 }, () => T0));
    expect(engine.rows.length).toBe(1);
    expect(engine.rows.totalRows).toBe(10);
  });

  it("stop a push that would close more bars than maxGapBars, emitting none of them", () => {
    const engine = new OnlineEngine(bars(), { capacity: 4, priceDecimals: 4, sizeDecimals: 0, maxGapBars: 9 });
    engine.push(add1(T0, 1n));
    const started = performance.now();
    expect(() => engine.push(add1(T0 + 10n * SEC, 2n))).toThrowError(
      new FeatcError(
        "GAP_TOO_LONG",
        `online: record 1 (byte 320): the packet at exchange time ${T0 + 10n * SEC} closes 10 time bars of 1000000000 ns since the previous record at ${T0}, more than the --max-gap-bars limit of 9`,
      ),
    );
    expect(engine.rows.totalRows).toBe(0);
    // A jump to the end of time is refused as fast, by the default limit.
    const far = new OnlineEngine(bars(), { capacity: 4, priceDecimals: 4, sizeDecimals: 0 });
    far.push(add1(0n, 1n));
    expect(() => far.push(add1(2n ** 63n - 1n, 2n))).toThrowError(/closes 9223372036 time bars .* limit of 1000000$/);
    expect((performance.now() - started) / 1000).toBeLessThan(1);
    expect(() => new OnlineEngine(bars(), { capacity: 4, priceDecimals: 4, sizeDecimals: 0, maxGapBars: 0 })).toThrow(
      /maxGapBars must be a whole number from 1/,
    );
  });

  it("end at the end of time: bar boundaries past i64::MAX are never reached", () => {
    const end = 2n ** 63n - 1n;
    const engine = new OnlineEngine(bars(), { capacity: 8, priceDecimals: 4, sizeDecimals: 0 });
    engine.push(add1(end - 3n * SEC, 1n));
    engine.push(add1(end, 2n));
    engine.push(add1(end, 3n));
    engine.flush();
    // Boundaries ...808 - 2 s and ...808 - 1 s pass; ...808 is past i64::MAX (...807).
    expect(engine.rows.totalRows).toBe(3);
  });

  it("hand every row to the listeners when a listener pushes while rows are handed out", () => {
    const engine = new OnlineEngine(bars(), { capacity: 1, priceDecimals: 4, sizeDecimals: 0 });
    const seen: bigint[] = [];
    let pushedInside = false;
    engine.onRow((row) => {
      seen.push(row.ts as bigint);
      // The first row's listener pushes a packet 3 s on: its bars are handed out inside,
      // before the rest of the outer push's rows.
      if (!pushedInside) {
        pushedInside = true;
        engine.push(add1(T0 + 5n * SEC, 3n));
      }
    });
    engine.push(add1(T0, 1n));
    engine.push(add1(T0 + 2n * SEC, 2n));
    engine.push(add1(T0 + 6n * SEC, 4n));
    // Bars +1 s and +2 s (the second push), +3 s .. +5 s (the push inside), +6 s (the last):
    // each row emitted reaches the listener once.
    expect(seen.length).toBe(engine.rows.totalRows);
    expect(seen.length).toBe(6);
  });

  it("let a listener unsubscribe while rows are handed out, and see rows of a push that then fails", () => {
    const engine = new OnlineEngine(bars(), { capacity: 1, priceDecimals: 4, sizeDecimals: 0 });
    const first: Row[] = [];
    const second: Row[] = [];
    const stop = engine.onRow((row) => {
      first.push(row);
      if (first.length === 2) stop();
    });
    engine.onRow((row) => second.push(row));
    engine.push(add1(T0, 1n));
    engine.push(add1(T0 + 3n * SEC, 2n));
    expect([first.length, second.length]).toEqual([2, 3]);
    engine.push(add1(T0 + 4n * SEC, 3n));
    expect([first.length, second.length]).toEqual([2, 4]);
    // The bar before this packet is emitted, then its record fails (an order already resting).
    expect(() => engine.push(add1(T0 + 5n * SEC, 3n))).toThrow(/BOOK_DUPLICATE_ORDER|already resting/);
    expect(second.length).toBe(5);
  });
});
