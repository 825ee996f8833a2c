// The checker's entry point: syntax trees in, a typed tree and diagnostics out.

import type { SourceFile, Span } from "../../grammar/syntax.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { checkDataset } from "./datasets.js";
import type { FunctionSignature } from "./expressions.js";
import { checkFunctionBody, collectSignatures, type FnInFile } from "./functions.js";
import { inlinedBodies } from "./inlining.js";
import { callSites, findRecursion, type LocatedFn } from "./recursion.js";
import type { CheckObserver } from "./observer.js";
import { Reporter } from "./reporter.js";
import type { TypedDataset, TypedExpr, TypedFunction, TypedProgram } from "./typed.js";

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
 * imports, directly or not) their functions only. `observer` watches the checking (./observer.ts).
 */
export function checkProgram(root: CheckInput, imported: CheckInput[] = [], observer?: CheckObserver): CheckResult {
  const reporter = new Reporter(root.tree.file, observer);
  const units = [root, ...imported];
  const fns: FnInFile[] = units.flatMap((unit) =>
    unit.tree.items.flatMap((item) =>
      item.kind === "fn" ? [{ decl: item, file: unit.tree.file, source: unit.source }] : [],
    ),
  );

  const signatures = collectSignatures(fns, reporter);
  const located = new Map<string, LocatedFn>();
  for (const fn of fns) if (signatures.get(fn.decl.name)?.nameSpan === fn.decl.nameSpan) located.set(fn.decl.name, fn);
  const recursive = findRecursion(located, (report) => reporter.report(report));

  // Callees first, so a call knows whether its function uses `future` (docs/language.md section 10).
  const functions = new Map<string, TypedFunction>();
  const order = calleesFirst(located);
  for (const name of order) {
    const fn = located.get(name)!;
    const typed = checkFunctionBody(fn as FnInFile, signatures.get(name)!, signatures, reporter);
    if (typed && !recursive.has(name)) {
      functions.set(name, typed);
      if ([...typed.lets.map((binding) => binding.value), typed.result].some((expr) => usesFuture(expr, signatures)))
        signatures.get(name)!.usesFuture = true;
    }
  }

  const bodies = inlinedBodies(functions, order);
  const datasets: TypedDataset[] = [];
  const firstDataset = new Map<string, { span: Span }>();
  reporter.file = root.tree.file;
  for (const item of root.tree.items) {
    if (item.kind !== "dataset") continue;
    if (reporter.definedTwice(item, firstDataset, `dataset \`${item.name}\` is defined twice`)) continue;
    const unit = { file: root.tree.file, source: root.source };
    const typed = checkDataset(item, unit, signatures, functions, reporter, bodies);
    if (typed) datasets.push(typed);
  }

  const diagnostics = reporter.diagnostics;
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === "error");
  return failed ? { diagnostics } : { program: { functions, datasets }, diagnostics };
}

/** Function names with every function called before its callers (declaration order otherwise); a cycle is cut anywhere. */
export function calleesFirst(located: ReadonlyMap<string, LocatedFn>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  // Post-order with an explicit stack: a chain of calls may be as long as the file.
  for (const root of located.keys()) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: { name: string; calls: string[]; next: number }[] = [
      { name: root, calls: callees(located, root), next: 0 },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.calls.length) {
        order.push(top.name);
        stack.pop();
        continue;
      }
      const callee = top.calls[top.next++];
      if (seen.has(callee)) continue;
      seen.add(callee);
      stack.push({ name: callee, calls: callees(located, callee), next: 0 });
    }
  }
  return order;
}

function callees(located: ReadonlyMap<string, LocatedFn>, name: string): string[] {
  return callSites(located.get(name)!.decl)
    .map((call) => call.callee)
    .filter((callee) => located.has(callee));
}

/** Whether a checked expression has a `future` or calls a function that uses one. */
function usesFuture(expr: TypedExpr, signatures: ReadonlyMap<string, FunctionSignature>): boolean {
  if (expr.kind === "future") return true;
  if (expr.kind === "call" && signatures.get(expr.fn)?.usesFuture) return true;
  return Object.entries(expr).some(([key, value]) => {
    if (key === "type" || key === "span") return false;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    return values.some(
      (v) =>
        typeof v === "object" && v !== null && "kind" in v && "type" in v && usesFuture(v as TypedExpr, signatures),
    );
  });
}
