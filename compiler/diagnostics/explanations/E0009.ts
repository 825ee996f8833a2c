// E0009: `featc explain-error E0009`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0009",
  text: `A call passes more arguments than the function has parameters, or leaves out one without a
default. The label shows the function's parameters.`,
  broken: `dataset d {
  trigger trade
  last_mid = prev()
}
`,
  fixed: `dataset d {
  trigger trade
  last_mid = prev(book.mid)
}
`,
};
