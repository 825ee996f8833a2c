// What a tool can watch while a spec is checked (the language server's hover, definitions,
// references and renames): the type the checker gave each expression of a syntax tree, and what
// each name, call and named argument resolved to, by the checker's own scopes. Watching changes
// nothing the checker does or gives.

import type { Expr, Span } from "../../grammar/syntax.js";
import type { CheckType } from "./types.js";

/** What a name refers to: a function, or a parameter or `let` of one. */
export interface Definition {
  kind: "fn" | "param" | "let";
  name: string;
  /** The name where it is declared. */
  span: Span;
  /** The file it is declared in, by the name diagnostics use. */
  file: string;
}

export interface CheckObserver {
  /** `expr`, a node of the syntax tree of `file`, was checked and has `type`. */
  typed?(expr: Expr, type: CheckType, file: string): void;
  /** The name written at `use` in `file` refers to `definition`. */
  resolved?(use: Span, file: string, definition: Definition): void;
}
