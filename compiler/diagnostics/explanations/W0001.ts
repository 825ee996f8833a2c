// W0001: `featc explain-error W0001`.
import type { Explanation } from "./explanation.js";
import { spreadReturning } from "./specs.js";

export const explanation: Explanation = {
  code: "W0001",
  text: `A \`let\` whose value is never used. It costs nothing at run time (unused values are not
computed) but usually means a typo or a forgotten term in the result.`,
  broken: spreadReturning("f64?", "let mid = book.mid"),
  fixed: spreadReturning("f64?"),
};
