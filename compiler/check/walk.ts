// The direct subexpressions of a typed expression, spelled out per node kind so that a node
// kind added to the typed tree fails to compile here, rather than being skipped by a walk.

import type { TypedExpr } from "./typed.js";

export function children(e: TypedExpr): TypedExpr[] {
  switch (e.kind) {
    case "const":
    case "bookLevels":
    case "bookDerived":
    case "event":
    case "trade":
    case "flow":
    case "row":
    case "quality":
    case "param":
    case "let":
      return [];
    case "bookLevel":
      return [e.level];
    case "bookDepth":
      return [e.levels];
    case "arithmetic":
    case "compare":
    case "logic":
    case "coalesce":
      return [e.left, e.right];
    case "neg":
    case "not":
    case "isNull":
    case "toF64":
    case "toI64":
    case "log":
      return [e.operand];
    case "if":
      return [e.condition, e.then, e.else];
    case "temporal":
      return [e.input, ...[e.window, e.capacity, e.q].filter((c): c is TypedExpr => c !== undefined)];
    case "future":
      return [e.input, e.horizon];
    case "call":
      return e.args;
  }
}
