// What every part of the expression checker shares: the checked value, the context a check
// runs in, and the small rules that build nodes and settle `null`s. Kept apart from the checker
// itself so that the operator and `match` checkers depend on it, not on each other.

import type { Argument, Expr, Span } from "../../grammar/syntax.js";
import type { IrType } from "../ir/types.js";
import type { Reporter } from "./reporter.js";
import type { TypedExpr } from "./typed.js";
import { type CheckType, errorType, isConcrete, nullable, type } from "./types.js";

export interface SignatureParam {
  name: string;
  type: IrType;
  span: Span;
  default?: TypedExpr;
}

/** What a call site needs to know about a user function. */
export interface FunctionSignature {
  name: string;
  params: SignatureParam[];
  returnType: IrType;
  nameSpan: Span;
  file: string;
  /** The body uses `future`, directly or through calls: callable only in a label (docs/language.md section 10). */
  usesFuture?: boolean;
}

export interface ScopeEntry {
  kind: "param" | "let";
  type: CheckType;
  span: Span;
  used: boolean;
}

export interface ExpressionContext {
  reporter: Reporter;
  /** The text of the file being checked, to quote expressions in hints. */
  source: string;
  functions: ReadonlyMap<string, FunctionSignature>;
  scope: Map<string, ScopeEntry>;
  /** Column names of the dataset being checked, to explain why they cannot be referenced. */
  columnNames?: ReadonlySet<string>;
  /**
   * Where `future(...)` may be written: `"label"` directly in a label expression; otherwise
   * what forbids it, for the diagnostic (docs/language.md section 10).
   */
  future?: "label" | "inFuture" | "inTemporal";
  /**
   * Expressions already checked in this context, whose results are reused: a `match` is
   * checked as written and then as the `if` chain it means, which holds the same subject and
   * arms (./match.ts); without this, nested matches would be checked 2^depth times.
   */
  checked?: ReadonlyMap<Expr, Checked>;
}

/** A checked expression: its typed node and its checker type (which may be `null` or error). */
export interface Checked {
  expr: TypedExpr;
  type: CheckType;
}

// A placeholder IrType for nodes whose checker type is `null` or error: a `null` literal gets
// its real type from `coerce`, and a tree with an error never reaches the lowering.
const placeholder: IrType = { base: "f64", nullable: true };

export type TypedBody = TypedExpr extends infer E ? (E extends unknown ? Omit<E, "type" | "span"> : never) : never;

export function node(body: TypedBody, t: CheckType, span: Span): Checked {
  return { expr: { ...body, type: isConcrete(t) ? t : placeholder, span } as TypedExpr, type: t };
}

export function failed(span: Span): Checked {
  return node({ kind: "const", value: { kind: "null" } }, errorType, span);
}

export function isError(checked: Checked): boolean {
  return checked.type.base === "error";
}

export function isIntLiteral(checked: Checked): boolean {
  return checked.expr.kind === "const" && checked.expr.value.kind === "i64";
}

/**
 * Gives a `null` literal its type from the context and turns an integer literal into an f64
 * one where an f64 is wanted (section 3); anything else is returned unchanged.
 */
export function coerce(checked: Checked, target: IrType): Checked {
  const { expr } = checked;
  if (checked.type.base === "null")
    return node({ kind: "const", value: { kind: "null" } }, nullable(target), expr.span);
  if (target.base === "f64" && expr.kind === "const" && expr.value.kind === "i64") {
    return node({ kind: "const", value: { kind: "f64", value: Number(expr.value.value) } }, type("f64"), expr.span);
  }
  return checked;
}

/** The checked value as a `target`, or undefined when a `target` cannot hold it. */
export function assignTo(checked: Checked, target: IrType): Checked | undefined {
  if (isError(checked)) return checked;
  if (checked.type.base === "null") return target.nullable ? coerce(checked, target) : undefined;
  if (target.base === "f64" && isIntLiteral(checked)) return coerce(checked, target);
  if (checked.type.base === target.base && (target.nullable || !checked.type.nullable)) return checked;
  return undefined;
}

export function reportUntypedNull(span: Span, ctx: ExpressionContext): Checked {
  ctx.reporter.report({
    code: "E0025",
    message: "cannot tell the type of this `null`",
    primary: { span, label: "the type of `null` comes from what it is combined with" },
    hint: "combine it with a typed value, e.g. `if c then x else null`",
  });
  return failed(span);
}

export function quote(span: Span, ctx: ExpressionContext): string {
  return ctx.source.slice(span.start, span.end);
}

/** The expression checker, passed to the checkers of operators and `match` that recurse into it. */
export type CheckExpr = (expr: Expr, ctx: ExpressionContext) => Checked;

/**
 * The one argument of a built-in that takes exactly one positional argument; reports a wrong
 * count or a name (checking the arguments, so their own errors are reported) and returns undefined.
 */
export function oneArgument(
  name: string,
  usage: string,
  args: Argument[],
  span: Span,
  ctx: ExpressionContext,
  check: CheckExpr,
): Argument | undefined {
  if (args.length === 1 && args[0].name === undefined) return args[0];
  const named = args.find((arg) => arg.name !== undefined);
  if (named && args.length === 1) {
    ctx.reporter.report({
      code: "E0010",
      message: `\`${name}\` takes no named arguments`,
      primary: { span: named.nameSpan!, label: "remove this name" },
    });
  } else {
    ctx.reporter.report({
      code: "E0009",
      message: `\`${name}\` takes 1 argument but ${args.length} ${args.length === 1 ? "was" : "were"} given`,
      primary: { span, label: args.length === 0 ? "needs a value" : "only one value allowed" },
      hint: usage,
    });
  }
  for (const arg of args) check(arg.value, ctx);
  return undefined;
}
