// The limits every command compiles with, set once from the global options
// (`--max-state-bytes`, compiler/cli/main.ts) before a command runs. Its own module, so that
// main.ts sets them without loading the compiler.
import type { CompileOptions } from "../compile.js";

export const compileLimits: Pick<CompileOptions, "maxStateBytes"> = {};
