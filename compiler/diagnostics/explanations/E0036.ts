// E0036: `featc explain-error E0036`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0036",
  text: `\`future(x, horizon)\` reads a value from after the row's time. It exists for training labels,
which the batch path computes once the horizon has passed, so it may only be written in a
\`label\` expression of a dataset, or in a function that only labels call: not in a column, a
trigger's \`when\`, another \`future\`, or the input of a temporal operator (which would feed
future values into state that later rows read). See docs/language.md section 10.`,
  broken: `dataset d {
  trigger every 1s
  mid = book.mid
  fwd = future(book.mid, 1s)
}
`,
  fixed: `dataset d {
  trigger every 1s
  mid = book.mid
  label fwd = future(book.mid, 1s)
}
`,
};
