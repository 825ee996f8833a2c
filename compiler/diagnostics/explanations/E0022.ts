// E0022: `featc explain-error E0022`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0022",
  text: `A type name that does not exist. The types are \`f64\`, \`i64\`, \`bool\`, \`timestamp\` and
\`duration\`, each with a nullable form \`T?\` (docs/language.md section 3).`,
  broken: `fn scaled(x: float) -> f64 {
  x * 2.0
}

dataset d {
  trigger trade
  s = scaled(1.5)
}
`,
  fixed: `fn scaled(x: f64) -> f64 {
  x * 2.0
}

dataset d {
  trigger trade
  s = scaled(1.5)
}
`,
};
