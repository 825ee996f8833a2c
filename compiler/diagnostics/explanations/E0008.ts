// E0008: `featc explain-error E0008`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0008",
  text: `An argument does not have the type of its parameter. Parameters declared \`i64\` (book levels
and depths, windows counted in events) do not take an \`f64\`; a parameter declared \`f64\`
does not take a \`bool\`.`,
  broken: `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}

dataset d {
  trigger trade
  imb = imbalance(depth = 2.5)
}
`,
  fixed: `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}

dataset d {
  trigger trade
  imb = imbalance(depth = 2)
}
`,
};
