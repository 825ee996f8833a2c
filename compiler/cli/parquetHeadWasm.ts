// The summary's look at a Parquet file where the native addon is not there (a machine that runs
// only the TypeScript engine): the same shape as the addon's `parquetHead`, from parquet-wasm
// and apache-arrow, which such a run has loaded to write the file anyway. The file is read into
// memory whole (parquet-wasm reads from bytes), but only the rows shown are decoded (`limit`);
// the row count comes from the footer.
import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import * as parquet from "parquet-wasm";
import type { ParquetHead } from "../../runtime/native/binding.js";

/** Nanoseconds per unit of apache-arrow's `TimeUnit` (SECOND, MILLISECOND, MICROSECOND, NANOSECOND). */
const NS_PER_UNIT = [1_000_000_000n, 1_000_000n, 1_000n, 1n];

/** Row `r`'s stored 64-bit integer, from whichever chunk holds it. */
function rawInt64(chunks: readonly { length: number; values: unknown }[], r: number): bigint {
  for (const chunk of chunks) {
    if (r < chunk.length) return (chunk.values as BigInt64Array)[r];
    r -= chunk.length;
  }
  throw new RangeError(`row ${r} is past the column's end`);
}

function kindOf(type: string): string {
  if (type.startsWith("Timestamp")) return "timestamp";
  if (type.startsWith("Float")) return "float";
  if (type.startsWith("Int") || type.startsWith("Uint")) return "int";
  if (type === "Bool") return "bool";
  return "string";
}

export async function parquetHeadWasm(path: string, head: number): Promise<ParquetHead> {
  const bytes = new Uint8Array(readFileSync(path));
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  const rows = Number(file.metadata().fileMetadata().numRows());
  const table = tableFromIPC(parquet.readParquet(bytes, { limit: Math.max(head, 1) }).intoIPCStream());
  const shown = Math.min(head, table.numRows);
  const columns = table.schema.fields.map((field, c) => {
    const type = String(field.type);
    const kind = kindOf(type);
    const vector = table.getChildAt(c)!;
    const cells = Array.from({ length: shown }, (_, r): string | null => {
      if (!vector.isValid(r)) return null;
      if (kind === "timestamp") {
        // The stored integer, not `get`'s milliseconds as a double (which drops nanoseconds).
        const unit = (field.type as { unit: number }).unit;
        return String(rawInt64(vector.data, r) * NS_PER_UNIT[unit]);
      }
      return String(vector.get(r));
    });
    return { name: field.name, type, kind, cells };
  });
  return { rows, columns };
}
