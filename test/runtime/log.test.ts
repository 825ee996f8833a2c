// The .q reader and writer (docs/formats/q.md): round trips, and every file-level error as a
// FeatcError with its code and the place, never a crash.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FeatcError } from "../../runtime/errors.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import { encodeLog, LogWriter, type LogRecord } from "../../runtime/log/writer.js";
import { add, cancel, HEADER, logOf, SEC, T0, trade } from "./support/records.js";

function expectError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FeatcError);
    expect((e as FeatcError).code).toBe(code);
    expect((e as FeatcError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a FeatcError ${code}`);
}

const sample: LogRecord[] = [
  add(T0, 1n, "bid", 5_800_000, 100, { ingestTs: T0 + 7n, sequence: 11n }),
  add(T0 + 1n, 0xfedcba9876543210n, "ask", 5_801_000, 200, { last: false }),
  trade(T0 + 2n, 5_800_500, 50, F.AGGRESSOR_SELL),
  cancel(T0 + SEC, 1n, 40, { flags: F.FLAG_SNAPSHOT }),
];

describe("LogWriter -> LogReader", () => {
  it("round-trips the header and every record field", () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-log-"));
    const path = join(dir, "TEST.q");
    const writer = LogWriter.create(path, { ...HEADER, venue: "XNAS" });
    for (const r of sample) writer.append(r);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.TEST\.q\.tmp-\d+-\d+$/)]);
    writer.close();
    expect(readdirSync(dir)).toEqual(["TEST.q"]);

    const reader = LogReader.open(path);
    expect(reader.header).toMatchObject({
      symbol: "TEST",
      venue: "XNAS",
      date: "2012-06-21",
      bookKind: F.BOOK_L3,
      priceDecimals: 4,
      sizeDecimals: 0,
      recordCount: 4,
      firstTs: T0,
      lastTs: T0 + SEC,
      indexCount: 1,
    });
    expect(reader.exchangeTs(0)).toBe(T0);
    expect(reader.ingestTsLo(0) + reader.ingestTsHi(0) * 2 ** 32).toBe(Number(T0 + 7n));
    expect(reader.orderIdHi(1)).toBe(0xfedcba98);
    expect(reader.orderIdLo(1)).toBe(0x76543210);
    expect([reader.price(1), reader.size(1), reader.kind(1), reader.side(1), reader.flags(1)]).toEqual([
      5_801_000,
      200,
      F.KIND_ADD,
      F.SIDE_ASK,
      0,
    ]);
    expect([reader.kind(2), reader.aggressor(2), reader.flags(2)]).toEqual([
      F.KIND_TRADE,
      F.AGGRESSOR_SELL,
      F.FLAG_LAST,
    ]);
    expect(reader.flags(3)).toBe(F.FLAG_LAST | F.FLAG_SNAPSHOT);
    expect(reader.view.getBigUint64(reader.recordOffset(0) + F.R_SEQUENCE, true)).toBe(11n);
    expect(reader.view.getBigUint64(reader.recordOffset(3) + F.R_SEQUENCE, true)).toBe(3n);
    // The streaming writer and the in-memory encoder write the same bytes.
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(encodeLog({ ...HEADER, venue: "XNAS" }, sample)))).toBe(
      true,
    );
  });

  it("abort leaves no file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-log-"));
    const writer = LogWriter.create(join(dir, "X.q"), HEADER);
    writer.append(sample[0]);
    writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("writes a time index entry every 4096 records, and seeks with it", () => {
    const records: LogRecord[] = [];
    for (let i = 0; i < 10_000; i++) records.push(trade(T0 + BigInt(i) * 1000n, 100, 1, 0));
    const reader = logOf(records);
    expect(reader.header.indexCount).toBe(3);
    expect(reader.header.indexOffset).toBe(256 + 64 * 10_000);
    expect(reader.view.getBigUint64(reader.header.indexOffset + 16 + 8, true)).toBe(4096n);
    expect(reader.seek(T0)).toBe(0);
    expect(reader.seek(T0 + 5000n * 1000n)).toBe(5000);
    expect(reader.seek(T0 + 5000n * 1000n - 1n)).toBe(5000);
    expect(reader.seek(T0 + 9_999_000n + 1n)).toBe(10_000);
  });

  it("keeps int64 timestamps beyond 2^53 exact", () => {
    const big = 2n ** 62n + 12345n;
    const reader = logOf([trade(big, 1, 1, 0, { ingestTs: -(2n ** 60n) - 3n })]);
    expect(reader.exchangeTs(0)).toBe(big);
    expect(reader.header.firstTs).toBe(big);
    expect(BigInt(reader.ingestTsHi(0)) * 2n ** 32n + BigInt(reader.ingestTsLo(0))).toBe(-(2n ** 60n) - 3n);
  });
});

describe("LogReader rejects bad files", () => {
  const good = encodeLog(HEADER, sample);

  it("a file shorter than the header", () => {
    expectError(
      () => LogReader.fromBytes(good.subarray(0, 100), "t.q"),
      "Q_TRUNCATED_HEADER",
      /^t\.q: byte 100: file has 100 bytes, shorter than the 256-byte header$/,
    );
  });

  it("bad magic", () => {
    const bytes = good.slice();
    bytes.set(new TextEncoder().encode("PARQUET!"), 0);
    expectError(() => LogReader.fromBytes(bytes, "t.q"), "Q_BAD_MAGIC", /t\.q: byte 0: magic is "PARQUET!"/);
  });

  it("an unknown version", () => {
    const bytes = good.slice();
    new DataView(bytes.buffer).setUint16(F.H_VERSION, 2, true);
    expectError(() => LogReader.fromBytes(bytes, "t.q"), "Q_BAD_VERSION", /format version 2/);
  });

  it("an unsealed file", () => {
    const bytes = good.slice();
    bytes[F.H_FLAGS] = 0;
    expectError(() => LogReader.fromBytes(bytes, "t.q"), "Q_NOT_SEALED", /SEALED/);
  });

  it("a file cut inside its records, naming the record cut short", () => {
    const cut = 256 + 64 * 2 + 10;
    expectError(
      () => LogReader.fromBytes(good.subarray(0, cut), "GOOG/2012-06-21.q"),
      "Q_TRUNCATED",
      /^GOOG\/2012-06-21\.q: record 2 \(byte 384\): file has 394 bytes but the header counts 4 records$/,
    );
  });

  it("a file cut inside its time index", () => {
    expectError(
      () => LogReader.fromBytes(good.subarray(0, good.length - 4), "t.q"),
      "Q_TRUNCATED",
      /time-index entries/,
    );
  });

  it("a truncated file on disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-log-"));
    const path = join(dir, "cut.q");
    writeFileSync(path, good.subarray(0, 300));
    expectError(() => LogReader.open(path), "Q_TRUNCATED", /cut\.q: record 0 \(byte 256\)/);
  });

  it("a missing file", () => {
    expectError(() => LogReader.open("/nonexistent/featc.q"), "IO", /^\/nonexistent\/featc\.q: cannot open: /);
  });

  it("a price that a number cannot hold exactly", () => {
    const reader = logOf([trade(T0, 1, 1, 0, { price: 2n ** 53n })]);
    expectError(() => reader.price(0), "Q_BAD_RECORD", /record 0 \(byte 256\): price 9007199254740992 is outside/);
    const ok = logOf([trade(T0, 1, 1, 0, { price: -(2n ** 53n) + 1n })]);
    expect(ok.price(0)).toBe(-(2 ** 53) + 1);
  });
});
