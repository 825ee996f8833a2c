// E0030: `featc explain-error E0030`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0030",
  text: `Durations are int64 nanoseconds, so a duration literal must come to a whole number of them:
\`1.5ms\` is fine (1500000 ns), \`0.5ns\` is not.`,
  broken: `dataset d {
  trigger every 1s
  avg = rolling_mean(book.mid, 0.5ns)
}
`,
  fixed: `dataset d {
  trigger every 1s
  avg = rolling_mean(book.mid, 1s)
}
`,
};
