// Module hooks that let Node run featc's TypeScript sources as they are, for tests that start
// featc as a child process without a build (./tsNode.mjs registers them). A relative `./x.js`
// import of a file that exists only as `./x.ts` loads the `.ts`, which esbuild strips of its
// types; nothing else changes. With FEATC_TRACE_MODULES=<file>, every module URL loaded is
// appended to that file, so a test can see what a command loads.
import { appendFileSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";

const trace = process.env.FEATC_TRACE_MODULES;

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith(".js") && /^(\.|\/|file:)/.test(specifier) && context.parentURL) {
    const url = new URL(specifier, context.parentURL);
    if (url.protocol === "file:" && !existsSync(fileURLToPath(url))) {
      const ts = new URL(url.href.replace(/\.js$/, ".ts"));
      if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true, format: "module" };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (trace) appendFileSync(trace, url + "\n");
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { code } = await transform(await readFile(path, "utf8"), {
    loader: "ts",
    format: "esm",
    target: "node20",
    sourcefile: path,
    sourcemap: "inline",
  });
  return { format: "module", source: code, shortCircuit: true };
}
