// Follows a column's calls as the lowering will inline them, binding each parameter to its
// argument, to check that every book level and depth folds to a usable constant at every
// call site (docs/language.md section 9).

import { describeFold, describeTemporalFold, foldLevelArgument, type Folded } from "./constants.js";
import { CAPACITY_RANGE, DURATION_RANGE, EMA_SPAN_RANGE, EVENT_WINDOW_RANGE } from "./temporal.js";
import type { Reporter } from "./reporter.js";
import type { TypedExpr, TypedFunction } from "./typed.js";

interface Frame {
  file: string;
  params: Map<string, Bound>;
  lets: Map<string, Bound>;
}

interface Bound {
  expr: TypedExpr;
  frame: Frame;
}

export function checkLevelsAfterInlining(
  expr: TypedExpr,
  file: string,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
): void {
  walk(expr, { file, params: new Map(), lets: new Map() }, functions, reporter, new Set());
}

function fold(expr: TypedExpr, frame: Frame): Folded {
  return foldLevelArgument(
    expr,
    (reference) => {
      const bound = (reference.kind === "param" ? frame.params : frame.lets).get(reference.name);
      return bound ? fold(bound.expr, bound.frame) : { kind: "notConstant", culprit: expr.span, file: frame.file };
    },
    frame.file,
  );
}

function checkArgument(argument: TypedExpr, what: string, frame: Frame, reporter: Reporter): void {
  const problem = describeFold(fold(argument, frame), argument.span, what, frame.file);
  if (problem) reporter.report(problem);
}

function walk(
  expr: TypedExpr,
  frame: Frame,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
  active: Set<string>,
): void {
  const recurse = (child: TypedExpr) => walk(child, frame, functions, reporter, active);
  switch (expr.kind) {
    case "bookLevel":
      checkArgument(expr.level, `book.${expr.side}.level`, frame, reporter);
      return recurse(expr.level);
    case "bookDepth":
      checkArgument(expr.levels, `book.${expr.side}.depth`, frame, reporter);
      return recurse(expr.levels);
    case "arithmetic":
    case "compare":
    case "logic":
    case "coalesce":
      recurse(expr.left);
      return recurse(expr.right);
    case "neg":
    case "not":
    case "isNull":
    case "toF64":
    case "toI64":
    case "log":
      return recurse(expr.operand);
    case "if":
      recurse(expr.condition);
      recurse(expr.then);
      return recurse(expr.else);
    case "temporal":
      if (expr.window) {
        const range =
          expr.window.type.base === "duration"
            ? DURATION_RANGE
            : expr.op === "ema"
              ? EMA_SPAN_RANGE
              : EVENT_WINDOW_RANGE;
        const problem = describeTemporalFold(
          fold(expr.window, frame),
          expr.window.span,
          `window of \`${expr.op}\``,
          range,
          frame.file,
        );
        if (problem) reporter.report(problem);
      }
      if (expr.capacity) {
        const problem = describeTemporalFold(
          fold(expr.capacity, frame),
          expr.capacity.span,
          `\`max_events\` of \`${expr.op}\``,
          CAPACITY_RANGE,
          frame.file,
        );
        if (problem) reporter.report(problem);
      }
      return recurse(expr.input);
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
      return recurse(expr.input);
    }
    case "call": {
      expr.args.forEach(recurse);
      const fn = functions.get(expr.fn);
      if (!fn || active.has(fn.name)) return;
      const inner: Frame = { file: fn.file, params: new Map(), lets: new Map() };
      fn.params.forEach((param, index) => inner.params.set(param.name, { expr: expr.args[index], frame }));
      active.add(fn.name);
      for (const binding of fn.lets) {
        inner.lets.set(binding.name, { expr: binding.value, frame: inner });
        walk(binding.value, inner, functions, reporter, active);
      }
      walk(fn.result, inner, functions, reporter, active);
      active.delete(fn.name);
      return;
    }
    default:
      return;
  }
}
