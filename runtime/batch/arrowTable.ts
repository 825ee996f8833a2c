// Collected columns as an Arrow table: f64 -> Float64, i64 -> Int64, bool -> Bool,
// timestamp -> Timestamp(ns, "UTC"), each nullable with a validity bitmap.

import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
} from "apache-arrow";
import type { ColumnTypeName } from "../kernel.js";
import type { ColumnData } from "./columnarRows.js";

export function toArrowTable(columns: readonly ColumnData[], rows: number): Table {
  const fields = columns.map((c) => new Field(c.name, arrowType(c.type), true));
  const children = columns.map((c, i) => {
    const nullCount = rows - countValid(c.valid);
    return makeData({
      type: fields[i].type,
      length: rows,
      nullCount,
      nullBitmap: nullCount > 0 ? packBits(c.valid) : null,
      // Arrow stores booleans as bits.
      data: c.type === "bool" ? packBits(c.values as Uint8Array) : c.values,
    } as never);
  });
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: rows, nullCount: 0, children });
  return new Table([new RecordBatch(schema, data)]);
}

function arrowType(type: ColumnTypeName): DataType {
  switch (type) {
    case "f64":
      return new Float64();
    case "i64":
      return new Int64();
    case "bool":
      return new Bool();
    case "timestamp":
      return new TimestampNanosecond("UTC");
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
