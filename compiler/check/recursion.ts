// Functions are inlined (docs/language.md section 9), so a function must not reach itself
// through calls. Works on the syntax tree, before types, so it reports each cycle once.

import { subexpressions } from "../../grammar/limits.js";
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

/** The calls of named functions in `expr`, in reading order; without recursion (the tree may be deep). */
function callsIn(expr: Expr, out: CallSite[]): void {
  const pending: Expr[] = [expr];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.kind === "call" && node.callee.kind === "name")
      out.push({ callee: node.callee.name, span: node.callee.span });
    const children = subexpressions(node);
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
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
  // Depth-first, with the path as an explicit stack: a chain of calls may be as long as the file.
  const path: { fn: string; site?: CallSite; next: number }[] = [];
  const onPath = new Map<string, number>();
  for (const root of functions.keys()) {
    if (done.has(root)) continue;
    path.push({ fn: root, next: 0 });
    onPath.set(root, 0);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const calls = sites.get(top.fn) ?? [];
      if (top.next === calls.length) {
        path.pop();
        onPath.delete(top.fn);
        done.add(top.fn);
        continue;
      }
      const site = calls[top.next++];
      top.site = site;
      if (done.has(site.callee)) continue;
      const start = onPath.get(site.callee);
      if (start !== undefined) {
        const cycle = path.slice(start);
        reportCycle(cycle, functions, report);
        for (const entry of cycle) onCycle.add(entry.fn);
        continue;
      }
      onPath.set(site.callee, path.length);
      path.push({ fn: site.callee, next: 0 });
    }
  }
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
