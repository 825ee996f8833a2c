// E0001: `featc explain-error E0001`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0001",
  text: `The text is not a well-formed spec: a token is missing or out of place. The parser reports the
first problem of each statement, resumes at the next line, and keeps checking the rest, so
fix the first error of a line before reading the others. Common causes: an \`if\` without
\`else\`, an unclosed parenthesis, two values on one line, and chained comparisons
(\`a < b < c\` is not allowed; write \`a < b and b < c\`).`,
  broken: `dataset d {
  trigger trade
  side = if trade.signed_size > 0 then 1
}
`,
  fixed: `dataset d {
  trigger trade
  side = if trade.signed_size > 0 then 1 else -1
}
`,
};
