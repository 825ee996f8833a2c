// Function inlining as every stage after checking sees it (docs/language.md section 9): a call
// evaluates its function's body in a frame that binds each parameter to its argument, itself
// evaluated in the caller's frame, and each `let` to its value in the new frame. The checker's
// per-call-site constant checks, the linter and the lowering all walk calls through this.

import type { TypedExpr, TypedFunction } from "./typed.js";

/** An expression and the frame it is evaluated in. */
export interface Bound {
  expr: TypedExpr;
  frame: Frame;
}

export interface Frame {
  /** The file the frame's code is written in. */
  file: string;
  params: ReadonlyMap<string, Bound>;
  lets: ReadonlyMap<string, Bound>;
}

/** The frame of a dataset's own expressions: nothing bound. */
export function rootFrame(file: string): Frame {
  return { file, params: new Map(), lets: new Map() };
}

/** The frame a call of `fn` with `args` (defaults filled in by the checker) runs its body in. */
export function callFrame(fn: TypedFunction, args: readonly TypedExpr[], caller: Frame): Frame {
  const params = new Map<string, Bound>();
  const lets = new Map<string, Bound>();
  const frame: Frame = { file: fn.file, params, lets };
  fn.params.forEach((param, index) => params.set(param.name, { expr: args[index], frame: caller }));
  // A `let` sees the parameters and the `let`s before it, so binding all of them in one frame is exact.
  for (const binding of fn.lets) lets.set(binding.name, { expr: binding.value, frame });
  return frame;
}

/** What a `param` or `let` reference stands for in `frame`. */
export function resolve(frame: Frame, reference: { kind: "param" | "let"; name: string }): Bound | undefined {
  return (reference.kind === "param" ? frame.params : frame.lets).get(reference.name);
}
