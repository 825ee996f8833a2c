// The three engines held to one another on random well-typed specs (docs/reliability.md,
// "Random specs"): for each dataset, its Rust kernel run by the native addon, its TypeScript
// kernel run by the TypeScript batch engine, and the same kernel in the online engine
// (runtime/online/engine.ts) fed the log record by record and, on clean logs, as live events
// (`push(EventInput)`), over small real logs (a LOBSTER GOOG slice, L3; a Binance BTCUSDT
// slice, L2), clean and strict, then fault-injected and `--lenient`. Every engine must give the
// same verdict, and on success the same rows bit for bit (float bits, nulls, timestamps); on a
// refusal, the same code and the same words after the file's name, no panic and no output.
// No test runner is needed: the vitest tests (test/parity/randomSpecs.test.ts) and the fuzzing
// campaign (./targets/parity.ts, run by vite-node) share it.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildKernel, type BuiltKernel } from "../../compiler/build/buildKernel.js";
import { compileSource } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import { shortHash } from "../../compiler/ir/hash.js";
import type { KernelModule } from "../../runtime/kernel.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import type { ByteView } from "../../runtime/log/pagedFile.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { EventInput } from "../../runtime/online/eventInput.js";
import type { Row } from "../../runtime/online/ringBuffer.js";
import {
  type BaseLog,
  binanceSlice,
  filesUnder,
  googSlice,
  reason,
  runEngine,
  writeCase,
} from "../parity/support/hostileRuns.js";
import { type Cell, type Columns, f64Bits, firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import type { GeneratedDataset } from "./wellTyped.js";

/** One log a dataset runs over: a base log as it is, or a damaged copy, strict or lenient. */
export interface LogCase {
  /** Names the log in a failure: `goog clean`, `binance damaged 123 lenient` (see `logCaseNamed`). */
  label: string;
  base: BaseLog;
  bytes: Uint8Array;
  lenient: boolean;
  /** What the damage did, for the reader of a failure. */
  damage?: string;
}

/** mulberry32: the damage of a seed is the same on every machine. */
function random(seed: number): (lo: number, hi: number) => number {
  let a = seed >>> 0;
  return (lo, hi) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo));
  };
}

/**
 * `base` with a few faults a lenient run skips or survives, drawn from `seed`: orders unknown to
 * the book (a removal's or execution's order id changed), removals larger than their order,
 * duplicate adds, two records of one time swapped (a removal before its add), bits flipped in a
 * record's order id, price, size or flags (LAST, SNAPSHOT, GAP, BAD_BOOK, BAD_TS), a bid made an
 * ask, a buyer a seller, a side or aggressor cleared, a record's kind changed, the last
 * record's LAST cleared, an L2 level's side cleared or its kind made ADD, a size negated, and now and then two
 * records out of time order (a format fault: every engine stops with Q_TIME_ORDER).
 */
export function damaged(base: BaseLog, seed: number): { bytes: Uint8Array; what: string } {
  const int = random(seed);
  const bytes = Uint8Array.from(base.bytes);
  const view = new DataView(bytes.buffer);
  const n = Number(view.getBigUint64(F.H_RECORD_COUNT, true));
  const at = (r: number) => F.HEADER_LEN + F.RECORD_LEN * r;
  const kindOf = (r: number) => bytes[at(r) + F.R_KIND];
  /** A record from `r` on (wrapping) whose kind is one of `kinds`, or -1. */
  const find = (kinds: number[], r = int(0, n)) => {
    for (let k = 0; k < n; k++) if (kinds.includes(kindOf((r + k) % n))) return (r + k) % n;
    return -1;
  };
  const done: string[] = [];
  // Mostly a few faults; one copy in three has dozens, which moves the book far from the venue's.
  for (let k = 0, count = int(0, 3) === 0 ? int(10, 60) : int(1, 5); k < count; k++) {
    const what = int(0, 100);
    if (what < 20) {
      const r = find([F.KIND_CANCEL, F.KIND_DELETE, F.KIND_EXECUTE, F.KIND_MODIFY]);
      if (r < 0) continue;
      view.setBigUint64(at(r) + F.R_ORDER_ID, 0xdead_0000n + BigInt(k), true);
      done.push(`record ${r}: unknown order`);
    } else if (what < 30) {
      const r = find([F.KIND_CANCEL, F.KIND_EXECUTE]);
      if (r < 0) continue;
      view.setBigInt64(at(r) + F.R_SIZE, view.getBigInt64(at(r) + F.R_SIZE, true) * 1000n, true);
      done.push(`record ${r}: size x1000`);
    } else if (what < 40) {
      const r = find([F.KIND_ADD]);
      const s = r < 0 ? -1 : find([F.KIND_ADD], r + 1);
      if (r < 0 || s < 0 || r === s) continue;
      view.setBigUint64(at(s) + F.R_ORDER_ID, view.getBigUint64(at(r) + F.R_ORDER_ID, true), true);
      done.push(`record ${s}: the order id of record ${r}`);
    } else if (what < 55) {
      // Two neighbours of one exchange time: time order holds, the book sees them swapped.
      const start = int(0, n - 1);
      let r = -1;
      for (let j = 0; j < 200 && r < 0; j++) {
        const i = (start + j) % (n - 1);
        if (view.getBigInt64(at(i), true) === view.getBigInt64(at(i + 1), true)) r = i;
      }
      if (r < 0) continue;
      const first = bytes.slice(at(r), at(r + 1));
      bytes.copyWithin(at(r), at(r + 1), at(r + 2));
      bytes.set(first, at(r + 1));
      done.push(`records ${r} and ${r + 1} swapped`);
    } else if (what < 85) {
      const r = int(0, n);
      const field = int(0, 9);
      if (field === 8) {
        // Another valid kind: an L3 record made a LEVEL or CLEAR, a cancel a delete, an add a modify...
        bytes[at(r) + F.R_KIND] = int(1, F.KIND_MAX + 1);
        done.push(`record ${r}: kind made ${bytes[at(r) + F.R_KIND]}`);
      } else if (field === 7) {
        // No side, no aggressor: an add the book refuses, an execution whose buyer the book tells.
        bytes[at(r) + (int(0, 2) === 0 ? F.R_SIDE : F.R_AGGRESSOR)] = 0;
        done.push(`record ${r}: side or aggressor cleared`);
      } else if (field === 6) {
        // The log's last record no longer ends a packet: the end of the file must.
        bytes[at(n - 1) + F.R_FLAGS] &= ~F.FLAG_LAST;
        done.push(`record ${n - 1}: LAST cleared`);
      } else if (field === 5) {
        if (bytes[at(r) + F.R_AGGRESSOR] === F.AGGRESSOR_NONE) continue;
        bytes[at(r) + F.R_AGGRESSOR] ^= 3;
        done.push(`record ${r}: aggressor swapped`);
      } else if (field === 4) {
        // A bid made an ask or the other way round (a side of 3 would be a format fault).
        if (bytes[at(r) + F.R_SIDE] === F.SIDE_NONE) continue;
        bytes[at(r) + F.R_SIDE] ^= 3;
        done.push(`record ${r}: side swapped`);
      } else {
        const [offset, bit, name] = [
          [F.R_ORDER_ID, int(0, 16), "order id"],
          [F.R_PRICE, int(0, 8), "price"],
          [F.R_SIZE, int(0, 8), "size"],
          [F.R_FLAGS, int(0, 5), "flags"],
        ][field] as [number, number, string];
        bytes[at(r) + offset + (bit >> 3)] ^= 1 << (bit & 7);
        done.push(`record ${r}: ${name} bit ${bit} flipped`);
      }
    } else if (what < 95) {
      const r = find([F.KIND_LEVEL]);
      if (r < 0) continue;
      if (int(0, 2) === 0) bytes[at(r) + F.R_SIDE] = F.SIDE_NONE;
      else bytes[at(r) + F.R_KIND] = F.KIND_ADD;
      done.push(`record ${r}: a level made faulty`);
    } else if (what < 97 && count <= 5) {
      // Only among a few faults: it stops every engine, and the rest would not be read.
      const r = int(1, n);
      const t = view.getBigInt64(at(r - 1), true);
      view.setBigInt64(at(r), t - 1n, true);
      done.push(`record ${r}: before its predecessor`);
    } else {
      const r = find([F.KIND_ADD, F.KIND_LEVEL]);
      if (r < 0) continue;
      view.setBigInt64(at(r) + F.R_SIZE, -view.getBigInt64(at(r) + F.R_SIZE, true), true);
      done.push(`record ${r}: size negated`);
    }
  }
  return { bytes, what: done.join(", ") || "nothing" };
}

/** The base logs, made once under `dir` (emptied first). */
export function baseLogs(dir: string): BaseLog[] {
  rmSync(dir, { recursive: true, force: true });
  return [googSlice(join(dir, "goog")), binanceSlice(join(dir, "binance"))];
}

/** Each base log clean and strict, then `count` damaged copies each from `seed` on, lenient. */
export function logCases(bases: BaseLog[], seed: number, count: number): LogCase[] {
  return bases.flatMap((base) => [
    { label: `${base.name} clean`, base, bytes: base.bytes, lenient: false },
    ...Array.from({ length: count }, (_, k) => logCaseNamed(bases, `${base.name} damaged ${seed + k} lenient`)!),
  ]);
}

/** The log case a failure's label names (`goog clean`, `binance damaged 123 lenient`), or undefined. */
export function logCaseNamed(bases: BaseLog[], label: string): LogCase | undefined {
  const m = /^(\w+) (clean|damaged (\d+))( lenient)?$/.exec(label);
  const base = m && bases.find((b) => b.name === m[1]);
  if (!m || !base) return undefined;
  if (m[2] === "clean") return { label, base, bytes: base.bytes, lenient: m[4] !== undefined };
  const { bytes, what } = damaged(base, Number(m[3]));
  return { label, base, bytes, lenient: m[4] !== undefined, damage: what };
}

/** What an engine made of a log: its rows, or its error. */
type Verdict = { ok: true; rows: Columns } | { ok: false; code: string; message: string };

function thrown(e: unknown): Verdict {
  const err = e as { code?: unknown; message?: unknown };
  return { ok: false, code: typeof err.code === "string" ? err.code : "THROWN", message: String(err.message) };
}

function rowsAsColumns(meta: KernelModule["meta"], rows: Row[]): Columns {
  const columns: Cell[][] = meta.columns.map((col) =>
    rows.map((row) => {
      const v = row[col.name];
      if (v === null || v === undefined) return null;
      if (col.type === "f64") return f64Bits(v as number);
      if (col.type === "bool") return v as boolean;
      return BigInt(v as number | bigint);
    }),
  );
  return {
    names: meta.columns.map((c) => c.name),
    types: meta.columns.map((c) => c.type),
    rows: rows.length,
    columns,
    metadata: new Map(),
  };
}

const KIND_NAMES = ["", "add", "cancel", "delete", "modify", "execute", "trade", "level", "clear", "status"] as const;

/** Record `r` of `view` as the live event a feed would push. */
function eventAt(view: ByteView, r: number): EventInput {
  const o = F.HEADER_LEN + F.RECORD_LEN * r;
  const side = view.getUint8(o + F.R_SIDE);
  const aggressor = view.getUint8(o + F.R_AGGRESSOR);
  const flags = view.getUint8(o + F.R_FLAGS);
  return {
    kind: KIND_NAMES[view.getUint8(o + F.R_KIND)] as EventInput["kind"],
    exchangeTs: view.getBigInt64(o + F.R_EXCHANGE_TS, true),
    ingestTs: view.getBigInt64(o + F.R_INGEST_TS, true),
    sequence: view.getBigUint64(o + F.R_SEQUENCE, true),
    orderId: view.getBigUint64(o + F.R_ORDER_ID, true),
    side: side === F.SIDE_BID ? "bid" : side === F.SIDE_ASK ? "ask" : undefined,
    price: Number(view.getBigInt64(o + F.R_PRICE, true)),
    size: Number(view.getBigInt64(o + F.R_SIZE, true)),
    aggressor: aggressor === F.AGGRESSOR_BUY ? "buy" : aggressor === F.AGGRESSOR_SELL ? "sell" : undefined,
    last: (flags & F.FLAG_LAST) !== 0,
    snapshot: (flags & F.FLAG_SNAPSHOT) !== 0,
    gap: (flags & F.FLAG_GAP) !== 0,
    badBook: (flags & F.FLAG_BAD_BOOK) !== 0,
    badTs: (flags & F.FLAG_BAD_TS) !== 0,
    aux: view.getBigInt64(o + F.R_AUX, true),
  };
}

/**
 * The online engine over the log at `input`: its records pushed one by one (`pushLog`), or, with
 * `events`, each record pushed as a live event (`push(EventInput)`) and then `flush()`, which
 * ends a trailing packet as the end of a file does in the batch engines. Every row a listener gets.
 */
function online(module: KernelModule, input: string, lenient: boolean, events: boolean): Verdict {
  try {
    const reader = LogReader.open(input);
    const h = reader.header;
    const engine = new OnlineEngine(module, {
      capacity: 64,
      priceDecimals: h.priceDecimals,
      sizeDecimals: h.sizeDecimals,
      bookKind: h.bookKind,
      lenient,
    });
    const rows: Row[] = [];
    engine.onRow((row) => rows.push(row));
    // Live events end with `flush()`, as a feed's end of input; a log's end ends its last packet
    // by itself (docs/online.md), so a replayed log is not flushed.
    if (events) {
      for (let r = 0; r < h.recordCount; r++) engine.push(eventAt(reader.view, r));
      engine.flush();
    } else engine.pushLog(reader);
    return { ok: true, rows: rowsAsColumns(module.meta, rows) };
  } catch (e) {
    return thrown(e);
  }
}

/** A dataset's two kernels, built (or found in the cache) once for every log it runs over. */
export interface DatasetKernels {
  name: string;
  built: BuiltKernel;
  module: KernelModule;
  /** Labels: batch only (docs/language.md section 10). */
  labels: boolean;
}

export async function buildDataset(built: BuiltKernel): Promise<DatasetKernels> {
  const module = await loadTsKernel(built.jsModulePath);
  return { name: built.program.name, built, module, labels: module.meta.labels !== undefined };
}

/** Codes no input may produce: a panic caught at the boundary, an internal error, an uncoded throw. */
const NEVER = ["PANIC", "INTERNAL", "THROWN", "PARTIAL_OUTPUT"];

/** What one log gave: the first difference between the engines, if any, and the native verdict. */
export interface LogOutcome {
  /** One line that begins with the log's label; undefined when the engines agree. */
  failure?: string;
  /** `accepted` or the native engine's error code. */
  verdict: string;
  rows: number;
}

/** Runs the dataset over one log in every engine and compares what they gave. */
export async function checkLog(kernels: DatasetKernels, log: LogCase, dir: string): Promise<LogOutcome> {
  const verdicts = await runAll(kernels, log, dir);
  const native = verdicts[0][1];
  return {
    failure: compare(log, verdicts),
    verdict: native.ok ? "accepted" : native.code,
    rows: native.ok ? native.rows.rows : 0,
  };
}

async function runAll(kernels: DatasetKernels, log: LogCase, dir: string): Promise<[string, Verdict][]> {
  rmSync(dir, { recursive: true, force: true });
  const source = writeCase(dir, log.base, log.bytes);
  const input = join(source, log.base.symbol, `${log.base.date}.q`);
  const pair = { nativeLibPath: kernels.built.nativeLibPath!, module: kernels.module };
  const settings = { lenient: log.lenient };
  const verdicts: [string, Verdict][] = [];
  for (const engine of ["native", "ts"] as const) {
    const outcome = await runEngine(engine, pair, input, join(dir, engine, "part-0.parquet"), settings);
    const leftBehind = !outcome.ok && filesUnder(join(dir, engine)).length > 0;
    verdicts.push([
      engine,
      outcome.ok
        ? { ok: true, rows: readParquetColumns(outcome.output) }
        : leftBehind
          ? { ok: false, code: "PARTIAL_OUTPUT", message: `refused the log (${outcome.code}) but left output behind` }
          : { ok: false, code: outcome.code, message: outcome.message },
    ]);
  }
  if (!kernels.labels) {
    verdicts.push(["online", online(kernels.module, input, log.lenient, false)]);
    // Live events carry no log header (no time range to check them against), so only a log the
    // native engine accepts is pushed as events.
    if (verdicts[0][1].ok) verdicts.push(["events", online(kernels.module, input, log.lenient, true)]);
  }
  return verdicts;
}

/** The first difference between the engines' verdicts over `log`, or undefined. */
function compare(log: LogCase, verdicts: [string, Verdict][]): string | undefined {
  const [reference, expected] = verdicts[0];
  for (const [engine, verdict] of verdicts) {
    if (!verdict.ok && NEVER.includes(verdict.code))
      return `${log.label}: ${engine} failed with ${verdict.code}: ${verdict.message.split("\n")[0]}`;
  }
  for (const [engine, verdict] of verdicts.slice(1)) {
    const said = (v: Verdict) => (v.ok ? `${v.rows.rows} rows` : `${v.code} (${reason(v.message).split("\n")[0]})`);
    if (verdict.ok !== expected.ok || (!verdict.ok && !expected.ok && verdict.code !== expected.code))
      return `${log.label}: ${engine} gave ${said(verdict)}, ${reference} ${said(expected)}`;
    if (verdict.ok && expected.ok) {
      const difference = firstDifference(expected.rows, verdict.rows);
      if (difference !== null) return `${log.label}: ${engine} rows differ from ${reference}: ${difference}`;
    } else if (!verdict.ok && !expected.ok && engine !== "events" && expected.code !== "IO") {
      if (reason(verdict.message) !== reason(expected.message))
        return `${log.label}: ${engine} says '${reason(verdict.message)}', ${reference} '${reason(expected.message)}'`;
    }
  }
  return undefined;
}

/** One dataset's outcome: the first failure over its logs, and the time it took, its build included. */
export interface DatasetOutcome {
  dataset: GeneratedDataset;
  failure?: string;
  seconds: number;
  /** Rows the native engine wrote over all logs, to see that a case computed something. */
  rows: number;
  /** The native verdict over each log, by label: `accepted` or an error code. */
  verdicts: string[];
}

/**
 * The datasets, compiled as one spec file (`text`, every dataset of it: a generator that makes
 * a spec that does not compile fails its cases), each built into its two kernels and checked
 * over every log in `logs`. `forget`: remove each kernel from the cache once checked (a long
 * campaign would otherwise keep a kernel for every case).
 */
export async function checkDatasets(
  datasets: GeneratedDataset[],
  logs: LogCase[],
  options: { dir: string; cacheDir: string; forget: boolean; fileName?: string },
): Promise<DatasetOutcome[]> {
  const text = datasets.map((d) => d.text).join("\n");
  const compiled = compileSource(text, options.fileName ?? join(options.dir, "random.feat"), { allDatasets: true });
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !compiled.programs) {
    // The spec as a whole does not compile: each dataset alone says which of them is wrong.
    return datasets.map((dataset) => {
      const alone = compileSource(dataset.text, "random.feat").diagnostics.filter((d) => d.severity === "error");
      const first = alone[0] ?? errors[0];
      return {
        dataset,
        failure: `does not compile: ${first ? `${first.code} line ${first.primary.span.line}: ${first.message}` : "no program"}`,
        seconds: 0,
        rows: 0,
        verdicts: [],
      };
    });
  }
  const outcomes: DatasetOutcome[] = [];
  for (const [k, program] of compiled.programs.entries()) {
    const started = performance.now();
    const outcome: DatasetOutcome = { dataset: datasets[k], seconds: 0, rows: 0, verdicts: [] };
    let built: BuiltKernel | undefined;
    try {
      built = buildKernel(program, { cacheDir: options.cacheDir });
      const kernels = await buildDataset(built);
      for (const [i, log] of logs.entries()) {
        const { failure, verdict, rows } = await checkLog(kernels, log, join(options.dir, `${program.name}-${i}`));
        rmSync(join(options.dir, `${program.name}-${i}`), { recursive: true, force: true });
        outcome.rows += rows;
        outcome.verdicts.push(verdict);
        if (failure !== undefined) {
          outcome.failure = log.damage ? `${failure} [damage: ${log.damage}]` : failure;
          break;
        }
      }
    } catch (e) {
      outcome.failure = `uncaught ${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
    } finally {
      if (built && options.forget) forgetKernel(built, options.cacheDir);
    }
    outcome.seconds = (performance.now() - started) / 1000;
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Removes a kernel's cache entry and its crate's build artifacts (compiler/build/buildKernel.ts). */
export function forgetKernel(built: BuiltKernel, cacheDir: string): void {
  rmSync(built.dir, { recursive: true, force: true });
  const crate = `featc_kernel_${shortHash(built.irHash)}`;
  for (const sub of ["release", join("release", "deps"), join("release", ".fingerprint")]) {
    const folder = join(cacheDir, "target", sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder))
      if (name.startsWith(crate) || name.startsWith(`lib${crate}`))
        rmSync(join(folder, name), { recursive: true, force: true });
  }
}
