// E0016: `featc explain-error E0016`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0016",
  text: `Book levels (\`level(n)\`) and depths (\`depth(n)\`) select fixed positions of the book, so \`n\`
must be known when the spec is compiled: a literal, or a function parameter that every call
sets to a constant. A value computed from the data cannot pick a level.`,
  broken: `dataset d {
  trigger trade
  deep = book.bid.depth(trade.count)
}
`,
  fixed: `dataset d {
  trigger trade
  deep = book.bid.depth(5)
}
`,
};
