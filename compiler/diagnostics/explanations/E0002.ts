// E0002: `featc explain-error E0002`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0002",
  text: `A character that is not part of the language, such as \`$\`, \`%\` or \`&\`. Names use letters,
digits and \`_\`; operators are listed in docs/language.md section 6.`,
  broken: `dataset d {
  trigger trade
  half = book.mid $ 2
}
`,
  fixed: `dataset d {
  trigger trade
  half = book.mid / 2
}
`,
};
