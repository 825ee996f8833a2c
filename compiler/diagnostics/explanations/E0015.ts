// E0015: `featc explain-error E0015`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0015",
  text: `Two functions, datasets, columns, parameters or \`let\`s of one scope share a name. A \`let\`
cannot be redefined either: each name means one value, which is what makes a spec easy to
read top to bottom. Choose another name.`,
  broken: `dataset d {
  trigger trade
  mid = book.mid
  mid = book.microprice
}
`,
  fixed: `dataset d {
  trigger trade
  mid = book.mid
  micro = book.microprice
}
`,
};
