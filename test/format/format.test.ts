// `featc fmt`: golden input/output pairs, and properties over every compilable spec:
// formatting is idempotent, keeps every comment, and leaves the IR hash unchanged.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { collectComments } from "../../compiler/format/comments.js";
import { formatSource } from "../../compiler/format/format.js";
import { irHash } from "../../compiler/ir/hash.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const goldenFolder = join(repoRoot, "test", "golden", "fmt");
const update = process.env.UPDATE_GOLDEN === "1";

function format(text: string, file = "spec.feat"): string {
  const result = formatSource(text, file);
  if (!result.ok) throw new Error(`${file} does not parse: ${result.problems.map((p) => p.message).join("; ")}`);
  return result.formatted;
}

function specFiles(): string[] {
  const folders = [join(repoRoot, "examples"), join(repoRoot, "specs", "std"), goldenFolder];
  return folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => name.endsWith(".feat"))
          .sort()
          .map((name) => join(folder, name))
      : [],
  );
}

describe("fmt golden pairs (test/golden/fmt/<name>.input.feat -> <name>.output.feat)", () => {
  const inputs = readdirSync(goldenFolder)
    .filter((name) => name.endsWith(".input.feat"))
    .sort();
  it("has pairs", () => expect(inputs.length).toBeGreaterThanOrEqual(2));
  for (const input of inputs) {
    const name = basename(input, ".input.feat");
    it(name, () => {
      const formatted = format(readFileSync(join(goldenFolder, input), "utf8"), input);
      const expectedPath = join(goldenFolder, `${name}.output.feat`);
      if (update) writeFileSync(expectedPath, formatted);
      expect(existsSync(expectedPath), `${name}.output.feat is missing; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(formatted).toBe(readFileSync(expectedPath, "utf8"));
      expect(format(formatted)).toBe(formatted);
    });
  }
});

describe("fmt keeps the committed examples canonical", () => {
  for (const file of specFiles().filter((path) => !path.endsWith(".input.feat") && !path.includes("specs"))) {
    it(basename(file), () => {
      const text = readFileSync(file, "utf8");
      expect(format(text, file)).toBe(text);
    });
  }
});

/**
 * Re-spaces a spec without changing its meaning: each run of spaces becomes 0-3 spaces (at
 * least 1 between two word characters), and at line ends it may add a trailing comment, a
 * blank line or an own-line comment. Lines holding a comment are left whole, so doc text
 * never changes.
 */
function perturbation(text: string) {
  const lines = text.split("\n");
  const lineChoice = fc.record({
    trailing: fc.boolean(),
    blank: fc.boolean(),
    ownLine: fc.boolean(),
    indent: fc.nat(4),
  });
  return fc
    .tuple(
      fc.array(fc.nat(3), { minLength: text.length, maxLength: text.length }),
      fc.array(lineChoice, { minLength: lines.length, maxLength: lines.length }),
    )
    .map(([spaces, choices]) => {
      let counter = 0;
      return lines
        .map((line, lineIndex) => {
          const choice = choices[lineIndex];
          if (line.includes("//")) return line;
          let body = line.trim().replace(/ +/g, (run, offset: number, whole: string) => {
            const before = whole[offset - 1] ?? "";
            const after = whole[offset + run.length] ?? "";
            const minimum = /\w/.test(before) && /\w/.test(after) ? 1 : 0;
            return " ".repeat(Math.max(minimum, spaces[(offset + lineIndex) % spaces.length]));
          });
          if (body === "") return body;
          body = " ".repeat(choice.indent) + body;
          if (choice.trailing) body += ` // note ${counter++}`;
          if (choice.blank) body += "\n";
          if (choice.ownLine) body += `\n// own line ${counter++}`;
          return body;
        })
        .join("\n");
    });
}

describe("fmt properties over every spec", () => {
  for (const file of specFiles()) {
    const original = readFileSync(file, "utf8");
    const compiled = compileSource(original, file, { allDatasets: true });
    const hashes = compiled.programs?.map(irHash);
    it(`${basename(file)}: idempotent, keeps comments${hashes ? ", same IR hash" : ""}`, () => {
      fc.assert(
        fc.property(perturbation(original), (messy) => {
          const once = format(messy, file);
          expect(format(once, file)).toBe(once);
          const texts = (text: string) => collectComments(text).map((c) => c.text.trimEnd());
          expect(texts(once)).toEqual(texts(messy));
          if (hashes) expect(compileSource(once, file, { allDatasets: true }).programs?.map(irHash)).toEqual(hashes);
        }),
        { numRuns: 40 },
      );
    });
  }
});
