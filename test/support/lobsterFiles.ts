// LOBSTER's own files as an independent reference (docs/formats/lobster.md): the orderbook
// file's rows are the book after each message, the message file the events. Used by the tests
// that recompute features from them with plain arithmetic.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { LogReader } from "../../runtime/log/reader.js";

export const LEVELS = 10;
/** The price of an empty level in the orderbook file. */
export const EMPTY = 9999999999;

export interface BookRow {
  askPx: number[];
  askSz: number[];
  bidPx: number[];
  bidSz: number[];
}

export function lines(path: string): string[] {
  return gunzipSync(readFileSync(path)).toString("utf8").trim().split("\n");
}

export function parseBook(line: string): BookRow {
  const v = line.split(",").map(Number);
  const row: BookRow = { askPx: [], askSz: [], bidPx: [], bidSz: [] };
  for (let i = 0; i < LEVELS; i++) {
    row.askPx.push(v[4 * i]);
    row.askSz.push(v[4 * i + 1]);
    row.bidPx.push(v[4 * i + 2]);
    row.bidSz.push(v[4 * i + 3]);
  }
  return row;
}

export const present = (px: number) => Math.abs(px) !== EMPTY;

/** Message time (seconds after midnight, up to 9 decimals) -> exact ns after midnight. */
export function timeNs(field: string): number {
  const [sec, frac = ""] = field.split(".");
  return Number(sec) * 1e9 + Number(frac.padEnd(9, "0"));
}

export const midOf = (b: BookRow) =>
  present(b.bidPx[0]) && present(b.askPx[0]) ? (b.bidPx[0] + b.askPx[0]) / 2 / 1e4 : null;

/** The message line of each packet of an imported log: the sequence number of its LAST record. */
export function packetMessageLines(logPath: string): number[] {
  const reader = LogReader.open(logPath);
  const packetLines: number[] = [];
  for (let i = 0; i < reader.recordCount; i++) {
    if (reader.flags(i) & 1) packetLines.push(Number(reader.view.getBigUint64(reader.recordOffset(i) + 16, true)));
  }
  return packetLines;
}

/** Equal within 1e-12, relative or absolute; nulls equal only nulls. */
export function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-12 + 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/** A Parquet cell as a number: f64 columns are read as their bits. */
export function toNumber(cell: bigint | boolean | null, type: string): number | null {
  if (cell === null) return null;
  if (type.startsWith("Float")) {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setBigUint64(0, cell as bigint, true);
    return dv.getFloat64(0, true);
  }
  return Number(cell);
}
