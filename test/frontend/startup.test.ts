// Each command loads only what it needs (compiler/cli/command.ts): the packages a featc process
// loads, as a user runs it (node bin/featc.js, the built package), seen by a module hook that
// logs every ES module resolved and every CommonJS package required.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const HEAVY = ["ts-morph", "typescript", "apache-arrow", "parquet-wasm"];

let dir: string;
let hook: string;

beforeAll(() => {
  dir = scratchDir("startup");
  // The resolve hook runs on the loader's thread; both write one line per package to the log.
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.FEATC_LOAD_LOG, resolved.url + "\\n");
  return resolved;
}
`,
  );
  hook = join(dir, "register.mjs");
  writeFileSync(
    hook,
    `import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";
register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});
const load = Module._load;
Module._load = function (request, ...rest) {
  appendFileSync(process.env.FEATC_LOAD_LOG, "require:" + request + "\\n");
  return load.call(this, request, ...rest);
};
`,
  );
});

let runs = 0;

/** Runs featc with `args`; the npm packages the process loaded. */
function packagesLoaded(...args: string[]): Set<string> {
  const log = join(dir, `loads-${runs++}.txt`);
  const r = spawnSync("node", ["--import", hook, join(REPO, "bin", "featc.js"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, FEATC_LOAD_LOG: log },
  });
  expect(r.status, r.stderr).toBe(0);
  const names = new Set<string>();
  for (const line of existsSync(log) ? readFileSync(log, "utf8").split("\n") : []) {
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    const required = /^require:((?:@[^/]+\/)?[^/.][^/]*)/.exec(line);
    if (inModules) names.add(inModules[1]);
    else if (required && !required[1].startsWith("node:")) names.add(required[1]);
  }
  return names;
}

describe("featc start-up", () => {
  it("--version and --help load neither the parser, the code generator nor Arrow and parquet-wasm", () => {
    for (const args of [["--version"], ["--help"], ["extract", "--help"]]) {
      const loaded = packagesLoaded(...args);
      expect(loaded.has("yargs"), args.join(" ")).toBe(true);
      for (const name of [...HEAVY, "chevrotain", "cli-progress"])
        expect(loaded.has(name), `${args} ${name}`).toBe(false);
    }
  });

  it("check, fmt and explain load the parser but not the code generator, Arrow or parquet-wasm", () => {
    for (const args of [
      ["check", "examples/goog_1s.feat"],
      ["fmt", "--check", "specs/std/book.feat"],
      ["explain", "examples/goog_1s.feat"],
    ]) {
      const loaded = packagesLoaded(...args);
      expect(loaded.has("chevrotain"), args.join(" ")).toBe(true);
      // Chevrotain's single-file build (grammar/chevrotain.ts), not lodash-es's 640 modules.
      for (const name of [...HEAVY, "lodash-es"]) expect(loaded.has(name), `${args.join(" ")}: ${name}`).toBe(false);
    }
  });

  it("build loads the code generator; extract with a cached kernel does not, and loads Parquet only where the TypeScript engine writes it", () => {
    const logs = join(dir, "q");
    const fresh = join(dir, "cache");
    const out = (name: string) => ["--out", join(dir, name)];
    const extract = (engine: string, cache: string, ...more: string[]) =>
      packagesLoaded(
        "extract",
        "examples/goog_1s.feat",
        "--source",
        logs,
        "--symbols",
        "SYN",
        "--engine",
        engine,
        "--cache-dir",
        cache,
        ...more,
      );

    const gen = packagesLoaded("gen", "--events", "20000", "--out", logs);
    const inspect = packagesLoaded("inspect", join(logs, "SYN", "2024-01-02.q"));
    for (const name of HEAVY) expect(gen.has(name) || inspect.has(name), name).toBe(false);
    expect(
      packagesLoaded("build", "examples/goog_1s.feat", "--engine", "ts", "--cache-dir", fresh).has("ts-morph"),
    ).toBe(true);
    // The shared cache's kernels, both of them, made once if they are not there yet.
    packagesLoaded("build", "examples/goog_1s.feat", "--cache-dir", KERNEL_CACHE);

    const native = extract("native", KERNEL_CACHE, ...out("native"), "--no-summary");
    for (const name of HEAVY) expect(native.has(name), name).toBe(false);
    // The summary reads the files' first rows back through the addon, not Arrow and parquet-wasm.
    const summarized = extract("native", KERNEL_CACHE, ...out("summary"));
    for (const name of HEAVY) expect(summarized.has(name), name).toBe(false);
    const ts = extract("ts", fresh, ...out("ts"), "--no-summary");
    expect([...HEAVY].map((name) => ts.has(name))).toEqual([false, false, true, true]);
  });
});
