// E0029: `featc explain-error E0029`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0029",
  text: `A dataset without columns would write rows with nothing in them. Add at least one column.`,
  broken: `dataset d {
  trigger trade or every 1s
}
`,
  fixed: `dataset d {
  trigger trade or every 1s
  mid = book.mid
}
`,
};
