// E0013: `featc explain-error E0013`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0013",
  text: `A call to a function that is neither defined in this file or its imports nor built in
(\`prev\`, \`sum_since_emit\`, the temporal operators of docs/language.md section 7, \`f64\`).
The message suggests the closest name; a function from another file needs an \`import\`, and
one of the standard library is named with the import it needs (\`import "std/book"\` for
\`imbalance\`).`,
  broken: `dataset d {
  trigger trade
  last_mid = previous(book.mid)
}
`,
  fixed: `dataset d {
  trigger trade
  last_mid = prev(book.mid)
}
`,
};
