// E0032: `featc explain-error E0032`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0032",
  text: `A temporal operator's window, span or capacity outside its range: windows over steps hold
between 1 and 1000000 steps, durations must be positive. The message gives the range.`,
  broken: `dataset d {
  trigger trade
  flow = rolling_sum(trade.size, 0)
}
`,
  fixed: `dataset d {
  trigger trade
  flow = rolling_sum(trade.size, 10)
}
`,
};
