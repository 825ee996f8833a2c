// Follows a column's calls as the lowering will inline them, binding each parameter to its
// argument, to check that every book level and depth folds to a usable constant at every
// call site (docs/language.md section 9).

import { describeFold, describeTemporalFold, foldLevelArgument, type Folded } from "./constants.js";
import { DURATION_RANGE } from "../builtins/operators.js";
import { temporalConstants } from "./temporalConstants.js";
import type { Reporter } from "./reporter.js";
import { callFrame, resolve, rootFrame, type Frame } from "./inline.js";
import type { TypedExpr, TypedFunction } from "./typed.js";
import { children } from "./walk.js";

export function checkLevelsAfterInlining(
  expr: TypedExpr,
  file: string,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
): void {
  walk(expr, rootFrame(file), functions, reporter, new Set());
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
    case "temporal":
      for (const { value, range, what } of temporalConstants(expr)) {
        const problem = describeTemporalFold(fold(value, frame), value.span, what, range, frame.file);
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
      const inner = callFrame(fn, expr.args, frame);
      active.add(fn.name);
      for (const binding of fn.lets) walk(binding.value, inner, functions, reporter, active);
      walk(fn.result, inner, functions, reporter, active);
      active.delete(fn.name);
      return;
    }
    default:
      for (const child of children(expr)) recurse(child);
  }
}
