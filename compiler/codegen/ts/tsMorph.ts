// ts-morph, and the TypeScript compiler under it, loaded on first use: they take about a second
// to load, so only a build that generates a TypeScript kernel pays for them; `featc check`,
// `fmt`, `explain` or an extraction whose kernel is cached never loads them.
import { createRequire } from "node:module";

type TsMorph = typeof import("ts-morph");

let loaded: TsMorph | undefined;

export function tsMorph(): TsMorph {
  loaded ??= createRequire(import.meta.url)("ts-morph") as TsMorph;
  return loaded;
}
