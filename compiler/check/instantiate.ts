// Follows a column's calls as the lowering will inline them, binding each parameter to its
// argument, to check that every book level and depth folds to a usable constant at every
// call site (docs/language.md section 9).

import { describeFold, describeTemporalFold, foldLevelArgument, type Folded } from "./constants.js";
import { DURATION_RANGE } from "../builtins/operators.js";
import { temporalConstants } from "./temporalConstants.js";
import type { Reporter } from "./reporter.js";
import type { Span } from "../../grammar/syntax.js";
import { callFrame, resolve, rootFrame, type Bound, type Frame } from "./inline.js";
import type { TypedExpr, TypedFunction } from "./typed.js";
import { children } from "./walk.js";
import { SINCE_ROW_QUALITY } from "./fields.js";

export function checkLevelsAfterInlining(
  expr: TypedExpr,
  file: string,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
): void {
  walk(expr, rootFrame(file), functions, reporter, new Set(), undefined, new Set());
}

function fold(expr: TypedExpr, frame: Frame): Folded {
  return foldLevelArgument(
    expr,
    (reference) => {
      const bound = resolve(frame, reference);
      return bound ? fold(bound.expr, bound.frame) : { kind: "notConstant", culprit: expr.span, file: frame.file };
    },
    frame.file,
  );
}

function checkArgument(argument: TypedExpr, what: string, frame: Frame, reporter: Reporter): void {
  const problem = describeFold(fold(argument, frame), argument.span, what, frame.file);
  if (problem) reporter.report(problem);
}

/** An enclosing place where no row is being emitted: a temporal operator's input, or a `future`'s. */
interface StepOnly {
  /** `prev`, `future`. */
  operator: string;
  span: Span;
  file: string;
}

function walk(
  expr: TypedExpr,
  frame: Frame,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
  active: Set<string>,
  stepOnly: StepOnly | undefined,
  /** Bindings already walked inside a step-only place: each is walked once, however often it is read. */
  walkedInStep: Set<Bound>,
): void {
  const recurse = (child: TypedExpr, inside = stepOnly) =>
    walk(child, frame, functions, reporter, active, inside, walkedInStep);
  const enclosing = (operator: string): StepOnly => stepOnly ?? { operator, span: expr.span, file: frame.file };
  switch (expr.kind) {
    case "row":
      if (stepOnly) reportRowOutsideRow(expr, frame.file, stepOnly, reporter);
      return;
    case "quality":
      if (stepOnly && SINCE_ROW_QUALITY.has(expr.field)) reportQualityOutsideRow(expr, frame.file, stepOnly, reporter);
      return;
    case "bookLevel":
      checkArgument(expr.level, `book.${expr.side}.level`, frame, reporter);
      return recurse(expr.level);
    case "bookDepth":
      checkArgument(expr.levels, `book.${expr.side}.depth`, frame, reporter);
      return recurse(expr.levels);
    case "temporal":
      for (const { value, range, what } of temporalConstants(expr)) {
        const problem = describeTemporalFold(fold(value, frame), value.span, what, range, frame.file);
        if (problem) reporter.report(problem);
      }
      return recurse(expr.input, enclosing(expr.op));
    case "future": {
      // A horizon passed as a parameter is known at the call site only.
      const problem = describeTemporalFold(
        fold(expr.horizon, frame),
        expr.horizon.span,
        "horizon of `future`",
        DURATION_RANGE,
        frame.file,
      );
      if (problem) reporter.report(problem);
      return recurse(expr.input, enclosing("future"));
    }
    case "param":
    case "let": {
      // A parameter or `let` read inside a step-only place is evaluated there: check what it stands for.
      const bound = stepOnly ? resolve(frame, expr) : undefined;
      if (bound && !walkedInStep.has(bound)) {
        walkedInStep.add(bound);
        walk(bound.expr, bound.frame, functions, reporter, active, stepOnly, walkedInStep);
      }
      return;
    }
    case "call": {
      expr.args.forEach((arg) => recurse(arg));
      const fn = functions.get(expr.fn);
      if (!fn || active.has(fn.name)) return;
      const inner = callFrame(fn, expr.args, frame);
      active.add(fn.name);
      for (const binding of fn.lets) walk(binding.value, inner, functions, reporter, active, undefined, walkedInStep);
      walk(fn.result, inner, functions, reporter, active, stepOnly, walkedInStep);
      active.delete(fn.name);
      return;
    }
    default:
      for (const child of children(expr)) recurse(child);
  }
}

/** E0038: `row.*` where no row is being emitted (docs/language.md section 4). */
function reportRowOutsideRow(
  expr: Extract<TypedExpr, { kind: "row" }>,
  file: string,
  stepOnly: StepOnly,
  reporter: Reporter,
): void {
  const inFuture = stepOnly.operator === "future";
  reporter.report({
    code: "E0038",
    message: `\`row.${expr.field}\` cannot be read ${inFuture ? "inside `future`" : "in the input of a temporal operator"}`,
    primary: { span: expr.span, label: "read where no row is being emitted", file },
    secondary: [
      {
        span: stepOnly.span,
        label: inFuture ? "evaluated at a later time" : `\`${stepOnly.operator}\` takes its input at every step`,
        file: stepOnly.file,
      },
    ],
    notes: ["`row.ts` and `row.trigger` describe the row being emitted (docs/language.md section 4)"],
    hint: inFuture
      ? "read the row's field outside the `future`"
      : "read the row's field in the column itself, or give the operator `event.exchange_ts`",
  });
}

/**
 * E0039: a `quality.*` field that covers the records since the last row (`gap`, `bad_book`,
 * `bad_ts`, `reset`) where no row is being emitted (docs/language.md section 5.1).
 */
function reportQualityOutsideRow(
  expr: Extract<TypedExpr, { kind: "quality" }>,
  file: string,
  stepOnly: StepOnly,
  reporter: Reporter,
): void {
  const inFuture = stepOnly.operator === "future";
  reporter.report({
    code: "E0039",
    message: `\`quality.${expr.field}\` cannot be read ${inFuture ? "inside `future`" : "in the input of a temporal operator"}`,
    primary: { span: expr.span, label: "covers the records since the last row", file },
    secondary: [
      {
        span: stepOnly.span,
        label: inFuture ? "evaluated at a later time" : `\`${stepOnly.operator}\` takes its input at every step`,
        file: stepOnly.file,
      },
    ],
    notes: [
      "`quality.gap`, `quality.bad_book`, `quality.bad_ts` and `quality.reset` say what happened since the last row, so they have a value only when a row is emitted (docs/language.md section 5.1)",
    ],
    hint: inFuture
      ? "read the field outside the `future`"
      : "read the field in the column itself; `quality.crossed` and `quality.locked` may be read at every step",
  });
}
