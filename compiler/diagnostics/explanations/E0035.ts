// E0035: `featc explain-error E0035`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0035",
  text: `Every arm of a \`match\` gives the value of the same expression, so all arms must have one
type. As elsewhere, an integer literal arm may stand beside \`f64\` arms, and \`null\` beside any;
convert other integers with \`f64(...)\`.`,
  broken: `dataset d {
  trigger event
  w = match event.kind {
    add => book.bid.price
    _ => book.bid.levels
  }
}
`,
  fixed: `dataset d {
  trigger event
  w = match event.kind {
    add => book.bid.price
    _ => f64(book.bid.levels)
  }
}
`,
};
