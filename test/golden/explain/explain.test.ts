// Golden `featc explain examples/goog_1s.feat`: the IR text and the per-column analysis
// (state bytes, warm-up). UPDATE_GOLDEN=1 rewrites the expected file.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import { printColumnReport } from "../../../compiler/ir/analysis/columnReport.js";
import { irHash } from "../../../compiler/ir/hash.js";
import { printProgram } from "../../../compiler/ir/printer.js";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

describe("featc explain golden output", () => {
  it("examples/goog_1s.feat", () => {
    const cwd = process.cwd();
    process.chdir(repoRoot);
    let text: string;
    try {
      const program = compileFile("examples/goog_1s.feat").program!;
      // The same text the command writes (compiler/cli/commands/explain.ts).
      text = `// ir hash ${irHash(program)}\n` + printProgram(program) + printColumnReport(program);
    } finally {
      process.chdir(cwd);
    }
    const expectedPath = join(import.meta.dirname, "goog_1s.expected");
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(expectedPath, text);
    expect(existsSync(expectedPath), "goog_1s.expected is missing; run with UPDATE_GOLDEN=1").toBe(true);
    expect(text).toBe(readFileSync(expectedPath, "utf8"));
  });
});
