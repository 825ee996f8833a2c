// Type checking of calls of the temporal operators (docs/language.md section 7) and of
// `future` (section 10), driven by the table of built-ins (compiler/builtins/operators.ts):
// arguments are bound to the entry's parameters, the input's type checked against what it
// accepts, constants checked against their ranges, and the call spelled as the entry's form.
// Sugar is spelled out here (`delta(x)` is `x - prev(x)`, `time_since_trade()` is
// `time_since(trade.count > 0)`), so the lowering sees only states.

import type { Argument, Span } from "../../grammar/syntax.js";
import {
  DEFAULT_TIME_WINDOW_CAPACITY,
  DURATION_RANGE,
  type BuiltinParam,
  type ConstantRange,
  type TemporalBuiltin,
} from "../builtins/operators.js";
import type { IrType } from "../ir/types.js";
import { describeTemporalFold, foldLevelArgument } from "./constants.js";
import {
  failed,
  isError,
  oneArgument,
  isIntLiteral,
  coerce,
  node,
  quote,
  reportUntypedNull,
  type CheckExpr,
  type Checked,
  type ExpressionContext,
} from "./checked.js";
import { listNames } from "./suggest.js";
import type { TypedExpr } from "./typed.js";
import { nullable, showType, type } from "./types.js";

type ConstantParam = Extract<BuiltinParam, { role: "constant" }>;

/** Matches arguments to the operator's parameters; reports and returns undefined on a mismatch. */
function bindArguments(
  name: string,
  entry: Pick<TemporalBuiltin, "params" | "required" | "exactlyOne" | "usage">,
  args: Argument[],
  span: Span,
  ctx: ExpressionContext,
  check: CheckExpr,
): Map<string, Argument> | undefined {
  const params = entry.params.map((param) => param.name);
  const reject = () => {
    for (const arg of args) check(arg.value, ctx);
    return undefined;
  };
  // An operator of one input takes exactly that, like `f64(x)` and `log(x)`.
  if (params.length === 1 && entry.required === 1) {
    const arg = oneArgument(name, entry.usage, args, span, ctx, check);
    return arg ? new Map([[params[0], arg]]) : undefined;
  }
  const bound = new Map<string, Argument>();
  let ok = true;
  args.forEach((arg, index) => {
    const param = arg.name ?? params[index];
    if (param === undefined || !params.includes(param) || (arg.name !== undefined && param === "x")) {
      ctx.reporter.report(
        arg.name === undefined
          ? {
              code: "E0009",
              message: `\`${name}\` takes at most ${params.length} argument${params.length === 1 ? "" : "s"} but ${args.length} were given`,
              primary: { span: arg.span, label: "unexpected argument" },
              hint: entry.usage,
            }
          : {
              code: "E0010",
              message: `\`${name}\` has no parameter named \`${arg.name}\``,
              primary: { span: arg.nameSpan!, label: "unknown parameter" },
              notes: [
                params.length > 1
                  ? `its named parameters are ${listNames(params.slice(1), "and")}`
                  : `\`${name}\` takes no named arguments`,
              ],
              hint: entry.usage,
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
  const [one, other] = entry.exactlyOne ?? [];
  if (one !== undefined && other !== undefined && bound.has(one) && bound.has(other)) {
    ctx.reporter.report({
      code: "E0011",
      message: `\`${name}\` takes either a span \`${one}\` or a \`${other}\`, not both`,
      primary: { span: bound.get(other)!.span, label: "remove one" },
      secondary: [{ span: bound.get(one)!.span, label: "span in steps" }],
    });
    ok = false;
  }
  const missing = params.slice(0, entry.required).find((param) => !bound.has(param));
  const missingOne = one !== undefined && other !== undefined && !bound.has(one) && !bound.has(other);
  if (ok && (missing !== undefined || missingOne)) {
    ctx.reporter.report({
      code: "E0009",
      message: `\`${name}\` is missing ${missing === "x" ? "its input" : missing !== undefined ? `its \`${missing}\`` : `a span \`${one}\` or a \`${other}\``}`,
      primary: { span, label: `${bound.size} argument${bound.size === 1 ? "" : "s"} given` },
      hint: entry.usage,
    });
    ok = false;
  }
  return ok ? bound : reject();
}

/** "an `f64` or `i64`", "a `bool`". */
function typePhrase(types: readonly string[]): string {
  const quoted = types.map((t) => `\`${t}\``);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return `${types[0] === "f64" || types[0] === "i64" ? "an" : "a"} ${list}`;
}

/** A constant argument of one of `param`'s types, in its range; reports and returns undefined otherwise. */
function checkConstantArgument(
  arg: Argument,
  param: Pick<ConstantParam, "types" | "what">,
  ctx: ExpressionContext,
  check: CheckExpr,
): TypedExpr | undefined {
  let value = check(arg.value, ctx);
  if (isError(value)) return undefined;
  const allowed = Object.keys(param.types) as ("i64" | "duration" | "f64")[];
  // An integer literal is an f64 where only an f64 is accepted: `q = 1` is `1.0`.
  if (allowed.length === 1 && allowed[0] === "f64" && isIntLiteral(value)) value = coerce(value, type("f64"));
  const base = value.type.base;
  if (value.type.nullable || !(allowed as readonly string[]).includes(base)) {
    ctx.reporter.report({
      code: "E0008",
      message: `the ${param.what} must be ${typePhrase(allowed)} constant, found \`${showType(value.type)}\``,
      primary: { span: value.expr.span, label: `this is \`${showType(value.type)}\`` },
      notes: ["temporal state has a size fixed at compile time (docs/language.md section 7)"],
    });
    return undefined;
  }
  // Parameters are settled per call site after inlining (instantiate.ts); the rest now.
  const range = param.types[base as "i64" | "duration" | "f64"]!;
  const problem = describeConstant(value.expr, range, param.what, () => ({ kind: "param" }));
  if (problem) {
    ctx.reporter.report({ ...problem, secondary: [] });
    return undefined;
  }
  return value.expr;
}

/** The problem with a constant argument once folded (here, or per call site after inlining), if any. */
export function describeConstant(
  expr: TypedExpr,
  range: ConstantRange,
  what: string,
  lookup: Parameters<typeof foldLevelArgument>[1],
  file?: string,
): ReturnType<typeof describeTemporalFold> {
  return describeTemporalFold(foldLevelArgument(expr, lookup, file), expr.span, what, range, file);
}

/** The input `x`; reports an untyped `null` or a type outside `accepted`. */
function checkInput(
  name: string,
  arg: Argument,
  accepted: readonly IrType["base"][],
  ctx: ExpressionContext,
  check: CheckExpr,
): Checked | undefined {
  let input = check(arg.value, ctx);
  if (isError(input)) return undefined;
  // An integer literal is an f64 where an f64 but no i64 is accepted: `rolling_std(1, 10)`.
  if (accepted.includes("f64") && !accepted.includes("i64") && isIntLiteral(input)) input = coerce(input, type("f64"));
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
          ? `convert it: \`f64(${quote(input.expr.span, ctx)})\``
          : undefined,
    });
    return undefined;
  }
  return input;
}

/** The constant parameter of `entry` that fills `slot` in this call, if any. */
function constantSlots(entry: TemporalBuiltin): ConstantParam[] {
  return entry.params.filter((param): param is ConstantParam => param.role === "constant");
}

export function checkTemporalCall(
  name: string,
  entry: TemporalBuiltin,
  args: Argument[],
  span: Span,
  ctx: ExpressionContext,
  check: CheckExpr,
): Checked {
  const bound = bindArguments(name, entry, args, span, ctx, check);
  if (!bound) return failed(span);
  const inputParam = entry.params.find((param) => param.role === "input");
  let input: Checked | undefined;
  if (inputParam) {
    input = checkInput(name, bound.get(inputParam.name)!, inputParam.accepts, ctx, check);
  }
  const constants: Partial<Record<ConstantParam["slot"], TypedExpr>> = {};
  let ok = inputParam === undefined || input !== undefined;
  for (const param of constantSlots(entry)) {
    const arg = bound.get(param.name);
    if (!arg) continue;
    const value = checkConstantArgument(arg, param, ctx, check);
    if (value) constants[param.slot] = value;
    else ok = false;
  }
  if (!ok) return failed(span);
  const inputType = (input?.type as IrType | undefined) ?? type("bool");
  const resultType = entry.result(inputType);
  const form = entry.form;
  if (form.kind === "timeSinceTrade") {
    const tradeCount: TypedExpr = { kind: "trade", field: "count", type: type("i64"), span };
    const zero: TypedExpr = { kind: "const", value: { kind: "i64", value: 0n }, type: type("i64"), span };
    const traded: TypedExpr = { kind: "compare", op: "gt", left: tradeCount, right: zero, type: type("bool"), span };
    return node({ kind: "temporal", op: "time_since", input: traded }, resultType, span);
  }
  if (form.kind === "delta") {
    const previous: TypedExpr = { kind: "temporal", op: "prev", input: input!.expr, type: nullable(inputType), span };
    return node({ kind: "arithmetic", op: "sub", left: input!.expr, right: previous }, resultType, span);
  }
  for (const [slot, value] of Object.entries(entry.fixed ?? {}) as [ConstantParam["slot"], number][]) {
    constants[slot] = { kind: "const", value: { kind: "f64", value }, type: type("f64"), span };
  }
  const capacityArg = bound.get("max_events");
  const window = constants.window;
  if (capacityArg && window && window.type.base !== "duration") {
    ctx.reporter.report({
      code: "E0010",
      message: "`max_events` applies only to a time window",
      primary: { span: capacityArg.span, label: "remove this" },
      secondary: [{ span: window.span, label: "a window of steps already holds exactly this many" }],
    });
    return failed(span);
  }
  if (
    !constants.capacity &&
    window?.type.base === "duration" &&
    constantSlots(entry).some((p) => p.slot === "capacity")
  ) {
    constants.capacity = {
      kind: "const",
      value: { kind: "i64", value: DEFAULT_TIME_WINDOW_CAPACITY },
      type: type("i64"),
      span: window.span,
    };
  }
  return node({ kind: "temporal", op: form.op, input: input!.expr, ...constants }, resultType, span);
}

const futureEntry = {
  params: [
    { name: "x", role: "input", accepts: ["f64", "i64", "bool"] },
    {
      name: "horizon",
      role: "constant",
      slot: "window",
      types: { duration: DURATION_RANGE },
      what: "horizon of `future`",
    },
  ],
  required: 2,
  usage: "e.g. `future(book.mid, 1s)`",
} as const satisfies Pick<TemporalBuiltin, "params" | "required" | "usage">;

/**
 * `future(x, horizon)` (docs/language.md section 10): only in a label expression, never
 * nested in another `future` or in a temporal operator's input, and `x` an `f64`, `i64` or
 * `bool`. The result has the type of `x`; a label is null when its future is unknown.
 */
export function checkFutureCall(args: Argument[], span: Span, ctx: ExpressionContext, check: CheckExpr): Checked {
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
  const bound = bindArguments("future", futureEntry, args, span, inner, check);
  if (!bound) return failed(span);
  const [inputParam, horizonParam] = futureEntry.params;
  const input = checkInput("future", bound.get("x")!, inputParam.accepts, inner, check);
  const horizon = checkConstantArgument(bound.get("horizon")!, horizonParam, inner, check);
  if (!input || !horizon) return failed(span);
  return node({ kind: "future", input: input.expr, horizon }, input.type as IrType, span);
}
