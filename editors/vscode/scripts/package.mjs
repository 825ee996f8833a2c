// npm run package:vscode: type-checks the client, bundles it with vscode-languageclient into
// dist/extension.js (esbuild; `vscode` is the editor's own module) and packs the extension into
// dist/featc-<version>.vsix with @vscode/vsce. Nothing is fetched: every tool is a dev
// dependency of the repository.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const extension = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = dirname(dirname(extension));
const manifest = JSON.parse(readFileSync(join(extension, "package.json"), "utf8"));
const dist = join(extension, "dist");
const vsix = join(dist, `${manifest.name}-${manifest.version}.vsix`);

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(extension, "tsconfig.json")], {
  stdio: "inherit",
});
await build({
  entryPoints: [join(extension, "src/extension.ts")],
  outfile: join(dist, "extension.js"),
  bundle: true,
  platform: "node",
  // VS Code 1.91 runs extensions on Node 20, in CommonJS.
  target: "node20",
  format: "cjs",
  external: ["vscode"],
  minify: true,
  logLevel: "warning",
});
const { createVSIX } = require("@vscode/vsce");
await createVSIX({
  cwd: extension,
  packagePath: vsix,
  // The client is bundled: the package needs no node_modules.
  dependencies: false,
  // The repository has neither a remote nor a LICENSE file to point to; the manifest says Apache-2.0.
  allowMissingRepository: true,
  skipLicense: true,
});
console.log(`${relative(repo, vsix)}: ${statSync(vsix).size} bytes`);
