// E0012: `featc explain-error E0012`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0012",
  text: `A name that is not a \`let\` before it, a parameter of the enclosing function, or one of the
roots \`book\`, \`event\`, \`trade\` and \`flow\`. Columns cannot refer to other columns: move a shared
expression into a function.`,
  broken: `dataset d {
  trigger trade
  spread = book.ask.price - bid
}
`,
  fixed: `dataset d {
  trigger trade
  spread = book.ask.price - book.bid.price
}
`,
};
