// A problem of grammar/ (lexing, parsing, nesting) as a diagnostic: for the compiler
// (compiler/compile.ts) and for `featc fmt`, which reports them without loading the checker.
import type { SyntaxProblem } from "../../grammar/parser.js";
import type { Diagnostic } from "./diagnostic.js";

const SYNTAX_CODES = { lexical: "E0002", syntax: "E0001", nesting: "E0043" } as const;

export function syntaxDiagnostic(problem: SyntaxProblem, file: string): Diagnostic {
  return {
    code: SYNTAX_CODES[problem.kind],
    severity: "error",
    message: problem.message,
    primary: { span: problem.span, label: problem.label },
    secondary: [],
    notes: problem.notes ?? [],
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    file,
  };
}
