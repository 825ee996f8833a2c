// Rows collected column-wise for the batch path: one growable typed array per column in the
// storage Arrow and Parquet use (f64 as float64 bits, i64 and timestamps as int64, bool as
// bytes), plus a validity byte per value. Nulls hold 0, as in the native RowBatch. Given a
// group size, the rows go out a group at a time instead (the Parquet path's row groups) and the
// arrays never grow past one group.

import type { ColumnTypeName, KernelMeta, RowSink } from "../kernel.js";
import { safeIntegerHi, safeIntegerLo } from "../log/int64.js";

export interface ColumnData {
  name: string;
  type: ColumnTypeName;
  /** f64: Float64Array; i64 and timestamp: BigInt64Array; bool: Uint8Array of 0/1. */
  values: Float64Array | BigInt64Array | Uint8Array;
  /** 1 value, 0 null. */
  valid: Uint8Array;
}

const INITIAL_ROWS = 1024;

/** Receives a full group of rows: views over the collector's arrays, valid until it returns. */
export type GroupSink = (columns: ColumnData[], rows: number) => void;
const NO_F64 = new Float64Array(0);
const NO_WORDS = new Int32Array(0);
const NO_BOOL = new Uint8Array(0);

export class ColumnarRows implements RowSink {
  readonly columns: readonly { name: string; type: ColumnTypeName }[];
  rows = 0;
  private capacity = INITIAL_ROWS;
  private col = 0;
  private readonly columnCount: number;
  private numbers: Float64Array[];
  /** int64 columns as Int32Array words over a BigInt64Array's memory: no BigInt per value. */
  private words: Int32Array[];
  private bools: Uint8Array[];
  private valid: Uint8Array[];

  /** `group`: hand every `group.rows` rows to `group.sink` and start again (absent: keep all). */
  constructor(
    meta: Pick<KernelMeta, "columns">,
    private readonly group?: { rows: number; sink: GroupSink },
  ) {
    this.columns = meta.columns.map((c) => ({ name: c.name, type: c.type }));
    this.columnCount = this.columns.length;
    this.numbers = this.columns.map((c) => (c.type === "f64" ? new Float64Array(this.capacity) : NO_F64));
    this.words = this.columns.map((c) =>
      c.type === "i64" || c.type === "timestamp" ? new Int32Array(2 * this.capacity) : NO_WORDS,
    );
    this.bools = this.columns.map((c) => (c.type === "bool" ? new Uint8Array(this.capacity) : NO_BOOL));
    this.valid = this.columns.map(() => new Uint8Array(this.capacity));
  }

  putF64(value: number, valid: boolean): void {
    const c = this.col;
    this.numbers[c][this.rows] = valid ? (value !== value ? NaN : value) : 0;
    this.valid[c][this.rows] = valid ? 1 : 0;
    this.nextColumn();
  }

  putI64(value: number, valid: boolean): void {
    const c = this.col;
    const w = this.words[c];
    w[2 * this.rows] = valid ? safeIntegerLo(value) | 0 : 0;
    w[2 * this.rows + 1] = valid ? safeIntegerHi(value) : 0;
    this.valid[c][this.rows] = valid ? 1 : 0;
    this.nextColumn();
  }

  putBool(value: boolean, valid: boolean): void {
    const c = this.col;
    this.bools[c][this.rows] = valid && value ? 1 : 0;
    this.valid[c][this.rows] = valid ? 1 : 0;
    this.nextColumn();
  }

  putTimestamp(hi: number, lo: number, valid: boolean): void {
    const c = this.col;
    const w = this.words[c];
    w[2 * this.rows] = valid ? lo | 0 : 0;
    w[2 * this.rows + 1] = valid ? hi : 0;
    this.valid[c][this.rows] = valid ? 1 : 0;
    this.nextColumn();
  }

  /** The collected columns, trimmed to `rows`. */
  finish(): ColumnData[] {
    return this.view().map((c) => ({ ...c, values: c.values.slice(), valid: c.valid.slice() }));
  }

  /** Hands the rows collected since the last group to the group sink, even none. */
  flushGroup(): void {
    this.group!.sink(this.view(), this.rows);
    this.rows = 0;
  }

  /** The collected columns as views over the arrays, trimmed to `rows`. */
  private view(): ColumnData[] {
    const n = this.rows;
    return this.columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      values:
        c.type === "f64"
          ? this.numbers[i].subarray(0, n)
          : c.type === "bool"
            ? this.bools[i].subarray(0, n)
            : new BigInt64Array(this.words[i].buffer, 0, n),
      valid: this.valid[i].subarray(0, n),
    }));
  }

  private nextColumn(): void {
    if (++this.col < this.columnCount) return;
    this.col = 0;
    if (++this.rows === this.group?.rows) this.flushGroup();
    else if (this.rows === this.capacity) this.grow();
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    this.numbers = this.numbers.map((a) => (a.length > 0 ? copyInto(new Float64Array(capacity), a) : a));
    this.words = this.words.map((a) => (a.length > 0 ? copyInto(new Int32Array(2 * capacity), a) : a));
    this.bools = this.bools.map((a) => (a.length > 0 ? copyInto(new Uint8Array(capacity), a) : a));
    this.valid = this.valid.map((a) => copyInto(new Uint8Array(capacity), a));
    this.capacity = capacity;
  }
}

function copyInto<T extends Float64Array | Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source as never);
  return target;
}
