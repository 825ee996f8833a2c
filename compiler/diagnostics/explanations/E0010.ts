// E0010: `featc explain-error E0010`.
import type { Explanation } from "./explanation.js";
import { imbalanceCalledWith } from "./specs.js";

export const explanation: Explanation = {
  code: "E0010",
  text: `A named argument (\`name = value\`) names no parameter of the function. Check the spelling
against the declaration; the message suggests the closest parameter name.`,
  broken: imbalanceCalledWith("levels = 3"),
  fixed: imbalanceCalledWith("depth = 3"),
};
