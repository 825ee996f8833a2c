// E0007: `featc explain-error E0007`.
import type { Explanation } from "./explanation.js";
import { spreadReturning } from "./specs.js";

export const explanation: Explanation = {
  code: "E0007",
  text: `A function's last line is its result and must have the declared return type. The most
frequent case is a nullable result (\`f64?\`, e.g. from \`book.mid\` or a division) in a function
declared \`-> f64\`: declare \`-> f64?\`, or give null a value with \`?? 0.0\`.`,
  broken: spreadReturning("f64"),
  fixed: spreadReturning("f64?"),
};
