// E0027: `featc explain-error E0027`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0027",
  text: `\`book\`, \`book.bid\`, \`event\`, \`trade\`, \`flow\` and \`flow.adds\` are roots for fields, not values: a column needs one
of their fields (docs/language.md section 5).`,
  broken: `dataset d {
  trigger trade
  bid = book.bid
}
`,
  fixed: `dataset d {
  trigger trade
  bid = book.bid.price
}
`,
};
