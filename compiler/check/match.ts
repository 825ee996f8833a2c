// Type checking of `match` (docs/language.md section 6.1). A match is checked as written, for
// diagnostics that speak of arms and patterns, then spelled as the `if` chain it means:
// `match s { p1 or p2 => a, p3 => b, _ => c }` is `if s == p1 or s == p2 then a else if s == p3
// then b else c`, so a null subject gives null and the lowering needs nothing new.

import type { Expr, MatchPattern, Span } from "../../grammar/syntax.js";
import { failed, isError, type CheckExpr, type Checked, type ExpressionContext } from "./checked.js";
import { ROW_TRIGGERS } from "./fields.js";
import { MAX_SAFE_I64 } from "./literals.js";
import { didYouMean } from "./suggest.js";
import { showType } from "./types.js";

/** Event kind names and their codes in the log (docs/formats/q.md). */
export const EVENT_KINDS: Readonly<Record<string, number>> = {
  add: 1,
  cancel: 2,
  delete: 3,
  modify: 4,
  execute: 5,
  trade: 6,
  level: 7,
  clear: 8,
  status: 9,
};

type MatchExpr = Extract<Expr, { kind: "match" }>;

/** A field whose values have names a `match` may use as patterns. */
interface Enumeration {
  /** `event.kind` */
  field: string;
  names: Readonly<Record<string, number>>;
  /** `event kind`, for messages. */
  noun: string;
}

const ENUMERATIONS: readonly Enumeration[] = [
  { field: "event.kind", names: EVENT_KINDS, noun: "event kind" },
  { field: "row.trigger", names: ROW_TRIGGERS, noun: "row trigger" },
];

/** The enumeration `subject` reads, if it is `event.kind` or `row.trigger` (maybe in parentheses). */
function enumerationOf(subject: Expr): Enumeration | undefined {
  const inner = subject.kind === "paren" ? subject.inner : subject;
  if (inner.kind !== "field" || inner.object.kind !== "name") return undefined;
  return ENUMERATIONS.find((e) => e.field === `${(inner.object as { name: string }).name}.${inner.name}`);
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? "an" : "a");

const listed = (names: Readonly<Record<string, number>>) =>
  Object.keys(names)
    .map((k) => `\`${k}\``)
    .join(", ");

export function checkMatch(expr: MatchExpr, ctx: ExpressionContext, checkExpr: CheckExpr): Checked {
  const subject = checkExpr(expr.subject, ctx);
  const values = expr.arms.map((arm) => checkExpr(arm.value, ctx));
  let ok = !isError(subject) && values.every((value) => !isError(value));
  if (!isError(subject) && subject.type.base !== "i64") {
    ctx.reporter.report({
      code: "E0034",
      message: `\`match\` needs an \`i64\` to match on, found \`${showType(subject.type)}\``,
      primary: { span: subject.expr.span, label: `this is \`${showType(subject.type)}\`` },
      hint: "match on `event.kind` or `row.trigger` with their names, or on an integer with integer patterns",
    });
    ok = false;
  }
  if (!checkPatterns(expr, enumerationOf(expr.subject), ctx)) ok = false;
  if (ok && !checkArmTypes(expr, values, ctx)) ok = false;
  if (!ok) return failed(expr.span);
  // The `if` chain holds the subject and arms just checked: their results are reused.
  const checked = new Map<Expr, Checked>([
    [expr.subject, subject],
    ...expr.arms.map((arm, i) => [arm.value, values[i]] as const),
  ]);
  return checkExpr(desugar(expr), { ...ctx, checked });
}

/** Patterns are known, unrepeated and well placed, and the arms cover every value. */
function checkPatterns(expr: MatchExpr, on: Enumeration | undefined, ctx: ExpressionContext): boolean {
  let ok = true;
  const seen = new Map<bigint, Span>();
  let wildcard = false;
  expr.arms.forEach((arm, index) => {
    for (const pattern of arm.patterns) {
      if (pattern.kind === "name" && pattern.name === "_") {
        wildcard = true;
        if (index !== expr.arms.length - 1 || arm.patterns.length > 1) {
          ctx.reporter.report({
            code: "E0033",
            message: "`_` must be the whole pattern of the last arm",
            primary: {
              span: pattern.span,
              label:
                index !== expr.arms.length - 1
                  ? "the arms after this one can never be chosen"
                  : "`_` already matches everything",
            },
            hint: "move `_ => ...` to the end, on its own",
          });
          ok = false;
        }
        continue;
      }
      const value = patternValue(pattern, on, ctx);
      if (value === undefined) {
        ok = false;
        continue;
      }
      const first = seen.get(value);
      if (first) {
        ctx.reporter.report({
          code: "E0034",
          message: `pattern \`${patternText(pattern)}\` is matched twice`,
          primary: { span: pattern.span, label: "never chosen here" },
          secondary: [{ span: first, label: "already matched here" }],
        });
        ok = false;
        continue;
      }
      seen.set(value, pattern.span);
    }
  });
  const allKinds = on !== undefined && Object.values(on.names).every((code) => seen.has(BigInt(code)));
  if (ok && !wildcard && !allKinds) {
    ctx.reporter.report({
      code: "E0033",
      message: "`match` does not cover every value",
      primary: { span: expr.arms[expr.arms.length - 1].span, label: "no arm after this one" },
      notes: on ? [`the ${on.noun}s are ${listed(on.names)}`] : [],
      hint: "add a last arm `_ => ...` for every other value",
    });
    ok = false;
  }
  return ok;
}

function patternText(pattern: MatchPattern): string {
  return pattern.kind === "name" ? pattern.name : pattern.text;
}

/** The integer a pattern stands for, or undefined after reporting why it has none. */
function patternValue(pattern: MatchPattern, on: Enumeration | undefined, ctx: ExpressionContext): bigint | undefined {
  if (pattern.kind === "int") {
    const value = BigInt(pattern.text);
    if (value > MAX_SAFE_I64 || value < -MAX_SAFE_I64) {
      ctx.reporter.report({
        code: "E0026",
        message: `integer pattern \`${pattern.text}\` is outside the \`i64\` range`,
        primary: { span: pattern.span, label: `the largest is ${MAX_SAFE_I64}` },
      });
      return undefined;
    }
    return value;
  }
  if (!on) {
    // The enumeration the name belongs to, event kinds first (`trade` is in both).
    const meant = ENUMERATIONS.find((e) => Object.hasOwn(e.names, pattern.name)) ?? ENUMERATIONS[0];
    ctx.reporter.report({
      code: "E0034",
      message: `\`${pattern.name}\` is ${article(meant.noun)} ${meant.noun} pattern, but this \`match\` is not on \`${meant.field}\``,
      primary: { span: pattern.span, label: `names match ${meant.noun}s only` },
      hint: `match on \`${meant.field}\`, or use integer patterns`,
    });
    return undefined;
  }
  const code = Object.hasOwn(on.names, pattern.name) ? on.names[pattern.name] : undefined;
  if (code === undefined) {
    ctx.reporter.report({
      code: "E0034",
      message: `unknown ${on.noun} \`${pattern.name}\``,
      primary: { span: pattern.span, label: `not ${article(on.noun)} ${on.noun}` },
      notes: [`the ${on.noun}s are ${listed(on.names)}`],
      hint: didYouMean(pattern.name, Object.keys(on.names)),
    });
    return undefined;
  }
  return BigInt(code);
}

/** Every arm gives the same type; an integer literal arm goes with f64 arms, `null` with any. */
function checkArmTypes(expr: MatchExpr, values: Checked[], ctx: ExpressionContext): boolean {
  const typed = values.map((value, index) => ({ value, index })).filter(({ value }) => value.type.base !== "null");
  const literalInt = (value: Checked) => value.expr.kind === "const" && value.expr.value.kind === "i64";
  const hasF64 = typed.some(({ value }) => value.type.base === "f64");
  const baseOf = (value: Checked) => (hasF64 && literalInt(value) ? "f64" : value.type.base);
  const first = typed[0];
  const other = typed.find(({ value }) => baseOf(value) !== baseOf(first.value));
  if (!other) return true;
  ctx.reporter.report({
    code: "E0035",
    message: `\`match\` arms have different types: \`${showType(first.value.type)}\` and \`${showType(other.value.type)}\``,
    primary: {
      span: other.value.expr.span,
      label: `expected \`${showType(first.value.type)}\`, found \`${showType(other.value.type)}\``,
    },
    secondary: [{ span: first.value.expr.span, label: `this arm is \`${showType(first.value.type)}\`` }],
    hint:
      first.value.type.base === "f64" && other.value.type.base === "i64"
        ? `convert the integer arm: \`f64(${ctx.source.slice(other.value.expr.span.start, other.value.expr.span.end)})\``
        : "every arm must give the same type",
  });
  return false;
}

/** The `if` chain the match means (checked patterns and types). */
function desugar(expr: MatchExpr): Expr {
  const last = expr.arms[expr.arms.length - 1];
  let result: Expr = last.value;
  for (let index = expr.arms.length - 2; index >= 0; index--) {
    const arm = expr.arms[index];
    const tests = arm.patterns.map((pattern) => equals(expr.subject, pattern));
    const condition = tests.reduce((left, right): Expr => ({
      kind: "binary",
      op: "or",
      left,
      right,
      opSpan: arm.span,
      span: arm.span,
    }));
    result = { kind: "if", condition, then: arm.value, else: result, span: expr.span };
  }
  return result;
}

function equals(subject: Expr, pattern: MatchPattern): Expr {
  const code = pattern.kind === "name" ? String(enumerationOf(subject)!.names[pattern.name]) : pattern.text;
  const literal: Expr = code.startsWith("-")
    ? {
        kind: "unary",
        op: "-",
        operand: { kind: "int", text: code.slice(1), span: pattern.span },
        opSpan: pattern.span,
        span: pattern.span,
      }
    : { kind: "int", text: code, span: pattern.span };
  return { kind: "binary", op: "==", left: subject, right: literal, opSpan: pattern.span, span: pattern.span };
}
