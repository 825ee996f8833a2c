// E0004: `featc explain-error E0004`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0004",
  text: `\`i64\` and \`f64\` do not mix implicitly (an integer literal is the one exception): the
conversion must be visible, because it can round. Write \`f64(x)\` to convert an \`i64\`.`,
  broken: `dataset d {
  trigger trade
  per_trade = trade.size * trade.count
}
`,
  fixed: `dataset d {
  trigger trade
  per_trade = trade.size * f64(trade.count)
}
`,
};
