// What a dataset's expressions become once their calls are inlined (docs/language.md section 9),
// measured before any stage inlines them: how deep (every later walk recurses through the
// inlined tree) and how many expressions the calls add (every later walk visits them). A spec
// whose functions call each other twice, 24 deep, is 2^24 expressions: it is refused here with
// E0044 instead of taking minutes, and an inlined tree deeper than MAX_EXPRESSION_DEPTH with
// E0043 instead of running out of stack (docs/security.md).
//
// The measure follows the walks: a call's body is walked once per call site, with its
// parameters and `let`s evaluated once per call (compiler/check/inline.ts frames).

import { MAX_EXPRESSION_DEPTH } from "../../grammar/limits.js";
import type { Span } from "../../grammar/syntax.js";
import type { Reporter } from "./reporter.js";
import type { TypedExpr, TypedFunction } from "./typed.js";
import { children } from "./walk.js";

/** The expressions inlining may add to one dataset (its columns, labels and `when` together). */
export const INLINING_BUDGET = 250_000;

/** A function's body once its own calls are inlined. */
export interface InlinedBody {
  /** The deepest of its result and `let`s, a parameter counting as one level. */
  depth: number;
  /** Expressions in its result and `let`s, calls inlined (a float: it may be astronomically large). */
  size: number;
}

interface Measure {
  depth: number;
  /** Expressions once inlined. */
  size: number;
  /** Expressions as written (without what calls add). */
  written: number;
  /** The call whose inlining adds the most, and the one that nests deepest, for the diagnostics. */
  biggest?: { span: Span; fn: string; size: number };
  deepest?: { span: Span; fn: string; depth: number };
}

/**
 * The measure of `root`, in `fn`'s frame (its `let`s) when inside a function. Iterative: a
 * typed tree may be deeper than the stack (a `match` of many arms is an `if` chain).
 */
function measure(
  root: TypedExpr,
  bodies: ReadonlyMap<string, InlinedBody>,
  lets: ReadonlyMap<string, Measure>,
): Measure {
  const results = new Map<TypedExpr, Measure>();
  const stack: { expr: TypedExpr; entered: boolean }[] = [{ expr: root, entered: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const kids = children(top.expr);
    if (!top.entered) {
      top.entered = true;
      for (const child of kids) if (!results.has(child)) stack.push({ expr: child, entered: false });
      continue;
    }
    stack.pop();
    const expr = top.expr;
    let depth = 0;
    let size = 1;
    let written = 1;
    let biggest: Measure["biggest"];
    let deepest: Measure["deepest"];
    for (const child of kids) {
      const m = results.get(child)!;
      depth = Math.max(depth, m.depth);
      size += m.size;
      written += m.written;
      if (m.biggest && (!biggest || m.biggest.size > biggest.size)) biggest = m.biggest;
      if (m.deepest && (!deepest || m.deepest.depth > deepest.depth)) deepest = m.deepest;
    }
    if (expr.kind === "let") depth = Math.max(depth, lets.get(expr.name)?.depth ?? 0);
    if (expr.kind === "call") {
      const body = bodies.get(expr.fn);
      if (body) {
        // The body is walked under the call, its parameters reaching down to the arguments.
        depth += body.depth;
        size += body.size;
        if (!biggest || body.size > biggest.size) biggest = { span: expr.span, fn: expr.fn, size: body.size };
        if (!deepest || depth > deepest.depth) deepest = { span: expr.span, fn: expr.fn, depth };
      }
    }
    results.set(expr, {
      depth: depth + 1,
      size,
      written,
      ...(biggest ? { biggest } : {}),
      ...(deepest ? { deepest } : {}),
    });
  }
  return results.get(root)!;
}

/** Each function's inlined body, `order` listing callees before their callers. */
export function inlinedBodies(
  functions: ReadonlyMap<string, TypedFunction>,
  order: readonly string[],
): Map<string, InlinedBody> {
  const bodies = new Map<string, InlinedBody>();
  for (const name of order) {
    const fn = functions.get(name);
    if (!fn) continue;
    const lets = new Map<string, Measure>();
    let depth = 0;
    let size = 0;
    for (const binding of fn.lets) {
      const m = measure(binding.value, bodies, lets);
      lets.set(binding.name, m);
      depth = Math.max(depth, m.depth);
      size += m.size;
    }
    const result = measure(fn.result, bodies, lets);
    bodies.set(name, { depth: Math.max(depth, result.depth), size: size + result.size });
  }
  return bodies;
}

/** Expressions inlining has added so far to the dataset being checked. */
export interface InliningTally {
  added: number;
  reported: boolean;
}

/**
 * E0043 when `expr` is deeper than MAX_EXPRESSION_DEPTH once inlined; E0044 when its calls take
 * the dataset past INLINING_BUDGET. False when either was reported: the later walks must not run.
 */
export function checkInlining(
  expr: TypedExpr,
  bodies: ReadonlyMap<string, InlinedBody>,
  tally: InliningTally,
  reporter: Reporter,
): boolean {
  const m = measure(expr, bodies, new Map());
  if (m.depth > MAX_EXPRESSION_DEPTH) {
    reporter.report({
      code: "E0043",
      message: "expression nested too deeply once its functions are inlined",
      primary: { span: expr.span, label: `${m.depth} levels deep inlined; at most ${MAX_EXPRESSION_DEPTH} are read` },
      secondary:
        m.deepest && m.deepest.span.start !== expr.span.start
          ? [
              {
                span: m.deepest.span,
                label: `\`${m.deepest.fn}\` and what it calls nest ${m.deepest.depth} levels here`,
              },
            ]
          : [],
      notes: [
        "calls are inlined (docs/language.md section 9): a function's body nests under its call, and a `let` under where it is read, so chains of calls and of `let`s built on `let`s add up",
      ],
      hint: "shorten the chain: fewer calls inside calls, or `let`s that combine several earlier ones at once",
    });
    return false;
  }
  tally.added += m.size - m.written;
  if (tally.added <= INLINING_BUDGET) return true;
  if (!tally.reported) {
    tally.reported = true;
    const added =
      Number.isFinite(tally.added) && tally.added < 1e15 ? tally.added.toLocaleString("en-US") : "more than 10^15";
    reporter.report({
      code: "E0044",
      message: `inlining this dataset's calls would add ${added} expressions, more than the ${INLINING_BUDGET.toLocaleString("en-US")} featc inlines`,
      primary: {
        span: expr.span,
        label:
          m.biggest && m.biggest.span.start === expr.span.start
            ? `\`${m.biggest.fn}\` expands to ${sizeText(m.biggest.size)} expressions`
            : "the dataset reaches the limit here",
      },
      secondary:
        m.biggest && m.biggest.span.start !== expr.span.start
          ? [
              {
                span: m.biggest.span,
                label: `\`${m.biggest.fn}\` alone expands to ${sizeText(m.biggest.size)} expressions`,
              },
            ]
          : [],
      notes: [
        "calls are inlined (docs/language.md section 9): a function that calls another twice is twice its size, so a chain of such functions doubles at each step",
      ],
      hint: "call each function once and bind its result with `let`, then read the name as often as needed: `let y = f(x)` then `y + y`",
    });
  }
  return false;
}

function sizeText(size: number): string {
  return Number.isFinite(size) && size < 1e15 ? Math.round(size).toLocaleString("en-US") : "more than 10^15";
}
