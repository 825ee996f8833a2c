// E0033: `featc explain-error E0033`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0033",
  text: `A \`match\` gives a value for every value of what it matches on, so its arms must cover them
all: end it with \`_ => ...\` for the values no other arm names (a match on \`event.kind\` that
names every kind needs none). \`_\` matches everything, so it must be the last arm, on its own.`,
  broken: `dataset d {
  trigger event
  w = match event.kind {
    add => 1.0
    cancel => -1.0
  }
}
`,
  fixed: `dataset d {
  trigger event
  w = match event.kind {
    add => 1.0
    cancel => -1.0
    _ => 0.0
  }
}
`,
};
