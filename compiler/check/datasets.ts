// Checks `dataset` items: trigger, columns and their names.

import type { DatasetDecl, Span } from "../../grammar/syntax.js";
import { checkExpr, reportUntypedNull, type ExpressionContext, type FunctionSignature } from "./expressions.js";
import { checkLevelsAfterInlining } from "./instantiate.js";
import type { Reporter } from "./reporter.js";
import { checkTrigger } from "./triggers.js";
import type { TypedColumn, TypedDataset, TypedExpr, TypedFunction } from "./typed.js";
import { isConcrete, showType } from "./types.js";

export function checkDataset(
  dataset: DatasetDecl,
  unit: { file: string; source: string },
  signatures: ReadonlyMap<string, FunctionSignature>,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
): TypedDataset | undefined {
  reporter.file = unit.file;
  const errorsBefore = reporter.errorCount;
  const trigger = checkTrigger(dataset, reporter);
  if (dataset.columns.length === 0) {
    reporter.report({
      code: "E0029",
      message: `dataset \`${dataset.name}\` has no columns`,
      primary: { span: dataset.nameSpan, label: "declared here" },
      hint: "add a column such as `mid = book.mid`",
    });
  }
  const columnNames = new Set(dataset.columns.map((column) => column.name));
  const filter = checkFilter(dataset, unit, signatures, functions, columnNames, reporter);
  if (trigger && filter) trigger.filter = filter;
  const firstDefinition = new Map<string, Span>();
  const columns: TypedColumn[] = [];
  for (const column of dataset.columns) {
    const first = firstDefinition.get(column.name);
    if (first) {
      reporter.report({
        code: "E0015",
        message: `column \`${column.name}\` is defined twice in dataset \`${dataset.name}\``,
        primary: { span: column.nameSpan, label: "defined again here" },
        secondary: [{ span: first, label: "first defined here" }],
        hint: "rename one of them; every column of a dataset needs its own name",
      });
      continue;
    }
    firstDefinition.set(column.name, column.nameSpan);
    const ctx: ExpressionContext = {
      reporter,
      source: unit.source,
      functions: signatures,
      scope: new Map(),
      columnNames,
    };
    const value = checkExpr(column.value, ctx);
    if (value.type.base === "null") {
      reportUntypedNull(value.expr.span, ctx);
      continue;
    }
    if (!isConcrete(value.type)) continue;
    // Per-call-site checks only make sense on calls that type checked.
    const reporterFile = reporter.file;
    checkLevelsAfterInlining(value.expr, unit.file, functions, reporter);
    reporter.file = reporterFile;
    columns.push({
      name: column.name,
      type: value.type,
      value: value.expr,
      ...(column.doc === undefined ? {} : { doc: column.doc }),
      span: column.span,
    });
  }
  const labels = checkLabels(dataset, unit, signatures, functions, columnNames, firstDefinition, reporter);
  if (!trigger || reporter.errorCount > errorsBefore) return undefined;
  return {
    name: dataset.name,
    trigger,
    columns,
    labels,
    ...(dataset.doc === undefined ? {} : { doc: dataset.doc }),
    span: dataset.span,
    file: unit.file,
  };
}

/** The `when` of the trigger: a bool expression over what a column may read (docs/language.md section 8). */
function checkFilter(
  dataset: DatasetDecl,
  unit: { file: string; source: string },
  signatures: ReadonlyMap<string, FunctionSignature>,
  functions: ReadonlyMap<string, TypedFunction>,
  columnNames: ReadonlySet<string>,
  reporter: Reporter,
): TypedExpr | undefined {
  const expr = dataset.triggers[0]?.filter;
  if (!expr) return undefined;
  const ctx: ExpressionContext = {
    reporter,
    source: unit.source,
    functions: signatures,
    scope: new Map(),
    columnNames,
  };
  const value = checkExpr(expr, ctx);
  if (value.type.base === "error") return undefined;
  if (value.type.base === "null") {
    reportUntypedNull(value.expr.span, ctx);
    return undefined;
  }
  if (value.type.base !== "bool") {
    reporter.report({
      code: "E0006",
      message: `the \`when\` of a trigger must be a \`bool\`, found \`${showType(value.type)}\``,
      primary: { span: value.expr.span, label: `this is \`${showType(value.type)}\`` },
      hint:
        value.type.base === "f64" || value.type.base === "i64"
          ? `compare it, e.g. \`${unit.source.slice(value.expr.span.start, value.expr.span.end)} > 0\``
          : undefined,
    });
    return undefined;
  }
  const reporterFile = reporter.file;
  checkLevelsAfterInlining(value.expr, unit.file, functions, reporter);
  reporter.file = reporterFile;
  return value.expr;
}

/**
 * `label name = expr` (docs/language.md section 10): checked as a column that may also use
 * `future(...)`; a label is always nullable (its future may never be known).
 */
function checkLabels(
  dataset: DatasetDecl,
  unit: { file: string; source: string },
  signatures: ReadonlyMap<string, FunctionSignature>,
  functions: ReadonlyMap<string, TypedFunction>,
  columnNames: ReadonlySet<string>,
  firstDefinition: Map<string, Span>,
  reporter: Reporter,
): TypedColumn[] {
  const labels: TypedColumn[] = [];
  for (const label of dataset.labels ?? []) {
    const first = firstDefinition.get(label.name);
    if (first) {
      reporter.report({
        code: "E0015",
        message: `\`${label.name}\` is defined twice in dataset \`${dataset.name}\``,
        primary: { span: label.nameSpan, label: "defined again here" },
        secondary: [{ span: first, label: "first defined here" }],
        hint: "rename one of them; every column and label of a dataset needs its own name",
      });
      continue;
    }
    firstDefinition.set(label.name, label.nameSpan);
    const ctx: ExpressionContext = {
      reporter,
      source: unit.source,
      functions: signatures,
      scope: new Map(),
      columnNames,
      future: "label",
    };
    const value = checkExpr(label.value, ctx);
    if (value.type.base === "null") {
      reportUntypedNull(value.expr.span, ctx);
      continue;
    }
    if (!isConcrete(value.type)) continue;
    if (value.type.base === "timestamp") {
      reporter.report({
        code: "E0008",
        message: "a label must be an `f64`, `i64` or `bool`, found `timestamp`",
        primary: { span: value.expr.span, label: "this is a `timestamp`" },
        hint: "output the time as a column instead",
      });
      continue;
    }
    const reporterFile = reporter.file;
    checkLevelsAfterInlining(value.expr, unit.file, functions, reporter);
    reporter.file = reporterFile;
    labels.push({
      name: label.name,
      type: { base: value.type.base, nullable: true },
      value: value.expr,
      ...(label.doc === undefined ? {} : { doc: label.doc }),
      span: label.span,
    });
  }
  return labels;
}
