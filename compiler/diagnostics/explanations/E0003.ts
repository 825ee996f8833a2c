// E0003: `featc explain-error E0003`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0003",
  text: `An operator was applied to values it does not work on: arithmetic on a \`bool\` or a
\`timestamp\` and an \`f64\`, \`and\`/\`or\`/\`not\` on numbers, a comparison of a number with a bool.
The labels show the type of each side. Compare a number to get a \`bool\`; subtract two
timestamps to get a duration.`,
  broken: `dataset d {
  trigger trade
  quiet = not trade.count
}
`,
  fixed: `dataset d {
  trigger trade
  quiet = not (trade.count > 0)
}
`,
};
