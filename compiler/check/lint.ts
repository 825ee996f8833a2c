// Lint warnings: well-typed specs that probably do not compute what their author meant. Runs
// after type checking on the typed tree (compiler/compile.ts) and never blocks a build.
//
// - W0002 a division whose divisor can be zero in ordinary data (a difference, a book size,
//   count or depth, a trade size or count) with no guard around it: the column is null
//   then (docs/language.md section 6), which a model may not expect. A guard is an enclosing
//   `if` whose condition mentions the divisor, or a `??` that gives the division a fallback.
// - W0003 a rolling time window shorter than the trigger's bar period: a row at a boundary
//   only sees the end of its bar.
// - W0004 a since-emit accumulator under a trigger that fires at every event: it only ever
//   holds the current step.
//
// Function bodies are linted where a dataset calls them, so a window passed as a parameter is
// judged with its real value; each place is reported once. Only the spec's own file is
// linted: library code is not the author's to fix.

import type { Span } from "../../grammar/syntax.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { isRollingKind, stateKinds } from "../builtins/states.js";
import { callFrame, resolve, rootFrame, type Frame } from "./inline.js";
import { formatNs } from "./literals.js";
import type { TypedDataset, TypedExpr, TypedFunction, TypedProgram, TypedTrigger } from "./typed.js";
import { children } from "./walk.js";

interface Walk {
  /** The frame of the function being walked: its parameters bound to the call's arguments. */
  scope: Frame;
  trigger: TypedTrigger;
  /** Expressions some enclosing `if` condition tests. */
  tested: string[];
  /** Inside the left side of a `??`: a null result is replaced. */
  hasFallback: boolean;
}

export function lintProgram(
  program: TypedProgram,
  rootFile: string,
  sources: ReadonlyMap<string, string>,
): Diagnostic[] {
  return new Linter(program, rootFile, sources).run();
}

class Linter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly program: TypedProgram,
    private readonly rootFile: string,
    private readonly sources: ReadonlyMap<string, string>,
  ) {}

  run(): Diagnostic[] {
    for (const dataset of this.program.datasets) this.dataset(dataset);
    return this.diagnostics;
  }

  private dataset(dataset: TypedDataset): void {
    const scope = rootFrame(dataset.file);
    for (const column of [...dataset.columns, ...dataset.labels])
      this.expr(column.value, { scope, trigger: dataset.trigger, tested: [], hasFallback: false });
  }

  private quote(file: string, span: Span): string {
    return (this.sources.get(file) ?? "").slice(span.start, span.end).replace(/\s+/g, " ");
  }

  private report(
    diagnostic: Omit<Diagnostic, "severity" | "secondary" | "notes"> & Partial<Pick<Diagnostic, "notes">>,
  ): void {
    if (diagnostic.file !== this.rootFile) return;
    const key = `${diagnostic.code}:${diagnostic.primary.span.start}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ severity: "warning", secondary: [], notes: [], ...diagnostic });
  }

  private expr(e: TypedExpr, walk: Walk): void {
    switch (e.kind) {
      case "arithmetic":
        if (e.op === "div") this.division(e, walk);
        this.expr(e.left, walk);
        this.expr(e.right, walk);
        return;
      case "if": {
        this.expr(e.condition, walk);
        const tested = [...walk.tested, ...subexpressions(e.condition).map(shape)];
        this.expr(e.then, { ...walk, tested });
        this.expr(e.else, { ...walk, tested });
        return;
      }
      case "coalesce":
        this.expr(e.left, { ...walk, hasFallback: true });
        this.expr(e.right, walk);
        return;
      case "temporal":
        this.temporal(e, walk);
        this.expr(e.input, walk);
        return;
      case "call":
        for (const arg of e.args) this.expr(arg, walk);
        this.call(e.fn, e.args, walk);
        return;
      default:
        for (const child of children(e)) this.expr(child, walk);
    }
  }

  private call(name: string, args: TypedExpr[], walk: Walk): void {
    const fn: TypedFunction | undefined = this.program.functions.get(name);
    if (!fn) return;
    const inner: Walk = {
      scope: callFrame(fn, args, walk.scope),
      trigger: walk.trigger,
      tested: [],
      hasFallback: false,
    };
    for (const binding of fn.lets) this.expr(binding.value, inner);
    this.expr(fn.result, inner);
  }

  /** W0002 */
  private division(division: TypedExpr & { kind: "arithmetic" }, walk: Walk): void {
    const divisor = division.right;
    if (walk.hasFallback) return;
    const risk = zeroRisk(divisor, walk.scope);
    if (!risk) return;
    if (walk.tested.includes(shape(divisor))) return;
    const text = this.quote(walk.scope.file, divisor.span);
    const whole = this.quote(walk.scope.file, division.span);
    this.report({
      code: "W0002",
      message: `this divisor can be zero, and the division then gives null`,
      primary: { span: divisor.span, label: `${risk}, zero in ordinary data` },
      notes: ["division by zero gives null (docs/language.md section 6)"],
      hint: `give it a fallback, \`(${whole} ?? 0.0)\`, or guard it with \`if ${text} != 0 then ... else ...\``,
      file: walk.scope.file,
    });
  }

  private temporal(e: TypedExpr & { kind: "temporal" }, walk: Walk): void {
    const text = this.quote(walk.scope.file, e.span);
    if (stateKinds[e.op].resetOnEmit && walk.trigger.everyEvent) {
      this.report({
        code: "W0004",
        message: `\`${text}\` only ever holds the current step: the trigger emits a row at every event`,
        primary: { span: e.span, label: "reset after every row, so it never accumulates" },
        notes: ["since-emit accumulators cover the steps since the last row (docs/language.md section 7)"],
        hint: "use the value itself, or a rolling window over steps, e.g. `rolling_sum(x, 100)`",
        file: walk.scope.file,
      });
    }
    const barNs = walk.trigger.barNs;
    const windowNs = isRollingKind(e.op) && e.window ? durationNs(e.window, walk.scope) : undefined;
    if (windowNs !== undefined && barNs > 0n && windowNs < barNs) {
      this.report({
        code: "W0003",
        message: `the window of \`${text}\` is shorter than the trigger period`,
        primary: { span: e.window!.span, label: `${formatNs(windowNs)}, the bars are ${formatNs(barNs)}` },
        notes: [
          `a row at a bar boundary sees only the last ${formatNs(windowNs)} of its ${formatNs(barNs)} bar; earlier events in the bar never reach a row`,
        ],
        hint: `widen the window to at least \`${formatNs(barNs)}\`, or accumulate over the whole bar with a since-emit operator (\`sum_since_emit(x)\`)`,
        file: walk.scope.file,
      });
    }
  }
}

/** Why `divisor` can be zero in ordinary data, or undefined when it is not a usual suspect. */
function zeroRisk(divisor: TypedExpr, scope: Frame): string | undefined {
  const e = divisor.kind === "toF64" ? divisor.operand : divisor;
  switch (e.kind) {
    case "arithmetic":
      return e.op === "sub" ? "a difference" : undefined;
    case "bookLevel":
      return e.field === "price" ? undefined : `a book ${e.field}`;
    case "bookDepth":
      return "a book depth";
    case "bookLevels":
      return "a count of book levels";
    case "trade":
      return e.field === "size" || e.field === "count" ? `the packet's trade ${e.field}` : undefined;
    case "let": {
      const bound = resolve(scope, e);
      return bound ? zeroRisk(bound.expr, bound.frame) : undefined;
    }
    default:
      return undefined;
  }
}

function durationNs(e: TypedExpr, scope: Frame): bigint | undefined {
  if (e.kind === "const" && e.value.kind === "duration") return e.value.ns;
  if (e.kind === "param") {
    const bound = resolve(scope, e);
    return bound ? durationNs(bound.expr, bound.frame) : undefined;
  }
  return undefined;
}
function subexpressions(e: TypedExpr): TypedExpr[] {
  return [e, ...children(e).flatMap(subexpressions)];
}

/** An expression's structure without positions, to recognise the same divisor in a guard. */
function shape(e: TypedExpr): string {
  return JSON.stringify(e, (key, value: unknown) =>
    key === "span" || key === "type" ? undefined : typeof value === "bigint" ? String(value) : value,
  );
}
