// A preview as JSON (exact: int64 as decimal strings, timestamps as ISO-8601 with nanoseconds,
// floats as JSON numbers save those JSON cannot hold) and as a table for a terminal or an
// editor's output (floats to 10 significant digits, nulls as `null`, columns aligned).
import type { ColumnData } from "../../runtime/batch/columnarRows.js";
import { isoNs } from "../cli/isoNs.js";
import type { PreviewResult } from "./preview.js";
import type { ColumnSummary } from "./summary.js";

/** A float JSON holds exactly; NaN, the infinities and -0 (which JSON would print as 0) as strings. */
export function jsonFloat(x: number): number | string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x;
}

/** A value of `column` at `row` as JSON. */
export function jsonCell(column: ColumnData, row: number): number | string | boolean | null {
  if (column.valid[row] === 0) return null;
  const v = column.values[row];
  if (column.type === "f64") return jsonFloat(v as number);
  if (column.type === "bool") return v === 1;
  if (column.type === "timestamp") return isoNs(v as bigint);
  return String(v);
}

function jsonSummary(s: ColumnSummary): Record<string, unknown> {
  const base = { name: s.name, type: s.type, count: s.count, nulls: s.nulls };
  const orNull = <T, U>(v: T | null, f: (v: T) => U) => (v === null ? null : f(v));
  switch (s.type) {
    case "f64":
      return {
        ...base,
        nan: s.nan,
        min: orNull(s.min, jsonFloat),
        max: orNull(s.max, jsonFloat),
        mean: orNull(s.mean, jsonFloat),
      };
    case "i64":
      return {
        ...base,
        min: orNull(s.min, String),
        max: orNull(s.max, String),
        sum: String(s.sum),
        mean: orNull(s.mean, jsonFloat),
      };
    case "timestamp":
      return { ...base, min: orNull(s.min, isoNs), max: orNull(s.max, isoNs), mean: orNull(s.mean, isoNs) };
    case "bool":
      return { ...base, trues: s.trues, min: s.min, max: s.max, mean: orNull(s.mean, jsonFloat) };
  }
}

/** The first rows as objects by column name. */
export function headRows(result: PreviewResult): Record<string, unknown>[] {
  const n = Math.min(result.head, result.rows);
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < n; r++) rows.push(Object.fromEntries(result.columns.map((c) => [c.name, jsonCell(c, r)])));
  return rows;
}

/** The preview as one JSON value (what `featc preview --json` prints and the language server returns). */
export function previewJson(result: PreviewResult) {
  return {
    dataset: result.dataset,
    irHash: result.irHash,
    log: { source: result.source, symbol: result.symbol, files: result.files, sample: result.sample },
    window: {
      from: result.window.fromNs !== undefined ? isoNs(result.window.fromNs) : null,
      to: result.window.toNs !== undefined ? isoNs(result.window.toNs) : null,
    },
    ...(result.warmUpNote ? { warmUpNote: result.warmUpNote } : {}),
    records: result.records,
    packets: result.packets,
    rows: result.rows,
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    head: headRows(result),
    summary: result.summary.map(jsonSummary),
    kernelCached: result.kernelCached,
    timings: {
      kernelMs: round(result.timings.kernelMs),
      runMs: round(result.timings.runMs),
      totalMs: round(result.timings.totalMs),
    },
  };
}

export type PreviewJson = ReturnType<typeof previewJson>;

const round = (ms: number) => Math.round(ms * 10) / 10;

/** A float for reading: 10 significant digits, no trailing zeros. */
function textFloat(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Object.is(x, -0)) return "-0";
  return String(Number(x.toPrecision(10)));
}

function textCell(column: ColumnData, row: number): string {
  if (column.valid[row] === 0) return "null";
  const v = column.values[row];
  if (column.type === "f64") return textFloat(v as number);
  if (column.type === "bool") return v === 1 ? "true" : "false";
  if (column.type === "timestamp") return isoNs(v as bigint);
  return String(v);
}

/** Lines of a table: a header, then the cells; numbers right-aligned, the rest left. */
function table(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const count = (n: number) => n.toLocaleString("en-US");

function summaryCells(s: ColumnSummary): string[] {
  const or = <T>(v: T | null, f: (v: T) => string) => (v === null ? "null" : f(v));
  const nan = s.type === "f64" && s.nan > 0 ? ` (${count(s.nan)} NaN)` : "";
  const head = [s.name, s.type, count(s.count) + nan, count(s.nulls)];
  switch (s.type) {
    case "f64":
      return [...head, or(s.min, textFloat), or(s.max, textFloat), or(s.mean, textFloat)];
    case "i64":
      return [...head, or(s.min, String), or(s.max, String), or(s.mean, textFloat)];
    case "timestamp":
      return [...head, or(s.min, isoNs), or(s.max, isoNs), or(s.mean, isoNs)];
    case "bool":
      return [...head, or(s.min, String), or(s.max, String), or(s.mean, textFloat)];
  }
}

/** The preview for reading: what ran on what, the first rows, the summary. */
export function previewTable(result: PreviewResult): string {
  const shown = Math.min(result.head, result.rows);
  const window =
    result.window.fromNs === undefined && result.window.toNs === undefined
      ? ""
      : `, from ${result.window.fromNs !== undefined ? isoNs(result.window.fromNs) : "the start"} to ${
          result.window.toNs !== undefined ? isoNs(result.window.toNs) : "the end"
        }`;
  const lines = [
    `${result.dataset} on ${result.symbol} ${result.files.length === 1 ? "" : `(${result.files.length} days) `}` +
      `(${result.sample ? `the bundled sample, LOBSTER ${result.symbol} 10 levels` : result.files.join(", ")})${window}: ` +
      `${count(result.rows)} rows from ${count(result.records)} events in ${(result.timings.totalMs / 1000).toFixed(2)} s`,
    "",
  ];
  if (result.rows === 0) lines.push("no rows: the dataset emitted none in the window");
  else if (shown > 0) {
    lines.push(
      shown === result.rows ? `all ${count(shown)} rows:` : `first ${count(shown)} of ${count(result.rows)} rows:`,
    );
    const rows = Array.from({ length: shown }, (_, r) => result.columns.map((c) => textCell(c, r)));
    const numeric = result.columns.map((c) => c.type === "f64" || c.type === "i64");
    lines.push(
      ...table(
        result.columns.map((c) => c.name),
        rows,
        numeric,
      ).map((l) => `  ${l}`),
    );
  }
  lines.push("", `summary of ${count(result.rows)} rows:`);
  const header = ["column", "type", "count", "nulls", "min", "max", "mean"];
  const numeric = [false, false, true, true, true, true, true];
  lines.push(...table(header, result.summary.map(summaryCells), numeric).map((l) => `  ${l}`));
  return lines.join("\n") + "\n";
}
