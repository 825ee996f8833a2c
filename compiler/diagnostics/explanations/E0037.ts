// E0037: `featc explain-error E0037`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0037",
  text: `A label looks into the future of its row, so it can only be computed after the fact, by the
batch path. A spec compiled for the online engine (\`featc check --online\`, \`loadOnlineKernel\`)
must not have labels, so that no future information can leak into live features. Keep the
labels in a training dataset and serve a dataset without them. See docs/language.md section 10.`,
  broken: `dataset d {
  trigger every 1s
  mid = book.mid
  label fwd = future(book.mid, 1s)
}
`,
  fixed: `dataset d {
  trigger every 1s
  mid = book.mid
}
`,
  options: { target: "online" },
};
