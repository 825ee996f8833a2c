// Which (symbol, day) logs an extraction reads and where each output goes, grouped into one
// stream per symbol (its days in date order, replayed as one, docs/language.md section 4.1).
// Deterministic, so `--shard K/N` splits the same symbols the same way on every machine
// whatever order they are given in (docs/architecture.md section 2).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { durationValue } from "../check/literals.js";
import { parseIsoTimeNs, TimeSyntaxError } from "./isoTime.js";

export interface ExtractJob {
  symbol: string;
  date: string;
  input: string;
  output: string;
}

export interface PlanOptions {
  source: string;
  symbols: string[];
  out: string;
  /** Inclusive UTC dates `YYYY-MM-DD` bounding the logs read. */
  fromDate?: string;
  toDate?: string;
  /** 1-based shard index and count. */
  shard?: { index: number; count: number };
}

/** One symbol's day files, in date order: one stream. */
export interface ExtractStream {
  symbol: string;
  files: ExtractJob[];
}

export class PlanError extends Error {
  readonly code = "PLAN";
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.q$/;

/**
 * The streams of an extraction: one per symbol, symbols sorted and without repeats; `--shard`
 * takes every N-th symbol, so a symbol's days always stay in one shard and one stream.
 */
export function planStreams(o: PlanOptions): ExtractStream[] {
  const symbols = [...new Set(o.symbols)].sort();
  const streams = symbols
    .map((symbol) => ({ symbol, files: planJobs({ ...o, symbols: [symbol], shard: undefined }) }))
    .filter((stream) => stream.files.length > 0);
  if (streams.length === 0)
    throw new PlanError(`no .q logs for ${o.symbols.join(",")} in ${o.source} within the requested dates`);
  if (!o.shard) return streams;
  return streams.filter((_, i) => i % o.shard!.count === o.shard!.index - 1);
}

function planJobs(o: PlanOptions): ExtractJob[] {
  const jobs: ExtractJob[] = [];
  for (const symbol of o.symbols) {
    const dir = join(o.source, symbol);
    if (!existsSync(dir))
      throw new PlanError(`no logs for ${symbol}: ${dir} does not exist (import data with \`featc import\`)`);
    for (const name of readdirSync(dir).sort()) {
      const m = DAY_FILE.exec(name);
      if (!m) continue;
      const date = m[1];
      if (o.fromDate && date < o.fromDate) continue;
      if (o.toDate && date > o.toDate) continue;
      jobs.push({ symbol, date, input: join(dir, name), output: join(o.out, symbol, `${date}.parquet`) });
    }
  }
  return jobs;
}

/** `K/N` -> { index: K, count: N }. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new PlanError(`--shard takes K/N with 1 <= K <= N, got "${text}"`);
  return { index, count };
}

/** An ISO-8601 time (`2024-01-20T10:00Z`, or a date) -> int64 ns since the epoch; UTC without an offset. */
export function parseTimeNs(text: string): bigint {
  try {
    return parseIsoTimeNs(text);
  } catch (e) {
    if (e instanceof TimeSyntaxError) throw new PlanError(e.message);
    throw e;
  }
}

export function utcDate(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);
}

/** A duration flag (`90s`, `2h`, `1.5m`) -> ns; `flag` names it in the error. */
export function parseDurationNs(text: string, flag: string): bigint {
  const value = /^(\d+)(?:\.(\d+))?(ns|us|ms|s|m|h)$/.test(text) ? durationValue(text) : null;
  if (value === null || !value.ok)
    throw new PlanError(`${flag} takes a duration in whole nanoseconds such as 90s, 2h or 1.5m, got "${text}"`);
  return value.ns;
}
