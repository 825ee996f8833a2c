// Golden diagnostics: every `diagnostics/<name>.feat` is a broken spec (or, for the lint
// warnings, a questionable one); its rendered diagnostics must equal `<name>.expected`.
// UPDATE_GOLDEN=1 rewrites the expected files.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const folder = join(import.meta.dirname, "diagnostics");
const update = process.env.UPDATE_GOLDEN === "1";

describe("diagnostics golden files", () => {
  const specs = readdirSync(folder).filter((name) => name.endsWith(".feat")).sort();

  it("has a broken spec for each kind of mistake", () => {
    expect(specs.length).toBeGreaterThanOrEqual(40);
  });

  for (const spec of specs) {
    const name = basename(spec, ".feat");
    it(name, () => {
      // Paths relative to the repository keep the expected files machine-independent.
      const path = relative(repoRoot, join(folder, spec));
      const cwd = process.cwd();
      process.chdir(repoRoot);
      let rendered: string;
      try {
        const compiled = compileFile(path);
        expect(compiled.diagnostics.length).toBeGreaterThan(0);
        // A spec with only warnings still compiles; one with an error never does.
        if (compiled.diagnostics.some((diagnostic) => diagnostic.severity === "error")) expect(compiled.program).toBeUndefined();
        else expect(compiled.program).toBeDefined();
        rendered = renderDiagnostics(compiled.diagnostics, compiled.sources);
      } finally {
        process.chdir(cwd);
      }
      const expectedPath = join(folder, `${name}.expected`);
      if (update) writeFileSync(expectedPath, rendered);
      expect(existsSync(expectedPath), `${name}.expected is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(rendered).toBe(readFileSync(expectedPath, "utf8"));
    });
  }
});
