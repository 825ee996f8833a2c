// E0010: `featc explain-error E0010`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0010",
  text: `A named argument (\`name = value\`) names no parameter of the function. Check the spelling
against the declaration; the message suggests the closest parameter name.`,
  broken: `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}

dataset d {
  trigger trade
  imb = imbalance(levels = 3)
}
`,
  fixed: `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}

dataset d {
  trigger trade
  imb = imbalance(depth = 3)
}
`,
};
