// Hostile input must not hang, crash or silently differ (docs/reliability.md): small real logs
// (a GOOG slice, L3; a Binance BTCUSDT slice, L2) with flipped bits, overwritten bytes, cuts,
// extra bytes and extreme values in their header and records, each run through both engines.
// Every case: each engine done in a few seconds, no panic, no output left by a refusal, the same
// verdict and code (and the same words after the file's name) from both, the same rows when
// both accept. Deterministic: the damage comes from a seeded generator.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as F from "../../runtime/log/format.js";
import { scratchDir } from "../support/paths.js";
import {
  type BaseLog,
  binanceSlice,
  bothEngines,
  clean,
  googSlice,
  hostileKernels,
  type Kernels,
  type RunSettings,
} from "./support/hostileLogs.js";

const SEED = 0x5eed_2024;
const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
/** Each engine, each case: a hang shows as a case over this. */
const CASE_SECONDS = 5;

/** mulberry32: a small, well-mixed 32-bit generator, the same sequence on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  /** What kind of damage, for the tally in docs/reliability.md. */
  kind: string;
  label: string;
  damage: (b: Uint8Array) => Uint8Array;
  settings: RunSettings;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The cases for one base log: the same list, from the same seed, on every run. */
function casesFor(base: BaseLog, seed: number): Case[] {
  const rand = generator(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));
  const v = view(base.bytes);
  const len = base.bytes.length;
  const n = Number(v.getBigUint64(F.H_RECORD_COUNT, true));
  const recordsEnd = F.HEADER_LEN + F.RECORD_LEN * n;
  const cases: Case[] = [];
  const add = (kind: string, label: string, damage: (b: Uint8Array) => Uint8Array | void, lenient = false) =>
    cases.push({
      kind,
      label,
      damage: (b) => damage(b) ?? b,
      settings: { lenient },
    });
  const set64 = (b: Uint8Array, at: number, value: bigint) => view(b).setBigUint64(at, BigInt.asUintN(64, value), true);

  // Single bits: in the header, in the records (strict and lenient) and after them.
  for (const [where, lo, hi, count] of [
    ["header", 0, F.HEADER_LEN, 32],
    ["records", F.HEADER_LEN, recordsEnd, 96],
    ["index, snapshots, report", recordsEnd, len, 32],
  ] as const) {
    for (let k = 0; k < count; k++) {
      const at = int(lo, hi);
      const bit = int(0, 8);
      add(`bit flipped (${where})`, `byte ${at} bit ${bit}`, (b) => void (b[at] ^= 1 << bit), k % 2 === 1);
    }
  }
  // Runs of 8 random bytes anywhere.
  for (let k = 0; k < 32; k++) {
    const at = int(0, len - 8);
    const bytes = Array.from({ length: 8 }, () => int(0, 256));
    add("8 bytes overwritten", `bytes ${at}..${at + 8}`, (b) => void b.set(bytes, at), k % 2 === 1);
  }
  // Cuts: at the section boundaries and at random.
  const cuts = [0, 100, 255, 256, 257, recordsEnd - 1, recordsEnd, len - 1];
  for (let k = 0; k < 12; k++) cuts.push(int(257, len - 1));
  for (const at of cuts) add("cut", `at byte ${at}`, (b) => b.subarray(0, at));
  // Extra bytes at the end.
  for (const extra of [1, 64, 4096])
    add("bytes appended", `${extra} zero bytes`, (b) => Uint8Array.from([...b, ...new Uint8Array(extra)]));
  // Extreme values in one record's fields.
  const recordFields: [string, number, bigint[]][] = [
    ["exchange time", F.R_EXCHANGE_TS, [0n, -1n, MIN, MAX]],
    ["ingest time", F.R_INGEST_TS, [MIN, MAX]],
    ["order id", F.R_ORDER_ID, [0n, 2n ** 64n - 1n]],
    ["price", F.R_PRICE, [2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, MIN, MAX, -1n]],
    ["size", F.R_SIZE, [0n, -1n, 2n ** 53n, MAX]],
    ["aux", F.R_AUX, [MIN, MAX]],
  ];
  for (const [field, offset, values] of recordFields) {
    for (const value of values) {
      const r = int(0, n);
      add(
        `extreme record field`,
        `record ${r} ${field} = ${value}`,
        (b) => set64(b, F.HEADER_LEN + F.RECORD_LEN * r + offset, value),
        value === 0n,
      );
    }
  }
  for (const [field, offset, values] of [
    ["kind", F.R_KIND, [0, 10, 255]],
    ["side", F.R_SIDE, [3, 255]],
    ["flags", F.R_FLAGS, [0, 255]],
    ["aggressor", F.R_AGGRESSOR, [3]],
  ] as const) {
    for (const value of values) {
      const r = int(0, n);
      add(
        `extreme record field`,
        `record ${r} ${field} = ${value}`,
        (b) => void (b[F.HEADER_LEN + F.RECORD_LEN * r + offset] = value),
        true,
      );
    }
  }
  // Extreme values in the header's fields.
  const headerFields: [string, number, bigint[]][] = [
    ["record count", F.H_RECORD_COUNT, [0n, BigInt(n - 1), BigInt(n + 1), 2n ** 64n - 1n]],
    ["first time", F.H_FIRST_TS, [0n, MIN, MAX]],
    ["last time", F.H_LAST_TS, [MIN, 0n, MAX]],
    ["index offset", F.H_INDEX_OFFSET, [0n, 2n ** 64n - 1n]],
    ["index count", F.H_INDEX_COUNT, [0n, 2n ** 64n - 1n]],
    ["snapshot offset", F.H_SNAPSHOT_OFFSET, [0n, 2n ** 64n - 1n]],
    ["snapshot count", F.H_SNAPSHOT_COUNT, [0n, 2n ** 64n - 1n]],
    ["report offset", F.H_REPORT_OFFSET, [0n, 2n ** 64n - 1n]],
    ["report length", F.H_REPORT_LEN, [0n, 2n ** 64n - 1n]],
  ];
  for (const [field, offset, values] of headerFields)
    for (const value of values) add("extreme header field", `${field} = ${value}`, (b) => set64(b, offset, value));
  for (const [field, offset, value] of [
    ["version", F.H_VERSION, 2],
    ["book kind", F.H_BOOK_KIND, 0],
    ["book kind", F.H_BOOK_KIND, 3],
    ["book kind swapped", F.H_BOOK_KIND, v.getUint8(F.H_BOOK_KIND) === F.BOOK_L3 ? F.BOOK_L2 : F.BOOK_L3],
    ["flags", F.H_FLAGS, 0],
    ["price decimals", F.H_PRICE_DECIMALS, 19],
    ["size decimals", F.H_SIZE_DECIMALS, 18],
  ] as const)
    add("extreme header field", `${field} = ${value}`, (b) => void (b[offset] = value));
  // Header and records agreeing on a span of decades (the writer's own checks passed).
  const indexAt = Number(v.getBigUint64(F.H_INDEX_OFFSET, true));
  for (const ts of [0n, -1n, MIN])
    add("forged span", `first record at ${ts}`, (b) => {
      set64(b, F.HEADER_LEN, ts);
      set64(b, F.H_FIRST_TS, ts);
      if (indexAt > 0) set64(b, indexAt, ts);
    });
  add("forged span", `last record at ${MAX}`, (b) => {
    set64(b, recordsEnd - F.RECORD_LEN, MAX);
    set64(b, F.H_LAST_TS, MAX);
  });
  return cases;
}

/** Outcomes by base log and damage kind, printed at the end: the figures of docs/reliability.md. */
const tally = new Map<string, Map<string, number>>();
const slowest = { native: 0, ts: 0 };
function count(base: string, kind: string, verdict: string): void {
  const key = `${base}: ${kind}`;
  const row = tally.get(key) ?? new Map<string, number>();
  row.set(verdict, (row.get(verdict) ?? 0) + 1);
  tally.set(key, row);
}

const dir = scratchDir("reliability");
const bases: { base: BaseLog; kernels: Kernels; cases: Case[] }[] = [];

beforeAll(async () => {
  for (const [k, make] of [googSlice, binanceSlice].entries()) {
    const base = make(join(dir, `base-${k}`));
    bases.push({ base, kernels: await hostileKernels(join(dir, `base-${k}`), base), cases: casesFor(base, SEED + k) });
  }
}, 300_000);

afterAll(() => {
  const lines = [...tally].map(([key, row]) => `${key}: ${[...row].map(([v, n]) => `${v} ${n}`).join(", ")}`);
  const sizes = bases.map(({ base }) => {
    const v = view(base.bytes);
    const count = (at: number) => v.getBigUint64(at, true);
    return `${base.name}: ${count(F.H_RECORD_COUNT)} records, ${count(F.H_SNAPSHOT_COUNT)} snapshots`;
  });
  process.stdout.write(
    `reliability outcomes (${sizes.join("; ")}; slowest case: native ${slowest.native.toFixed(3)} s, ts ${slowest.ts.toFixed(3)} s):\n${lines.join("\n")}\n`,
  );
});

describe.each([0, 1])("damaged copies of base log %i", (k) => {
  it("every case: both engines in seconds, no panic, no partial output, the same verdict, code and rows", async () => {
    const { base, kernels, cases } = bases[k];
    expect(cases.length).toBeGreaterThan(250);
    for (const [i, c] of cases.entries()) {
      const caseDir = join(dir, `${base.name}-${i}`);
      const bytes = c.damage(Uint8Array.from(base.bytes));
      let outcome;
      try {
        outcome = await bothEngines(caseDir, base, bytes, kernels, c.settings);
      } catch (e) {
        throw new Error(
          `${base.name} case ${i} (${c.kind}: ${c.label}${c.settings.lenient ? ", lenient" : ""}): ${(e as Error).message}`,
        );
      }
      for (const o of [outcome.native, outcome.ts]) expect(o.seconds, `${c.label}`).toBeLessThan(CASE_SECONDS);
      slowest.native = Math.max(slowest.native, outcome.native.seconds);
      slowest.ts = Math.max(slowest.ts, outcome.ts.seconds);
      count(base.name, c.kind, outcome.native.ok ? "accepted" : outcome.native.code);
      clean(caseDir);
    }
  }, 600_000);
});
