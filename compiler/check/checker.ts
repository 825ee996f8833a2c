// The checker's entry point: syntax trees in, a typed tree and diagnostics out.

import type { DatasetDecl, SourceFile, Span } from "../../grammar/syntax.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { checkDataset } from "./datasets.js";
import { checkFunctionBody, collectSignatures, type FnInFile } from "./functions.js";
import { findRecursion, type LocatedFn } from "./recursion.js";
import { Reporter } from "./reporter.js";
import type { TypedDataset, TypedFunction, TypedProgram } from "./typed.js";

export interface CheckInput {
  tree: SourceFile;
  /** The file's text, for quoting expressions in hints. */
  source: string;
}

export interface CheckResult {
  /** Present when there is no error (warnings allowed). */
  program?: TypedProgram;
  diagnostics: Diagnostic[];
}

/**
 * Checks a spec: `root` contributes its functions and datasets, `imported` (the files `root`
 * imports, directly or not) their functions only.
 */
export function checkProgram(root: CheckInput, imported: CheckInput[] = []): CheckResult {
  const reporter = new Reporter(root.tree.file);
  const units = [root, ...imported];
  const fns: FnInFile[] = units.flatMap((unit) =>
    unit.tree.items.flatMap((item) => (item.kind === "fn" ? [{ decl: item, file: unit.tree.file, source: unit.source }] : [])),
  );

  const signatures = collectSignatures(fns, reporter);
  const located = new Map<string, LocatedFn>();
  for (const fn of fns) if (signatures.get(fn.decl.name)?.nameSpan === fn.decl.nameSpan) located.set(fn.decl.name, fn);
  const recursive = findRecursion(located, (report) => reporter.report(report));

  const functions = new Map<string, TypedFunction>();
  for (const [name, fn] of located) {
    const typed = checkFunctionBody(fn as FnInFile, signatures.get(name)!, signatures, reporter);
    if (typed && !recursive.has(name)) functions.set(name, typed);
  }

  const datasets: TypedDataset[] = [];
  const firstDataset = new Map<string, Span>();
  reporter.file = root.tree.file;
  for (const item of root.tree.items) {
    if (item.kind !== "dataset") continue;
    if (reportDuplicateDataset(item, firstDataset, reporter)) continue;
    const typed = checkDataset(item, { file: root.tree.file, source: root.source }, signatures, functions, reporter);
    if (typed) datasets.push(typed);
  }

  const diagnostics = reporter.diagnostics;
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === "error");
  return failed ? { diagnostics } : { program: { functions, datasets }, diagnostics };
}

function reportDuplicateDataset(dataset: DatasetDecl, seen: Map<string, Span>, reporter: Reporter): boolean {
  const first = seen.get(dataset.name);
  if (!first) {
    seen.set(dataset.name, dataset.nameSpan);
    return false;
  }
  reporter.report({
    code: "E0015",
    message: `dataset \`${dataset.name}\` is defined twice`,
    primary: { span: dataset.nameSpan, label: "defined again here" },
    secondary: [{ span: first, label: "first defined here" }],
  });
  return true;
}
