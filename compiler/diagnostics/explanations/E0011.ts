// E0011: `featc explain-error E0011`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0011",
  text: `One parameter received two values: named twice, or given positionally and then by name.
Keep one.`,
  broken: `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}

dataset d {
  trigger trade
  imb = imbalance(5, depth = 3)
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
