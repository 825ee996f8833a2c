// The VS Code extension's TextMate grammar (editors/vscode/syntaxes/feat.tmLanguage.json) run as
// VS Code runs it: vscode-textmate over the Oniguruma regular expressions of vscode-oniguruma.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";
import { REPO } from "../../support/paths.js";

export const GRAMMAR_PATH = join(REPO, "editors/vscode/syntaxes/feat.tmLanguage.json");

/** One scoped piece of a line: `[start, end)` in UTF-16 code units of that line. */
export interface ScopedPiece {
  start: number;
  end: number;
  scopes: string[];
}

export interface FeatGrammar {
  /** Each line of `text` (split on `\n`) as the grammar scopes it, carrying state across lines. */
  tokenize(text: string): ScopedPiece[][];
}

export async function loadFeatGrammar(): Promise<FeatGrammar> {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === "source.feat" ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH) : null,
  });
  const grammar = await registry.loadGrammar("source.feat");
  if (!grammar) throw new Error(`${GRAMMAR_PATH}: the grammar source.feat did not load`);
  return {
    tokenize(text) {
      let state = vsctm.INITIAL;
      return text.split("\n").map((line) => {
        const result = grammar.tokenizeLine(line, state);
        state = result.ruleStack;
        // The last token's end counts the line's `\n`, which is not part of `line`.
        return result.tokens.map((token) => ({
          start: token.startIndex,
          end: Math.min(token.endIndex, line.length),
          scopes: token.scopes,
        }));
      });
    },
  };
}
