// E0039: `featc explain-error E0039`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0039",
  text: `\`quality.gap\`, \`quality.bad_book\`, \`quality.bad_ts\` and \`quality.reset\` say what happened
since the last row: whether a record since then carried the log's GAP, BAD_BOOK or BAD_TS flag, and
whether the stream was reset. They have a value only when a row is emitted, so a temporal operator,
which takes its input at every step, cannot read them, and neither can \`future(x, h)\`, directly or
through a function. Read them in the column itself. \`quality.crossed\` and \`quality.locked\` read the
book as it is now and may be read anywhere. See docs/language.md section 5.1.`,
  broken: `dataset d {
  trigger every 1s
  gaps = count_since_emit(if quality.gap then 1 else null)
}
`,
  fixed: `dataset d {
  trigger every 1s
  gap = quality.gap
  crossed_steps = rolling_count(if quality.crossed then 1.0 else null, 100)
}
`,
};
