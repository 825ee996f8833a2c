// Human-readable text of a typed expression with parameters and `let`s replaced by what they
// stand for: the `label` of an IR state, e.g. `prev(book.bid.price)`.

import type { TypedExpr } from "../../check/typed.js";
import type { ConstValue } from "../../check/typed.js";

export interface DescribeScope {
  lookup(kind: "param" | "let", name: string): { expr: TypedExpr; scope: DescribeScope } | undefined;
  foldLevel(expr: TypedExpr): number;
  /** An f64 constant argument (a quantile's `q`). */
  foldNumber(expr: TypedExpr): number;
}

const arithmeticSymbols = { add: "+", sub: "-", mul: "*", div: "/" } as const;
const comparisonSymbols = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "==", ne: "!=" } as const;

function constText(value: ConstValue): string {
  switch (value.kind) {
    case "f64":
      return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
    case "i64":
      return String(value.value);
    case "bool":
      return String(value.value);
    case "duration":
      return `${value.ns}ns`;
    case "null":
      return "null";
  }
}

/**
 * The most expressions one label spells out; past them a part reads `...`. Parameters and
 * `let`s are spelled out where they are read, so without a bound a `let` built on the one
 * before it, twice, 40 deep, would be a label of 2^40 characters.
 */
export const MAX_LABEL_PARTS = 400;

export function describe(expr: TypedExpr, scope: DescribeScope, budget = { parts: MAX_LABEL_PARTS }): string {
  if (budget.parts-- <= 0) return "...";
  const inner = (child: TypedExpr) => describeOperand(child, scope, budget);
  const part = (child: TypedExpr, childScope: DescribeScope = scope) => describe(child, childScope, budget);
  switch (expr.kind) {
    case "const":
      return constText(expr.value);
    case "bookLevel": {
      const level = scope.foldLevel(expr.level);
      return level === 1 ? `book.${expr.side}.${expr.field}` : `book.${expr.side}.level(${level}).${expr.field}`;
    }
    case "bookDepth":
      return `book.${expr.side}.depth(${scope.foldLevel(expr.levels)})`;
    case "bookLevels":
      return `book.${expr.side}.levels`;
    case "bookDerived":
      return `book.${expr.field}`;
    case "event":
    case "trade":
    case "flow":
    case "row":
    case "quality":
      return `${expr.kind}.${expr.field}`;
    case "arithmetic":
      return `${inner(expr.left)} ${arithmeticSymbols[expr.op]} ${inner(expr.right)}`;
    case "compare":
      return `${inner(expr.left)} ${comparisonSymbols[expr.op]} ${inner(expr.right)}`;
    case "logic":
      return `${inner(expr.left)} ${expr.op} ${inner(expr.right)}`;
    case "coalesce":
      return `${inner(expr.left)} ?? ${inner(expr.right)}`;
    case "neg":
      return `-${inner(expr.operand)}`;
    case "not":
      return `not ${inner(expr.operand)}`;
    case "isNull":
      return `${inner(expr.operand)} is null`;
    case "if":
      return `if ${part(expr.condition, scope)} then ${part(expr.then, scope)} else ${part(expr.else, scope)}`;
    case "toF64":
      return `f64(${part(expr.operand, scope)})`;
    case "toI64":
      return `i64(${part(expr.operand, scope)})`;
    case "log":
      return `log(${part(expr.operand, scope)})`;
    case "temporal": {
      const args = [part(expr.input, scope)];
      // In the order the operator takes them: the input, `q`, the window, `max_events`.
      if (expr.q) args.push(String(scope.foldNumber(expr.q)));
      if (expr.window)
        args.push(
          expr.window.type.base === "duration"
            ? `${scope.foldLevel(expr.window)}ns`
            : String(scope.foldLevel(expr.window)),
        );
      if (expr.capacity) args.push(`max_events = ${scope.foldLevel(expr.capacity)}`);
      return `${expr.op}(${args.join(", ")})`;
    }
    case "future":
      return `future(${part(expr.input, scope)}, ${scope.foldLevel(expr.horizon)}ns)`;
    case "param":
    case "let": {
      const bound = scope.lookup(expr.kind, expr.name);
      return bound ? part(bound.expr, bound.scope) : expr.name;
    }
    case "call":
      return `${expr.fn}(${expr.args.map((arg) => part(arg, scope)).join(", ")})`;
  }
}

/** Operands that are themselves operators are parenthesised, so the text reads unambiguously. */
function describeOperand(expr: TypedExpr, scope: DescribeScope, budget: { parts: number }): string {
  const text = describe(expr, scope, budget);
  const compound = ["arithmetic", "compare", "logic", "coalesce", "if", "not", "isNull"].includes(expr.kind);
  const boundCompound = (expr.kind === "param" || expr.kind === "let") && /[ ]/.test(text);
  return compound || boundCompound ? `(${text})` : text;
}
