// How a row's values are stored in typed column arrays, shared by the sinks that keep rows in
// columns (the online ring buffer; the batch collector stores the same way). Plain functions
// of numbers: called per value, they allocate nothing.

/** A float as stored: one canonical NaN (docs/language.md section 6), 0 under a null. */
export function f64Cell(value: number, valid: boolean): number {
  return valid ? (value !== value ? NaN : value) : 0;
}

/** A bool as stored: 1 or 0, 0 under a null. */
export function boolCell(value: boolean, valid: boolean): number {
  return valid && value ? 1 : 0;
}

/** Writes the int64 `(hi, lo)` at `row` of little-endian word pairs (low word first), 0 under a null. */
export function putInt64Words(words: Int32Array, row: number, hi: number, lo: number, valid: boolean): void {
  words[2 * row] = valid ? lo | 0 : 0;
  words[2 * row + 1] = valid ? hi : 0;
}
