// Key-value metadata that says where a Parquet file came from (docs/architecture.md section 6). The keys
// and value formats are shared with the native writer.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BOOK_FAULT_CODES } from "../errors.js";
import { fileURLToPath } from "node:url";

/** The featc package version, from the nearest package.json named `featc` above this file. */
export function featcVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "featc" && pkg.version) return pkg.version;
    } catch {
      // No package.json here: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

/** The Parquet footer's `created_by`, the same in both engines (native/addon/src/provenance.rs). */
export function createdBy(version: string): string {
  return `featc version ${version}`;
}

/** Nanoseconds since the epoch as ISO-8601 UTC with all nine fractional digits. */
export function isoNanos(ns: bigint): string {
  let seconds = ns / 1_000_000_000n;
  let fraction = ns % 1_000_000_000n;
  if (fraction < 0n) {
    seconds -= 1n;
    fraction += 1_000_000_000n;
  }
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(9, "0")}Z`;
}

/**
 * `featc.time_range`, as the native writer formats it: `<first>..<last> (<first_ns>..<last_ns> ns)`,
 * the exchange timestamps of the input's first and last record; `empty` without records.
 */
export function timeRangeValue(records: number, first: bigint, last: bigint): string {
  if (records === 0) return "empty";
  return `${isoNanos(first)}..${isoNanos(last)} (${first}..${last} ns)`;
}

/**
 * `featc.stream` and, for a warm-started run's first file, `featc.warm_start`, as the native
 * writer words them (native/addon/src/provenance.rs, `stream_metadata`). `previous` names the
 * file before it in the stream.
 */
export function streamMetadata(
  start: "first" | "continued" | "reset",
  resetReason: string | undefined,
  previous: string | undefined,
  warmUp: { ns: bigint; events: number } | undefined,
  warmStart: { asOfTs: bigint; record: number } | undefined,
): Record<string, string> {
  const before = previous ?? "the previous file";
  const why: Record<string, string> = {
    book_kind: `its book kind differs from ${before}'s`,
    decimals: `its price or size decimals differ from ${before}'s`,
    missing_day: `its date is not the day after ${before}'s (a day is missing)`,
    book: `the book it starts from is not the book ${before} closed with`,
  };
  const kv: Record<string, string> = {
    "featc.stream":
      start === "first"
        ? "first: no earlier file in this run; state starts empty"
        : start === "continued"
          ? `continued: book and state carried from ${before}`
          : `reset: ${why[resetReason ?? "book"]}; state starts empty`,
  };
  if (warmUp !== undefined) {
    const horizon = `warm-up ${warmUp.ns} ns and ${warmUp.events} events`;
    kv["featc.warm_start"] =
      warmStart !== undefined
        ? `from the book snapshot as of ${isoNanos(warmStart.asOfTs)} (record ${warmStart.record}), ${horizon}`
        : `none: no snapshot leaves the ${horizon} before the window; replayed from the first record`;
  }
  return kv;
}

/**
 * `featc.emit_window`, `featc.timestamps` and `featc.skipped`, as the native writer words them
 * (native/addon/src/provenance.rs, `run_metadata`): the window (`all`, or `<from>..<to>` with
 * `*` for an open end), the timestamp unit, and the skipped records by error code as JSON.
 */
export function runMetadata(
  fromNs: bigint | undefined,
  toNs: bigint | undefined,
  timestamps: "ns" | "us",
  faults: Record<string, number>,
): Record<string, string> {
  const window =
    fromNs === undefined && toNs === undefined
      ? "all"
      : `${fromNs === undefined ? "*" : isoNanos(fromNs)}..${toNs === undefined ? "*" : isoNanos(toNs)}`;
  // In the native order of codes (BOOK_FAULT_CODES), so both engines write the same text.
  const skipped = BOOK_FAULT_CODES.filter((code) => (faults[code] ?? 0) > 0).map((code) => `"${code}":${faults[code]}`);
  return {
    "featc.emit_window": window,
    "featc.timestamps": timestamps === "ns" ? "ns" : "us (nanoseconds floored to microseconds)",
    "featc.skipped": `{${skipped.join(",")}}`,
  };
}
