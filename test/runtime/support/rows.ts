// Collected columns as row objects, for readable expectations.

import type { ColumnData } from "../../../runtime/batch/columnarRows.js";
import type { Row } from "../../../runtime/online/ringBuffer.js";

export function rowObjects(columns: readonly ColumnData[], rows: number): Row[] {
  const out: Row[] = [];
  for (let r = 0; r < rows; r++) {
    const row: Row = {};
    for (const c of columns) {
      if (c.valid[r] === 0) row[c.name] = null;
      else if (c.type === "bool") row[c.name] = c.values[r] === 1;
      else if (c.type === "i64") row[c.name] = Number(c.values[r]);
      else row[c.name] = c.values[r];
    }
    out.push(row);
  }
  return out;
}

/** Only the named fields of each row. */
export function pick(rows: Row[], ...names: string[]): Row[] {
  return rows.map((row) => Object.fromEntries(names.map((n) => [n, row[n]])));
}
