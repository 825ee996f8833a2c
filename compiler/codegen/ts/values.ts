// How IR values are spelled in TypeScript: int64 words, zeros and number literals.

import type { IrType } from "../../ir/types.js";

export const I64_MAX = "9007199254740991";

export function isTs(t: IrType): boolean {
  return t.base === "timestamp";
}

export function isInt(t: IrType): boolean {
  return t.base === "i64" || t.base === "duration";
}

export function zero(t: IrType): string {
  return t.base === "bool" ? "false" : "0";
}

/** A number literal that reads back to the same bits (`String` is shortest round-trip). */
export function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

/** Split an int64 into (hi signed, lo unsigned) words. */
export function splitI64(v: bigint): [string, string] {
  const u = BigInt.asUintN(64, v);
  const hi = Number(BigInt.asIntN(32, u >> 32n));
  const lo = Number(u & 0xffffffffn);
  return [String(hi), String(lo)];
}
