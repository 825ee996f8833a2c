// `node --import ./test/support/tsNode.mjs file.ts`: runs featc's TypeScript sources without a
// build, through the hooks of ./tsHooks.mjs. With FEATC_TRACE_MODULES=<file>, every ES module
// loaded and every CommonJS module required is appended to that file.
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";

register("./tsHooks.mjs", import.meta.url);

const trace = process.env.FEATC_TRACE_MODULES;
if (trace) {
  const load = Module._load;
  Module._load = function (request, ...rest) {
    appendFileSync(trace, `require:${request}\n`);
    return load.call(this, request, ...rest);
  };
}
