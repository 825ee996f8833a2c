// Time that cannot run away (docs/language.md section 8.4): logs whose header and records agree
// but span decades (a first record at 0, -1 or i64::MIN, a last one at i64::MAX) stop both
// engines at once with GAP_TOO_LONG and the same words, instead of emitting a one-second bar
// for every second in between; a gap of exactly --max-gap-bars bars passes, one more fails.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import { scratchDir } from "../support/paths.js";
import { type BaseLog, bothEngines, googSlice, hostileKernels, type Kernels } from "./support/hostileLogs.js";

const SEC = 1_000_000_000n;
const dir = scratchDir("time-bounds");
let base: BaseLog;
let kernels: Kernels;

beforeAll(async () => {
  base = googSlice(join(dir, "base"), 3000);
  kernels = await hostileKernels(join(dir, "base"), base);
}, 300_000);

/** The base log with record `i`'s exchange time set to `ts`, and the header (and index) saying so. */
function retimed(i: "first" | "last", ts: bigint): Uint8Array {
  const b = Uint8Array.from(base.bytes);
  const v = new DataView(b.buffer);
  const n = Number(v.getBigUint64(F.H_RECORD_COUNT, true));
  const at = F.HEADER_LEN + F.RECORD_LEN * (i === "first" ? 0 : n - 1);
  v.setBigInt64(at, ts, true);
  v.setBigInt64(i === "first" ? F.H_FIRST_TS : F.H_LAST_TS, ts, true);
  // Time-index entry 0 names record 0 and its time.
  if (i === "first") v.setBigInt64(Number(v.getBigUint64(F.H_INDEX_OFFSET, true)), ts, true);
  return b;
}

/** The most bars of `period` ns one packet of `reader` closes (docs/language.md section 4, step 1). */
function widestGap(reader: LogReader, period: bigint): number {
  let next: bigint | null = null;
  let widest = 0n;
  for (let i = 0; i < reader.recordCount; i++) {
    if (i > 0 && (reader.flags(i - 1) & F.FLAG_LAST) === 0) continue;
    const t = reader.exchangeTs(i);
    if (next === null) {
      next = (t / period - (t % period < 0n ? 1n : 0n)) * period + period;
    } else if (t >= next) {
      const bars = (t - next) / period + 1n;
      if (bars > widest) widest = bars;
      next += bars * period;
    }
  }
  return Number(widest);
}

describe("a log that spans decades", () => {
  const cases: [string, "first" | "last", bigint][] = [
    ["a first record at 0 (1970)", "first", 0n],
    ["a first record at -1 ns", "first", -1n],
    ["a first record at i64::MIN", "first", -(2n ** 63n)],
    ["a last record at i64::MAX", "last", 2n ** 63n - 1n],
  ];

  it.each(cases)("%s: GAP_TOO_LONG from both engines, at once", async (name, which, ts) => {
    const bytes = retimed(which, ts);
    const started = performance.now();
    const { native, ts: tsOutcome } = await bothEngines(join(dir, name.replace(/\W+/g, "-")), base, bytes, kernels);
    expect(native.ok ? "accepted" : native.code).toBe("GAP_TOO_LONG");
    expect(native.seconds).toBeLessThan(3);
    expect(tsOutcome.seconds).toBeLessThan(3);
    expect((performance.now() - started) / 1000).toBeLessThan(5);
    const message = tsOutcome.ok ? "" : tsOutcome.message;
    expect(message).toMatch(
      /: record \d+ \(byte \d+\): the packet at exchange time -?\d+ closes \d+ time bars of 1000000000 ns since the previous record at -?\d+, more than the --max-gap-bars limit of 1000000$/,
    );
  });
});

describe("--max-gap-bars", () => {
  it("lets a gap of exactly N bars through and stops one of N + 1, in both engines alike", async () => {
    const widest = widestGap(LogReader.fromBytes(base.bytes, "base.q"), SEC);
    expect(widest).toBeGreaterThan(1);
    const at = await bothEngines(join(dir, "at-limit"), base, base.bytes, kernels, { maxGapBars: widest });
    expect(at.native.ok).toBe(true);
    const over = await bothEngines(join(dir, "over-limit"), base, base.bytes, kernels, { maxGapBars: widest - 1 });
    expect(over.native.ok ? "accepted" : over.native.code).toBe("GAP_TOO_LONG");
    expect(over.ts.ok ? "" : over.ts.message).toContain(
      `closes ${widest} time bars of 1000000000 ns since the previous record at`,
    );
  });

  it("is refused below 1 or above 2^53 - 1 by both engines", async () => {
    for (const maxGapBars of [0, -1, 1.5, 2 ** 53]) {
      const { native, ts } = await bothEngines(join(dir, `bad-${maxGapBars}`), base, base.bytes, kernels, {
        maxGapBars,
      });
      expect([native.ok ? "accepted" : native.code, ts.ok ? "accepted" : ts.code]).toEqual([
        "BAD_ARGUMENT",
        "BAD_ARGUMENT",
      ]);
    }
  });
});
