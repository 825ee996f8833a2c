// Functions are inlined (docs/language.md section 9), so a function must not reach itself
// through calls. Works on the syntax tree, before types, so it reports each cycle once.

import type { Expr, FnDecl, Span } from "../../grammar/syntax.js";
import type { Report } from "./reporter.js";

export interface LocatedFn {
  decl: FnDecl;
  file: string;
}

export interface CallSite {
  callee: string;
  span: Span;
}

function callsIn(expr: Expr, out: CallSite[]): void {
  switch (expr.kind) {
    case "call":
      if (expr.callee.kind === "name") out.push({ callee: expr.callee.name, span: expr.callee.span });
      else callsIn(expr.callee, out);
      for (const arg of expr.args) callsIn(arg.value, out);
      return;
    case "field":
      return callsIn(expr.object, out);
    case "unary":
      return callsIn(expr.operand, out);
    case "isNull":
      return callsIn(expr.operand, out);
    case "paren":
      return callsIn(expr.inner, out);
    case "binary":
      callsIn(expr.left, out);
      callsIn(expr.right, out);
      return;
    case "if":
      callsIn(expr.condition, out);
      callsIn(expr.then, out);
      callsIn(expr.else, out);
      return;
    default:
      return;
  }
}

export function callSites(decl: FnDecl): CallSite[] {
  const out: CallSite[] = [];
  for (const param of decl.params) if (param.default) callsIn(param.default, out);
  for (const binding of decl.lets) callsIn(binding.value, out);
  callsIn(decl.result, out);
  return out;
}

/** Reports every cycle of calls; returns the names of the functions on a cycle. */
export function findRecursion(
  functions: ReadonlyMap<string, LocatedFn>,
  report: (report: Report) => void,
): Set<string> {
  const sites = new Map(
    [...functions].map(([name, fn]) => [name, callSites(fn.decl).filter((site) => functions.has(site.callee))]),
  );
  const onCycle = new Set<string>();
  const done = new Set<string>();
  const path: { fn: string; site?: CallSite }[] = [];

  const visit = (name: string) => {
    if (done.has(name)) return;
    const start = path.findIndex((entry) => entry.fn === name);
    if (start >= 0) {
      reportCycle(path.slice(start), functions, report);
      for (const entry of path.slice(start)) onCycle.add(entry.fn);
      return;
    }
    path.push({ fn: name });
    for (const site of sites.get(name) ?? []) {
      path[path.length - 1].site = site;
      visit(site.callee);
    }
    path.pop();
    done.add(name);
  };
  for (const name of functions.keys()) visit(name);
  return onCycle;
}

function reportCycle(
  cycle: { fn: string; site?: CallSite }[],
  functions: ReadonlyMap<string, LocatedFn>,
  report: (report: Report) => void,
): void {
  const [first, ...rest] = cycle;
  const firstFile = functions.get(first.fn)!.file;
  const names = cycle.map((entry) => `\`${entry.fn}\``);
  report({
    code: "E0018",
    message:
      cycle.length === 1
        ? `function \`${first.fn}\` calls itself`
        : `functions ${names.join(", ")} call each other in a cycle`,
    primary: { span: first.site!.span, label: `\`${first.fn}\` calls \`${first.site!.callee}\` here`, file: firstFile },
    secondary: rest.map((entry) => ({
      span: entry.site!.span,
      label: `\`${entry.fn}\` calls \`${entry.site!.callee}\` here`,
      file: functions.get(entry.fn)!.file,
    })),
    notes: [
      "calls are inlined when the spec is compiled, so a function cannot reach itself (docs/language.md section 9)",
    ],
    hint: "for a value that depends on earlier steps, use a temporal operator such as `prev(x)` or `sum_since_emit(x)`",
  });
}
