// Chevrotain, loaded from the single-file build its package ships (lib/chevrotain.mjs, the same
// release's code with lodash-es inlined). The package's own entry imports lodash-es as some 640
// modules, which take about 300 ms to resolve and load: most of the start-up of `featc check`
// or `featc fmt`; the single file loads in about 15 ms. Where it is missing (a build without
// it), the package's entry is used. Every value of Chevrotain the grammar uses comes from here,
// so tokens and parser share one copy (types come from "chevrotain" itself).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  // The package's entry is lib/src/api.js; the single file sits in lib/.
  const entry = createRequire(import.meta.url).resolve("chevrotain");
  const bundle = join(dirname(entry), "..", "chevrotain.mjs");
  return existsSync(bundle) ? ((await import(pathToFileURL(bundle).href)) as Chevrotain) : import("chevrotain");
}

const chevrotain = await load();

export const {
  createToken,
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  Lexer,
  NoViableAltException,
  tokenMatcher,
} = chevrotain;
