// E0014: `featc explain-error E0014`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0014",
  text: `A field that does not exist on \`book\`, a book side, a level, \`event\` or \`trade\`. The fields
are listed in docs/language.md section 5; the message suggests the closest.`,
  broken: `dataset d {
  trigger trade
  best_bid = book.bid.prize
}
`,
  fixed: `dataset d {
  trigger trade
  best_bid = book.bid.price
}
`,
};
