// The constant arguments of a typed temporal node with the parameter of the table each one
// fills: its accepted range and how messages name it. Used wherever constants are checked or
// folded after inlining, so every operator's constants are handled by one rule.

import type { TypedExpr } from "./typed.js";
import { builtinOf, type BuiltinParam, type ConstantRange, type ConstantSlot } from "../builtins/operators.js";

export const constantSlots: readonly ConstantSlot[] = ["window", "capacity", "q"];

export interface TemporalConstant {
  slot: ConstantSlot;
  value: TypedExpr;
  range: ConstantRange;
  what: string;
}

type TemporalNode = Extract<TypedExpr, { kind: "temporal" }>;

/** The node's constants in slot order, each with the range of the parameter it was given for. */
export function temporalConstants(expr: TemporalNode): TemporalConstant[] {
  const entry = builtinOf(expr.op);
  if (entry.kind !== "temporal") throw new Error(`internal: \`${expr.op}\` is not a temporal operator`);
  const found: TemporalConstant[] = [];
  for (const slot of constantSlots) {
    const value = expr[slot];
    if (!value) continue;
    const base = value.type.base as "i64" | "duration" | "f64";
    const param = entry.params.find(
      (p): p is Extract<BuiltinParam, { role: "constant" }> =>
        p.role === "constant" && p.slot === slot && p.types[base] !== undefined,
    );
    if (!param) throw new Error(`internal: no \`${slot}\` of type ${base} for \`${expr.op}\``);
    found.push({ slot, value, range: param.types[base]!, what: param.what });
  }
  return found;
}
