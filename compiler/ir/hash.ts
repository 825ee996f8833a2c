// The IR hash: names a kernel everywhere (cache keys, generated headers, Parquet metadata,
// the online engine), so a model can refuse rows from a kernel it was not trained on.
import { createHash } from "node:crypto";
import type { IrProgram } from "./types.js";

/** JSON with object keys sorted, so equal programs serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** sha-256 of the canonical JSON, minus `source` (moving a spec file does not change its meaning). */
export function irHash(program: IrProgram): string {
  const { source: _source, ...meaning } = program;
  return createHash("sha256").update(canonicalJson(meaning)).digest("hex");
}

/** The short form used in file and crate names. */
export function shortHash(hash: string): string {
  return hash.slice(0, 16);
}
