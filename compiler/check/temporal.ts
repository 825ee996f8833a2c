// Type checking of the temporal operators of docs/language.md section 7 beyond `prev` and
// `sum_since_emit`: their arguments, input types and result types. Sugar is spelled out here
// (`delta(x)` is `x - prev(x)`, `open/high/low/close` are the since-emit first/max/min/last,
// `time_since_trade()` is `time_since(trade.count > 0)`), so the lowering sees only states.

import type { Argument, Span } from "../../grammar/syntax.js";
import type { IrType } from "../ir/types.js";
import { describeTemporalFold, foldLevelArgument, type TemporalRange } from "./constants.js";
import {
  checkExpr,
  failed,
  isError,
  node,
  reportUntypedNull,
  type Checked,
  type ExpressionContext,
} from "./expressions.js";
import { listNames } from "./suggest.js";
import type { TemporalOp, TypedExpr } from "./typed.js";
import { nullable, showType, type } from "./types.js";

const sinceEmit = {
  count_since_emit: "count_since_emit",
  first_since_emit: "first_since_emit",
  last_since_emit: "last_since_emit",
  min_since_emit: "min_since_emit",
  max_since_emit: "max_since_emit",
  open: "first_since_emit",
  high: "max_since_emit",
  low: "min_since_emit",
  close: "last_since_emit",
} as const satisfies Record<string, TemporalOp>;

const rolling = ["rolling_sum", "rolling_mean", "rolling_min", "rolling_max", "rolling_std", "rolling_count"] as const;
type RollingOp = (typeof rolling)[number];

const temporalBuiltins = ["delta", "ema", "time_since", "time_since_trade", ...Object.keys(sinceEmit), ...rolling];

export function isTemporalBuiltin(name: string): boolean {
  return temporalBuiltins.includes(name);
}

/** Events in a window or an ema span: the ring buffer is this long. */
export const EVENT_WINDOW_RANGE: TemporalRange = { min: 1n, max: 1_000_000n, unit: "steps" };
/** The span `n` of `ema` (alpha = 2 / (n + 1)). */
export const EMA_SPAN_RANGE: TemporalRange = { min: 1n, max: 2n ** 53n - 1n, unit: "steps" };
/** Durations of windows and half-lives: positive, and exact as an f64 (below 2^53 ns). */
export const DURATION_RANGE: TemporalRange = { min: 1n, max: 2n ** 53n - 1n, unit: "ns" };
/** `max_events` of a time window. */
export const CAPACITY_RANGE: TemporalRange = { min: 1n, max: 1_000_000n, unit: "steps" };
/** `max_events` when a time window does not give one. */
export const DEFAULT_TIME_WINDOW_CAPACITY = 10_000n;

interface Shape {
  /** Parameter names in positional order; the first is the input. */
  params: readonly string[];
  required: number;
}

const shapes = {
  oneInput: { params: ["x"], required: 1 },
  none: { params: [], required: 0 },
  ema: { params: ["x", "n", "half_life"], required: 1 },
  rolling: { params: ["x", "window", "max_events"], required: 2 },
} satisfies Record<string, Shape>;

function shapeOf(name: string): Shape {
  if (name === "ema") return shapes.ema;
  if (name === "time_since_trade") return shapes.none;
  if ((rolling as readonly string[]).includes(name)) return shapes.rolling;
  return shapes.oneInput;
}

/** Matches arguments to the operator's parameters; reports and returns undefined on a mismatch. */
function bindArguments(
  name: string,
  shape: Shape,
  args: Argument[],
  span: Span,
  ctx: ExpressionContext,
): Map<string, Argument> | undefined {
  const bound = new Map<string, Argument>();
  let ok = true;
  args.forEach((arg, index) => {
    const param = arg.name ?? shape.params[index];
    if (param === undefined || !shape.params.includes(param) || (arg.name !== undefined && param === "x")) {
      ctx.reporter.report(
        arg.name === undefined
          ? {
              code: "E0009",
              message: `\`${name}\` takes at most ${shape.params.length} argument${shape.params.length === 1 ? "" : "s"} but ${args.length} were given`,
              primary: { span: arg.span, label: "unexpected argument" },
              hint: usage(name),
            }
          : {
              code: "E0010",
              message: `\`${name}\` has no parameter named \`${arg.name}\``,
              primary: { span: arg.nameSpan!, label: "unknown parameter" },
              notes: [
                shape.params.length > 1
                  ? `its named parameters are ${listNames(shape.params.slice(1), "and")}`
                  : `\`${name}\` takes no named arguments`,
              ],
              hint: usage(name),
            },
      );
      ok = false;
      return;
    }
    if (bound.has(param)) {
      ctx.reporter.report({
        code: "E0011",
        message: `argument \`${param}\` given twice`,
        primary: { span: arg.span, label: "given again here" },
        secondary: [{ span: bound.get(param)!.span, label: "first given here" }],
      });
      ok = false;
      return;
    }
    bound.set(param, arg);
  });
  if (name === "ema" && bound.has("n") && bound.has("half_life")) {
    ctx.reporter.report({
      code: "E0011",
      message: "`ema` takes either a span `n` or a `half_life`, not both",
      primary: { span: bound.get("half_life")!.span, label: "remove one" },
      secondary: [{ span: bound.get("n")!.span, label: "span in steps" }],
    });
    ok = false;
  }
  const given = bound.size;
  const missing = shape.params.slice(0, shape.required).find((param) => !bound.has(param));
  if (ok && (missing !== undefined || (name === "ema" && !bound.has("n") && !bound.has("half_life")))) {
    ctx.reporter.report({
      code: "E0009",
      message: `\`${name}\` is missing ${missing === "x" ? "its input" : missing !== undefined ? `its \`${missing}\`` : "a span `n` or a `half_life`"}`,
      primary: { span, label: `${given} argument${given === 1 ? "" : "s"} given` },
      hint: usage(name),
    });
    ok = false;
  }
  if (!ok) {
    for (const arg of args) checkExpr(arg.value, ctx);
    return undefined;
  }
  return bound;
}

function usage(name: string): string {
  if (name === "ema") return "e.g. `ema(book.mid, 20)` (by steps) or `ema(book.mid, half_life = 5s)` (by time)";
  if ((rolling as readonly string[]).includes(name))
    return `e.g. \`${name}(book.mid, 100)\` (steps) or \`${name}(book.mid, 30s, max_events = 10000)\` (time)`;
  if (name === "time_since_trade") return "write `time_since_trade()`";
  if (name === "future") return "e.g. `future(book.mid, 1s)`";
  if (name === "time_since") return "e.g. `time_since(trade.count > 0)`";
  return `e.g. \`${name}(book.mid)\``;
}

/** "an `f64` or `i64`", "a `bool`". */
function typePhrase(types: readonly string[]): string {
  const quoted = types.map((t) => `\`${t}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return `${types[0] === "f64" || types[0] === "i64" ? "an" : "a"} ${list}`;
}

/** A constant argument of type `i64` or `duration`; reports and returns undefined otherwise. */
function checkConstantArgument(
  arg: Argument,
  what: string,
  allowed: readonly ("i64" | "duration")[],
  ranges: { i64?: TemporalRange; duration?: TemporalRange },
  ctx: ExpressionContext,
): TypedExpr | undefined {
  const value = checkExpr(arg.value, ctx);
  if (isError(value)) return undefined;
  const base = value.type.base;
  if (value.type.nullable || !(allowed as readonly string[]).includes(base)) {
    ctx.reporter.report({
      code: "E0008",
      message: `the ${what} must be ${typePhrase(allowed)} constant, found \`${showType(value.type)}\``,
      primary: { span: value.expr.span, label: `this is \`${showType(value.type)}\`` },
      notes: ["temporal state has a size fixed at compile time (docs/language.md section 7)"],
    });
    return undefined;
  }
  // Parameters are settled per call site after inlining (instantiate.ts); the rest now.
  const folded = foldLevelArgument(value.expr, () => ({ kind: "param" }));
  const problem = describeTemporalFold(folded, value.expr.span, what, ranges[base as "i64" | "duration"]!);
  if (problem) {
    ctx.reporter.report({ ...problem, secondary: [] });
    return undefined;
  }
  return value.expr;
}

/** The input `x`; reports an untyped `null` or a type outside `accepted`. */
function checkInput(
  name: string,
  arg: Argument,
  accepted: readonly IrType["base"][],
  ctx: ExpressionContext,
): Checked | undefined {
  const input = checkExpr(arg.value, ctx);
  if (isError(input)) return undefined;
  if (input.type.base === "null") {
    reportUntypedNull(input.expr.span, ctx);
    return undefined;
  }
  if (!accepted.includes((input.type as IrType).base)) {
    ctx.reporter.report({
      code: "E0008",
      message: `\`${name}\` needs ${typePhrase(accepted)} input, found \`${showType(input.type)}\``,
      primary: { span: input.expr.span, label: `this is \`${showType(input.type)}\`` },
      hint:
        input.type.base === "i64" && accepted.includes("f64")
          ? `convert it: \`f64(${ctx.source.slice(input.expr.span.start, input.expr.span.end)})\``
          : undefined,
    });
    return undefined;
  }
  return input;
}

export function checkTemporalCall(name: string, args: Argument[], span: Span, ctx: ExpressionContext): Checked {
  const bound = bindArguments(name, shapeOf(name), args, span, ctx);
  if (!bound) return failed(span);
  if (name === "time_since_trade") {
    const tradeCount: TypedExpr = { kind: "trade", field: "count", type: type("i64"), span };
    const zero: TypedExpr = { kind: "const", value: { kind: "i64", value: 0n }, type: type("i64"), span };
    const traded: TypedExpr = { kind: "compare", op: "gt", left: tradeCount, right: zero, type: type("bool"), span };
    return node({ kind: "temporal", op: "time_since", input: traded }, type("f64", true), span);
  }
  if (name === "time_since") {
    const input = checkInput(name, bound.get("x")!, ["bool"], ctx);
    if (!input) return failed(span);
    return node({ kind: "temporal", op: "time_since", input: input.expr }, type("f64", true), span);
  }
  if (name === "delta") {
    const input = checkInput(name, bound.get("x")!, ["f64", "i64"], ctx);
    if (!input) return failed(span);
    const inputType = input.type as IrType;
    const previous: TypedExpr = { kind: "temporal", op: "prev", input: input.expr, type: nullable(inputType), span };
    return node({ kind: "arithmetic", op: "sub", left: input.expr, right: previous }, type(inputType.base, true), span);
  }
  if (name in sinceEmit) {
    const op = sinceEmit[name as keyof typeof sinceEmit];
    const accepted: IrType["base"][] = op === "count_since_emit" ? ["f64", "i64", "bool", "timestamp"] : ["f64", "i64"];
    const input = checkInput(name, bound.get("x")!, accepted, ctx);
    if (!input) return failed(span);
    // A count is never null (0 without values); the others are null without a value.
    const resultType = op === "count_since_emit" ? type("i64") : type((input.type as IrType).base, true);
    return node({ kind: "temporal", op, input: input.expr }, resultType, span);
  }
  if (name === "ema") {
    const input = checkInput(name, bound.get("x")!, ["f64"], ctx);
    const spanArg = bound.get("n") ?? bound.get("half_life")!;
    const window = bound.has("n")
      ? checkConstantArgument(spanArg, "span `n` of `ema`", ["i64"], { i64: EMA_SPAN_RANGE }, ctx)
      : checkConstantArgument(spanArg, "`half_life` of `ema`", ["duration"], { duration: DURATION_RANGE }, ctx);
    if (!input || !window) return failed(span);
    return node({ kind: "temporal", op: "ema", input: input.expr, window }, type("f64", true), span);
  }
  const op = name as RollingOp;
  const input = checkInput(name, bound.get("x")!, op === "rolling_count" ? ["f64", "i64", "bool"] : ["f64"], ctx);
  const window = checkConstantArgument(
    bound.get("window")!,
    `window of \`${name}\``,
    ["i64", "duration"],
    { i64: EVENT_WINDOW_RANGE, duration: DURATION_RANGE },
    ctx,
  );
  let capacity: TypedExpr | undefined;
  const capacityArg = bound.get("max_events");
  if (capacityArg)
    capacity = checkConstantArgument(
      capacityArg,
      `\`max_events\` of \`${name}\``,
      ["i64"],
      { i64: CAPACITY_RANGE },
      ctx,
    );
  if (!input || !window || (capacityArg && !capacity)) return failed(span);
  if (capacityArg && window.type.base !== "duration") {
    ctx.reporter.report({
      code: "E0010",
      message: "`max_events` applies only to a time window",
      primary: { span: capacityArg.span, label: "remove this" },
      secondary: [{ span: window.span, label: "a window of steps already holds exactly this many" }],
    });
    return failed(span);
  }
  if (!capacity && window.type.base === "duration") {
    capacity = {
      kind: "const",
      value: { kind: "i64", value: DEFAULT_TIME_WINDOW_CAPACITY },
      type: type("i64"),
      span: window.span,
    };
  }
  const resultType = op === "rolling_count" ? type("i64") : op === "rolling_sum" ? type("f64") : type("f64", true);
  return node({ kind: "temporal", op, input: input.expr, window, ...(capacity ? { capacity } : {}) }, resultType, span);
}

/** The horizon of `future`: a positive duration, exact as an f64 like every other duration constant. */
export const HORIZON_RANGE: TemporalRange = DURATION_RANGE;

const futureShape: Shape = { params: ["x", "horizon"], required: 2 };

/**
 * `future(x, horizon)` (docs/language.md section 10): only in a label expression, never
 * nested in another `future` or in a temporal operator's input, and `x` an `f64`, `i64` or
 * `bool`. The result has the type of `x`; a label is null when its future is unknown.
 */
export function checkFutureCall(args: Argument[], span: Span, ctx: ExpressionContext): Checked {
  if (ctx.future !== "label") {
    ctx.reporter.report({
      code: "E0036",
      message:
        ctx.future === "inFuture"
          ? "`future` cannot be nested in another `future`"
          : ctx.future === "inTemporal"
            ? "`future` cannot be the input of a temporal operator"
            : "`future` is only allowed in a label expression",
      primary: { span, label: "future value used here" },
      notes: [
        "future values exist only for training labels, which are computed after the fact (docs/language.md section 10)",
      ],
      hint:
        ctx.future === undefined
          ? "declare a label in the dataset, e.g. `label fwd_ret = future(book.mid, 1s) / book.mid - 1`"
          : "write `future(...)` at the top of the label expression, around a value of the present",
    });
    return failed(span);
  }
  const inner: ExpressionContext = { ...ctx, future: "inFuture" };
  const bound = bindArguments("future", futureShape, args, span, inner);
  if (!bound) return failed(span);
  const input = checkInput("future", bound.get("x")!, ["f64", "i64", "bool"], inner);
  const horizon = checkConstantArgument(
    bound.get("horizon")!,
    "horizon of `future`",
    ["duration"],
    { duration: HORIZON_RANGE },
    inner,
  );
  if (!input || !horizon) return failed(span);
  return node({ kind: "future", input: input.expr, horizon }, input.type as IrType, span);
}
