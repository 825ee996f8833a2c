// E0034: `featc explain-error E0034`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0034",
  text: `A \`match\` works on an \`i64\`. Its patterns are integers, or, when it matches on
\`event.kind\`, the event kind names \`add\`, \`cancel\`, \`delete\`, \`modify\`, \`execute\`,
\`trade\`, \`level\`, \`clear\` and \`status\`. Each value may appear in one arm only.`,
  broken: `dataset d {
  trigger event
  w = match event.kind {
    add => 1.0
    trades => 2.0
    _ => 0.0
  }
}
`,
  fixed: `dataset d {
  trigger event
  w = match event.kind {
    add => 1.0
    trade => 2.0
    _ => 0.0
  }
}
`,
};
