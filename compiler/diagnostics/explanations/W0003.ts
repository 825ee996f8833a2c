// W0003: `featc explain-error W0003`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "W0003",
  text: `A rolling window over time shorter than the trigger's bar period. A row at a bar boundary
then reflects only the last part of its bar: the events before the window never reach any
row. Widen the window to at least the period, or use a since-emit operator to cover the whole
bar.`,
  broken: `dataset d {
  trigger every 1s
  volume = rolling_sum(trade.size, 100ms)
}
`,
  fixed: `dataset d {
  trigger every 1s
  volume = sum_since_emit(trade.size)
}
`,
};
