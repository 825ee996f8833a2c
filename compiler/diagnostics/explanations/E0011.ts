// E0011: `featc explain-error E0011`.
import type { Explanation } from "./explanation.js";
import { imbalanceCalledWith } from "./specs.js";

export const explanation: Explanation = {
  code: "E0011",
  text: `One parameter received two values: named twice, or given positionally and then by name.
Keep one.`,
  broken: imbalanceCalledWith("5, depth = 3"),
  fixed: imbalanceCalledWith("depth = 3"),
};
