// How IR values are spelled in Rust: their types, zeros and f64 constants by their bits.

import type { IrType } from "../../ir/types.js";

export function rustType(t: IrType): string {
  switch (t.base) {
    case "f64":
      return "f64";
    case "bool":
      return "bool";
    default:
      return "i64";
  }
}

export function zero(t: IrType): string {
  switch (t.base) {
    case "f64":
      return "0.0f64";
    case "bool":
      return "false";
    default:
      return "0i64";
  }
}

/** An f64 constant by its bits, so no decimal round trip can change it. */
export function f64Literal(x: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x, true);
  return `f64::from_bits(0x${buf.getBigUint64(0, true).toString(16).padStart(16, "0")})`;
}
