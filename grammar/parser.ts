// The `.feat` grammar (docs/language.md sections 2, 6, 8, 9) as a Chevrotain CST parser with
// error recovery, so one run reports every syntax error in a file. `parseSource` turns the
// CST into the syntax tree of ./syntax.ts.

import {
  CstParser,
  EOF,
  type CstNode,
  type IToken,
  type TokenType,
  type IParserErrorMessageProvider,
  type ParserMethod,
} from "chevrotain";
import * as T from "./tokens.js";
import { lex } from "./tokens.js";
import { buildSourceFile, type TreeProblem } from "./cst-to-syntax.js";
import type { SourceFile, Span } from "./syntax.js";

/** A problem found while reading the text; the compiler turns it into a diagnostic. */
export interface SyntaxProblem {
  kind: "lexical" | "syntax";
  message: string;
  label: string;
  span: Span;
  hint?: string;
}

export interface ParseResult {
  /** Present only when the file has no syntax problem. */
  tree?: SourceFile;
  problems: SyntaxProblem[];
}

function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "end of file";
  if (token.tokenType === T.Newline) return "end of line";
  return `\`${token.image}\``;
}

function describeExpected(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function describeAlternatives(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alternative of paths) for (const path of alternative) if (path[0]) firsts.add(describeExpected(path[0]));
  const names = [...firsts];
  if (names.length <= 1) return names[0] ?? "something else";
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Messages phrased as "expected X, found Y", the way the rest of the diagnostics read. */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    `expected ${describeExpected(expected)}, found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected the start of a \`fn\`, \`dataset\` or \`import\`, found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription }) =>
    `expected ${customUserDescription ?? describeAlternatives(expectedPathsPerAlt)}, found ${describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) =>
    `expected ${customUserDescription ?? describeAlternatives([expectedIterationPaths])}, found ${describeToken(actual[0])}`,
};

/**
 * Only statements re-synchronise after an error: a broken expression abandons its whole
 * statement, the parser skips to the next line, and the following statements still get
 * checked. Re-syncing inside expressions produced cascades of confusing follow-up errors.
 */
const noResync = { resyncEnabled: false };

const statementEnders = new Set<TokenType>([T.Newline, T.RCurly, EOF]);

/** A grammar rule, as `SUBRULE` takes it. */
type Rule = ParserMethod<[], CstNode>;

class FeatParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  // Single-token insertion and deletion guess what the author meant in the middle of an
  // expression and then report the guess's consequences; statement re-sync reports the
  // real mistake once and moves on.
  protected override canTokenTypeBeInsertedInRecovery(): boolean {
    return false;
  }

  protected override canTokenTypeBeDeletedInRecovery(): boolean {
    return false;
  }

  /**
   * Where re-sync recovery may resume. Chevrotain's default, any token that may follow any rule
   * on the stack, stops in the middle of the broken line and abandons the rest of the block.
   * A broken statement resumes at the end of its line or block; a broken item at the next
   * item keyword. (This replaces a method of Chevrotain's recovery trait; it is only reached
   * from the rules that keep re-sync enabled, i.e. `item` and the statements.)
   */
  flattenFollowSet(): TokenType[] {
    const internals = this as unknown as { currRuleShortName: number; shortRuleNameToFullName(short: number): string };
    const rule = internals.shortRuleNameToFullName(internals.currRuleShortName);
    return rule === "item" ? [T.Fn, T.Dataset, T.Import, EOF] : [T.Newline, T.RCurly, EOF];
  }

  /** A level of left-associative binary operators: `operand (operator operand)*`. */
  private binaryLevel(name: string, operator: TokenType, operand: () => Rule) {
    return this.RULE(
      name,
      () => {
        this.SUBRULE(operand());
        this.MANY(() => {
          this.CONSUME(operator);
          this.SUBRULE2(operand());
        });
      },
      noResync,
    );
  }

  /** A level of a prefix operator: `operator <this level>` or the tighter `operand`. */
  private prefixLevel(name: string, operator: TokenType, operand: () => Rule) {
    const level: Rule = this.RULE(
      name,
      () => {
        this.OR({
          DEF: [
            {
              ALT: () => {
                this.CONSUME(operator);
                this.SUBRULE(level);
              },
            },
            { ALT: () => this.SUBRULE(operand()) },
          ],
          ERR_MSG: "an expression",
        });
      },
      noResync,
    );
    return level;
  }

  public sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.SUBRULE(this.item) }]);
    });
  });

  private item = this.RULE("item", () => {
    this.MANY(() => this.CONSUME(T.DocComment));
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.fnDecl) },
        { ALT: () => this.SUBRULE(this.datasetDecl) },
        { ALT: () => this.SUBRULE(this.importDecl) },
      ],
      ERR_MSG: "`fn`, `dataset` or `import`",
    });
  });

  private importDecl = this.RULE(
    "importDecl",
    () => {
      this.CONSUME(T.Import);
      this.CONSUME(T.StringLiteral);
    },
    noResync,
  );

  private fnDecl = this.RULE(
    "fnDecl",
    () => {
      this.CONSUME(T.Fn);
      this.CONSUME(T.Identifier);
      this.CONSUME(T.LParen);
      this.OPTION(() => {
        this.SUBRULE(this.param);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.param);
        });
      });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.typeRef);
      this.CONSUME(T.LCurly);
      this.SUBRULE(this.fnStatement);
      this.MANY2(() => {
        this.CONSUME(T.Newline);
        this.SUBRULE2(this.fnStatement);
      });
      this.CONSUME(T.RCurly);
    },
    noResync,
  );

  private param = this.RULE(
    "param",
    () => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeRef);
      this.OPTION(() => {
        this.CONSUME(T.Equals);
        this.SUBRULE(this.expression);
      });
    },
    noResync,
  );

  private typeRef = this.RULE(
    "typeRef",
    () => {
      this.CONSUME(T.Identifier);
      this.OPTION(() => this.CONSUME(T.Question));
    },
    noResync,
  );

  private fnStatement = this.RULE("fnStatement", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.letStatement) }, { ALT: () => this.SUBRULE(this.expression) }]);
    this.endOfStatement();
  });

  /**
   * A statement must end at its line's end or its block's `}`. Checked inside the statement
   * so that leftovers (`x = a b`) are reported there and recovery resumes on the next line,
   * instead of failing the enclosing block.
   */
  private endOfStatement(): void {
    this.OR9({
      DEF: [{ GATE: () => statementEnders.has(this.LA(1).tokenType), ALT: () => undefined }],
      ERR_MSG: "the end of the line",
    });
  }

  private letStatement = this.RULE(
    "letStatement",
    () => {
      this.CONSUME(T.Let);
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    },
    noResync,
  );

  private datasetDecl = this.RULE(
    "datasetDecl",
    () => {
      this.CONSUME(T.Dataset);
      this.CONSUME(T.Identifier);
      this.CONSUME(T.LCurly);
      this.OPTION(() => {
        this.SUBRULE(this.datasetStatement);
        this.MANY(() => {
          this.CONSUME(T.Newline);
          this.SUBRULE2(this.datasetStatement);
        });
      });
      this.CONSUME(T.RCurly);
    },
    noResync,
  );

  private datasetStatement = this.RULE("datasetStatement", () => {
    this.MANY(() => this.CONSUME(T.DocComment));
    this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.triggerStatement) },
        { ALT: () => this.SUBRULE(this.labelStatement) },
        { ALT: () => this.SUBRULE(this.columnStatement) },
      ],
      ERR_MSG: "`trigger`, a column (`name = expression`) or a label (`label name = expression`)",
    });
    this.endOfStatement();
  });

  private triggerStatement = this.RULE(
    "triggerStatement",
    () => {
      this.CONSUME(T.Trigger);
      this.SUBRULE(this.triggerCondition);
      this.MANY(() => {
        this.CONSUME(T.Or);
        this.SUBRULE2(this.triggerCondition);
      });
      this.OPTION(() => {
        this.CONSUME(T.When);
        this.SUBRULE(this.expression);
      });
    },
    noResync,
  );

  private triggerCondition = this.RULE(
    "triggerCondition",
    () => {
      this.OR({
        DEF: [
          { ALT: () => this.CONSUME(T.Event) },
          { ALT: () => this.CONSUME(T.Trade) },
          {
            // A misspelt condition (`trades`, `evry 1s`) parses, so the checker can suggest one.
            ALT: () => {
              this.CONSUME(T.Identifier);
              this.OPTION(() => {
                this.OR3([
                  { ALT: () => this.CONSUME2(T.DurationLiteral) },
                  {
                    ALT: () => {
                      this.CONSUME2(T.IntLiteral);
                      this.OPTION2(() => this.CONSUME2(T.Events));
                    },
                  },
                  {
                    // `book_change(5)`
                    ALT: () => {
                      this.CONSUME(T.LParen);
                      this.CONSUME3(T.IntLiteral);
                      this.CONSUME(T.RParen);
                    },
                  },
                ]);
              });
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Every);
              this.OR2({
                DEF: [
                  {
                    ALT: () => {
                      this.CONSUME(T.IntLiteral);
                      this.OR4([
                        { ALT: () => this.CONSUME(T.Events) },
                        // `every 500 volume`; the checker insists on the word `volume`.
                        { ALT: () => this.CONSUME3(T.Identifier) },
                      ]);
                    },
                  },
                  {
                    ALT: () => {
                      this.CONSUME(T.FloatLiteral);
                      this.CONSUME4(T.Identifier);
                    },
                  },
                  { ALT: () => this.CONSUME(T.DurationLiteral) },
                ],
                ERR_MSG: "a duration (`1s`), a count of events (`100 events`) or a traded size (`500 volume`)",
              });
            },
          },
        ],
        ERR_MSG:
          "a trigger condition (`event`, `trade`, `book_change(n)`, `every N events`, `every V volume` or `every <duration>`)",
      });
    },
    noResync,
  );

  private labelStatement = this.RULE(
    "labelStatement",
    () => {
      this.CONSUME(T.Label);
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    },
    noResync,
  );

  private columnStatement = this.RULE(
    "columnStatement",
    () => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    },
    noResync,
  );

  // Expressions, loosest binding first (section 6).

  private expression = this.binaryLevel("expression", T.Coalesce, () => this.orExpression);
  private orExpression = this.binaryLevel("orExpression", T.Or, () => this.andExpression);
  private andExpression = this.binaryLevel("andExpression", T.And, () => this.notExpression);
  private notExpression = this.prefixLevel("notExpression", T.Not, () => this.comparison);

  /** Comparisons do not chain: `a < b < c` is a syntax error. */
  private comparison = this.RULE(
    "comparison",
    () => {
      this.SUBRULE(this.additive);
      this.OPTION(() => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(T.ComparisonOperator);
              this.SUBRULE2(this.additive);
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.Is);
              this.CONSUME(T.Null);
            },
          },
        ]);
      });
    },
    noResync,
  );

  private additive = this.binaryLevel("additive", T.AdditiveOperator, () => this.multiplicative);
  private multiplicative = this.binaryLevel("multiplicative", T.MultiplicativeOperator, () => this.unary);
  private unary = this.prefixLevel("unary", T.Minus, () => this.postfix);

  private postfix = this.RULE(
    "postfix",
    () => {
      this.SUBRULE(this.primary);
      this.MANY(() => this.SUBRULE(this.fieldAccess));
    },
    noResync,
  );

  /** `.name` or `.name(args)`, e.g. `.bid`, `.level(2)`; after a dot, `trigger` is a field name (`row.trigger`). */
  private fieldAccess = this.RULE(
    "fieldAccess",
    () => {
      this.CONSUME(T.Dot);
      this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Trigger) }]);
      this.OPTION(() => this.SUBRULE(this.callArguments));
    },
    noResync,
  );

  private callArguments = this.RULE(
    "callArguments",
    () => {
      this.CONSUME(T.LParen);
      this.OPTION(() => {
        this.SUBRULE(this.argument);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.argument);
        });
      });
      this.CONSUME(T.RParen);
    },
    noResync,
  );

  private argument = this.RULE(
    "argument",
    () => {
      this.OPTION(() => {
        this.CONSUME(T.Identifier);
        this.CONSUME(T.Equals);
      });
      this.SUBRULE(this.expression);
    },
    noResync,
  );

  private primary = this.RULE(
    "primary",
    () => {
      this.OR({
        DEF: [
          { ALT: () => this.CONSUME(T.IntLiteral) },
          { ALT: () => this.CONSUME(T.FloatLiteral) },
          { ALT: () => this.CONSUME(T.DurationLiteral) },
          { ALT: () => this.CONSUME(T.BpsLiteral) },
          { ALT: () => this.CONSUME(T.True) },
          { ALT: () => this.CONSUME(T.False) },
          { ALT: () => this.CONSUME(T.Null) },
          { ALT: () => this.CONSUME(T.Event) },
          { ALT: () => this.CONSUME(T.Trade) },
          {
            ALT: () => {
              this.CONSUME(T.Identifier);
              this.OPTION(() => this.SUBRULE(this.callArguments));
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LParen);
              this.SUBRULE(this.expression);
              this.CONSUME(T.RParen);
            },
          },
          { ALT: () => this.SUBRULE(this.ifExpression) },
          { ALT: () => this.SUBRULE(this.matchExpression) },
        ],
        ERR_MSG: "an expression",
      });
    },
    noResync,
  );

  /** `match x { add => a, trade or execute => b, _ => c }`; arms end at a comma or a newline. */
  private matchExpression = this.RULE(
    "matchExpression",
    () => {
      this.CONSUME(T.Match);
      this.SUBRULE(this.expression);
      this.CONSUME(T.LCurly);
      this.SUBRULE(this.matchArm);
      this.MANY(() => {
        this.OR([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Newline) }]);
        this.OPTION(() => this.SUBRULE2(this.matchArm));
      });
      this.CONSUME(T.RCurly);
    },
    noResync,
  );

  private matchArm = this.RULE(
    "matchArm",
    () => {
      this.SUBRULE(this.matchPattern);
      this.MANY(() => {
        this.CONSUME(T.Or);
        this.SUBRULE2(this.matchPattern);
      });
      this.CONSUME(T.FatArrow);
      this.SUBRULE(this.expression);
    },
    noResync,
  );

  /** A name (an event kind, a row trigger; `trade`, `event` and `events` are keywords too), `_`, or an integer (optionally negative). */
  private matchPattern = this.RULE(
    "matchPattern",
    () => {
      this.OR({
        DEF: [
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.Trade) },
          { ALT: () => this.CONSUME(T.Event) },
          { ALT: () => this.CONSUME(T.Events) },
          { ALT: () => this.CONSUME(T.IntLiteral) },
          {
            ALT: () => {
              this.CONSUME(T.Minus);
              this.CONSUME2(T.IntLiteral);
            },
          },
        ],
        ERR_MSG: "a pattern (an event kind such as `add`, a row trigger such as `bar`, an integer, or `_`)",
      });
    },
    noResync,
  );

  private ifExpression = this.RULE(
    "ifExpression",
    () => {
      this.CONSUME(T.If);
      this.SUBRULE(this.expression);
      this.CONSUME(T.Then);
      this.SUBRULE2(this.expression);
      this.CONSUME(T.Else);
      this.SUBRULE3(this.expression);
    },
    noResync,
  );
}

// One parser instance is reused: Chevrotain's grammar analysis is costly, parsing is not.
let sharedParser: FeatParser | undefined;

function spanOfToken(token: IToken, text: string): Span {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return endOfText(text);
  return {
    start: token.startOffset,
    end: (token.endOffset ?? token.startOffset) + 1,
    line: token.startLine ?? 1,
    col: token.startColumn ?? 1,
  };
}

/** A zero-width span just after the last character, for "found end of file". */
function endOfText(text: string): Span {
  const lines = text.split("\n");
  const lastLine = lines[lines.length - 1];
  return { start: text.length, end: text.length, line: lines.length, col: lastLine.length + 1 };
}

function labelFor(found: IToken): string {
  if (found.tokenType === EOF) return "the file ends here";
  if (found.tokenType === T.Newline) return "the line ends here";
  return "unexpected here";
}

export function parseSource(text: string, file: string): ParseResult {
  const lexed = lex(text);
  const problems: SyntaxProblem[] = lexed.errors.map((error) => {
    const character = text.slice(error.offset, error.offset + (error.length || 1));
    return {
      kind: "lexical",
      message: `unexpected character \`${character}\``,
      label: "not part of the language",
      span: {
        start: error.offset,
        end: error.offset + (error.length || 1),
        line: error.line ?? 1,
        col: error.column ?? 1,
      },
    };
  });

  sharedParser ??= new FeatParser();
  const parser = sharedParser;
  parser.input = lexed.tokens;
  const cst: CstNode = parser.sourceFile();
  for (const error of parser.errors) {
    const found = error.token;
    // A mismatch found at a newline is reported against the token before it, where the
    // reader's eye is, unless the line is empty.
    problems.push({ kind: "syntax", message: error.message, label: labelFor(found), span: spanOfToken(found, text) });
  }
  if (problems.length > 0) return { problems: dedupe(problems) };

  const treeProblems: TreeProblem[] = [];
  const tree = buildSourceFile(cst, file, lexed.comments, treeProblems);
  for (const problem of treeProblems) problems.push({ kind: "syntax", ...problem });
  return problems.length > 0 ? { problems } : { tree, problems };
}

/** Recovery can report one spot twice (an insertion, then the enclosing rule); the first says it best. */
function dedupe(problems: SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = String(problem.span.start);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
