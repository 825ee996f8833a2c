// The VS Code extension's TextMate grammar against the lexer (grammar/tokens.ts): over the
// standard library, the examples and a spec holding every token kind, each token the lexer
// finds is scoped by the grammar, every piece of it with the scope its kind and place call for
// (a keyword, a comment, a number with its unit, a string, a function's name where it is
// declared or called, a field path, ...). So no text the lexer reads is left unscoped, and a
// keyword, built-in, type or field root added to the compiler without the grammar fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { IToken } from "chevrotain";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinNames, isBuiltin } from "../../compiler/builtins/operators.js";
import { roots } from "../../compiler/check/fields.js";
import { baseTypeNames } from "../../compiler/check/types.js";
import { allTokens, keywords, lex } from "../../grammar/tokens.js";
import { REPO } from "../support/paths.js";
import { loadFeatGrammar, type FeatGrammar, type ScopedPiece } from "./support/textmate.js";

const specFiles = [
  ...readdirSync(join(REPO, "specs/std"))
    .filter((name) => name.endsWith(".feat"))
    .map((name) => join(REPO, "specs/std", name)),
  ...readdirSync(join(REPO, "examples"))
    .filter((name) => name.endsWith(".feat"))
    .map((name) => join(REPO, "examples", name)),
  join(REPO, "test/editors/fixtures/every_token.feat"),
];

/** A token of the lexer, comments included, with its neighbours in the parser's stream. */
interface LexedToken {
  kind: string;
  image: string;
  start: number;
  end: number;
  previous?: string;
  next?: string;
  /** The first token of its line. */
  firstOnLine: boolean;
  /** On a line that holds `trigger`. */
  onTriggerLine: boolean;
  /** Part of a `match` arm's patterns (before its `=>`). */
  inArmPattern: boolean;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function lexedTokens(text: string): LexedToken[] {
  const { tokens, comments, errors } = lex(text);
  if (errors.length > 0) throw new Error(`lexing errors: ${errors.map((e) => e.message).join("; ")}`);
  // Newlines the lexer kept end statements; dropped here, where lines are known from offsets.
  const stream = tokens.filter((token) => token.tokenType.name !== "Newline");
  const lines = stream.map((token) => lineOf(text, token.startOffset));
  const triggerLines = new Set(
    stream.filter((t) => t.tokenType.name === "Trigger").map((t) => lineOf(text, t.startOffset)),
  );
  const armPattern = new Set<IToken>();
  stream.forEach((token, i) => {
    if (token.tokenType.name !== "FatArrow") return;
    for (let j = i - 1; j >= 0 && lines[j] === lines[i]; j--) {
      if (["LCurly", "Comma"].includes(stream[j].tokenType.name)) break;
      armPattern.add(stream[j]);
    }
  });
  const result: LexedToken[] = stream.map((token, i) => ({
    kind: token.tokenType.name,
    image: token.image,
    start: token.startOffset,
    end: token.startOffset + token.image.length,
    previous: stream[i - 1]?.tokenType.name,
    next: stream[i + 1]?.tokenType.name,
    firstOnLine: i === 0 || lines[i - 1] !== lines[i],
    onTriggerLine: triggerLines.has(lines[i]),
    inArmPattern: armPattern.has(token),
  }));
  for (const comment of comments) {
    result.push({
      kind: "LineComment",
      image: comment.text,
      start: comment.startOffset,
      end: comment.startOffset + comment.text.length,
      firstOnLine: false,
      onTriggerLine: false,
      inArmPattern: false,
    });
  }
  return result.sort((a, b) => a.start - b.start);
}

const fixedScopes: Record<string, string> = {
  DocComment: "comment.line.documentation.feat",
  LineComment: "comment.line.double-slash.feat",
  DurationLiteral: "constant.numeric.duration.feat",
  BpsLiteral: "constant.numeric.bps.feat",
  FloatLiteral: "constant.numeric.float.feat",
  IntLiteral: "constant.numeric.integer.feat",
  StringLiteral: "string.quoted.double.feat",
  Arrow: "keyword.operator.arrow.feat",
  FatArrow: "keyword.operator.arrow.feat",
  Coalesce: "keyword.operator.coalesce.feat",
  LessEqual: "keyword.operator.comparison.feat",
  GreaterEqual: "keyword.operator.comparison.feat",
  EqualEqual: "keyword.operator.comparison.feat",
  NotEqual: "keyword.operator.comparison.feat",
  Less: "keyword.operator.comparison.feat",
  Greater: "keyword.operator.comparison.feat",
  Equals: "keyword.operator.assignment.feat",
  Plus: "keyword.operator.arithmetic.feat",
  Minus: "keyword.operator.arithmetic.feat",
  Star: "keyword.operator.arithmetic.feat",
  Slash: "keyword.operator.arithmetic.feat",
  Question: "keyword.operator.optional.feat",
  LParen: "punctuation.section.parens.begin.feat",
  RParen: "punctuation.section.parens.end.feat",
  LCurly: "punctuation.section.block.begin.feat",
  RCurly: "punctuation.section.block.end.feat",
  Comma: "punctuation.separator.comma.feat",
  Colon: "punctuation.separator.colon.feat",
  Dot: "punctuation.accessor.feat",
  // Keywords (tokens.ts `keywords`); Trade and Event depend on their place (below).
  Fn: "storage.type.function.feat",
  Dataset: "storage.type.dataset.feat",
  Let: "storage.type.let.feat",
  Label: "storage.type.label.feat",
  Trigger: "keyword.other.trigger.feat",
  Every: "keyword.other.trigger.feat",
  Events: "keyword.other.trigger.feat",
  When: "keyword.other.trigger.feat",
  If: "keyword.control.conditional.feat",
  Then: "keyword.control.conditional.feat",
  Else: "keyword.control.conditional.feat",
  Match: "keyword.control.match.feat",
  Import: "keyword.control.import.feat",
  And: "keyword.operator.logical.feat",
  Or: "keyword.operator.logical.feat",
  Not: "keyword.operator.logical.feat",
  Is: "keyword.operator.is.feat",
  True: "constant.language.boolean.feat",
  False: "constant.language.boolean.feat",
  Null: "constant.language.null.feat",
};

const rootNames = new Set<string>(roots);
const typeNames = new Set<string>(baseTypeNames);

/** The scope a token's every piece must carry, from its kind and its neighbours. */
function expectedScope(token: LexedToken): string {
  if (token.kind === "Trade" || token.kind === "Event") {
    if (token.next === "Dot") return "variable.language.feat";
    return token.inArmPattern ? "constant.other.pattern.feat" : "keyword.other.trigger.feat";
  }
  if (token.kind !== "Identifier") {
    const scope = fixedScopes[token.kind];
    if (scope === undefined) throw new Error(`no expected scope for the token kind ${token.kind}`);
    return scope;
  }
  const name = token.image;
  if (token.inArmPattern) return name === "_" ? "variable.language.wildcard.feat" : "constant.other.pattern.feat";
  if (token.previous === "Fn") return "entity.name.function.feat";
  if (token.previous === "Dataset") return "entity.name.type.dataset.feat";
  if (token.previous === "Let") return "variable.other.definition.let.feat";
  if (token.previous === "Label") return "variable.other.definition.label.feat";
  if (token.previous === "Dot")
    return token.next === "LParen" ? "support.function.member.feat" : "variable.other.property.feat";
  if (token.next === "Dot" && rootNames.has(name)) return "variable.language.feat";
  if (token.onTriggerLine && (name === "volume" || name === "book_change")) return "keyword.other.trigger.feat";
  if (token.next === "LParen")
    return isBuiltin(name) ? "support.function.builtin.feat" : "entity.name.function.call.feat";
  if (typeNames.has(name)) return "support.type.primitive.feat";
  if (token.next === "Colon") return "variable.parameter.feat";
  if (token.next === "Equals") {
    return token.firstOnLine ? "variable.other.definition.column.feat" : "variable.parameter.named.feat";
  }
  return "variable.other.feat";
}

interface Scoped {
  file: string;
  text: string;
  tokens: LexedToken[];
  lines: ScopedPiece[][];
  lineStarts: number[];
}

let grammar: FeatGrammar;
const scoped: Scoped[] = [];

beforeAll(async () => {
  grammar = await loadFeatGrammar();
  for (const path of specFiles) {
    const text = readFileSync(path, "utf8");
    const lineStarts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    scoped.push({
      file: relative(REPO, path),
      text,
      tokens: lexedTokens(text),
      lines: grammar.tokenize(text),
      lineStarts,
    });
  }
});

/** The grammar's pieces that overlap the token (tokens never span lines). */
function piecesOf(file: Scoped, token: LexedToken): { line: number; column: number; pieces: ScopedPiece[] } {
  let line = file.lineStarts.length - 1;
  while (file.lineStarts[line] > token.start) line--;
  const start = token.start - file.lineStarts[line];
  const end = token.end - file.lineStarts[line];
  return { line, column: start, pieces: file.lines[line].filter((p) => p.start < end && p.end > start) };
}

/** The scopes of the first occurrence of `word` on the first line containing `lineText`. */
function scopesAt(file: string, lineText: string, word: string): string[] {
  const found = scoped.find((s) => s.file === file);
  if (!found) throw new Error(`${file} is not in the corpus`);
  const line = found.text.split("\n").findIndex((l) => l.includes(lineText));
  if (line === -1) throw new Error(`${file}: no line contains ${lineText}`);
  const column = found.text.split("\n")[line].indexOf(word, found.text.split("\n")[line].indexOf(lineText));
  const piece = found.lines[line].find((p) => p.start <= column && p.end > column);
  return piece ? piece.scopes : [];
}

describe("the TextMate grammar of editors/vscode", () => {
  it("reads the standard library, the examples and a spec of every token kind", () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(9);
    const seen = new Set(scoped.flatMap((file) => file.tokens.map((t) => t.kind)));
    const notLexed = [
      "Whitespace",
      "Newline",
      "AdditiveOperator",
      "MultiplicativeOperator",
      "ComparisonOperator",
      "Unknown",
    ];
    const kinds = allTokens.map((t) => t.name).filter((name) => !notLexed.includes(name));
    expect(kinds.filter((kind) => !seen.has(kind))).toEqual([]);
    // Every keyword has its scope here, so a new one cannot pass unnoticed.
    expect(keywords.map((k) => k.name).filter((k) => !(k in fixedScopes) && k !== "Trade" && k !== "Event")).toEqual(
      [],
    );
  });

  it("scopes every token the lexer finds, each piece with the scope of the token's kind and place", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const file of scoped) {
      for (const token of file.tokens) {
        const expected = expectedScope(token);
        const { line, column, pieces } = piecesOf(file, token);
        checked++;
        for (const piece of pieces) {
          if (!piece.scopes.includes(expected)) {
            const text = file.text.slice(file.lineStarts[line] + piece.start, file.lineStarts[line] + piece.end);
            wrong.push(
              `${file.file}:${line + 1}:${column + 1}: ${token.kind} \`${token.image}\`: \`${text}\` has ${piece.scopes.join(" ")}, expected ${expected}`,
            );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
  });

  it("gives a number's unit a scope of its own inside the number", () => {
    const units = [] as string[];
    for (const file of scoped) {
      for (const token of file.tokens.filter((t) => t.kind === "DurationLiteral" || t.kind === "BpsLiteral")) {
        const { column, pieces } = piecesOf(file, token);
        const digits = token.image.match(/^[0-9.]+/)![0];
        const unitPieces = pieces.filter((p) => p.scopes.includes("keyword.other.unit.feat"));
        expect(unitPieces.length, `${file.file}: ${token.image}`).toBe(1);
        const unitText = token.image.slice(unitPieces[0].start - column);
        expect(unitText, `${file.file}: ${token.image}`).toBe(token.image.slice(digits.length));
        units.push(unitText);
      }
    }
    expect(units).toEqual(expect.arrayContaining(["s", "ms", "m", "bps"]));
  });

  it("scopes samples of the examples as an editor's theme expects", () => {
    expect(scopesAt("examples/goog_1s.feat", "fn imbalance", "fn")).toEqual([
      "source.feat",
      "storage.type.function.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "fn imbalance", "imbalance")).toEqual([
      "source.feat",
      "entity.name.function.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "trigger trade or every 1s", "every")).toEqual([
      "source.feat",
      "meta.trigger.feat",
      "keyword.other.trigger.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "trigger trade or every 1s", "1s")).toEqual([
      "source.feat",
      "meta.trigger.feat",
      "constant.numeric.duration.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "spread_bps  =", "bid")).toEqual([
      "source.feat",
      "variable.other.property.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "spread_bps  =", "1e4")).toEqual([
      "source.feat",
      "constant.numeric.float.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "ofi         =", "sum_since_emit")).toEqual([
      "source.feat",
      "support.function.builtin.feat",
    ]);
    expect(scopesAt("examples/goog_1s.feat", "ofi         =", "ofi_event")).toEqual([
      "source.feat",
      "entity.name.function.call.feat",
    ]);
    expect(scopesAt("test/editors/fixtures/every_token.feat", "// the mid one second later", "//")).toEqual([
      "source.feat",
      "comment.line.double-slash.feat",
      "punctuation.definition.comment.feat",
    ]);
    expect(scopesAt("specs/std/book.feat", "/// Mid price", "Mid")).toEqual([
      "source.feat",
      "comment.line.documentation.feat",
    ]);
  });

  it("scopes a string's escapes, the rest of a string, and a character the lexer refuses", () => {
    const [line] = grammar.tokenize('import "std/bo\\"ok" @');
    const text = 'import "std/bo\\"ok" @';
    const scopeOf = (part: string) => line.find((p) => p.start === text.indexOf(part))?.scopes.at(-1);
    expect(scopeOf("import")).toBe("keyword.control.import.feat");
    expect(scopeOf('"std')).toBe("punctuation.definition.string.begin.feat");
    expect(scopeOf("std/bo")).toBe("string.quoted.double.feat");
    expect(scopeOf('\\"')).toBe("constant.character.escape.feat");
    expect(scopeOf('ok"')).toBe("string.quoted.double.feat");
    expect(scopeOf("@")).toBe("invalid.illegal.character.feat");
    // An unclosed string stops at its line's end: the next line is code again.
    const [, next] = grammar.tokenize('import "std/book\nfn f() -> f64 { 1.0 }');
    expect(next[0].scopes).toEqual(["source.feat", "storage.type.function.feat"]);
  });

  it("knows every built-in, base type and field root of the compiler", () => {
    const last = (text: string, word: string) => {
      const [line] = grammar.tokenize(text);
      return line.find((p) => p.start === text.lastIndexOf(word))?.scopes.at(-1);
    };
    for (const name of builtinNames) expect(last(`  x = ${name}(y)`, name), name).toBe("support.function.builtin.feat");
    for (const type of baseTypeNames)
      expect(last(`fn f(x: ${type}) -> ${type}? {`, type), type).toBe("support.type.primitive.feat");
    for (const root of roots) expect(last(`  x = ${root}.field`, root), root).toBe("variable.language.feat");
  });
});
