// The `.q` readers under fuzzing (docs/reliability.md, "Fuzzing the readers and importers"):
// seeded damage to two small real logs, of the kinds test/parity/reliability.test.ts makes in
// a fixed list (flipped bits in each section, random bytes, cuts, appended bytes, extreme
// record and header fields, spans of decades, and several of them at once), drawn here at
// random, and the check every damaged log must pass through both engines. Shared by the
// campaign target (./targets/reader.ts) and the bounded test (./reader.test.ts).
//
// A case passes when neither engine panics, fails INTERNAL or throws an uncoded exception; each
// finishes within CASE_SECONDS; both give the same verdict and code (and the same words after
// the file's name); a refusal leaves no file in the output folder; and when both accept they
// give the same rows, bit for bit.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel, runExtract } from "../../compiler/extract/run.js";
import { FEATC_ERROR_CODES } from "../../runtime/errors.js";
import * as F from "../../runtime/log/format.js";
import {
  type BaseLog,
  binanceSlice,
  filesUnder,
  googSlice,
  HOSTILE_SPEC,
  type Kernels,
  type Outcome,
  reason,
  runEngine,
  writeCase,
} from "../parity/support/hostileRuns.js";
import { firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { KERNEL_CACHE, scratchDir } from "../support/paths.js";
import type { CaseResult } from "./campaign.js";
import { type Random } from "./random.js";

/** Each engine, each case: a hang shows as a case over this. */
export const CASE_SECONDS = 5;

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** What a campaign builds once: the base logs, the kernels of HOSTILE_SPEC, one case folder. */
export interface ReaderContext {
  bases: BaseLog[];
  kernels: Kernels;
  /** Every case writes its log and outputs here, and removes its outputs when checked. */
  caseDir: string;
}

let context: Promise<ReaderContext> | undefined;

/**
 * The base logs and kernels, made on first use and shared by every generator of a run: a
 * 4,200-message GOOG slice (L3, 4,256 records, so a time index of 2 entries, 8 snapshots and
 * an import report; 304 kB) and an 800-line Binance BTCUSDT slice (L2, 4,225 records, a
 * snapshot of 1,000 levels a side and an import report; 404 kB).
 */
export function readerContext(): Promise<ReaderContext> {
  context ??= (async () => {
    const dir = scratchDir("fuzz-reader");
    const bases = [googSlice(join(dir, "base-0"), 4200), binanceSlice(join(dir, "base-1"), 800)];
    const compiled = compileFile(HOSTILE_SPEC);
    if (!compiled.program) throw new Error(`${HOSTILE_SPEC} does not compile`);
    const source = writeCase(join(dir, "kernels"), bases[0], bases[0].bytes);
    const out = await runExtract(compiled.program, {
      source,
      symbols: [bases[0].symbol],
      out: join(dir, "kernels", "out"),
      cacheDir: KERNEL_CACHE,
    });
    const kernels = { nativeLibPath: out.kernel.nativeLibPath!, module: await loadTsKernel(out.kernel.jsModulePath) };
    const caseDir = join(dir, "case");
    mkdirSync(caseDir, { recursive: true });
    return { bases, kernels, caseDir };
  })();
  return context;
}

/** A damaged copy of a base log and whether it runs `--lenient`. */
export interface DamagedLog {
  bytes: Uint8Array;
  lenient: boolean;
  /** What was done, for a failure's message. */
  label: string;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Where the sections of a base log are: the records end, and the time index starts, here. */
function layout(b: Uint8Array) {
  if (b.length < F.HEADER_LEN) return { n: 0, recordsEnd: b.length, indexAt: 0 };
  const v = view(b);
  // The header may be damaged already (several damages at once): clamp to what the file holds.
  const whole = Math.floor((b.length - F.HEADER_LEN) / F.RECORD_LEN);
  const n = Math.min(whole, Number(v.getBigUint64(F.H_RECORD_COUNT, true)));
  const indexAt = Number(v.getBigUint64(F.H_INDEX_OFFSET, true));
  return { n, recordsEnd: F.HEADER_LEN + F.RECORD_LEN * n, indexAt: indexAt < b.length ? indexAt : 0 };
}

/** Writes a u64 at `at` when it fits (damage stacked on a cut may point past the end). */
function set64(b: Uint8Array, at: number, value: bigint): void {
  if (at >= 0 && at + 8 <= b.length) view(b).setBigUint64(at, BigInt.asUintN(64, value), true);
}

const RECORD_FIELDS: [string, number, bigint[]][] = [
  ["exchange time", F.R_EXCHANGE_TS, [0n, -1n, 1n, MIN, MAX]],
  ["ingest time", F.R_INGEST_TS, [MIN, MAX, 0n]],
  ["sequence", F.R_SEQUENCE, [0n, U64_MAX]],
  ["order id", F.R_ORDER_ID, [0n, U64_MAX]],
  ["price", F.R_PRICE, [2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, MIN, MAX, -1n, 0n]],
  ["size", F.R_SIZE, [0n, -1n, 2n ** 53n, 2n ** 53n - 1n, MAX, MIN]],
  ["aux", F.R_AUX, [MIN, MAX, 0n, -1n]],
];
const RECORD_BYTES: [string, number, number[]][] = [
  ["kind", F.R_KIND, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]],
  ["side", F.R_SIDE, [0, 1, 2, 3, 255]],
  ["flags", F.R_FLAGS, [0, 1, 2, 3, 4, 8, 16, 255]],
  ["aggressor", F.R_AGGRESSOR, [0, 1, 2, 3, 255]],
];
const HEADER_FIELDS = (n: number): [string, number, bigint[]][] => [
  ["record count", F.H_RECORD_COUNT, [0n, BigInt(n - 1), BigInt(n + 1), BigInt(n + 64), U64_MAX, 2n ** 58n]],
  ["first time", F.H_FIRST_TS, [0n, MIN, MAX, -1n]],
  ["last time", F.H_LAST_TS, [MIN, 0n, MAX, -1n]],
  ["index offset", F.H_INDEX_OFFSET, [0n, 256n, U64_MAX, 2n ** 63n]],
  ["index count", F.H_INDEX_COUNT, [0n, 1n, 3n, U64_MAX, 2n ** 60n]],
  ["snapshot offset", F.H_SNAPSHOT_OFFSET, [0n, 256n, U64_MAX]],
  ["snapshot count", F.H_SNAPSHOT_COUNT, [0n, 1n, U64_MAX, 2n ** 59n]],
  ["report offset", F.H_REPORT_OFFSET, [0n, U64_MAX]],
  ["report length", F.H_REPORT_LEN, [0n, 1n, U64_MAX]],
];
const HEADER_BYTES: [string, number, number[]][] = [
  ["version", F.H_VERSION, [0, 2, 255]],
  ["book kind", F.H_BOOK_KIND, [0, 1, 2, 3, 255]],
  ["flags", F.H_FLAGS, [0, 2, 255]],
  ["price decimals", F.H_PRICE_DECIMALS, [0, 18, 19, 255]],
  ["size decimals", F.H_SIZE_DECIMALS, [0, 18, 19, 255]],
];

/** One kind of damage: changes `b` (a copy of the base) in place or returns a new array. */
type Damage = (b: Uint8Array, r: Random) => { bytes?: Uint8Array; label: string };

function flipIn(lo: (b: Uint8Array) => number, hi: (b: Uint8Array) => number, where: string): Damage {
  return (b, r) => {
    const [from, to] = [lo(b), Math.min(hi(b), b.length)];
    if (to <= from) return { label: `no ${where} to flip` };
    const at = r.int(from, to);
    const bit = r.int(0, 8);
    b[at] ^= 1 << bit;
    return { label: `bit ${bit} of byte ${at} (${where})` };
  };
}

export const DAMAGES: Record<string, Damage> = {
  "bit in the header": flipIn(
    () => 0,
    () => F.HEADER_LEN,
    "header",
  ),
  "bit in the records": flipIn(
    () => F.HEADER_LEN,
    (b) => layout(b).recordsEnd,
    "records",
  ),
  "bit after the records": flipIn(
    (b) => layout(b).recordsEnd,
    (b) => b.length,
    "index, snapshots, report",
  ),
  "random bytes": (b, r) => {
    const len = Math.min(r.pick([1, 2, 4, 8, 16, 64]), b.length);
    const at = r.int(0, b.length - len + 1);
    b.set(r.bytes(len), at);
    return { label: `${len} random bytes at ${at}` };
  },
  cut: (b, r) => {
    const { recordsEnd, indexAt } = layout(b);
    const at = r.pick([
      0,
      1,
      100,
      255,
      256,
      257,
      recordsEnd - 1,
      recordsEnd,
      indexAt + 8,
      b.length - 1,
      r.int(0, b.length),
      r.int(0, b.length),
      r.int(F.HEADER_LEN, recordsEnd),
      r.int(recordsEnd, b.length),
    ]);
    return { bytes: b.subarray(0, Math.max(0, at)), label: `cut at byte ${at}` };
  },
  appended: (b, r) => {
    const extra = r.pick([1, 8, 16, 32, 63, 64, 65, 4096]);
    const tail = r.next() < 0.5 ? new Uint8Array(extra) : r.bytes(extra);
    const bytes = new Uint8Array(b.length + extra);
    bytes.set(b);
    bytes.set(tail, b.length);
    return { bytes, label: `${extra} bytes appended` };
  },
  "extreme record field": (b, r) => {
    const { n } = layout(b);
    const rec = r.pick([0, 1, n - 1, r.int(0, n), r.int(0, n)]);
    const at = F.HEADER_LEN + F.RECORD_LEN * rec;
    if (r.next() < 0.6) {
      const [field, offset, values] = r.pick(RECORD_FIELDS);
      const value = r.pick(values);
      set64(b, at + offset, value);
      return { label: `record ${rec} ${field} = ${value}` };
    }
    const [field, offset, values] = r.pick(RECORD_BYTES);
    const value = r.pick(values);
    b[at + offset] = value;
    return { label: `record ${rec} ${field} = ${value}` };
  },
  "extreme header field": (b, r) => {
    const { n } = layout(b);
    if (r.next() < 0.7) {
      const [field, offset, values] = r.pick(HEADER_FIELDS(n));
      const value = r.pick(values);
      set64(b, offset, value);
      return { label: `header ${field} = ${value}` };
    }
    const [field, offset, values] = r.pick(HEADER_BYTES);
    const value = r.pick(values);
    b[offset] = value;
    return { label: `header ${field} = ${value}` };
  },
  "span of decades": (b, r) => {
    const { recordsEnd, indexAt } = layout(b);
    if (r.next() < 0.5) {
      const ts = r.pick([0n, -1n, MIN, 1n]);
      set64(b, F.HEADER_LEN, ts);
      set64(b, F.H_FIRST_TS, ts);
      if (indexAt > 0) set64(b, indexAt, ts);
      return { label: `first record at ${ts}` };
    }
    const ts = r.pick([MAX, MAX - 1n, 2n ** 62n]);
    set64(b, recordsEnd - F.RECORD_LEN, ts);
    set64(b, F.H_LAST_TS, ts);
    return { label: `last record at ${ts}` };
  },
};

const SINGLE = Object.keys(DAMAGES);
DAMAGES["several at once"] = (b, r) => {
  const labels: string[] = [];
  let bytes = b;
  for (let k = r.int(2, 5); k > 0; k--) {
    const d = DAMAGES[r.pick(SINGLE)](bytes, r);
    if (d.bytes) bytes = Uint8Array.from(d.bytes);
    labels.push(d.label);
  }
  return { bytes, label: labels.join("; ") };
};

/** A damaged copy of `base` by `kind`, lenient for about half the cases. */
export function damage(base: BaseLog, kind: string, r: Random): DamagedLog {
  const copy = Uint8Array.from(base.bytes);
  const d = DAMAGES[kind](copy, r);
  return { bytes: d.bytes ?? copy, lenient: r.next() < 0.5, label: d.label };
}

const CODES = new Set<string>(FEATC_ERROR_CODES);
const BUGS = new Set(["PANIC", "INTERNAL", "THROWN"]);

function describe(o: Outcome): string {
  return o.ok ? "accepted" : `${o.code} (${o.message})`;
}

/**
 * Runs `bytes` as `base`'s day file through both engines and says whether they behaved (see
 * the header). The case's outputs are removed afterwards, so the folder is reused.
 */
export async function checkLog(
  ctx: ReaderContext,
  base: BaseLog,
  bytes: Uint8Array,
  lenient: boolean,
): Promise<CaseResult> {
  const started = performance.now();
  const { caseDir, kernels } = ctx;
  const source = writeCase(caseDir, base, bytes);
  const input = join(source, base.symbol, `${base.date}.q`);
  const out = { native: join(caseDir, "native"), ts: join(caseDir, "ts") };
  const settings = { lenient };
  let failure: string | undefined;
  try {
    const a = await runEngine("native", kernels, input, join(out.native, "part-0.parquet"), settings);
    const b = await runEngine("ts", kernels, input, join(out.ts, "part-0.parquet"), settings);
    const problems: string[] = [];
    for (const [engine, o] of [
      ["native", a],
      ["ts", b],
    ] as const) {
      if (!o.ok && (BUGS.has(o.code) || !CODES.has(o.code))) problems.push(`${engine}: ${describe(o)}`);
      if (o.seconds > CASE_SECONDS) problems.push(`${engine} took ${o.seconds.toFixed(2)} s`);
      if (!o.ok && filesUnder(out[engine]).length > 0)
        problems.push(`${engine} refused the log but left ${filesUnder(out[engine]).join(", ")}`);
    }
    if (a.ok !== b.ok || (!a.ok && !b.ok && a.code !== b.code))
      problems.push(`verdicts differ: native ${describe(a)}, ts ${describe(b)}`);
    else if (!a.ok && !b.ok && a.code !== "IO" && reason(a.message) !== reason(b.message))
      problems.push(`messages differ: native '${a.message}', ts '${b.message}'`);
    else if (a.ok && b.ok) {
      const diff = firstDifference(readParquetColumns(a.output), readParquetColumns(b.output));
      if (diff !== null) problems.push(`rows differ: ${diff}`);
    }
    if (problems.length > 0) failure = problems.join("; ");
  } catch (e) {
    failure = `uncaught ${(e as Error).name}: ${(e as Error).message}`;
  } finally {
    rmSync(out.native, { recursive: true, force: true });
    rmSync(out.ts, { recursive: true, force: true });
  }
  return { failure, seconds: (performance.now() - started) / 1000 };
}

/** The base whose book kind a (possibly damaged) log claims, for a regression replayed alone. */
export function baseFor(ctx: ReaderContext, bytes: Uint8Array): BaseLog {
  return bytes.length > F.H_BOOK_KIND && bytes[F.H_BOOK_KIND] === F.BOOK_L2 ? ctx.bases[1] : ctx.bases[0];
}
