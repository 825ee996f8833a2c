// E0026: `featc explain-error E0026`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0026",
  text: `A number literal outside its type's range. \`i64\` values are limited to +/-(2^53-1) so both
runtimes compute them exactly; an \`f64\` literal must not overflow to infinity.`,
  broken: `dataset d {
  trigger trade
  big = trade.count * 9007199254740993
}
`,
  fixed: `dataset d {
  trigger trade
  big = f64(trade.count) * 9007199254740993.0
}
`,
};
