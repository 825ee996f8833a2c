// E0019: `featc explain-error E0019`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0019",
  text: `A trigger condition that is not \`event\`, \`trade\`, \`every N events\` or \`every <duration>\`.
The message suggests the closest condition.`,
  broken: `dataset d {
  trigger trades
  mid = book.mid
}
`,
  fixed: `dataset d {
  trigger trade
  mid = book.mid
}
`,
};
