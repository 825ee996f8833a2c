// The lexer and parser featc runs skip Chevrotain's checks of their definitions (they cost
// about half of the front end's start-up and can only fail when the grammar is edited); this
// runs them, and shows the checked lexer reads the spec library exactly as the one featc uses.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkGrammar } from "../../grammar/parser.js";
import { createLexer, lex } from "../../grammar/tokens.js";
import { REPO } from "../support/paths.js";

function featFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".feat"))
    .map((e) => join(e.parentPath, e.name));
}

describe("grammar definition checks", () => {
  it("the lexer's token set and the parser's grammar pass Chevrotain's checks", () => {
    expect(() => checkGrammar()).not.toThrow();
  });

  it("the checked lexer gives the same tokens as featc's on every bundled spec", () => {
    const checked = createLexer(true);
    const files = [...featFiles(join(REPO, "specs")), ...featFiles(join(REPO, "examples"))];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const shape = (tokens: { image: string; startOffset: number; tokenType: { name: string } }[]) =>
        tokens.map((t) => `${t.tokenType.name}@${t.startOffset}:${t.image}`);
      const ours = lex(text);
      const theirs = checked.tokenize(text);
      // `lex` drops the Unknown tokens into errors; the bundled specs have none.
      expect(ours.errors, file).toEqual([]);
      expect(
        shape(ours.tokens).filter((t) => !t.startsWith("Newline")),
        file,
      ).toEqual(shape(theirs.tokens).filter((t) => !t.startsWith("Newline") && !t.startsWith("Comment")));
    }
  });
});
