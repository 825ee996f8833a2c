// A short look at a Parquet file for the terminal: rows, columns with types, first rows. The
// native addon reads the footer and the first rows (native/addon/src/api/parquet_head.rs):
// the process has it loaded already, where parquet-wasm cost a second of CPU compiling its
// WebAssembly to print five rows, and only the rows shown are decoded, whatever the file's size.
// Without the addon, parquet-wasm reads them instead (./parquetHeadWasm.ts), the same text.
import { type ParquetHead, nativeAvailable, parquetHead } from "../../runtime/native/binding.js";
import { isoNs } from "./isoNs.js";

export { isoNs };

/** A cell as the summary shows it: floats to 8 significant digits, whole numbers as they are. */
function cell(kind: string, text: string | null): string {
  if (text === null) return "null";
  if (kind === "timestamp") return isoNs(BigInt(text));
  if (kind === "float") {
    const v = Number(text);
    return Number.isInteger(v) ? String(v) : v.toPrecision(8);
  }
  return text;
}

/** The summary of `path` from `file`, its footer's row count and first rows. */
export function summaryText(path: string, file: ParquetHead, head = 5): string {
  const names = file.columns.map((c) => c.name);
  const lines = [
    `${path}: ${file.rows} rows, ${names.length} columns`,
    "  " + file.columns.map((c) => `${c.name}: ${c.type}`).join(", "),
  ];
  const shown = Array.from({ length: Math.min(head, file.rows) }, (_, r) =>
    file.columns.map((c) => cell(c.kind, c.cells[r] ?? null)),
  );
  const widths = names.map((n, c) => Math.max(n.length, ...shown.map((row) => row[c].length)));
  if (shown.length) {
    lines.push("  " + names.map((n, c) => n.padStart(widths[c])).join("  "));
    for (const row of shown) lines.push("  " + row.map((v, c) => v.padStart(widths[c])).join("  "));
  }
  return lines.join("\n");
}

/**
 * The summary of `path`: its footer and first rows read by the addon, or, where the addon is
 * not there (a run of the TypeScript engine alone), by parquet-wasm (./parquetHeadWasm.ts).
 */
export async function summarizeParquet(path: string, head = 5): Promise<string> {
  if (nativeAvailable()) return summaryText(path, parquetHead(path, head), head);
  const { parquetHeadWasm } = await import("./parquetHeadWasm.js");
  return summaryText(path, await parquetHeadWasm(path, head), head);
}
