// Which (symbol, day) logs an extraction reads and where each output goes, grouped into one
// stream per symbol (its days in date order, replayed as one, docs/language.md section 4.1).
// Deterministic, so `--shard K/N` splits the same symbols the same way on every machine
// whatever order they are given in (docs/architecture.md section 2).
import { existsSync, readdirSync, readFileSync } from "node:fs";
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
  /** Symbols, `@file` (one a line, `#` comments) and globs (`BTC*`) over the folders of `source`. */
  symbols: string[];
  out: string;
  /** The dataset's name: its folder under `out`. */
  dataset: string;
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

/** The streams of an extraction, and what it could not find (warnings, not failures). */
export interface ExtractPlan {
  streams: ExtractStream[];
  /** Symbols asked for by name with no log folder, or no log within the dates. */
  missing: string[];
}

export class PlanError extends Error {
  readonly code = "PLAN";
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.q$/;

/**
 * Where a day's rows go: `<out>/<dataset>/symbol=<S>/date=<D>/part-0.parquet`, the Hive layout
 * that pyarrow, polars, DuckDB and Spark read as one dataset (docs/formats/parquet.md, "Layout").
 */
export function outputPath(out: string, dataset: string, symbol: string, date: string): string {
  return join(out, dataset, `symbol=${symbol}`, `date=${date}`, "part-0.parquet");
}

/** A symbol must be one folder name inside the source: no separator, no leading dot. */
function checkSymbol(symbol: string): void {
  if (symbol === "" || /[/\\\0]/.test(symbol) || symbol.startsWith("."))
    throw new PlanError(
      `symbol ${JSON.stringify(symbol)} is not a folder name of the source (no "/", "\\" or leading ".")`,
    );
}

function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** `--symbols` items as symbol names: `@file` read, globs matched against the source's folders. */
export function expandSymbols(source: string, items: string[]): { symbols: string[]; named: Set<string> } {
  const named = new Set<string>();
  const symbols = new Set<string>();
  const folders = () =>
    existsSync(source)
      ? readdirSync(source)
          .filter((n) => !n.startsWith("."))
          .sort()
      : [];
  const add = (item: string) => {
    const text = item.trim();
    if (text === "") return;
    if (text.startsWith("@")) {
      let lines: string[];
      try {
        lines = readFileSync(text.slice(1), "utf8").split(/\r?\n/);
      } catch (e) {
        throw new PlanError(`--symbols ${text}: cannot read ${text.slice(1)}: ${(e as Error).message}`);
      }
      for (const line of lines) if (!line.trim().startsWith("#")) add(line);
      return;
    }
    if (/[*?]/.test(text)) {
      const re = globRegex(text);
      for (const folder of folders()) if (re.test(folder)) symbols.add(folder);
      return;
    }
    checkSymbol(text);
    named.add(text);
    symbols.add(text);
  };
  items.forEach(add);
  return { symbols: [...symbols].sort(), named };
}

/**
 * The streams of an extraction: one per symbol, symbols sorted and without repeats; `--shard`
 * takes every N-th symbol of that list, so a symbol's days always stay in one shard and one
 * stream, whatever order the symbols were given in. A symbol with no logs is `missing`.
 */
export function planStreams(o: PlanOptions): ExtractPlan {
  checkSymbol(o.dataset);
  const { symbols } = expandSymbols(o.source, o.symbols);
  if (symbols.length === 0) throw new PlanError(`no symbols: ${o.symbols.join(",")} matches no folder of ${o.source}`);
  const chosen = o.shard ? symbols.filter((_, i) => i % o.shard!.count === o.shard!.index - 1) : symbols;
  const streams: ExtractStream[] = [];
  const missing: string[] = [];
  for (const symbol of chosen) {
    const files = dayFiles(o, symbol);
    if (files.length === 0) missing.push(symbol);
    else streams.push({ symbol, files });
  }
  // Some symbols without logs are a warning; none with logs is a mistake in the command.
  if (streams.length === 0 && missing.length > 0)
    throw new PlanError(
      `no logs for ${missing.join(", ")} in ${o.source} within the requested dates (import data with \`featc import\`)`,
    );
  return { streams, missing };
}

function dayFiles(o: PlanOptions, symbol: string): ExtractJob[] {
  const dir = join(o.source, symbol);
  if (!existsSync(dir)) return [];
  const jobs: ExtractJob[] = [];
  for (const name of readdirSync(dir).sort()) {
    const m = DAY_FILE.exec(name);
    if (!m) continue;
    const date = m[1];
    if (o.fromDate && date < o.fromDate) continue;
    if (o.toDate && date > o.toDate) continue;
    jobs.push({ symbol, date, input: join(dir, name), output: outputPath(o.out, o.dataset, symbol, date) });
  }
  return jobs;
}

/**
 * `K/N` -> { index: K, count: N } (K from 1). `env/N` takes K from the scheduler's 0-based
 * array index: `JOB_COMPLETION_INDEX` (a Kubernetes Indexed Job) or `SLURM_ARRAY_TASK_ID`, plus one.
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  const fromEnv = /^env\/(\d+)$/.exec(text);
  if (fromEnv) {
    const raw = env.JOB_COMPLETION_INDEX ?? env.SLURM_ARRAY_TASK_ID;
    if (raw === undefined || !/^\d+$/.test(raw))
      throw new PlanError(
        `--shard ${text} takes the shard from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (0-based), and neither is a number here`,
      );
    return parseShard(`${Number(raw) + 1}/${fromEnv[1]}`);
  }
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

/** `--max-faults`: `N` records, or `P%` of a file's records. */
export function parseMaxFaults(text: string): { count: number } | { fraction: number } {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (percent && Number(percent[1]) <= 100) return { fraction: Number(percent[1]) / 100 };
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { count: Number(text) };
  throw new PlanError(`--max-faults takes a record count (100) or a percentage (0.5%), got "${text}"`);
}
