// E0025: `featc explain-error E0025`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0025",
  text: `\`null\` has no type of its own: it takes the type of what it is combined with (the other
branch of an \`if\`, the other side of \`??\`). A column that can only be null has no type to
write to Parquet.`,
  broken: `dataset d {
  trigger trade
  nothing = null
}
`,
  fixed: `dataset d {
  trigger trade
  last_price = if trade.count > 0 then trade.price else null
}
`,
};
