// W0004: `featc explain-error W0004`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "W0004",
  text: `A since-emit accumulator (\`sum_since_emit\`, \`count_since_emit\`, \`open\`, \`high\`, ...) is reset
after every row. With a trigger that fires at every event there is one step between rows,
so it always holds just the current step's value: the state is spent for nothing. Use the
value itself, a rolling window, or a less frequent trigger.`,
  broken: `dataset d {
  trigger event
  flow = sum_since_emit(trade.signed_size)
}
`,
  fixed: `dataset d {
  trigger every 1s
  flow = sum_since_emit(trade.signed_size)
}
`,
};
