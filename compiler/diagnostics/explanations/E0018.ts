// E0018: `featc explain-error E0018`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0018",
  text: `A function calls itself, directly or through other functions. Calls are inlined when the
spec is compiled, so recursion would never end. For a value that depends on its own past,
use a temporal operator (\`prev\`, \`ema\`, \`sum_since_emit\`).`,
  broken: `fn total() -> f64 {
  trade.size + total()
}

dataset d {
  trigger trade
  total = total()
}
`,
  fixed: `dataset d {
  trigger every 1s
  total = sum_since_emit(trade.size)
}
`,
};
