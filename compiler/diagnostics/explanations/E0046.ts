// E0046: `featc explain-error E0046`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0046",
  text: `An exception inside featc itself: no spec, however broken, is meant to cause one (the
front end reports every mistake as a coded diagnostic, docs/security.md). The message names
what was raised and where. The command exits with status 70 and nothing was built. Please
report it, with the spec or command that caused it and \`featc --version\`, to featc's issue
tracker; featc's fuzz tests (\`npm run fuzz\`) exist to find such inputs before you do.`,
};
