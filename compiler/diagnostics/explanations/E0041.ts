// E0041: `featc explain-error E0041`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0041",
  text: `featc reads only regular files, and an import only files named \`.feat\`: a directory, a
named pipe, a device such as \`/dev/zero\` or a socket is refused before anything is read from
it (a pipe or a device could block or never end).`,
  broken: `import "helpers.txt"

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
