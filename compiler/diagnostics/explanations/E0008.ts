// E0008: `featc explain-error E0008`.
import type { Explanation } from "./explanation.js";
import { imbalanceCalledWith } from "./specs.js";

export const explanation: Explanation = {
  code: "E0008",
  text: `An argument does not have the type of its parameter. Parameters declared \`i64\` (book levels
and depths, windows counted in events) do not take an \`f64\`; a parameter declared \`f64\`
does not take a \`bool\`.`,
  broken: imbalanceCalledWith("depth = 2.5"),
  fixed: imbalanceCalledWith("depth = 2"),
};
