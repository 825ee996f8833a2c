// E0023: `featc explain-error E0023`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0023",
  text: `Commands that build or run one dataset (\`build\`, \`explain\`, \`extract\`) need to know which:
a file with several datasets needs \`--dataset <name>\`, and the name must exist. A file
without any dataset has nothing to build (\`featc check\` still checks its functions).`,
  broken: `dataset fast {
  trigger event
  mid = book.mid
}

dataset slow {
  trigger every 1s
  mid = book.mid
}
`,
  fixed: `dataset slow {
  trigger every 1s
  mid = book.mid
}
`,
};
