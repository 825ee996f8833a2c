// E0005: `featc explain-error E0005`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0005",
  text: `Both branches of an \`if\` must have the same type, since the column or \`let\` it defines has
one type. A nullable branch makes the whole \`if\` nullable; an \`i64\` and an \`f64\` branch need
an explicit \`f64(...)\`.`,
  broken: `dataset d {
  trigger trade
  signal = if trade.count > 0 then trade.size else true
}
`,
  fixed: `dataset d {
  trigger trade
  signal = if trade.count > 0 then trade.size else 0.0
}
`,
};
