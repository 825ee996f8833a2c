// E0017: `featc explain-error E0017`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0017",
  text: `A book level or depth outside the supported range: levels start at 1 (\`level(1)\` is the
best), and depths count at least one level. The message gives the range.`,
  broken: `dataset d {
  trigger trade
  second = book.bid.level(0).price
}
`,
  fixed: `dataset d {
  trigger trade
  second = book.bid.level(2).price
}
`,
};
