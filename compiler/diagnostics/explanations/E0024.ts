// E0024: `featc explain-error E0024`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0024",
  text: `A spec or an imported file cannot be read: it does not exist, or featc may not read it.
Import paths are relative to the importing file, not to the directory featc runs in;
\`std/...\` names the standard library.`,
  broken: `import "does_not_exist/lib.feat"

dataset d {
  trigger trade
  mid = book.mid
}
`,
  fixed: `dataset d {
  trigger trade
  mid = book.mid
}
`,
};
