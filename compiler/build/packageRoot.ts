// Where featc itself is installed, and its version: the native sources a kernel links
// against, and the version recorded in every output's provenance.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "featc") return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error("featc: cannot find the featc package root above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
export const FEATC_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).version;
export const NATIVE_CORE_DIR = join(PACKAGE_ROOT, "native", "core");
export const NATIVE_LOCKFILE = join(PACKAGE_ROOT, "native", "Cargo.lock");
