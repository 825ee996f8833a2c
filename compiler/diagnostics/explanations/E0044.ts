// E0044: `featc explain-error E0044`.
import type { Explanation } from "./explanation.js";

/** `f1` ... `f<n>`, each calling the one before: twice as written, once through a `let` when fixed. */
function chain(n: number, fixed: boolean): string {
  const fns = ["fn f0(x: f64) -> f64 {\n  x * 2.0\n}\n"];
  for (let i = 1; i <= n; i++) {
    const body = fixed ? `  let y = f${i - 1}(x)\n  y + y` : `  f${i - 1}(x) + f${i - 1}(x)`;
    fns.push(`fn f${i}(x: f64) -> f64 {\n${body}\n}\n`);
  }
  return `${fns.join("\n")}\ndataset d {\n  trigger trade\n  x = f${n}(book.mid ?? 0.0)\n}\n`;
}

export const explanation: Explanation = {
  code: "E0044",
  text: `Calls are inlined where they are written (docs/language.md section 9), so a function that
calls another twice is twice that function's size, and a chain of such functions doubles at
each step: 24 of them are 2^24 expressions. featc inlines at most 250,000 expressions into a
dataset (its columns, labels and \`when\` together) and refuses more before it starts, instead of
taking minutes. A \`let\` is evaluated once wherever it is read: bind the call's result and
read the name twice.`,
  broken: chain(24, false),
  fixed: chain(24, true),
};
