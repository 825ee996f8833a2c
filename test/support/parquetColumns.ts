// Parquet -> plain columns for exact comparisons: f64 as their bits, int64 and timestamps as
// bigint, nulls as null. Read through parquet-wasm + apache-arrow (the writer-independent
// check with DuckDB lives in test/e2e).
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";

export type Cell = bigint | boolean | null;

export interface Columns {
  names: string[];
  types: string[];
  rows: number;
  /** columns[c][r]: f64 as BigInt bits, i64/timestamp as bigint, bool, or null. */
  columns: Cell[][];
  metadata: Map<string, string>;
}

const scratch = new DataView(new ArrayBuffer(8));
export function f64Bits(x: number): bigint {
  scratch.setFloat64(0, x, true);
  return scratch.getBigUint64(0, true);
}

/** The partition columns every extract file ends with (docs/formats/parquet.md), left out unless asked for. */
export const PARTITION_COLUMNS = ["symbol", "date"];

/** A file's columns; `symbol` and `date` (one value a file) are left out unless `partitions` is set. */
export function readParquetColumns(path: string, partitions = false): Columns {
  const table = tableFromIPC(readParquet(new Uint8Array(readFileSync(path))).intoIPCStream());
  const keep = table.schema.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => partitions || !(PARTITION_COLUMNS.includes(f.name) && String(f.type).startsWith("Dictionary")));
  const names = keep.map(({ f }) => f.name);
  const types = keep.map(({ f }) => String(f.type));
  // Raw chunk buffers, not `vector.get`: arrow's accessors turn timestamps into lossy
  // millisecond numbers.
  const columns: Cell[][] = keep.map(({ i: c }, k) => {
    const out: Cell[] = [];
    if (String(types[k]).startsWith("Dictionary")) {
      const vector = table.getChildAt(c)!;
      for (let r = 0; r < vector.length; r++) out.push(vector.get(r) as never);
      return out;
    }
    for (const d of table.getChildAt(c)!.data) {
      const bitmap = d.nullCount > 0 ? d.nullBitmap : null;
      for (let i = 0; i < d.length; i++) {
        const at = d.offset + i;
        if (bitmap && ((bitmap[at >> 3] >> (at & 7)) & 1) === 0) out.push(null);
        else if (d.values instanceof Float64Array) out.push(f64Bits(d.values[at]));
        else if (d.values instanceof BigInt64Array) out.push(d.values[at]);
        else if (types[k] === "Bool") out.push(((d.values[at >> 3] >> (at & 7)) & 1) === 1);
        else throw new Error(`unexpected column type ${types[k]} of ${names[k]}`);
      }
    }
    return out;
  });
  return { names, types, rows: table.numRows, columns, metadata: new Map(table.schema.metadata) };
}

/** The first difference between two column sets, or null when they are bit-identical. */
export function firstDifference(a: Columns, b: Columns): string | null {
  if (a.names.join() !== b.names.join()) return `columns differ: ${a.names} vs ${b.names}`;
  if (a.rows !== b.rows) return `row counts differ: ${a.rows} vs ${b.rows}`;
  for (let c = 0; c < a.names.length; c++) {
    for (let r = 0; r < a.rows; r++) {
      if (a.columns[c][r] !== b.columns[c][r])
        return `${a.names[c]} row ${r}: ${a.columns[c][r]} vs ${b.columns[c][r]}`;
    }
  }
  return null;
}

/** The rows of several files with the same columns, one after another (the first file's metadata). */
export function concatColumns(parts: Columns[]): Columns {
  const [first] = parts;
  return {
    ...first,
    rows: parts.reduce((n, p) => n + p.rows, 0),
    columns: first.names.map((_, c) => parts.flatMap((p) => p.columns[c])),
  };
}

/** The rows whose column `name` (a timestamp) is at or after `fromNs`. */
export function rowsFrom(table: Columns, name: string, fromNs: bigint): Columns {
  const c = table.names.indexOf(name);
  const keep = table.columns[c].map((v, r) => ((v as bigint) >= fromNs ? r : -1)).filter((r) => r >= 0);
  return { ...table, rows: keep.length, columns: table.columns.map((col) => keep.map((r) => col[r])) };
}
