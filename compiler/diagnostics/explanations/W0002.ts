// W0002: `featc explain-error W0002`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "W0002",
  text: `A division whose divisor is zero in ordinary data: a difference (two equal prices), a book
size, count or depth (an empty side), a packet's trade size or count (a packet without
trades). Division by zero gives null (docs/language.md section 6), and a column that is
often null may surprise a model. The warning is silenced by a guard: an enclosing \`if\` whose
condition tests the divisor, or \`??\` with a fallback value.`,
  broken: `dataset d {
  trigger trade
  vwap = trade.price * trade.size / trade.size
}
`,
  fixed: `dataset d {
  trigger trade
  vwap = trade.price * trade.size / trade.size ?? 0.0
}
`,
};
