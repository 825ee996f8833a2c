// How IR values are spelled in Rust: their types, zeros and f64 constants by their bits.

import type { BaseType, IrType } from "../../ir/types.js";

/** Timestamps and durations are int64 nanoseconds. */
const RUST_TYPES: Record<BaseType, string> = {
  f64: "f64",
  bool: "bool",
  i64: "i64",
  timestamp: "i64",
  duration: "i64",
};
const ZEROS: Record<BaseType, string> = {
  f64: "0.0f64",
  bool: "false",
  i64: "0i64",
  timestamp: "0i64",
  duration: "0i64",
};

export function rustType(t: IrType): string {
  return RUST_TYPES[t.base];
}

/** The value a null's slot holds, so later arithmetic never traps. */
export function zero(t: IrType): string {
  return ZEROS[t.base];
}

/** An f64 constant by its bits, so no decimal round trip can change it. */
export function f64Literal(x: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x, true);
  return `f64::from_bits(0x${buf.getBigUint64(0, true).toString(16).padStart(16, "0")})`;
}
