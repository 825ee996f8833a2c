// How deeply a spec may nest, so that reading it takes bounded stack whatever it holds
// (docs/security.md, "Bounded time and memory"). Every walk over a syntax or typed tree is
// recursive; these bounds keep each far from the stack's end.

import type { Expr } from "./syntax.js";

/**
 * Parentheses, call arguments, `if`, `match` and prefix operators (`-`, `not`) inside one
 * another: the parser's own recursion, about ten rule calls a level. 64 levels stay several
 * times inside Node's default stack however cold the code is; specs in practice nest fewer than 10.
 */
export const MAX_NESTING = 64;

/**
 * The syntax errors reported for one file: reading stops at the hundredth, so a file of garbage
 * costs what a hundred errors cost, and the first errors are the ones worth reading anyway.
 */
export const MAX_SYNTAX_ERRORS = 100;

/**
 * Recoveries inside a repetition open at once: each recursion adds a few frames on top of the
 * parser's own; they are tried only at half the deepest nesting or less (grammar/parser.ts).
 */
export const MAX_REPETITION_RECOVERIES = 100;

/** How far ahead a syntax error's recovery looks for where to carry on (grammar/parser.ts). */
export const MAX_RESYNC_SCAN = 512;

/**
 * The depth of an expression tree, where a chain of binary operators nests one level an
 * operator (`a + b + c` is `(a + b) + c`) and a `match` one level an arm: what the checker, the
 * linter and the lowering recurse through, here and once functions and `let`s are inlined.
 */
export const MAX_EXPRESSION_DEPTH = 256;

/** The direct subexpressions of a syntax-tree expression. */
export function subexpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case "int":
    case "float":
    case "duration":
    case "bps":
    case "bool":
    case "null":
    case "name":
      return [];
    case "field":
      return [expr.object];
    case "call":
      return [expr.callee, ...expr.args.map((arg) => arg.value)];
    case "unary":
    case "isNull":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    case "if":
      return [expr.condition, expr.then, expr.else];
    case "match":
      return [expr.subject, ...expr.arms.map((arm) => arm.value)];
    case "paren":
      return [expr.inner];
  }
}

/**
 * The depth of `expr` (a leaf is 1) and its first node at `limit + 1` levels, without
 * recursion: the tree may be as deep as the input is long.
 */
export function expressionDepth(expr: Expr, limit = MAX_EXPRESSION_DEPTH): { depth: number; tooDeep?: Expr } {
  let depth = 0;
  let tooDeep: Expr | undefined;
  const stack: [Expr, number][] = [[expr, 1]];
  while (stack.length > 0) {
    const [node, level] = stack.pop()!;
    if (level > depth) depth = level;
    if (level === limit + 1 && tooDeep === undefined) tooDeep = node;
    if (node.kind === "match") {
      // Checked as the `if` chain it means (compiler/check/match.ts): one level an arm, and the
      // subject under each arm's `or` of tests.
      const patterns = node.arms.reduce((most, arm) => Math.max(most, arm.patterns.length), 1);
      node.arms.forEach((arm, index) => stack.push([arm.value, level + index + 1]));
      stack.push([node.subject, level + node.arms.length + patterns]);
      continue;
    }
    for (const child of subexpressions(node)) stack.push([child, level + 1]);
  }
  return tooDeep === undefined ? { depth } : { depth, tooDeep };
}
