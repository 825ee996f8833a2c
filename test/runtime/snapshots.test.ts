// Book snapshots in the .q log (docs/formats/q.md, "Snapshots") as the TypeScript runtime reads
// them: every snapshot the native writer takes, of a synthetic L3 day and of a Binance L2 import,
// is the canonical snapshot of a TypeScript book replayed over the records before it; a damaged
// table is refused with Q_BAD_SNAPSHOT, in the same words as the Rust reader.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BookL2 } from "../../runtime/book/bookL2.js";
import { BookL3 } from "../../runtime/book/bookL3.js";
import type { BookModel } from "../../runtime/book/bookModel.js";
import { FAULT_NONE } from "../../runtime/book/faults.js";
import type { SnapshotRecord } from "../../runtime/book/snapshot.js";
import { FeatcError } from "../../runtime/errors.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const MINUTE = 60_000_000_000;

/** Where the rule puts snapshots in `log` for interval `every` ns: `[record, asOfTs]` of each. */
function expectedPoints(log: LogReader, every: bigint): [number, bigint][] {
  const dueAfter = (ts: bigint) => {
    const q = ts / every - (ts % every < 0n ? 1n : 0n);
    return q * every + every;
  };
  const points: [number, bigint][] = [];
  let due = 0n;
  for (let n = 0; n < log.recordCount; n++) {
    const ts = log.exchangeTs(n);
    if (n === 0) {
      due = dueAfter(ts);
    } else if ((log.flags(n - 1) & F.FLAG_LAST) !== 0 && ts >= due) {
      points.push([n, log.exchangeTs(n - 1)]);
      due = dueAfter(ts);
    }
  }
  return points;
}

function apply(book: BookModel, log: LogReader, i: number): number {
  return book.apply(log.kind(i), log.side(i), log.orderIdHi(i), log.orderIdLo(i), log.price(i), log.size(i));
}

/** Body record `j` of a snapshot, read from the file as an ordinary record. */
function bodyRecord(log: LogReader, bodyOffset: number, j: number): SnapshotRecord & { flags: number; ts: bigint[] } {
  const v = log.view;
  const at = bodyOffset + F.RECORD_LEN * j;
  return {
    kind: v.getUint8(at + F.R_KIND),
    side: v.getUint8(at + F.R_SIDE),
    orderId: v.getBigUint64(at + F.R_ORDER_ID, true),
    price: Number(v.getBigInt64(at + F.R_PRICE, true)),
    size: Number(v.getBigInt64(at + F.R_SIZE, true)),
    flags: v.getUint8(at + F.R_FLAGS),
    ts: [v.getBigInt64(at + F.R_EXCHANGE_TS, true), v.getBigInt64(at + F.R_INGEST_TS, true)],
  };
}

/** Checks every snapshot body of `log` against `book` replayed over the records before it. */
function checkBodies(log: LogReader, book: BookModel): void {
  let applied = 0;
  for (const e of log.snapshots) {
    for (; applied < e.record; applied++) expect(apply(book, log, applied)).toBe(FAULT_NONE);
    const body = Array.from({ length: e.bodyCount }, (_, j) => bodyRecord(log, e.bodyOffset, j));
    for (const r of body) {
      expect(r.flags).toBe(F.FLAG_SNAPSHOT);
      expect(r.ts).toEqual([e.asOfTs, e.asOfTs]);
    }
    const records = body.map(({ kind, side, orderId, price, size }) => ({ kind, side, orderId, price, size }));
    expect(records, `snapshot at record ${e.record}`).toEqual(book.snapshotRecords());
  }
}

describe("snapshotRecords", () => {
  const add = (b: BookModel, id: number, side: number, price: number, size: number) =>
    expect(b.apply(F.KIND_ADD, side, 0, id, price, size)).toBe(FAULT_NONE);

  it("lists an L3 book's orders bids first, best price first, then by order id", () => {
    const a = new BookL3();
    for (const [id, side, price, size] of [
      [9, F.SIDE_BID, 100, 5],
      [3, F.SIDE_ASK, 105, 1],
      [4, F.SIDE_BID, 101, 2],
      [2, F.SIDE_BID, 100, 7],
      [8, F.SIDE_ASK, 104, 3],
      [1, F.SIDE_ASK, 104, 6],
    ])
      add(a, id, side, price, size);
    expect(a.apply(F.KIND_CANCEL, 0, 0, 2, 0, 3)).toBe(FAULT_NONE);
    expect(a.apply(F.KIND_MODIFY, 0, 0, 3, 106, 9)).toBe(FAULT_NONE);
    const snap = a.snapshotRecords();
    expect(snap.map((r) => [r.side, Number(r.orderId), r.price, r.size])).toEqual([
      [F.SIDE_BID, 4, 101, 2],
      [F.SIDE_BID, 2, 100, 4],
      [F.SIDE_BID, 9, 100, 5],
      [F.SIDE_ASK, 1, 104, 6],
      [F.SIDE_ASK, 8, 104, 3],
      [F.SIDE_ASK, 3, 106, 9],
    ]);
    expect(snap.every((r) => r.kind === F.KIND_ADD)).toBe(true);
    // The same orders reached another way (reverse arrival, after a CLEAR of a grown table).
    const b = new BookL3();
    for (let id = 1000; id < 6000; id++) add(b, id, F.SIDE_BID, 1, 1);
    b.apply(F.KIND_CLEAR, 0, 0, 0, 0, 0);
    for (const r of [...snap].reverse()) add(b, Number(r.orderId), r.side, r.price, r.size);
    expect(b.snapshotRecords()).toEqual(snap);
  });

  it("lists an L2 book's levels best first", () => {
    const a = new BookL2();
    for (const [side, price, size] of [
      [F.SIDE_ASK, 12, 1],
      [F.SIDE_BID, 9, 2],
      [F.SIDE_ASK, 11, 3],
      [F.SIDE_BID, 10, 4],
    ])
      expect(a.apply(F.KIND_LEVEL, side, 0, 0, price, size)).toBe(FAULT_NONE);
    expect(a.snapshotRecords()).toEqual([
      { kind: F.KIND_LEVEL, side: F.SIDE_BID, orderId: 0n, price: 10, size: 4 },
      { kind: F.KIND_LEVEL, side: F.SIDE_BID, orderId: 0n, price: 9, size: 2 },
      { kind: F.KIND_LEVEL, side: F.SIDE_ASK, orderId: 0n, price: 11, size: 3 },
      { kind: F.KIND_LEVEL, side: F.SIDE_ASK, orderId: 0n, price: 12, size: 1 },
    ]);
  });
});

describe("snapshots of a synthetic L3 day", () => {
  const dir = scratchDir("snapshots-syn");
  let log: LogReader;

  beforeAll(() => {
    const made = native.generateSynthetic({
      symbol: "SYN",
      events: 30_000,
      seed: 12,
      date: "2024-06-11",
      outDir: dir,
      snapshotEveryNs: 5 * MINUTE,
    });
    log = LogReader.open(made.path);
  });

  it("sit where the rule puts them", () => {
    const points = log.snapshots.map((e) => [e.record, e.asOfTs]);
    expect(points.length).toBeGreaterThan(50);
    expect(points).toEqual(expectedPoints(log, BigInt(5 * MINUTE)));
    expect(log.header.snapshotCount).toBe(points.length);
  });

  it("each hold exactly the TypeScript book replayed up to them", () => {
    checkBodies(log, new BookL3());
  });

  it("are the same entries the native reader sees", () => {
    const r = native.inspectLog(join(dir, "SYN", "2024-06-11.q"), 0);
    expect(r.header.snapshotCount).toBe(BigInt(log.snapshots.length));
    expect([r.firstSnapshotTs, r.lastSnapshotTs]).toEqual([log.snapshots[0].asOfTs, log.snapshots.at(-1)!.asOfTs]);
  });
});

describe("snapshots of a Binance L2 import", () => {
  const dir = scratchDir("snapshots-binance");
  const binance = join(REPO, "..", "shared", "data", "binance");
  let files: string[];

  beforeAll(() => {
    const r = native.importBinance({
      inputs: [join(binance, "spot_btcusdt_20240808.gz"), join(binance, "spot_btcusdt_20240809.gz")],
      outDir: dir,
      snapshotEveryNs: MINUTE,
    });
    files = r.files.map((f) => f.path);
  });

  it("each hold exactly the TypeScript L2 book replayed up to them", () => {
    expect(files).toHaveLength(2);
    for (const path of files) {
      const log = LogReader.open(path);
      expect(log.snapshots.map((e) => [e.record, e.asOfTs])).toEqual(expectedPoints(log, BigInt(MINUTE)));
      expect(log.snapshots).toHaveLength(5);
      checkBodies(log, new BookL2());
    }
  });
});

describe("a damaged snapshot table", () => {
  const dir = scratchDir("snapshots-damaged");
  let good: Uint8Array;
  let table: number;
  let log: LogReader;

  beforeAll(() => {
    const made = native.generateSynthetic({
      symbol: "SYN",
      events: 5_000,
      seed: 2,
      date: "2024-06-11",
      outDir: dir,
      snapshotEveryNs: 10 * MINUTE,
    });
    good = readFileSync(made.path);
    log = LogReader.fromBytes(good, "good.q");
    table = log.header.snapshotOffset;
    expect(log.snapshots.length).toBeGreaterThan(10);
  });

  const u64 = (b: Uint8Array, at: number, v: bigint) =>
    new DataView(b.buffer, b.byteOffset, b.byteLength).setBigUint64(at, v, true);
  const entry = (k: number, field: number) => table + F.SNAPSHOT_ENTRY_LEN * k + 8 * field;

  const cases: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ["record zero", (b) => (u64(b, entry(0, 1), 0n), b), /snapshot 0: record 0 is outside 1\.\.=5000$/],
    ["record past the end", (b) => (u64(b, entry(3, 1), 5001n), b), /snapshot 3: record 5001 is outside/],
    [
      "records not increasing",
      (b) => (u64(b, entry(2, 1), BigInt(log.snapshots[1].record)), b),
      /is not after the previous snapshot's/,
    ],
    [
      "as-of time",
      (b) => (u64(b, entry(1, 0), 42n), b),
      /snapshot 1: as-of time 42 is not record \d+'s exchange time \d+$/,
    ],
    [
      "body past the end",
      (b) => (u64(b, entry(0, 3), 1n << 40n), b),
      /snapshot 0: body of 1099511627776 records at byte \d+ is outside the bodies/,
    ],
    [
      "body in the table",
      (b) => (u64(b, entry(0, 2), BigInt(table)), b),
      /snapshot 0: body at byte \d+, expected \d+ \(right after the table and the bodies before it\)$/,
    ],
    [
      "body kind",
      (b) => ((b[log.snapshots[0].bodyOffset + F.R_KIND] = F.KIND_LEVEL), b),
      /snapshot 0: body record 0 is LEVEL \(kind 7\), expected ADD$/,
    ],
    [
      "table over the records",
      (b) => (u64(b, F.H_SNAPSHOT_OFFSET, 256n), b),
      /^good\.q: byte 144: snapshot table at byte 256, expected \d+ \(right after the records and the time index\)$/,
    ],
    ["table cut", (b) => b.subarray(0, table + 40), /byte 144: snapshot table at byte \d+ of \d+ entries does not fit/],
  ];

  it.each(cases)("%s: Q_BAD_SNAPSHOT from both readers, in the same words", (name, damage, message) => {
    const bytes = damage(Uint8Array.from(good));
    let thrown: unknown;
    try {
      LogReader.fromBytes(bytes, "good.q");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FeatcError);
    const ts = thrown as FeatcError;
    expect(ts.code).toBe("Q_BAD_SNAPSHOT");
    expect(ts.message).toMatch(message);
    // The native reader refuses the same file with the same code and text.
    const sub = join(dir, name.replaceAll(" ", "-"));
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "good.q"), bytes);
    let nativeError: unknown;
    try {
      native.inspectLog(join(sub, "good.q"), 0);
    } catch (e) {
      nativeError = e;
    }
    expect((nativeError as FeatcError).code).toBe("Q_BAD_SNAPSHOT");
    expect((nativeError as FeatcError).message).toBe(ts.message);
  });
});
