// E0038: `featc explain-error E0038`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0038",
  text: `\`row.ts\` and \`row.trigger\` describe the row being emitted: its time and the condition
that emitted it. A temporal operator takes its input at every step, when no row is being emitted,
and \`future(x, h)\` evaluates \`x\` at a later time, so neither may read them, directly or through
a function. Read the row's fields in the column itself, and give temporal operators the packet's
own fields (\`event.exchange_ts\`). See docs/language.md section 4.`,
  broken: `dataset d {
  trigger trade or every 1s
  last_row = prev(row.ts)
}
`,
  fixed: `dataset d {
  trigger trade or every 1s
  ts = row.ts
  last_event = prev(event.exchange_ts)
}
`,
};
