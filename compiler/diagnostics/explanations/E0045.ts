// E0045: `featc explain-error E0045`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0045",
  text: `Every symbol a run computes keeps its dataset's state in memory: a window of a million
steps is 9 MB, and 2,000 of them 18 GB. featc adds the state of a dataset up when it compiles it
(\`featc check\` and \`featc explain\` print it) and refuses more than 1 GiB per symbol, before a
run starts allocating. Shorten the windows, or raise the limit where the memory is there:
\`--max-state-bytes 32GiB\` on any command, \`maxStateBytes\` for the library. (The example lowers
the limit to 1,000 bytes.)`,
  broken: `dataset d {
  trigger trade
  volume = rolling_sum(trade.size, 1000)
}
`,
  fixed: `dataset d {
  trigger trade
  volume = rolling_sum(trade.size, 100)
}
`,
  options: { maxStateBytes: 1000 },
};
