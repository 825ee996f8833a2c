// The last N rows of an online stream, one typed array per column plus a validity byte per
// value. Writing a row allocates nothing: timestamps go into a BigInt64Array through an
// Int32Array view of the same memory, so no BigInt is made until a row is read.

import type { ColumnTypeName, KernelMeta, RowSink } from "../kernel.js";
import { boolCell, f64Cell, putInt64Words } from "./cells.js";

export type RowValue = number | bigint | boolean | null;
/**
 * One row by column name. A null-prototype object: a column may be named anything a spec
 * allows, `__proto__`, `constructor` or `toString` included, and is an own property like any other.
 */
export type Row = Record<string, RowValue>;
export type ColumnValues = Float64Array | Uint8Array | BigInt64Array;

const NO_F64 = new Float64Array(0);
const NO_BOOL = new Uint8Array(0);
const NO_TS = new BigInt64Array(0);
const NO_WORDS = new Int32Array(0);

export class RingBuffer implements RowSink {
  readonly capacity: number;
  readonly columns: readonly { name: string; type: ColumnTypeName }[];
  /** Rows written since creation, including those overwritten since. */
  totalRows = 0;
  // Per column; a column uses the array of its type, the others hold empty placeholders so
  // every array of a kind has one element type.
  private readonly numbers: Float64Array[];
  private readonly bools: Uint8Array[];
  private readonly stamps: BigInt64Array[];
  private readonly stampWords: Int32Array[];
  private readonly valid: Uint8Array[];
  private readonly columnCount: number;
  /** Slot of the row being written, and its next column. */
  private slot = 0;
  private col = 0;
  /**
   * While set, every row completed is also appended here as a `Row`, before a later row can
   * overwrite its slot: how the online engine hands every row to its listeners, whatever the
   * capacity. Null (the default) costs nothing.
   */
  collector: Row[] | null = null;

  constructor(meta: Pick<KernelMeta, "columns">, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity ${capacity} must be a positive integer`);
    this.capacity = capacity;
    this.columns = meta.columns.map((c) => ({ name: c.name, type: c.type }));
    this.columnCount = this.columns.length;
    this.numbers = this.columns.map((c) =>
      c.type === "f64" || c.type === "i64" ? new Float64Array(capacity) : NO_F64,
    );
    this.bools = this.columns.map((c) => (c.type === "bool" ? new Uint8Array(capacity) : NO_BOOL));
    this.stamps = this.columns.map((c) => (c.type === "timestamp" ? new BigInt64Array(capacity) : NO_TS));
    this.stampWords = this.stamps.map((s) => (s.length > 0 ? new Int32Array(s.buffer) : NO_WORDS));
    this.valid = this.columns.map(() => new Uint8Array(capacity));
  }

  /** Rows held: at most `capacity`. */
  get length(): number {
    return this.totalRows < this.capacity ? this.totalRows : this.capacity;
  }

  putF64(value: number, valid: boolean): void {
    this.numbers[this.col][this.slot] = f64Cell(value, valid);
    this.nextColumn(valid);
  }

  putI64(value: number, valid: boolean): void {
    this.numbers[this.col][this.slot] = valid ? value : 0;
    this.nextColumn(valid);
  }

  putBool(value: boolean, valid: boolean): void {
    this.bools[this.col][this.slot] = boolCell(value, valid);
    this.nextColumn(valid);
  }

  putTimestamp(hi: number, lo: number, valid: boolean): void {
    putInt64Words(this.stampWords[this.col], this.slot, hi, lo, valid);
    this.nextColumn(valid);
  }

  /** The newest `n` rows (fewer if fewer are held), oldest first. */
  latest(n: number): Row[] {
    const count = n < this.length ? n : this.length;
    const rows: Row[] = [];
    for (let k = count; k >= 1; k--) rows.push(this.rowAt(this.slotOfNewest(k)));
    return rows;
  }

  /** A column's held values, oldest first (nulls hold 0; see `validity`). */
  column(name: string): ColumnValues {
    const c = this.indexOf(name);
    const type = this.columns[c].type;
    const source: ColumnValues =
      type === "bool" ? this.bools[c] : type === "timestamp" ? this.stamps[c] : this.numbers[c];
    return this.inOrder(source);
  }

  /** A column's validity bytes (1 value, 0 null), oldest first. */
  validity(name: string): Uint8Array {
    return this.inOrder(this.valid[this.indexOf(name)]);
  }

  /** Records the validity of the value just stored, then moves to the next column. */
  private nextColumn(valid: boolean): void {
    this.valid[this.col][this.slot] = valid ? 1 : 0;
    if (++this.col < this.columnCount) return;
    this.col = 0;
    this.totalRows++;
    if (this.collector !== null) this.collector.push(this.rowAt(this.slot));
    this.slot = this.slot + 1 === this.capacity ? 0 : this.slot + 1;
  }

  /** Slot of the k-th newest row, k >= 1. */
  private slotOfNewest(k: number): number {
    const s = this.slot - k;
    return s < 0 ? s + this.capacity : s;
  }

  private rowAt(slot: number): Row {
    const row: Row = Object.create(null) as Row;
    for (let c = 0; c < this.columnCount; c++) {
      const { name, type } = this.columns[c];
      if (this.valid[c][slot] === 0) row[name] = null;
      else if (type === "bool") row[name] = this.bools[c][slot] === 1;
      else if (type === "timestamp") row[name] = this.stamps[c][slot];
      else row[name] = this.numbers[c][slot];
    }
    return row;
  }

  private inOrder<T extends ColumnValues>(source: T): T {
    const n = this.length;
    const out = new (source.constructor as new (n: number) => T)(n);
    const start = this.slotOfNewest(n === 0 ? 1 : n);
    for (let k = 0; k < n; k++) {
      const s = start + k;
      (out as unknown as number[])[k] = (source as unknown as number[])[s >= this.capacity ? s - this.capacity : s];
    }
    return out;
  }

  private indexOf(name: string): number {
    const c = this.columns.findIndex((col) => col.name === name);
    if (c < 0)
      throw new RangeError(
        `no column ${JSON.stringify(name)}; columns: ${this.columns.map((col) => col.name).join(", ")}`,
      );
    return c;
  }
}
