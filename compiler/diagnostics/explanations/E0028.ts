// E0028: `featc explain-error E0028`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0028",
  text: `A trigger can have at most one \`every N events\` and one \`every <duration>\`: two periods of
the same kind would make one of them redundant or ambiguous. Keep the one you mean.`,
  broken: `dataset d {
  trigger every 10 events or every 20 events
  mid = book.mid
}
`,
  fixed: `dataset d {
  trigger every 10 events
  mid = book.mid
}
`,
};
