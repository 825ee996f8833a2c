// E0042: `featc explain-error E0042`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0042",
  text: `A spec file, and each file it imports, may have at most 1 MiB (1,048,576 bytes), so
compiling a spec takes bounded time and memory whatever it holds. Split a larger spec into
files that import each other. (The example below lowers the limit to 64 bytes with the
library option \`maxSourceBytes\`, which also raises it.)`,
  broken: `dataset d {
  trigger trade
  mid = book.mid
  spread = book.ask.price - book.bid.price
}
`,
  fixed: `dataset d {
  trigger trade
  mid = book.mid
}
`,
  options: { maxSourceBytes: 64 },
};
