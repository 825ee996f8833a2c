// The operator table of the language reference (docs/language.md section 7), rendered from the
// table of built-ins so the two cannot drift: test/docs/operators.test.ts compares them, and
// with UPDATE_GOLDEN=1 rewrites the reference's table, like every golden file.

import { builtinNames, builtinOf } from "./operators.js";

export const OPERATORS_BEGIN =
  "<!-- operators: generated from compiler/builtins/operators.ts; UPDATE_GOLDEN=1 npx vitest run test/docs/operators.test.ts -->";
export const OPERATORS_END = "<!-- /operators -->";

export function operatorTable(): string {
  const rows = builtinNames.flatMap((name) => {
    const entry = builtinOf(name);
    if (entry.kind !== "temporal") return [];
    const { written, input, type, meaning } = entry.doc;
    return [`| ${written} | ${input} | ${type} | ${meaning} |`];
  });
  return ["| operator | input | type | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

/** `reference` with its operator table replaced by the one the table of built-ins gives. */
export function withOperatorTable(reference: string): string {
  const begin = reference.indexOf(OPERATORS_BEGIN);
  const end = reference.indexOf(OPERATORS_END);
  if (begin < 0 || end < begin) throw new Error("the reference has no operator table markers");
  return `${reference.slice(0, begin + OPERATORS_BEGIN.length)}\n${operatorTable()}\n${reference.slice(end)}`;
}
