// Type checking of expressions (docs/language.md sections 3, 5, 6, 7): resolves names and
// fields, applies the typing rules, and builds the typed tree with every implicit conversion
// written out. Errors are reported once; an expression with an error has the error type,
// which every rule accepts silently so that one mistake does not cascade.

import type { Argument, Expr, Span } from "../../grammar/syntax.js";
import type { IrType, Side } from "../ir/types.js";
import { foldLevelArgument, describeFold } from "./constants.js";
import { builtinNames, isBuiltin, temporalBuiltin } from "../builtins/operators.js";
import {
  assignTo,
  coerce,
  failed,
  isError,
  isIntLiteral,
  node,
  oneArgument,
  quote,
  reportUntypedNull,
  type Checked,
  type ExpressionContext,
  type FunctionSignature,
  type TypedBody,
} from "./checked.js";
import {
  bookMembers,
  derivedBookTypes,
  eventFieldTypes,
  has,
  levelFieldTypes,
  flowFieldTypes,
  flowGroups,
  qualityFieldTypes,
  roots,
  rowFieldTypes,
  sideMembers,
  tradeFieldTypes,
} from "./fields.js";
import { bpsValue, durationValue, floatValue, intValue, MAX_SAFE_I64 } from "./literals.js";
import { didYouMean, listNames } from "./suggest.js";
import { checkMatch } from "./match.js";
import { checkFutureCall, checkTemporalCall } from "./temporal.js";
import type { ArithmeticOp, ComparisonOp, LevelField, TypedExpr } from "./typed.js";
import { type CheckType, isConcrete, isNumeric, nullable, nullType, showType, type } from "./types.js";

export { assignTo, coerce, failed, isError, node, reportUntypedNull };
export type { Checked, ExpressionContext, FunctionSignature, ScopeEntry, SignatureParam } from "./checked.js";

export function checkExpr(expr: Expr, ctx: ExpressionContext): Checked {
  const known = ctx.checked?.get(expr);
  if (known) return known;
  const checked = checkUncached(expr, ctx);
  ctx.reporter.observer?.typed?.(expr, checked.type, ctx.reporter.file);
  return checked;
}

function checkUncached(expr: Expr, ctx: ExpressionContext): Checked {
  switch (expr.kind) {
    case "int": {
      const value = intValue(expr.text);
      if (value > MAX_SAFE_I64) {
        ctx.reporter.report({
          code: "E0026",
          message: `integer literal \`${expr.text}\` is too large for an \`i64\``,
          primary: { span: expr.span, label: `the largest is ${MAX_SAFE_I64}` },
          notes: [
            "i64 values are limited to ±(2^53-1) so both runtimes compute them exactly (docs/language.md section 6)",
          ],
          hint: `write it as an f64 if an approximation will do: \`${expr.text}.0\``,
        });
        return failed(expr.span);
      }
      return node({ kind: "const", value: { kind: "i64", value } }, type("i64"), expr.span);
    }
    case "float": {
      const value = floatValue(expr.text);
      if (!Number.isFinite(value)) {
        ctx.reporter.report({
          code: "E0026",
          message: `number literal \`${expr.text}\` is too large for an \`f64\``,
          primary: { span: expr.span, label: "this overflows to infinity" },
        });
        return failed(expr.span);
      }
      return node({ kind: "const", value: { kind: "f64", value } }, type("f64"), expr.span);
    }
    case "bps":
      return node({ kind: "const", value: { kind: "f64", value: bpsValue(expr.text) } }, type("f64"), expr.span);
    case "duration":
      return checkDuration(expr.text, expr.span, ctx);
    case "bool":
      return node({ kind: "const", value: { kind: "bool", value: expr.value } }, type("bool"), expr.span);
    case "null":
      return node({ kind: "const", value: { kind: "null" } }, nullType, expr.span);
    case "paren": {
      const inner = checkExpr(expr.inner, ctx);
      return { expr: { ...inner.expr, span: expr.span }, type: inner.type };
    }
    case "name":
      return checkName(expr.name, expr.span, ctx);
    case "field":
      return checkChain(expr, ctx);
    case "call":
      return expr.callee.kind === "name"
        ? checkCall(expr.callee.name, expr.callee.span, expr.args, expr.span, ctx)
        : checkChain(expr, ctx);
    case "unary":
      return expr.op === "-"
        ? checkNegation(expr.operand, expr.opSpan, expr.span, ctx)
        : checkNot(expr.operand, expr.span, ctx);
    case "isNull": {
      const operand = checkExpr(expr.operand, ctx);
      if (isError(operand)) return failed(expr.span);
      if (operand.type.base === "null") return reportUntypedNull(operand.expr.span, ctx);
      return node({ kind: "isNull", operand: operand.expr }, type("bool"), expr.span);
    }
    case "if":
      return checkIf(expr.condition, expr.then, expr.else, expr.span, ctx);
    case "binary":
      return checkBinary(expr, ctx);
    case "match":
      return checkMatch(expr, ctx, checkExpr);
  }
}

export function checkDuration(text: string, span: Span, ctx: ExpressionContext): Checked {
  const duration = durationValue(text);
  if (!duration.ok) {
    ctx.reporter.report({
      code: "E0030",
      message: `duration \`${text}\` is not a whole number of nanoseconds`,
      primary: { span, label: `this is ${duration.exactNs} ns` },
      notes: ["durations are int64 nanoseconds (docs/language.md section 3)"],
    });
    return failed(span);
  }
  return node({ kind: "const", value: { kind: "duration", ns: duration.ns } }, type("duration"), span);
}

function checkName(name: string, span: Span, ctx: ExpressionContext): Checked {
  const entry = ctx.scope.get(name);
  if (entry) {
    entry.used = true;
    const file = ctx.reporter.file;
    ctx.reporter.observer?.resolved?.(span, file, { kind: entry.kind, name, span: entry.span, file });
    if (!isConcrete(entry.type)) return failed(span);
    return node({ kind: entry.kind, name }, entry.type, span);
  }
  if ((roots as readonly string[]).includes(name)) {
    const example =
      name === "book"
        ? "`book.mid` or `book.bid.price`"
        : name === "event"
          ? "`event.exchange_ts`"
          : name === "flow"
            ? "`flow.adds.bid`"
            : name === "row"
              ? "`row.ts`"
              : name === "quality"
                ? "`quality.crossed`"
                : "`trade.signed_size`";
    ctx.reporter.report({
      code: "E0027",
      message: `\`${name}\` is not a value by itself`,
      primary: { span, label: "needs a field" },
      hint: `use one of its fields, e.g. ${example}`,
    });
    return failed(span);
  }
  const notes: string[] = [];
  let hint = didYouMean(name, [...ctx.scope.keys(), ...roots]);
  if (ctx.columnNames?.has(name)) notes.push(`\`${name}\` is a column; a column cannot refer to another column`);
  if (ctx.functions.has(name) || isBuiltin(name)) hint = `\`${name}\` is a function: call it with \`${name}(...)\``;
  if (ctx.columnNames?.has(name)) hint = "move the shared expression into a `fn` and call it from both columns";
  ctx.reporter.report({
    code: "E0012",
    message: `cannot find \`${name}\` in this scope`,
    primary: { span, label: "not found" },
    notes,
    hint,
  });
  return failed(span);
}

// ---- field chains: book.bid.level(2).price, event.exchange_ts, trade.size

interface Segment {
  name: string;
  nameSpan: Span;
  args?: Argument[];
  /** From the chain's start to the end of this segment. */
  span: Span;
}

function flattenChain(expr: Expr): { root: Expr; segments: Segment[] } {
  if (expr.kind === "field") {
    const inner = flattenChain(expr.object);
    inner.segments.push({ name: expr.name, nameSpan: expr.nameSpan, span: expr.span });
    return inner;
  }
  if (expr.kind === "call" && expr.callee.kind === "field") {
    const inner = flattenChain(expr.callee.object);
    inner.segments.push({ name: expr.callee.name, nameSpan: expr.callee.nameSpan, args: expr.args, span: expr.span });
    return inner;
  }
  return { root: expr, segments: [] };
}

function checkChain(expr: Expr, ctx: ExpressionContext): Checked {
  const { root, segments } = flattenChain(expr);
  if (root.kind === "name" && !ctx.scope.has(root.name)) {
    if (root.name === "book") return checkBook(root.span, segments, ctx);
    if (root.name === "event") return checkRecordField("event", eventFieldTypes, segments, ctx);
    if (root.name === "trade") return checkRecordField("trade", tradeFieldTypes, segments, ctx);
    if (root.name === "flow") return checkFlow(segments, ctx);
    if (root.name === "row") return checkRecordField("row", rowFieldTypes, segments, ctx);
    if (root.name === "quality") return checkRecordField("quality", qualityFieldTypes, segments, ctx);
  }
  const value = checkExpr(root, ctx);
  if (isError(value)) return failed(expr.span);
  return reportNoField(segments[0], `a value of type \`${showType(value.type)}\``, [], ctx);
}

function reportNoField(
  segment: Segment,
  owner: string,
  candidates: readonly string[],
  ctx: ExpressionContext,
  fieldsNote?: string,
): Checked {
  ctx.reporter.report({
    code: "E0014",
    message: `no field \`${segment.name}\` on ${owner}`,
    primary: { span: segment.nameSpan, label: "unknown field" },
    notes: fieldsNote ? [fieldsNote] : [],
    hint: didYouMean(segment.name, candidates),
  });
  return failed(segment.span);
}

function reportUnexpectedArguments(segment: Segment, what: string, ctx: ExpressionContext): void {
  ctx.reporter.report({
    code: "E0009",
    message: `\`${what}\` is a field, not a function`,
    primary: { span: segment.span, label: "takes no arguments" },
    hint: `write \`${what}\``,
  });
}

/** A chain continuing past a complete value: `book.mid.x`. */
function reportTrailing(segments: Segment[], valueType: IrType, ctx: ExpressionContext): Checked {
  return reportNoField(segments[0], `a value of type \`${showType(valueType)}\``, [], ctx);
}

function checkRecordField<F extends string>(
  root: "event" | "trade" | "row" | "quality",
  fields: Readonly<Record<F, IrType>>,
  segments: Segment[],
  ctx: ExpressionContext,
): Checked {
  const [field, ...rest] = segments;
  const names = Object.keys(fields);
  if (!has(fields, field.name)) {
    return reportNoField(field, `\`${root}\``, names, ctx, `the fields of \`${root}\` are ${listNames(names, "and")}`);
  }
  if (field.args) {
    reportUnexpectedArguments(field, `${root}.${field.name}`, ctx);
    return failed(field.span);
  }
  const fieldType = fields[field.name];
  if (rest.length > 0) return reportTrailing(rest, fieldType, ctx);
  return node({ kind: root, field: field.name } as TypedBody, fieldType, field.span);
}

/** `flow.adds.bid`, `flow.cancels.ask`: a group, then a side. */
function checkFlow(segments: Segment[], ctx: ExpressionContext): Checked {
  const [group, sideSegment, ...rest] = segments;
  if (!(flowGroups as readonly string[]).includes(group.name)) {
    return reportNoField(
      group,
      "`flow`",
      flowGroups,
      ctx,
      `the fields of \`flow\` are ${listNames(flowGroups, "and")}, each read by side`,
    );
  }
  if (group.args) {
    reportUnexpectedArguments(group, `flow.${group.name}`, ctx);
    return failed(group.span);
  }
  if (sideSegment === undefined) {
    ctx.reporter.report({
      code: "E0027",
      message: `\`flow.${group.name}\` is not a value by itself`,
      primary: { span: group.span, label: "needs a side" },
      hint: `use \`flow.${group.name}.bid\` or \`flow.${group.name}.ask\``,
    });
    return failed(group.span);
  }
  const field = `${group.name}.${sideSegment.name}`;
  if (!has(flowFieldTypes, field)) {
    return reportNoField(
      sideSegment,
      `\`flow.${group.name}\``,
      ["bid", "ask"],
      ctx,
      `the fields of \`flow.${group.name}\` are \`bid\` and \`ask\``,
    );
  }
  if (sideSegment.args) {
    reportUnexpectedArguments(sideSegment, `flow.${field}`, ctx);
    return failed(sideSegment.span);
  }
  const fieldType = flowFieldTypes[field];
  if (rest.length > 0) return reportTrailing(rest, fieldType, ctx);
  return node({ kind: "flow", field }, fieldType, sideSegment.span);
}

function checkBook(rootSpan: Span, segments: Segment[], ctx: ExpressionContext): Checked {
  const [member, ...rest] = segments;
  if (has(derivedBookTypes, member.name)) {
    if (member.args) {
      reportUnexpectedArguments(member, `book.${member.name}`, ctx);
      return failed(member.span);
    }
    const fieldType = derivedBookTypes[member.name];
    if (rest.length > 0) return reportTrailing(rest, fieldType, ctx);
    return node({ kind: "bookDerived", field: member.name }, fieldType, member.span);
  }
  if (member.name !== "bid" && member.name !== "ask") {
    return reportNoField(
      member,
      "`book`",
      bookMembers,
      ctx,
      `the fields of \`book\` are ${listNames(bookMembers, "and")}`,
    );
  }
  const side: Side = member.name;
  if (member.args) {
    reportUnexpectedArguments(member, `book.${side}`, ctx);
    return failed(member.span);
  }
  const [field, ...after] = rest;
  if (!field) {
    ctx.reporter.report({
      code: "E0027",
      message: `\`book.${side}\` is not a value by itself`,
      primary: { span: member.span, label: "a side of the book" },
      hint: `use one of its fields: ${listNames(
        sideMembers.map((name) => `book.${side}.${name}`),
        "or",
      )}`,
    });
    return failed(member.span);
  }
  const sideNote = `the fields of a book side are ${listNames(["price", "size", "count", "level(n)", "depth(n)", "levels"], "and")}`;
  const bestLevel = node({ kind: "const", value: { kind: "i64", value: 1n } }, type("i64"), field.nameSpan).expr;
  if (has(levelFieldTypes, field.name)) {
    if (field.args) {
      reportUnexpectedArguments(field, `book.${side}.${field.name}`, ctx);
      return failed(field.span);
    }
    if (after.length > 0) return reportTrailing(after, levelFieldTypes[field.name], ctx);
    return node(
      { kind: "bookLevel", side, field: field.name, level: bestLevel },
      levelFieldTypes[field.name],
      field.span,
    );
  }
  if (field.name === "levels") {
    if (field.args) {
      reportUnexpectedArguments(field, `book.${side}.levels`, ctx);
      return failed(field.span);
    }
    if (after.length > 0) return reportTrailing(after, type("i64"), ctx);
    return node({ kind: "bookLevels", side }, type("i64"), field.span);
  }
  if (field.name === "level" || field.name === "depth") {
    const argument = checkLevelArgument(field, `book.${side}.${field.name}`, ctx);
    if (field.name === "depth") {
      if (after.length > 0) return reportTrailing(after, type("f64"), ctx);
      if (!argument) return failed(field.span);
      return node({ kind: "bookDepth", side, levels: argument }, type("f64"), field.span);
    }
    const [levelField, ...beyond] = after;
    if (!levelField) {
      ctx.reporter.report({
        code: "E0027",
        message: `\`${quote(field.span, ctx)}\` is not a value by itself`,
        primary: { span: field.span, label: "a level of the book" },
        hint: `add the field you want: ${listNames(
          ["price", "size", "count"].map((name) => `.${name}`),
          "or",
        )}`,
      });
      return failed(field.span);
    }
    if (!has(levelFieldTypes, levelField.name)) {
      return reportNoField(
        levelField,
        "a book level",
        Object.keys(levelFieldTypes),
        ctx,
        "the fields of a book level are `price`, `size` and `count`",
      );
    }
    if (levelField.args) {
      reportUnexpectedArguments(levelField, levelField.name, ctx);
      return failed(levelField.span);
    }
    const fieldName: LevelField = levelField.name;
    if (beyond.length > 0) return reportTrailing(beyond, levelFieldTypes[fieldName], ctx);
    if (!argument) return failed(levelField.span);
    return node(
      { kind: "bookLevel", side, field: fieldName, level: argument },
      levelFieldTypes[fieldName],
      levelField.span,
    );
  }
  return reportNoField(field, `\`book.${side}\``, sideMembers, ctx, sideNote);
}

/** The `n` of `level(n)` / `depth(n)`: an i64 that folds to a constant >= 1 (section 5). */
function checkLevelArgument(segment: Segment, what: string, ctx: ExpressionContext): TypedExpr | undefined {
  const args = segment.args ?? [];
  if (args.length !== 1 || args[0].name !== undefined) {
    ctx.reporter.report({
      code: "E0009",
      message: `\`${what}\` takes one argument, the number of levels`,
      primary: {
        span: segment.span,
        label: args.length === 1 ? "give it without a name" : `${args.length} arguments given`,
      },
      hint: `e.g. \`${what}(5)\``,
    });
    return undefined;
  }
  const argument = checkExpr(args[0].value, ctx);
  if (isError(argument)) return undefined;
  if (argument.type.base !== "i64" || argument.type.nullable) {
    ctx.reporter.report({
      code: "E0008",
      message: `the argument of \`${what}\` must be an \`i64\` constant, found \`${showType(argument.type)}\``,
      primary: { span: argument.expr.span, label: `this is \`${showType(argument.type)}\`` },
      notes: ["book levels and depths are fixed when the spec is compiled (docs/language.md section 5)"],
    });
    return undefined;
  }
  // Parameters are settled per call site, after inlining (see constants.ts); anything else
  // must already be constant here.
  const folded = foldLevelArgument(argument.expr, () => ({ kind: "param" }));
  const problem = describeFold(folded, argument.expr.span, what);
  if (problem) ctx.reporter.report({ ...problem, secondary: [] });
  return argument.expr;
}

// ---- calls

function checkCall(name: string, nameSpan: Span, args: Argument[], span: Span, ctx: ExpressionContext): Checked {
  const local = ctx.scope.get(name);
  if (local) {
    ctx.reporter.report({
      code: "E0013",
      message: `\`${name}\` is not a function`,
      primary: {
        span: nameSpan,
        label: `this is a ${local.kind === "param" ? "parameter" : "`let`"} of type \`${showType(local.type)}\``,
      },
      secondary: [{ span: local.span, label: `\`${name}\` is defined here` }],
    });
    return failed(span);
  }
  if (name === "future") return checkFutureCall(args, span, ctx, checkExpr);
  const temporal = temporalBuiltin(name);
  // `future` inside a temporal operator's input would feed future values into live state.
  if (temporal)
    return checkTemporalCall(
      name,
      temporal,
      args,
      span,
      ctx.future !== undefined ? { ...ctx, future: "inTemporal" } : ctx,
      checkExpr,
    );
  if (isBuiltin(name)) return checkBuiltinCall(name as "f64" | "i64" | "log", args, span, ctx);
  const signature = ctx.functions.get(name);
  if (!signature) {
    ctx.reporter.report({
      code: "E0013",
      message: `cannot find function \`${name}\``,
      primary: { span: nameSpan, label: "not found" },
      hint: didYouMean(name, [...ctx.functions.keys(), ...builtinNames]),
    });
    for (const arg of args) checkExpr(arg.value, ctx);
    return failed(span);
  }
  if (signature.usesFuture && ctx.future !== "label") {
    ctx.reporter.report({
      code: "E0036",
      message: `\`${name}\` uses \`future\`, which is only allowed in a label expression`,
      primary: { span, label: "future value used here" },
      secondary: [{ span: signature.nameSpan, label: `\`${name}\` is defined here`, file: signature.file }],
      notes: [
        "future values exist only for training labels, which are computed after the fact (docs/language.md section 10)",
      ],
      hint:
        ctx.future === undefined
          ? `call \`${name}\` from a label, e.g. \`label y = ${name}(...)\``
          : "call it at the top of the label expression, not inside another `future` or a temporal operator",
    });
    for (const arg of args) checkExpr(arg.value, ctx);
    return failed(span);
  }
  return checkUserCall(signature, nameSpan, args, span, ctx);
}

function checkUserCall(
  signature: FunctionSignature,
  nameSpan: Span,
  args: Argument[],
  span: Span,
  ctx: ExpressionContext,
): Checked {
  const { observer, file } = ctx.reporter;
  observer?.resolved?.(nameSpan, file, {
    kind: "fn",
    name: signature.name,
    span: signature.nameSpan,
    file: signature.file,
  });
  const definedHere = {
    span: signature.nameSpan,
    label: `\`${signature.name}\` is defined here`,
    file: signature.file,
  };
  const values: (TypedExpr | undefined)[] = signature.params.map(() => undefined);
  const givenAt: (Span | undefined)[] = signature.params.map(() => undefined);
  let nextPositional = 0;
  let sawNamed = false;
  let ok = true;
  for (const arg of args) {
    let index: number;
    if (arg.name !== undefined) {
      sawNamed = true;
      index = signature.params.findIndex((param) => param.name === arg.name);
      if (index < 0) {
        const paramNames = signature.params.map((param) => param.name);
        ctx.reporter.report({
          code: "E0010",
          message: `\`${signature.name}\` has no parameter named \`${arg.name}\``,
          primary: { span: arg.nameSpan!, label: "unknown parameter" },
          secondary: [definedHere],
          notes: [
            paramNames.length > 0
              ? `its parameters are ${listNames(paramNames, "and")}`
              : `\`${signature.name}\` takes no arguments`,
          ],
          hint: didYouMean(arg.name, paramNames),
        });
        checkExpr(arg.value, ctx);
        ok = false;
        continue;
      }
    } else {
      if (sawNamed) {
        ctx.reporter.report({
          code: "E0011",
          message: "positional argument after a named one",
          primary: { span: arg.span, label: "give this one a name too" },
          hint: "positional arguments come first, then named ones",
        });
        checkExpr(arg.value, ctx);
        ok = false;
        continue;
      }
      index = nextPositional++;
      if (index >= signature.params.length) {
        const count = signature.params.length;
        ctx.reporter.report({
          code: "E0009",
          message: `\`${signature.name}\` takes ${count} argument${count === 1 ? "" : "s"} but ${args.length} were given`,
          primary: { span: arg.span, label: "unexpected argument" },
          secondary: [definedHere],
          hint: "remove the extra arguments",
        });
        checkExpr(arg.value, ctx);
        ok = false;
        continue;
      }
    }
    const param = signature.params[index];
    if (arg.nameSpan)
      observer?.resolved?.(arg.nameSpan, file, {
        kind: "param",
        name: param.name,
        span: param.span,
        file: signature.file,
      });
    if (givenAt[index]) {
      ctx.reporter.report({
        code: "E0011",
        message: `argument \`${param.name}\` given twice`,
        primary: { span: arg.span, label: "given again here" },
        secondary: [{ span: givenAt[index]!, label: "first given here" }],
      });
      ok = false;
      continue;
    }
    givenAt[index] = arg.span;
    const value = checkExpr(arg.value, ctx);
    const assigned = assignTo(value, param.type);
    if (!assigned) {
      ctx.reporter.report({
        code: "E0008",
        message: `argument \`${param.name}\` of \`${signature.name}\` must be \`${showType(param.type)}\`, found \`${showType(value.type)}\``,
        primary: { span: value.expr.span, label: `this is \`${showType(value.type)}\`` },
        secondary: [{ span: param.span, label: `\`${param.name}\` is declared here`, file: signature.file }],
        hint: conversionHint(value, param.type, ctx),
      });
      ok = false;
      continue;
    }
    if (isError(assigned)) ok = false;
    values[index] = assigned.expr;
  }
  signature.params.forEach((param, index) => {
    if (values[index] || givenAt[index]) return;
    if (param.default) {
      values[index] = param.default;
      return;
    }
    ctx.reporter.report({
      code: "E0009",
      message: `missing argument \`${param.name}\` in call to \`${signature.name}\``,
      primary: { span, label: `\`${param.name}\` is not given` },
      secondary: [{ span: param.span, label: "declared here without a default", file: signature.file }],
      hint: `pass it, e.g. \`${signature.name}(${param.name} = ...)\``,
    });
    ok = false;
  });
  if (!ok) return failed(span);
  return node({ kind: "call", fn: signature.name, args: values as TypedExpr[] }, signature.returnType, span);
}

/** A hint for a value that does not fit where it is used, when one conversion would fix it. */
export function conversionHint(value: Checked, target: IrType, ctx: ExpressionContext): string | undefined {
  if (value.type.base === "i64" && target.base === "f64") return `convert it: \`f64(${quote(value.expr.span, ctx)})\``;
  if (value.type.base === target.base && value.type.nullable && !target.nullable) {
    return `give a value for null: \`${quote(value.expr.span, ctx)} ?? 0\``;
  }
  return undefined;
}

function checkBuiltinCall(name: "f64" | "i64" | "log", args: Argument[], span: Span, ctx: ExpressionContext): Checked {
  const arg = oneArgument(name, `e.g. \`${name}(book.mid)\``, args, span, ctx, checkExpr);
  if (!arg) return failed(span);
  const input = checkExpr(arg.value, ctx);
  if (isError(input)) return failed(span);
  if (input.type.base === "null") return reportUntypedNull(input.expr.span, ctx);
  const inputType = input.type as IrType;
  const wrongInput = (what: string, hint?: string): Checked => {
    ctx.reporter.report({
      code: "E0008",
      message: `${what}, found \`${showType(inputType)}\``,
      primary: { span: input.expr.span, label: `this is \`${showType(inputType)}\`` },
      hint,
    });
    return failed(span);
  };
  switch (name) {
    case "f64":
      if (inputType.base === "f64") return { expr: { ...input.expr, span }, type: inputType };
      if (inputType.base !== "i64") return wrongInput("`f64(...)` converts an `i64`");
      if (isIntLiteral(input))
        return { ...coerce(input, type("f64")), expr: { ...coerce(input, type("f64")).expr, span } };
      return node({ kind: "toF64", operand: input.expr }, nullable(type("f64"), inputType.nullable), span);
    case "i64":
      if (inputType.base === "i64") return { expr: { ...input.expr, span }, type: inputType };
      if (inputType.base !== "f64") {
        const hint = inputType.base === "bool" ? "turn a bool into a number with `if c then 1 else 0`" : undefined;
        return wrongInput("`i64(...)` converts an `f64`", hint);
      }
      // Truncation toward zero; null when NaN or outside ±(2^53-1) (section 6).
      return node({ kind: "toI64", operand: input.expr }, type("i64", true), span);
    case "log":
      // An integer literal is an f64 here, like an operand of `/`: `log(2)` is `log(2.0)`.
      if (isIntLiteral(input))
        return node({ kind: "log", operand: coerce(input, type("f64")).expr }, type("f64", true), span);
      if (inputType.base !== "f64") {
        const hint = inputType.base === "i64" ? `convert it: \`log(f64(${quote(input.expr.span, ctx)}))\`` : undefined;
        return wrongInput("`log(...)` needs an `f64`", hint);
      }
      // Natural logarithm; null when the input is null, zero or negative (section 6.3).
      return node({ kind: "log", operand: input.expr }, type("f64", true), span);
  }
}

// ---- operators

function checkNegation(operandExpr: Expr, opSpan: Span, span: Span, ctx: ExpressionContext): Checked {
  const operand = checkExpr(operandExpr, ctx);
  if (isError(operand)) return failed(span);
  const { expr } = operand;
  // `-5` stays a literal, so it still converts to f64 where one is expected.
  if (expr.kind === "const" && expr.value.kind === "i64") {
    return node({ kind: "const", value: { kind: "i64", value: -expr.value.value } }, type("i64"), span);
  }
  if (expr.kind === "const" && expr.value.kind === "f64") {
    return node({ kind: "const", value: { kind: "f64", value: -expr.value.value } }, type("f64"), span);
  }
  if (operand.type.base === "null") return reportUntypedNull(expr.span, ctx);
  if (!isNumeric(operand.type)) {
    ctx.reporter.report({
      code: "E0003",
      message: `cannot negate \`${showType(operand.type)}\``,
      primary: { span: expr.span, label: `this is \`${showType(operand.type)}\`` },
      secondary: [{ span: opSpan, label: "`-` needs an `f64` or `i64`" }],
    });
    return failed(span);
  }
  return node({ kind: "neg", operand: expr }, operand.type, span);
}

function checkNot(operandExpr: Expr, span: Span, ctx: ExpressionContext): Checked {
  const operand = requireBool(checkExpr(operandExpr, ctx), "`not`", ctx);
  if (!operand) return failed(span);
  return node({ kind: "not", operand: operand.expr }, type("bool", operand.type.nullable), span);
}

function requireBool(operand: Checked, what: string, ctx: ExpressionContext): Checked | undefined {
  if (isError(operand)) return undefined;
  if (operand.type.base === "null") return coerce(operand, type("bool", true));
  if (operand.type.base !== "bool") {
    ctx.reporter.report({
      code: "E0003",
      message: `${what} needs \`bool\` operands, found \`${showType(operand.type)}\``,
      primary: { span: operand.expr.span, label: `this is \`${showType(operand.type)}\`` },
      hint: isNumeric(operand.type)
        ? `compare it to get a bool, e.g. \`${quote(operand.expr.span, ctx)} > 0\``
        : undefined,
    });
    return undefined;
  }
  return operand;
}

type Unified =
  | { ok: true; left: Checked; right: Checked; base: IrType["base"] }
  | { ok: false; reason: "mixed" | "mismatch" | "bothNull" };

/** Brings two values to one type: settles `null`s and converts an integer literal beside an f64. */
function unify(left: Checked, right: Checked): Unified {
  if (left.type.base === "null" && right.type.base === "null") return { ok: false, reason: "bothNull" };
  if (left.type.base === "null")
    return { ok: true, left: coerce(left, nullable(right.type as IrType)), right, base: (right.type as IrType).base };
  if (right.type.base === "null")
    return { ok: true, left, right: coerce(right, nullable(left.type as IrType)), base: (left.type as IrType).base };
  const l = left.type as IrType;
  const r = right.type as IrType;
  if (l.base === r.base) return { ok: true, left, right, base: l.base };
  if (l.base === "i64" && r.base === "f64" && isIntLiteral(left))
    return { ok: true, left: coerce(left, r), right, base: "f64" };
  if (l.base === "f64" && r.base === "i64" && isIntLiteral(right))
    return { ok: true, left, right: coerce(right, l), base: "f64" };
  if (isNumeric(l) && isNumeric(r)) return { ok: false, reason: "mixed" };
  return { ok: false, reason: "mismatch" };
}

function reportMixed(left: Checked, right: Checked, what: string, ctx: ExpressionContext): void {
  const [integer, float] = left.type.base === "i64" ? [left, right] : [right, left];
  ctx.reporter.report({
    code: "E0004",
    message: `${what} mixes \`i64\` and \`f64\``,
    primary: { span: integer.expr.span, label: `this is \`${showType(integer.type)}\`` },
    secondary: [{ span: float.expr.span, label: `this is \`${showType(float.type)}\`` }],
    notes: ["only integer literals convert to f64 by themselves (docs/language.md section 3)"],
    hint: `convert the integer: \`f64(${quote(integer.expr.span, ctx)})\``,
  });
}

const arithmeticOps: Readonly<Record<string, ArithmeticOp>> = { "+": "add", "-": "sub", "*": "mul", "/": "div" };
const comparisonOps: Readonly<Record<string, ComparisonOp>> = {
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
  "==": "eq",
  "!=": "ne",
};

function arithmeticMessage(op: string, l: CheckType, r: CheckType): string {
  const a = `\`${showType(l)}\``;
  const b = `\`${showType(r)}\``;
  switch (op) {
    case "+":
      return `cannot add ${a} and ${b}`;
    case "-":
      return `cannot subtract ${b} from ${a}`;
    case "*":
      return `cannot multiply ${a} by ${b}`;
    default:
      return `cannot divide ${a} by ${b}`;
  }
}

function checkBinary(expr: Extract<Expr, { kind: "binary" }>, ctx: ExpressionContext): Checked {
  const left = checkExpr(expr.left, ctx);
  const right = checkExpr(expr.right, ctx);
  if (isError(left) || isError(right)) return failed(expr.span);
  const { op, span } = expr;
  if (op === "and" || op === "or") {
    const l = requireBool(left, `\`${op}\``, ctx);
    const r = requireBool(right, `\`${op}\``, ctx);
    if (!l || !r) return failed(span);
    return node(
      { kind: "logic", op, left: l.expr, right: r.expr },
      type("bool", l.type.nullable || r.type.nullable),
      span,
    );
  }
  if (op === "??") return checkCoalesce(left, right, expr.opSpan, span, ctx);
  const operands: Operands = { op, left, right, span };
  if (has(arithmeticOps, op)) return checkArithmetic(arithmeticOps[op], operands, ctx);
  return checkComparison(comparisonOps[op], { ...operands, opSpan: expr.opSpan }, ctx);
}

function toF64(checked: Checked): Checked {
  if (checked.type.base !== "i64") return checked;
  if (isIntLiteral(checked)) return coerce(checked, type("f64"));
  return node({ kind: "toF64", operand: checked.expr }, type("f64", checked.type.nullable), checked.expr.span);
}

/** The two checked sides of a binary operator, as written. */
interface Operands {
  op: string;
  left: Checked;
  right: Checked;
  span: Span;
}

function checkArithmetic(kind: ArithmeticOp, { op, left, right, span }: Operands, ctx: ExpressionContext): Checked {
  const nonNumeric = [left, right].find((side) => side.type.base !== "null" && !isNumeric(side.type));
  if (nonNumeric) {
    const other = nonNumeric === left ? right : left;
    ctx.reporter.report({
      code: "E0003",
      message: arithmeticMessage(op, left.type, right.type),
      primary: { span: nonNumeric.expr.span, label: `this is \`${showType(nonNumeric.type)}\`` },
      secondary:
        other.type.base === "null" ? [] : [{ span: other.expr.span, label: `this is \`${showType(other.type)}\`` }],
      notes: [`\`${op}\` works on \`f64\` and \`i64\` (docs/language.md section 6)`],
      hint: nonNumeric.type.base === "bool" ? "turn a bool into a number with `if c then 1.0 else 0.0`" : undefined,
    });
    return failed(span);
  }
  if (kind === "div") {
    // `/` converts integer operands first and always gives f64; division by zero is null.
    const unified = unify(left, right);
    if (!unified.ok && unified.reason === "bothNull") return reportUntypedNull(span, ctx);
    const l = toF64(unified.ok ? unified.left : left);
    const r = toF64(unified.ok ? unified.right : right);
    return node({ kind: "arithmetic", op: "div", left: l.expr, right: r.expr }, type("f64", true), span);
  }
  const unified = unify(left, right);
  if (!unified.ok) {
    if (unified.reason === "bothNull") return reportUntypedNull(span, ctx);
    reportMixed(left, right, `\`${op}\``, ctx);
    return failed(span);
  }
  const l = unified.left.type as IrType;
  const r = unified.right.type as IrType;
  // i64 results beyond ±(2^53-1) are null (section 6), so i64 arithmetic may give null.
  const resultNullable = unified.base === "i64" ? true : l.nullable || r.nullable;
  return node(
    { kind: "arithmetic", op: kind, left: unified.left.expr, right: unified.right.expr },
    type(unified.base, resultNullable),
    span,
  );
}

function checkComparison(
  kind: ComparisonOp,
  { op, left, right, span, opSpan }: Operands & { opSpan: Span },
  ctx: ExpressionContext,
): Checked {
  const unified = unify(left, right);
  if (!unified.ok) {
    if (unified.reason === "bothNull") return reportUntypedNull(span, ctx);
    if (unified.reason === "mixed") {
      reportMixed(left, right, `\`${op}\``, ctx);
      return failed(span);
    }
  }
  const orderable =
    unified.ok &&
    (unified.base === "f64" || unified.base === "i64" || unified.base === "timestamp" || unified.base === "duration");
  const equatable = unified.ok && unified.base === "bool" && (kind === "eq" || kind === "ne");
  if (!unified.ok || !(orderable || equatable)) {
    ctx.reporter.report({
      code: "E0003",
      message: `cannot compare \`${showType(left.type)}\` with \`${showType(right.type)}\` using \`${op}\``,
      primary: {
        span: opSpan,
        label: unified.ok ? `\`${op}\` is not defined for \`${unified.base}\`` : "the two sides have different types",
      },
      secondary: [
        { span: left.expr.span, label: `this is \`${showType(left.type)}\`` },
        { span: right.expr.span, label: `this is \`${showType(right.type)}\`` },
      ],
    });
    return failed(span);
  }
  const isNullable = (unified.left.type as IrType).nullable || (unified.right.type as IrType).nullable;
  return node(
    { kind: "compare", op: kind, left: unified.left.expr, right: unified.right.expr },
    type("bool", isNullable),
    span,
  );
}

function checkCoalesce(left: Checked, right: Checked, opSpan: Span, span: Span, ctx: ExpressionContext): Checked {
  const unified = unify(left, right);
  if (!unified.ok) {
    if (unified.reason === "bothNull") return reportUntypedNull(span, ctx);
    if (unified.reason === "mixed") reportMixed(left, right, "`??`", ctx);
    else {
      ctx.reporter.report({
        code: "E0003",
        message: `both sides of \`??\` must have the same type, found \`${showType(left.type)}\` and \`${showType(right.type)}\``,
        primary: { span: right.expr.span, label: `this is \`${showType(right.type)}\`` },
        secondary: [
          { span: left.expr.span, label: `this is \`${showType(left.type)}\`` },
          { span: opSpan, label: "" },
        ],
      });
    }
    return failed(span);
  }
  return node(
    { kind: "coalesce", left: unified.left.expr, right: unified.right.expr },
    type(unified.base, (unified.right.type as IrType).nullable),
    span,
  );
}

function checkIf(conditionExpr: Expr, thenExpr: Expr, elseExpr: Expr, span: Span, ctx: ExpressionContext): Checked {
  const rawCondition = checkExpr(conditionExpr, ctx);
  const thenBranch = checkExpr(thenExpr, ctx);
  const elseBranch = checkExpr(elseExpr, ctx);
  let condition: Checked | undefined;
  if (!isError(rawCondition) && rawCondition.type.base !== "bool" && rawCondition.type.base !== "null") {
    ctx.reporter.report({
      code: "E0006",
      message: `\`if\` condition must be a \`bool\`, found \`${showType(rawCondition.type)}\``,
      primary: { span: rawCondition.expr.span, label: `this is \`${showType(rawCondition.type)}\`` },
      hint: isNumeric(rawCondition.type) ? `compare it, e.g. \`${quote(rawCondition.expr.span, ctx)} > 0\`` : undefined,
    });
  } else if (!isError(rawCondition)) {
    condition = coerce(rawCondition, type("bool", true));
  }
  if (!condition || isError(thenBranch) || isError(elseBranch)) return failed(span);
  const unified = unify(thenBranch, elseBranch);
  if (!unified.ok) {
    if (unified.reason === "bothNull") return reportUntypedNull(span, ctx);
    const thenType = showType(thenBranch.type);
    const elseType = showType(elseBranch.type);
    ctx.reporter.report({
      code: "E0005",
      message: `\`if\` and \`else\` have different types: \`${thenType}\` and \`${elseType}\``,
      primary: { span: elseBranch.expr.span, label: `expected \`${thenType}\`, found \`${elseType}\`` },
      secondary: [{ span: thenBranch.expr.span, label: `this is \`${thenType}\`` }],
      notes:
        unified.reason === "mixed"
          ? ["only integer literals convert to f64 by themselves (docs/language.md section 3)"]
          : [],
      hint:
        unified.reason === "mixed"
          ? `convert the integer branch: \`f64(${quote((thenBranch.type.base === "i64" ? thenBranch : elseBranch).expr.span, ctx)})\``
          : "both branches must give the same type",
    });
    return failed(span);
  }
  const isNullable =
    (condition.type as IrType).nullable ||
    (unified.left.type as IrType).nullable ||
    (unified.right.type as IrType).nullable;
  return node(
    { kind: "if", condition: condition.expr, then: unified.left.expr, else: unified.right.expr },
    type(unified.base, isNullable),
    span,
  );
}
