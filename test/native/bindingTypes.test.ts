// The TypeScript side of the native boundary type-checks against the declarations napi
// generated from the Rust exports: runtime/native/binding.ts types the addon from
// native/native-binding.d.ts, and bindingTypes.ts asserts that the lists and shapes kept in
// TypeScript are the addon's. Compiled here with the TypeScript compiler, so a Rust change
// that the TypeScript side does not follow fails this test after `npm run build:native`.

import { existsSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO } from "../support/paths.js";

const DECLARATIONS = join(REPO, "native", "native-binding.d.ts");

function compile(roots: string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(REPO, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  )!;
  const program = ts.createProgram(roots, { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.slice(REPO.length + 1)}:${line + 1}:${character + 1}: ${text}`;
  });
}

describe("the native boundary's TypeScript types", () => {
  it("agree with the declarations generated from the Rust exports", () => {
    expect(existsSync(DECLARATIONS), `${DECLARATIONS} is missing: run \`npm run build:native\``).toBe(true);
    const roots = [join(REPO, "runtime", "native", "binding.ts"), join(REPO, "test", "native", "bindingTypes.ts")];
    expect(compile(roots)).toEqual([]);
  });
});
