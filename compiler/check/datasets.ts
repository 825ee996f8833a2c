// Checks `dataset` items: trigger, columns and their names.

import type { DatasetDecl, Expr, Span } from "../../grammar/syntax.js";
import type { IrType } from "../ir/types.js";
import type { Checked } from "./checked.js";
import { checkExpr, reportUntypedNull, type ExpressionContext, type FunctionSignature } from "./expressions.js";
import { checkInlining, type InlinedBody, type InliningTally } from "./inlining.js";
import { checkLevelsAfterInlining } from "./instantiate.js";
import type { Reporter } from "./reporter.js";
import { checkTrigger } from "./triggers.js";
import type { TypedColumn, TypedDataset, TypedExpr, TypedFunction } from "./typed.js";
import { isConcrete, showType } from "./types.js";

/** What checking one dataset's items needs. */
interface DatasetEnv {
  unit: { file: string; source: string };
  signatures: ReadonlyMap<string, FunctionSignature>;
  functions: ReadonlyMap<string, TypedFunction>;
  columnNames: ReadonlySet<string>;
  reporter: Reporter;
  /** The functions' bodies once inlined, and what inlining has added to this dataset so far. */
  bodies: ReadonlyMap<string, InlinedBody>;
  tally: InliningTally;
}

/** An item's expression type-checked (a `label` may use `future`); undefined when it has an error. */
function checkValue(expr: Expr, env: DatasetEnv, future?: "label"): (Checked & { type: IrType }) | undefined {
  const ctx: ExpressionContext = {
    reporter: env.reporter,
    source: env.unit.source,
    functions: env.signatures,
    scope: new Map(),
    columnNames: env.columnNames,
    ...(future === undefined ? {} : { future }),
  };
  const value = checkExpr(expr, ctx);
  if (value.type.base === "null") {
    reportUntypedNull(value.expr.span, ctx);
    return undefined;
  }
  return isConcrete(value.type) ? (value as Checked & { type: IrType }) : undefined;
}

/** The per-call-site checks of a well-typed expression (./instantiate.ts), once it is known to inline within bounds. */
function checkCallSites(expr: TypedExpr, env: DatasetEnv): void {
  if (!checkInlining(expr, env.bodies, env.tally, env.reporter)) return;
  const reporterFile = env.reporter.file;
  checkLevelsAfterInlining(expr, env.unit.file, env.functions, env.reporter);
  env.reporter.file = reporterFile;
}

export function checkDataset(
  dataset: DatasetDecl,
  unit: { file: string; source: string },
  signatures: ReadonlyMap<string, FunctionSignature>,
  functions: ReadonlyMap<string, TypedFunction>,
  reporter: Reporter,
  bodies: ReadonlyMap<string, InlinedBody> = new Map(),
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
  const env: DatasetEnv = {
    unit,
    signatures,
    functions,
    columnNames: new Set(dataset.columns.map((column) => column.name)),
    reporter,
    bodies,
    tally: { added: 0, reported: false },
  };
  const filter = checkFilter(dataset, env);
  if (trigger && filter) trigger.filter = filter;
  const firstDefinition = new Map<string, { span: Span }>();
  const columns: TypedColumn[] = [];
  for (const column of dataset.columns) {
    const message = `column \`${column.name}\` is defined twice in dataset \`${dataset.name}\``;
    const hint = "rename one of them; every column of a dataset needs its own name";
    if (reporter.definedTwice(column, firstDefinition, message, { hint })) continue;
    const value = checkValue(column.value, env);
    if (!value) continue;
    // Per-call-site checks only make sense on calls that type checked.
    checkCallSites(value.expr, env);
    columns.push({
      name: column.name,
      type: value.type,
      value: value.expr,
      ...(column.doc === undefined ? {} : { doc: column.doc }),
      span: column.span,
    });
  }
  const labels = checkLabels(dataset, env, firstDefinition);
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
function checkFilter(dataset: DatasetDecl, env: DatasetEnv): TypedExpr | undefined {
  const expr = dataset.triggers[0]?.filter;
  if (!expr) return undefined;
  const value = checkValue(expr, env);
  if (!value) return undefined;
  if (value.type.base !== "bool") {
    env.reporter.report({
      code: "E0006",
      message: `the \`when\` of a trigger must be a \`bool\`, found \`${showType(value.type)}\``,
      primary: { span: value.expr.span, label: `this is \`${showType(value.type)}\`` },
      hint:
        value.type.base === "f64" || value.type.base === "i64"
          ? `compare it, e.g. \`${env.unit.source.slice(value.expr.span.start, value.expr.span.end)} > 0\``
          : undefined,
    });
    return undefined;
  }
  checkCallSites(value.expr, env);
  return value.expr;
}

/**
 * `label name = expr` (docs/language.md section 10): checked as a column that may also use
 * `future(...)`; a label is always nullable (its future may never be known).
 */
function checkLabels(
  dataset: DatasetDecl,
  env: DatasetEnv,
  firstDefinition: Map<string, { span: Span }>,
): TypedColumn[] {
  const labels: TypedColumn[] = [];
  for (const label of dataset.labels ?? []) {
    const message = `\`${label.name}\` is defined twice in dataset \`${dataset.name}\``;
    const hint = "rename one of them; every column and label of a dataset needs its own name";
    if (env.reporter.definedTwice(label, firstDefinition, message, { hint })) continue;
    const value = checkValue(label.value, env, "label");
    if (!value) continue;
    if (value.type.base === "timestamp") {
      env.reporter.report({
        code: "E0008",
        message: "a label must be an `f64`, `i64` or `bool`, found `timestamp`",
        primary: { span: value.expr.span, label: "this is a `timestamp`" },
        hint: "output the time as a column instead",
      });
      continue;
    }
    checkCallSites(value.expr, env);
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
