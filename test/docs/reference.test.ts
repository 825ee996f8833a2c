// docs/language.md must describe everything the parser accepts: every grammar rule maps (in
// the table below) to words the reference uses, and every keyword of the lexer is listed in
// its lexical section. A new rule fails this test until it has a row and a description.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allTokens } from "../../grammar/tokens.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const reference = readFileSync(join(repoRoot, "docs", "language.md"), "utf8");

/** Each parser rule, and a phrase of docs/language.md that documents the construct. */
const documentedBy: Record<string, string> = {
  sourceFile: "A file holds functions (`fn`) and datasets (`dataset`)",
  item: "A file holds functions (`fn`) and datasets (`dataset`)",
  importDecl: '`import "path/to/lib.feat"`',
  fnDecl: "`fn name(p: T = default, ...) -> T { let x = e ... expr }` defines a function",
  param: "p: T = default",
  typeRef: "| `T?` | a `T` or `null` |",
  fnStatement: "any number of `let` bindings, then the result",
  letStatement: "`let` bindings",
  datasetDecl: "A dataset names a trigger and its",
  datasetStatement: "output columns; each column is an expression",
  triggerStatement: "trigger <condition> [or <condition>]...",
  triggerCondition: "| condition | fires |",
  columnStatement: "output columns; each column is an expression",
  labelStatement: "`label name = expr` sits beside the columns",
  expression: "Precedence, loosest first: `??`",
  orExpression: "`or`",
  andExpression: "`and`",
  notExpression: "`not`",
  comparison: "comparisons `< <= > >= == !=`",
  additive: "`+ -`",
  multiplicative: "`* /`",
  unary: "unary `-`",
  postfix: "postfix (calls, fields)",
  fieldAccess: "`book.bid.level(n).price`",
  callArguments: "Parameters take positional or named arguments",
  argument: "(`imbalance(depth =",
  primary: "Literals with units",
  ifExpression: "`if c then a else b`",
  matchExpression: "### 6.2 `match`",
  matchArm: "<pattern> [or <pattern>]... => <value>",
  matchPattern: "A pattern is an integer literal",
};

/** The rule names declared in grammar/parser.ts (`this.RULE("name", ...)`). */
function grammarRules(): string[] {
  const source = readFileSync(join(repoRoot, "grammar", "parser.ts"), "utf8");
  return [...source.matchAll(/this\.RULE\(\s*"([A-Za-z]+)"/g)].map((match) => match[1]);
}

/** Keyword tokens: patterns that are a plain lower-case word. */
function keywords(): string[] {
  return allTokens
    .map((token) => (token.PATTERN instanceof RegExp ? token.PATTERN.source : ""))
    .filter((source) => /^[a-z_]+$/.test(source));
}

describe("docs/language.md covers the grammar", () => {
  const rules = grammarRules();

  it("finds the grammar's rules", () => expect(rules.length).toBeGreaterThan(20));

  it.each(rules)("rule %s is documented", (rule) => {
    const phrase = documentedBy[rule];
    expect(
      phrase,
      `grammar rule \`${rule}\` has no row in test/docs/reference.test.ts; document it in docs/language.md and add one`,
    ).toBeDefined();
    expect(reference.includes(phrase!), `docs/language.md does not contain "${phrase}" (for rule \`${rule}\`)`).toBe(
      true,
    );
  });

  it("lists exactly the lexer's keywords", () => {
    const listed = /Keywords: `([^`]+)`/.exec(reference);
    expect(listed, "docs/language.md section 2 lists the keywords as Keywords: `fn dataset ...`").not.toBeNull();
    const words = listed![1].split(/\s+/).filter(Boolean).sort();
    expect(words).toEqual(keywords().sort());
  });

  it("lists exactly the lexer's duration units", () => {
    const pattern = allTokens.find((token) => token.name === "DurationLiteral")!.PATTERN as RegExp;
    const units = /\(\?:([a-z|]+)\)/.exec(pattern.source)![1].split("|").sort();
    const listed = /Literals with units: `([^`]+)`/.exec(reference);
    expect(listed, "docs/language.md section 2 lists the units as `Literals with units: `...``").not.toBeNull();
    expect(listed![1].split(/\s+/).sort()).toEqual(units);
    expect(reference).toContain("`bps` makes");
  });
});
