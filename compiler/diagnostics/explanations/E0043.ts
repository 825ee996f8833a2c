// E0043: `featc explain-error E0043`.
import type { Explanation } from "./explanation.js";

const depth = 65;

export const explanation: Explanation = {
  code: "E0043",
  text: `featc reads an expression at most 64 levels deep in parentheses, call arguments, \`if\`,
\`match\` and prefix operators, and at most 256 levels deep as a tree, where each operator of
a chain such as \`a + b + c\` is a level (it reads as \`(a + b) + c\`), counted once the
functions it calls and the \`let\`s it reads are inlined. The compiler walks expressions
recursively; the bounds keep any spec, however it was written or generated, far from the end
of the stack (docs/security.md). Name the inner parts: a function or a \`let\` for each, then
combine the names.`,
  broken: `dataset d {
  trigger trade
  x = ${"(".repeat(depth)}book.mid${")".repeat(depth)}
}
`,
  fixed: `dataset d {
  trigger trade
  x = book.mid
}
`,
};
