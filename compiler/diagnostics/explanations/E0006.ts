// E0006: `featc explain-error E0006`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0006",
  text: `The condition of an \`if\` must be a \`bool\` (or \`bool?\`: a null condition gives null). A
number is not true or false by itself: compare it.`,
  broken: `dataset d {
  trigger trade
  up = if book.mid then 1.0 else 0.0
}
`,
  fixed: `dataset d {
  trigger trade
  up = if book.mid > prev(book.mid) then 1.0 else 0.0
}
`,
};
