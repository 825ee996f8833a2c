// Parts of the explanations' example specs that several codes share, so that each
// explanation shows only the line its code is about.

/** The spec of `fn` followed by a dataset `d`, triggered on every trade, of one `column`. */
export function fnThenDataset(fn: string, column: string): string {
  return `${fn}

dataset d {
  trigger trade
  ${column}
}
`;
}

/** A function with an `i64` parameter that has a default: the examples of call arguments. */
const imbalance = `fn imbalance(depth: i64 = 5) -> f64? {
  let b = book.bid.depth(depth)
  let a = book.ask.depth(depth)
  (b - a) / (b + a)
}`;

/** `imbalance(depth: i64 = 5)` and a column `imb` calling it with `args`. */
export function imbalanceCalledWith(args: string): string {
  return fnThenDataset(imbalance, `imb = imbalance(${args})`);
}

/** A function `spread() -> returns` whose body is `lines`, and a column calling it. */
export function spreadReturning(returns: string, ...lines: string[]): string {
  const body = [...lines, "book.ask.price - book.bid.price"].map((line) => `  ${line}\n`).join("");
  return fnThenDataset(`fn spread() -> ${returns} {\n${body}}`, "spread = spread()");
}
