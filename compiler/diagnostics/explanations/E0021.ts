// E0021: `featc explain-error E0021`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0021",
  text: `A dataset says when to emit a row with exactly one \`trigger\` line; several conditions go on
that line, joined with \`or\`.`,
  broken: `dataset d {
  trigger trade
  trigger every 1s
  mid = book.mid
}
`,
  fixed: `dataset d {
  trigger trade or every 1s
  mid = book.mid
}
`,
};
