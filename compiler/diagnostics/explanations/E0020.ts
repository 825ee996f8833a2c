// E0020: `featc explain-error E0020`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0020",
  text: `A trigger period must be a positive whole number of nanoseconds, and an event count at least
1: \`every 0s\` or \`every 0 events\` would never advance.`,
  broken: `dataset d {
  trigger every 0 events
  mid = book.mid
}
`,
  fixed: `dataset d {
  trigger every 10 events
  mid = book.mid
}
`,
};
