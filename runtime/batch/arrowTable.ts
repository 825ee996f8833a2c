// Collected columns as an Arrow table: f64 -> Float64, i64 -> Int64, bool -> Bool,
// timestamp -> Timestamp(ns, "UTC") (or microseconds, floored), each nullable with a validity
// bitmap; then the partition columns (`symbol`, `date`), dictionary-encoded strings of one value.
// The mirror of native/addon/src/arrow_batch.rs.

import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  TimestampNanosecond,
  Utf8,
} from "apache-arrow";
import type { ColumnTypeName } from "../kernel.js";
import type { ColumnData } from "./columnarRows.js";

/** How the kernel's columns become a file's (native `OutputLayout`). */
export interface OutputLayout {
  timestamps: "ns" | "us";
  /** Columns of one value for the whole file, after the kernel's. */
  partitions: [string, string][];
}

export const DEFAULT_LAYOUT: OutputLayout = { timestamps: "ns", partitions: [] };

export function toArrowTable(columns: readonly ColumnData[], rows: number, layout = DEFAULT_LAYOUT): Table {
  const fields = columns.map((c) => new Field(c.name, arrowType(c.type, layout.timestamps), true));
  const children = columns.map((c, i) => {
    const nullCount = rows - countValid(c.valid);
    const values =
      c.type === "timestamp" && layout.timestamps === "us" ? floorMicros(c.values as BigInt64Array) : c.values;
    return makeData({
      type: fields[i].type,
      length: rows,
      nullCount,
      nullBitmap: nullCount > 0 ? packBits(c.valid) : null,
      // Arrow stores booleans as bits.
      data: c.type === "bool" ? packBits(c.values as Uint8Array) : values,
    } as never);
  });
  for (const [name, value] of layout.partitions) {
    const type = new Dictionary(new Utf8(), new Int32());
    fields.push(new Field(name, type, false));
    const text = new TextEncoder().encode(value);
    const dictionary = makeVector(
      makeData({
        type: new Utf8(),
        length: 1,
        nullCount: 0,
        valueOffsets: new Int32Array([0, text.length]),
        data: text,
      }),
    );
    children.push(makeData({ type, length: rows, nullCount: 0, data: new Int32Array(rows), dictionary } as never));
  }
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children });
  return new Table([new RecordBatch(schema, data)]);
}

/** Nanoseconds floored to microseconds (native: `div_euclid(1000)`); a null's 0 stays 0. */
function floorMicros(ns: BigInt64Array): BigInt64Array {
  const out = new BigInt64Array(ns.length);
  for (let i = 0; i < ns.length; i++) {
    const v = ns[i];
    const q = v / 1000n;
    out[i] = v < 0n && q * 1000n !== v ? q - 1n : q;
  }
  return out;
}

function arrowType(type: ColumnTypeName, timestamps: "ns" | "us"): DataType {
  switch (type) {
    case "f64":
      return new Float64();
    case "i64":
      return new Int64();
    case "bool":
      return new Bool();
    case "timestamp":
      return timestamps === "us" ? new TimestampMicrosecond("UTC") : new TimestampNanosecond("UTC");
  }
}

function countValid(valid: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i];
  return n;
}

/** 0/1 bytes as an LSB-first bitmap. */
function packBits(bytes: Uint8Array): Uint8Array {
  const bits = new Uint8Array(Math.ceil(bytes.length / 64) * 8);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) bits[i >>> 3] |= 1 << (i & 7);
  return bits;
}
