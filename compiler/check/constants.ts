// Constant folding of book level and depth arguments (docs/language.md sections 5 and 9):
// they must be integers >= 1 known at compile time, after parameters are bound by inlining.
// The lowering folds with the same function, binding parameters its own way.

import type { Span } from "../../grammar/syntax.js";
import type { ConstantRange } from "../builtins/operators.js";
import type { Report } from "./reporter.js";
import type { TypedExpr } from "./typed.js";

export type Folded =
  /** `origin` is where the value was written, for "this is 0" labels. */
  | { kind: "int"; value: bigint; origin: Span; file?: string }
  /** An f64 constant (a quantile's probability); levels and windows are typed `i64`/`duration` first. */
  | { kind: "float"; value: number; origin: Span; file?: string }
  /** Depends on a parameter that is only known at a call site. */
  | { kind: "param" }
  | { kind: "notConstant"; culprit: Span; file?: string };

/** Resolves a parameter or `let` reference to its folded value. */
export type FoldLookup = (reference: { kind: "param" | "let"; name: string }) => Folded;

export function foldLevelArgument(expr: TypedExpr, lookup: FoldLookup, file?: string): Folded {
  switch (expr.kind) {
    case "const":
      if (expr.value.kind === "i64") return { kind: "int", value: expr.value.value, origin: expr.span, file };
      // Durations fold to their nanoseconds: temporal windows and half-lives (section 7).
      if (expr.value.kind === "duration") return { kind: "int", value: expr.value.ns, origin: expr.span, file };
      if (expr.value.kind === "f64") return { kind: "float", value: expr.value.value, origin: expr.span, file };
      return { kind: "notConstant", culprit: expr.span, file };
    case "param":
    case "let":
      return lookup({ kind: expr.kind, name: expr.name });
    case "neg": {
      const operand = foldLevelArgument(expr.operand, lookup, file);
      if (operand.kind === "float") return { ...operand, value: -operand.value, origin: expr.span, file };
      return operand.kind === "int" ? { ...operand, value: -operand.value, origin: expr.span, file } : operand;
    }
    case "arithmetic": {
      if (expr.op === "div") return { kind: "notConstant", culprit: expr.span, file };
      const left = foldLevelArgument(expr.left, lookup, file);
      if (left.kind === "float") return { kind: "notConstant", culprit: expr.span, file };
      if (left.kind !== "int") return left;
      const right = foldLevelArgument(expr.right, lookup, file);
      if (right.kind === "float") return { kind: "notConstant", culprit: expr.span, file };
      if (right.kind !== "int") return right;
      const value =
        expr.op === "add"
          ? left.value + right.value
          : expr.op === "sub"
            ? left.value - right.value
            : left.value * right.value;
      return { kind: "int", value, origin: expr.span, file };
    }
    default:
      return { kind: "notConstant", culprit: expr.span, file };
  }
}

/** The largest level number accepted: far beyond any real book, small enough for any index. */
export const MAX_LEVEL = 1_000_000n;

/**
 * The diagnostic for a folded level argument that cannot be used, if any. `argumentSpan` is
 * the argument of `level(...)`/`depth(...)`, in `argumentFile` when given.
 */
export function describeFold(
  folded: Folded,
  argumentSpan: Span,
  what: string,
  argumentFile?: string,
): Report | undefined {
  const usedHere = (label: string) => usedAt(folded, argumentSpan, argumentFile, label);
  if (folded.kind === "notConstant" || folded.kind === "float") {
    const culprit = folded.kind === "float" ? folded.origin : folded.culprit;
    return {
      code: "E0016",
      message: `the argument of \`${what}\` must be a constant`,
      primary: {
        span: culprit,
        label: "not known when the spec is compiled",
        ...(folded.file === undefined ? {} : { file: folded.file }),
      },
      secondary: usedHere(`used as the argument of \`${what}\` here`),
      notes: [
        "book levels and depths are fixed at compile time (docs/language.md section 5); a function parameter works if every call passes a constant",
      ],
    };
  }
  if (folded.kind === "int" && (folded.value < 1n || folded.value > MAX_LEVEL)) {
    return {
      code: "E0017",
      message: `the argument of \`${what}\` must be between 1 and ${MAX_LEVEL}, found ${folded.value}`,
      primary: {
        span: folded.origin,
        label: `this is ${folded.value}`,
        ...(folded.file === undefined ? {} : { file: folded.file }),
      },
      secondary: usedHere(`used as the argument of \`${what}\` here`),
      notes: folded.value < 1n ? ["levels count from 1, the best price (docs/language.md section 5)"] : [],
    };
  }
  return undefined;
}

/** Where the argument was used, when the value was written elsewhere (a parameter's default, a `let`). */
function usedAt(folded: Folded, argumentSpan: Span, argumentFile: string | undefined, label: string) {
  return folded.kind !== "param" && spanOf(folded).start === argumentSpan.start && fileOf(folded) === argumentFile
    ? []
    : [{ span: argumentSpan, label, ...(argumentFile === undefined ? {} : { file: argumentFile }) }];
}

function spanOf(folded: Exclude<Folded, { kind: "param" }>): Span {
  return folded.kind === "notConstant" ? folded.culprit : folded.origin;
}

function fileOf(folded: Exclude<Folded, { kind: "param" }>): string | undefined {
  return folded.file;
}

/** The diagnostic for a temporal operator's window, span or capacity that cannot be used, if any. */
export function describeTemporalFold(
  folded: Folded,
  argumentSpan: Span,
  what: string,
  range: ConstantRange,
  argumentFile?: string,
): Report | undefined {
  const usedHere = (label: string) => usedAt(folded, argumentSpan, argumentFile, label);
  if (folded.kind === "notConstant") {
    return {
      code: "E0031",
      message: `the ${what} must be a constant`,
      primary: {
        span: folded.culprit,
        label: "not known when the spec is compiled",
        ...(folded.file === undefined ? {} : { file: folded.file }),
      },
      secondary: usedHere(`used as the ${what} here`),
      notes: [
        "temporal state has a size fixed at compile time (docs/language.md section 7); a function parameter works if every call passes a constant",
      ],
    };
  }
  if (folded.kind === "float" && range.unit === "") {
    if (folded.value >= range.min && folded.value <= range.max) return undefined;
    return {
      code: "E0032",
      message: `the ${what} must be between ${range.min} and ${range.max}, found ${folded.value}`,
      primary: {
        span: folded.origin,
        label: `this is ${folded.value}`,
        ...(folded.file === undefined ? {} : { file: folded.file }),
      },
      secondary: usedHere(`used as the ${what} here`),
    };
  }
  if (folded.kind === "float" || (folded.kind === "int" && range.unit === "")) {
    // The checker typed the argument for this range, so a mismatch is a bug.
    throw new Error(`internal: a ${folded.kind} constant for the ${what}`);
  }
  if (folded.kind === "int" && (folded.value < range.min || folded.value > range.max)) {
    return {
      code: "E0032",
      message: `the ${what} must be between ${range.min} and ${range.max} ${range.unit}, found ${folded.value}`,
      primary: {
        span: folded.origin,
        label: `this is ${folded.value} ${range.unit}`,
        ...(folded.file === undefined ? {} : { file: folded.file }),
      },
      secondary: usedHere(`used as the ${what} here`),
    };
  }
  return undefined;
}
