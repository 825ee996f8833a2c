// E0031: `featc explain-error E0031`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0031",
  text: `The window of a rolling operator, the span or half-life of \`ema\`, and \`max_events\` decide how
much state the kernel keeps, which is fixed when the spec is compiled. They must be
constants: literals, or function parameters that every call sets to a constant.`,
  broken: `dataset d {
  trigger trade
  flow = rolling_sum(trade.size, trade.count)
}
`,
  fixed: `dataset d {
  trigger trade
  flow = rolling_sum(trade.size, 100)
}
`,
};
