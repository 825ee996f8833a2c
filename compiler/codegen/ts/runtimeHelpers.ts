// The runtime helpers a generated TypeScript kernel carries: the source of runtime/kernel/
// (window.ts, numerics.ts), type-checked and tested as modules of their own, inlined into each
// kernel that needs them, because generated kernels import nothing at run time.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../build/packageRoot.js";

export type RuntimeHelper = "window" | "numerics";

const cache = new Map<RuntimeHelper, string>();

/** The helper's declarations, without its file header and with `export` dropped. */
export function runtimeHelperSource(helper: RuntimeHelper): string {
  let source = cache.get(helper);
  if (source === undefined) {
    const text = readFileSync(join(PACKAGE_ROOT, "runtime", "kernel", `${helper}.ts`), "utf8");
    const lines = text.split("\n");
    const body = lines.findIndex((line) => !line.startsWith("//") && line.trim() !== "");
    source = lines
      .slice(body)
      .join("\n")
      .replace(/^export /gm, "")
      .trimEnd();
    cache.set(helper, source);
  }
  return source;
}
