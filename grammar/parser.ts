// The `.feat` grammar (docs/language.md sections 2, 6, 8, 9) as a Chevrotain parser with
// error recovery, so one run reports every syntax error in a file. Its actions build the syntax
// tree of ./syntax.ts directly (./nodes.ts): no concrete syntax tree is kept, so reading a spec
// costs time and memory in proportion to its length (docs/security.md).

import type { IToken, TokenType, IParserErrorMessageProvider, ParserMethod } from "chevrotain";
import {
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  NoViableAltException,
  tokenMatcher,
} from "./chevrotain.js";
import * as T from "./tokens.js";
import { lex, type SourceComment } from "./tokens.js";
import {
  callOf,
  docText,
  fnDecl,
  leftFold,
  nameExpr,
  prefixed,
  spanOf,
  stringValue,
  tokenSpan,
  triggerCondition,
  type ConditionTokens,
  type FnStatement,
  type TreeProblem,
} from "./nodes.js";
import {
  expressionDepth,
  MAX_EXPRESSION_DEPTH,
  MAX_NESTING,
  MAX_REPETITION_RECOVERIES,
  MAX_RESYNC_SCAN,
  MAX_SYNTAX_ERRORS,
} from "./limits.js";
import type {
  Argument,
  ColumnDecl,
  DatasetDecl,
  Expr,
  ImportDecl,
  Item,
  LetBinding,
  MatchArm,
  MatchPattern,
  Param,
  SourceFile,
  Span,
  TriggerCondition,
  TriggerDecl,
  TypeRef,
} from "./syntax.js";

/**
 * A problem found while reading the text; the compiler turns it into a diagnostic. `nesting`:
 * an expression nested deeper than grammar/limits.ts allows.
 */
export interface SyntaxProblem {
  kind: "lexical" | "syntax" | "nesting";
  message: string;
  label: string;
  span: Span;
  hint?: string;
  notes?: string[];
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
    expected === EOF
      ? `expected the start of a \`fn\`, \`dataset\` or \`import\`, found ${describeToken(actual)}`
      : `expected ${describeExpected(expected)}, found ${describeToken(actual)}`,
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

/** A grammar rule returning `R`, as `SUBRULE` takes it. */
type Rule<R> = ParserMethod<[], R>;

/** The rules whose every invocation is one level of nesting (grammar/limits.ts `MAX_NESTING`). */
const nestingRules = new Set(["expression"]);
/** Prefix operators: each application nests (`not not x`), though no `expression` rule starts. */
const prefixRules = new Set(["notExpression", "unary"]);

/** Thrown out of the parser once MAX_SYNTAX_ERRORS are recorded: the rest of the file is not read. */
class TooManyErrors extends Error {}

/** What one statement of a dataset is. */
type DatasetStatement = { trigger: TriggerDecl } | { column: ColumnDecl } | { label: ColumnDecl };

class FeatParser extends EmbeddedActionsParser {
  /** Levels of nesting open now, and per rule on the stack whether it opened one. */
  private nesting = 0;
  private readonly opened: boolean[] = [];
  /** The errors raised for too deep a nesting, told apart from the grammar's own. */
  readonly tooDeep = new WeakSet<object>();
  /** Problems of well-formed token sequences that are not programs (./nodes.ts). */
  treeProblems: TreeProblem[] = [];

  /**
   * `validate`: run Chevrotain's checks of the grammar (ambiguous alternatives, left recursion,
   * rules never called). They cost about 20 ms of every start of featc and can only fail when
   * the grammar is edited, so production parsers skip them and the grammar's test runs them
   * (test/frontend/grammarChecks.test.ts, `checkGrammar`).
   */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: messages,
      skipValidations: !validate,
    });
    // Chevrotain recovers inside a repetition by calling the repetition again from its recovery,
    // once per recovered iteration, and walks the grammar for the follow set each time: 6,400
    // broken `match` arms recursed 1,300 levels deep and overflowed the stack, and 1,600 took
    // 3.7 s after the error limit was reached. It is tried only under that limit and as deep.
    // (Chevrotain sets the method on the instance, so it is wrapped here, not overridden.)
    const self = this as unknown as { attemptInRepetitionRecovery(...args: unknown[]): void };
    const recover = self.attemptInRepetitionRecovery;
    self.attemptInRepetitionRecovery = (...args: unknown[]) => {
      // The follow set is found by a recursive walk of the grammar (some 1,500 frames), which
      // does not fit on top of the parser's own recursion when the text nests deeply.
      if (this.nesting > MAX_NESTING / 2) return;
      if (this.errorCount() >= MAX_SYNTAX_ERRORS || this.repetitionRecoveries >= MAX_REPETITION_RECOVERIES) return;
      this.repetitionRecoveries++;
      try {
        recover.apply(this, args);
      } finally {
        this.repetitionRecoveries--;
      }
    };
    this.performSelfAnalysis();
  }

  /** Clears the state of the previous file. */
  prepare(tokens: IToken[]): void {
    this.input = tokens;
    this.nesting = 0;
    this.opened.length = 0;
    this.treeProblems = [];
    this.repetitionRecoveries = 0;
  }

  /**
   * Whether a syntax error was recorded: the actions then build nothing more (a rule that
   * failed gave `undefined`), and the tree is discarded.
   */
  private get failed(): boolean {
    return this.errorCount() > 0;
  }

  private errorCount(): number {
    return (this as unknown as { _errors: unknown[] })._errors.length;
  }

  /** Runs `build` unless an error was recorded (or the grammar is being recorded). */
  private build<R>(build: () => R): R {
    return this.ACTION(() => (this.failed ? (undefined as R) : build()));
  }

  // The parser recurses once per level of nesting; past MAX_NESTING a recognition error stops
  // the statement (it re-syncs at the next line, like any syntax error) before the stack can run
  // out. These replace two methods of Chevrotain's recognizer engine, which every rule
  // invocation passes through on entry and exit.
  ruleInvocationStateUpdate(shortName: number, fullName: string, idxInCallingRule: number): void {
    const internals = this as unknown as {
      RULE_STACK: number[];
      RULE_STACK_IDX: number;
      RECORDING_PHASE: boolean;
    };
    const caller = internals.RULE_STACK_IDX >= 0 ? internals.RULE_STACK[internals.RULE_STACK_IDX] : undefined;
    engine.ruleInvocationStateUpdate.call(this, shortName, fullName, idxInCallingRule);
    if (!internals.RECORDING_PHASE && this.errorCount() >= MAX_SYNTAX_ERRORS) throw new TooManyErrors();
    const opens = nestingRules.has(fullName) || (prefixRules.has(fullName) && caller === shortName);
    this.opened.push(opens);
    if (!opens || internals.RECORDING_PHASE) return;
    this.nesting++;
    if (this.nesting === MAX_NESTING + 1) {
      // Reported at the token that opened the level: the `(`, `if`, `match`, `not` or `-`.
      const opener = this.LA(0);
      const at = opener.tokenType === EOF || Number.isNaN(opener.startOffset) ? this.LA(1) : opener;
      const error = new NoViableAltException(
        `expression nested too deeply: more than ${MAX_NESTING} levels`,
        at,
        opener,
      );
      this.tooDeep.add(error);
      throw (this as unknown as { SAVE_ERROR(e: Error): Error }).SAVE_ERROR(error);
    }
  }

  ruleFinallyStateUpdate(): void {
    engine.ruleFinallyStateUpdate.call(this);
    if (this.opened.pop()) this.nesting--;
  }

  /** In-repetition recoveries open now (see the constructor). */
  private repetitionRecoveries = 0;

  // A recovery re-syncs at the next token that can follow the rule being recovered; Chevrotain
  // scans for it without limit, once per recovery, so a resync point at the end of a long file
  // cost a pass over the file for each of its first 100 errors (25,600 broken `match` arms:
  // 2 s). Past MAX_RESYNC_SCAN tokens the rest of the file is given up, as at its end.
  findReSyncTokenType(): TokenType {
    const follows = (this as unknown as { flattenFollowSet(): TokenType[] }).flattenFollowSet();
    for (let k = 1; k <= MAX_RESYNC_SCAN; k++) {
      const token = this.LA(k);
      const found = follows.find((type) => tokenMatcher(token, type));
      if (found) return found;
      if (token.tokenType === EOF) break;
    }
    return EOF;
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

  // With neither insertion nor deletion, Chevrotain's in-rule recovery always ends by rethrowing
  // the mismatch, but only after finding the follow set by a recursive walk of the grammar (some
  // 1,500 frames), which overflowed the stack on top of a deeply nested expression. The same
  // outcome, without the walk.
  consumeInternalRecovery(_tokType: TokenType, _idx: number, eFromConsumption: Error): never {
    throw eFromConsumption;
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
  private binaryLevel(name: string, operator: TokenType, operand: () => Rule<Expr>): Rule<Expr> {
    return this.RULE(
      name,
      () => {
        const operands = [this.SUBRULE(operand())];
        const operators: IToken[] = [];
        this.MANY(() => {
          operators.push(this.CONSUME(operator));
          operands.push(this.SUBRULE2(operand()));
        });
        return this.build(() => leftFold(operands, operators));
      },
      noResync,
    );
  }

  /** A level of a prefix operator: `operator <this level>` or the tighter `operand`. */
  private prefixLevel(name: string, op: "-" | "not", operator: TokenType, operand: () => Rule<Expr>): Rule<Expr> {
    const level: Rule<Expr> = this.RULE(
      name,
      () =>
        this.OR({
          DEF: [
            {
              ALT: () => {
                const token = this.CONSUME(operator);
                const inner = this.SUBRULE(level);
                return this.build(() => prefixed(op, token, inner));
              },
            },
            { ALT: () => this.SUBRULE(operand()) },
          ],
          ERR_MSG: "an expression",
        }),
      noResync,
    );
    return level;
  }

  public sourceFile = this.RULE("sourceFile", (): Item[] => {
    const items: Item[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => void this.CONSUME(T.Newline) },
        {
          ALT: () => {
            const item = this.SUBRULE(this.item);
            this.build(() => items.push(item));
          },
        },
      ]);
    });
    return items;
  });

  private item = this.RULE("item", (): Item => {
    const docs: IToken[] = [];
    this.MANY(() => void docs.push(this.CONSUME(T.DocComment)));
    const doc = this.build(() => docText(docs));
    return this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.fnDecl, { ARGS: [doc] }) },
        { ALT: () => this.SUBRULE(this.datasetDecl, { ARGS: [doc] }) },
        { ALT: () => this.SUBRULE(this.importDecl) },
      ],
      ERR_MSG: "`fn`, `dataset` or `import`",
    });
  });

  private importDecl = this.RULE(
    "importDecl",
    (): ImportDecl => {
      const keyword = this.CONSUME(T.Import);
      const path = this.CONSUME(T.StringLiteral);
      return this.build(() => ({
        kind: "import",
        path: stringValue(path, this.treeProblems),
        pathSpan: tokenSpan(path),
        span: spanOf(keyword, path),
      }));
    },
    noResync,
  );

  private fnDecl = this.RULE(
    "fnDecl",
    (doc: string | undefined) => {
      const first = this.CONSUME(T.Fn);
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.LParen);
      const params: Param[] = [];
      this.OPTION(() => {
        params.push(this.SUBRULE(this.param));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          params.push(this.SUBRULE2(this.param));
        });
      });
      this.CONSUME(T.RParen);
      this.CONSUME(T.Arrow);
      const returnType = this.SUBRULE(this.typeRef);
      this.CONSUME(T.LCurly);
      const statements = [this.SUBRULE(this.fnStatement)];
      this.MANY2(() => {
        this.CONSUME(T.Newline);
        statements.push(this.SUBRULE2(this.fnStatement));
      });
      const last = this.CONSUME(T.RCurly);
      return this.build(() => fnDecl({ name, params, returnType, statements, doc, first, last }, this.treeProblems));
    },
    noResync,
  );

  private param = this.RULE(
    "param",
    (): Param => {
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Colon);
      const type = this.SUBRULE(this.typeRef);
      const defaultValue = this.OPTION(() => {
        this.CONSUME(T.Equals);
        return this.SUBRULE(this.expression);
      });
      return this.build(() => ({
        name: name.image,
        nameSpan: tokenSpan(name),
        type,
        default: defaultValue,
        span: spanOf(name, defaultValue?.span ?? type.span),
      }));
    },
    noResync,
  );

  private typeRef = this.RULE(
    "typeRef",
    (): TypeRef => {
      const name = this.CONSUME(T.Identifier);
      const question = this.OPTION(() => this.CONSUME(T.Question));
      return this.build(() => ({
        name: name.image,
        nullable: question !== undefined,
        span: spanOf(name, question ?? name),
      }));
    },
    noResync,
  );

  private fnStatement = this.RULE("fnStatement", (): FnStatement => {
    const statement = this.OR([
      { ALT: (): FnStatement => ({ binding: this.SUBRULE(this.letStatement) }) },
      { ALT: (): FnStatement => ({ expr: this.SUBRULE(this.expression) }) },
    ]);
    this.endOfStatement();
    return statement;
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
    (): LetBinding => {
      const keyword = this.CONSUME(T.Let);
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      return this.build(() => ({
        name: name.image,
        nameSpan: tokenSpan(name),
        value,
        span: spanOf(keyword, value.span),
      }));
    },
    noResync,
  );

  private datasetDecl = this.RULE(
    "datasetDecl",
    (doc: string | undefined): DatasetDecl => {
      const first = this.CONSUME(T.Dataset);
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.LCurly);
      const statements: DatasetStatement[] = [];
      this.OPTION(() => {
        statements.push(this.SUBRULE(this.datasetStatement));
        this.MANY(() => {
          this.CONSUME(T.Newline);
          statements.push(this.SUBRULE2(this.datasetStatement));
        });
      });
      const last = this.CONSUME(T.RCurly);
      return this.build(() => {
        const triggers: TriggerDecl[] = [];
        const columns: ColumnDecl[] = [];
        const labels: ColumnDecl[] = [];
        for (const statement of statements) {
          if ("trigger" in statement) triggers.push(statement.trigger);
          else if ("column" in statement) columns.push(statement.column);
          else labels.push(statement.label);
        }
        return {
          kind: "dataset",
          name: name.image,
          nameSpan: tokenSpan(name),
          triggers,
          columns,
          // Absent without labels, so the tree of a spec without them is unchanged.
          ...(labels.length > 0 ? { labels } : {}),
          doc,
          span: spanOf(first, last),
        };
      });
    },
    noResync,
  );

  private datasetStatement = this.RULE("datasetStatement", (): DatasetStatement => {
    const docs: IToken[] = [];
    this.MANY(() => void docs.push(this.CONSUME(T.DocComment)));
    const statement = this.OR({
      DEF: [
        { ALT: (): DatasetStatement => ({ trigger: this.SUBRULE(this.triggerStatement) }) },
        { ALT: (): DatasetStatement => ({ label: this.SUBRULE(this.labelStatement, { ARGS: [docs] }) }) },
        { ALT: (): DatasetStatement => ({ column: this.SUBRULE(this.columnStatement, { ARGS: [docs] }) }) },
      ],
      ERR_MSG: "`trigger`, a column (`name = expression`) or a label (`label name = expression`)",
    });
    this.endOfStatement();
    return statement;
  });

  private triggerStatement = this.RULE(
    "triggerStatement",
    (): TriggerDecl => {
      const keyword = this.CONSUME(T.Trigger);
      const conditions = [this.SUBRULE(this.triggerCondition)];
      this.MANY(() => {
        this.CONSUME(T.Or);
        conditions.push(this.SUBRULE2(this.triggerCondition));
      });
      const filter = this.OPTION(() => {
        this.CONSUME(T.When);
        return this.SUBRULE(this.expression);
      });
      // To the last token read: a misspelt condition's own span is its word alone.
      const last = this.LA(0);
      return this.build(() => ({
        conditions,
        ...(filter === undefined ? {} : { filter }),
        span: spanOf(keyword, last),
      }));
    },
    noResync,
  );

  private triggerCondition = this.RULE(
    "triggerCondition",
    (): TriggerCondition => {
      const tokens = this.OR({
        DEF: [
          { ALT: (): ConditionTokens => ({ kind: "event", token: this.CONSUME(T.Event) }) },
          { ALT: (): ConditionTokens => ({ kind: "trade", token: this.CONSUME(T.Trade) }) },
          {
            // A misspelt condition (`trades`, `evry 1s`) parses, so the checker can suggest one.
            ALT: (): ConditionTokens => {
              const name = this.CONSUME(T.Identifier);
              const parenthesised = this.OPTION(() =>
                this.OR3([
                  { ALT: () => void this.CONSUME2(T.DurationLiteral) },
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
                      const levels = this.CONSUME3(T.IntLiteral);
                      const close = this.CONSUME(T.RParen);
                      return { levels, close };
                    },
                  },
                ]),
              );
              return { kind: "word", name, ...(parenthesised ?? {}) };
            },
          },
          {
            ALT: (): ConditionTokens => {
              const every = this.CONSUME(T.Every);
              return this.OR2({
                DEF: [
                  {
                    ALT: (): ConditionTokens => {
                      const count = this.CONSUME(T.IntLiteral);
                      return this.OR4([
                        {
                          ALT: (): ConditionTokens => ({ kind: "every", every, count, events: this.CONSUME(T.Events) }),
                        },
                        // `every 500 volume`; the checker insists on the word `volume`.
                        {
                          ALT: (): ConditionTokens => ({
                            kind: "every",
                            every,
                            count,
                            unit: this.CONSUME3(T.Identifier),
                          }),
                        },
                      ]);
                    },
                  },
                  {
                    ALT: (): ConditionTokens => {
                      const volume = this.CONSUME(T.FloatLiteral);
                      return { kind: "every", every, volume, unit: this.CONSUME4(T.Identifier) };
                    },
                  },
                  { ALT: (): ConditionTokens => ({ kind: "every", every, duration: this.CONSUME(T.DurationLiteral) }) },
                ],
                ERR_MSG: "a duration (`1s`), a count of events (`100 events`) or a traded size (`500 volume`)",
              });
            },
          },
        ],
        ERR_MSG:
          "a trigger condition (`event`, `trade`, `book_change(n)`, `every N events`, `every V volume` or `every <duration>`)",
      });
      return this.build(() => triggerCondition(tokens));
    },
    noResync,
  );

  private labelStatement = this.RULE(
    "labelStatement",
    (docs: IToken[]): ColumnDecl => {
      const keyword = this.CONSUME(T.Label);
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      return this.build(() => column(name, value, docs, keyword));
    },
    noResync,
  );

  private columnStatement = this.RULE(
    "columnStatement",
    (docs: IToken[]): ColumnDecl => {
      const name = this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
      const value = this.SUBRULE(this.expression);
      return this.build(() => column(name, value, docs, name));
    },
    noResync,
  );

  // Expressions, loosest binding first (section 6).

  private expression: Rule<Expr> = this.binaryLevel("expression", T.Coalesce, () => this.orExpression);
  private orExpression: Rule<Expr> = this.binaryLevel("orExpression", T.Or, () => this.andExpression);
  private andExpression: Rule<Expr> = this.binaryLevel("andExpression", T.And, () => this.notExpression);
  private notExpression: Rule<Expr> = this.prefixLevel("notExpression", "not", T.Not, () => this.comparison);

  /** Comparisons do not chain: `a < b < c` is a syntax error. */
  private comparison = this.RULE(
    "comparison",
    (): Expr => {
      const left = this.SUBRULE(this.additive);
      const rest = this.OPTION(() =>
        this.OR([
          {
            ALT: (): [IToken, Expr] => {
              const operator = this.CONSUME(T.ComparisonOperator);
              return [operator, this.SUBRULE2(this.additive)];
            },
          },
          {
            ALT: (): [IToken] => {
              this.CONSUME(T.Is);
              return [this.CONSUME(T.Null)];
            },
          },
        ]),
      );
      return this.build((): Expr => {
        if (rest === undefined) return left;
        if (rest.length === 1) return { kind: "isNull", operand: left, span: spanOf(left.span, rest[0]) };
        return leftFold([left, rest[1]], [rest[0]]);
      });
    },
    noResync,
  );

  private additive: Rule<Expr> = this.binaryLevel("additive", T.AdditiveOperator, () => this.multiplicative);
  private multiplicative: Rule<Expr> = this.binaryLevel("multiplicative", T.MultiplicativeOperator, () => this.unary);
  private unary: Rule<Expr> = this.prefixLevel("unary", "-", T.Minus, () => this.postfix);

  private postfix = this.RULE(
    "postfix",
    (): Expr => {
      const primary = this.SUBRULE(this.primary);
      const accesses: { name: IToken; args?: { args: Argument[]; span: Span } }[] = [];
      this.MANY(() => void accesses.push(this.SUBRULE(this.fieldAccess)));
      return this.build(() => {
        let result = primary;
        for (const access of accesses) {
          const nameSpan = tokenSpan(access.name);
          result = {
            kind: "field",
            object: result,
            name: access.name.image,
            nameSpan,
            span: spanOf(result.span, nameSpan),
          };
          if (access.args) result = callOf(result, access.args);
        }
        return result;
      });
    },
    noResync,
  );

  /** `.name` or `.name(args)`, e.g. `.bid`, `.level(2)`; after a dot, `trigger` is a field name (`row.trigger`). */
  private fieldAccess = this.RULE(
    "fieldAccess",
    () => {
      this.CONSUME(T.Dot);
      const name = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Trigger) }]);
      const args = this.OPTION(() => this.SUBRULE(this.callArguments));
      return { name, ...(args === undefined ? {} : { args }) };
    },
    noResync,
  );

  private callArguments = this.RULE(
    "callArguments",
    (): { args: Argument[]; span: Span } => {
      const open = this.CONSUME(T.LParen);
      const args: Argument[] = [];
      this.OPTION(() => {
        args.push(this.SUBRULE(this.argument));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          args.push(this.SUBRULE2(this.argument));
        });
      });
      const close = this.CONSUME(T.RParen);
      return this.build(() => ({ args, span: spanOf(open, close) }));
    },
    noResync,
  );

  private argument = this.RULE(
    "argument",
    (): Argument => {
      const name = this.OPTION(() => {
        const token = this.CONSUME(T.Identifier);
        this.CONSUME(T.Equals);
        return token;
      });
      const value = this.SUBRULE(this.expression);
      return this.build((): Argument => {
        if (!name) return { value, span: value.span };
        const nameSpan = tokenSpan(name);
        return { name: name.image, nameSpan, value, span: spanOf(nameSpan, value.span) };
      });
    },
    noResync,
  );

  private primary = this.RULE(
    "primary",
    (): Expr => {
      const literal = (kind: "int" | "float" | "duration" | "bps", type: TokenType) => {
        const token = this.CONSUME(type);
        return this.build((): Expr => ({ kind, text: token.image, span: tokenSpan(token) }));
      };
      return this.OR({
        DEF: [
          { ALT: () => literal("int", T.IntLiteral) },
          { ALT: () => literal("float", T.FloatLiteral) },
          { ALT: () => literal("duration", T.DurationLiteral) },
          { ALT: () => literal("bps", T.BpsLiteral) },
          {
            ALT: () => {
              const token = this.CONSUME(T.True);
              return this.build((): Expr => ({ kind: "bool", value: true, span: tokenSpan(token) }));
            },
          },
          {
            ALT: () => {
              const token = this.CONSUME(T.False);
              return this.build((): Expr => ({ kind: "bool", value: false, span: tokenSpan(token) }));
            },
          },
          {
            ALT: () => {
              const token = this.CONSUME(T.Null);
              return this.build((): Expr => ({ kind: "null", span: tokenSpan(token) }));
            },
          },
          {
            ALT: () => {
              const token = this.CONSUME(T.Event);
              return this.build(() => nameExpr(token, "event"));
            },
          },
          {
            ALT: () => {
              const token = this.CONSUME(T.Trade);
              return this.build(() => nameExpr(token, "trade"));
            },
          },
          {
            ALT: () => {
              const name = this.CONSUME(T.Identifier);
              const args = this.OPTION(() => this.SUBRULE(this.callArguments));
              return this.build(() => (args === undefined ? nameExpr(name) : callOf(nameExpr(name), args)));
            },
          },
          {
            ALT: () => {
              const open = this.CONSUME(T.LParen);
              const inner = this.SUBRULE(this.expression);
              const close = this.CONSUME(T.RParen);
              return this.build((): Expr => ({ kind: "paren", inner, span: spanOf(open, close) }));
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
    (): Expr => {
      const keyword = this.CONSUME(T.Match);
      const subject = this.SUBRULE(this.expression);
      this.CONSUME(T.LCurly);
      const arms = [this.SUBRULE(this.matchArm)];
      this.MANY(() => {
        this.OR([{ ALT: () => void this.CONSUME(T.Comma) }, { ALT: () => void this.CONSUME(T.Newline) }]);
        this.OPTION(() => void arms.push(this.SUBRULE2(this.matchArm)));
      });
      const close = this.CONSUME(T.RCurly);
      return this.build((): Expr => ({ kind: "match", subject, arms, span: spanOf(keyword, close) }));
    },
    noResync,
  );

  private matchArm = this.RULE(
    "matchArm",
    (): MatchArm => {
      const patterns = [this.SUBRULE(this.matchPattern)];
      this.MANY(() => {
        this.CONSUME(T.Or);
        patterns.push(this.SUBRULE2(this.matchPattern));
      });
      this.CONSUME(T.FatArrow);
      const value = this.SUBRULE(this.expression);
      return this.build(() => ({ patterns, value, span: spanOf(patterns[0].span, value.span) }));
    },
    noResync,
  );

  /** A name (an event kind, a row trigger; `trade`, `event` and `events` are keywords too), `_`, or an integer (optionally negative). */
  private matchPattern = this.RULE(
    "matchPattern",
    (): MatchPattern => {
      const name = (type: TokenType) => {
        const token = this.CONSUME(type);
        return this.build((): MatchPattern => ({ kind: "name", name: token.image, span: tokenSpan(token) }));
      };
      return this.OR({
        DEF: [
          { ALT: () => name(T.Identifier) },
          { ALT: () => name(T.Trade) },
          { ALT: () => name(T.Event) },
          { ALT: () => name(T.Events) },
          {
            ALT: () => {
              const value = this.CONSUME(T.IntLiteral);
              return this.build((): MatchPattern => ({ kind: "int", text: value.image, span: tokenSpan(value) }));
            },
          },
          {
            ALT: () => {
              const minus = this.CONSUME(T.Minus);
              const value = this.CONSUME2(T.IntLiteral);
              return this.build((): MatchPattern => ({
                kind: "int",
                text: `-${value.image}`,
                span: spanOf(minus, value),
              }));
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
    (): Expr => {
      const keyword = this.CONSUME(T.If);
      const condition = this.SUBRULE(this.expression);
      this.CONSUME(T.Then);
      const thenBranch = this.SUBRULE2(this.expression);
      this.CONSUME(T.Else);
      const elseBranch = this.SUBRULE3(this.expression);
      return this.build((): Expr => ({
        kind: "if",
        condition,
        then: thenBranch,
        else: elseBranch,
        span: spanOf(keyword, elseBranch.span),
      }));
    },
    noResync,
  );
}

/** Chevrotain's own engine methods the parser extends (see `ruleInvocationStateUpdate`). */
const engine = EmbeddedActionsParser.prototype as unknown as {
  ruleInvocationStateUpdate(this: FeatParser, shortName: number, fullName: string, idx: number): void;
  ruleFinallyStateUpdate(this: FeatParser): void;
};

/** A column or label: its span starts at `first` (the name, or `label`). */
function column(name: IToken, value: Expr, docs: IToken[], first: IToken): ColumnDecl {
  return { name: name.image, nameSpan: tokenSpan(name), value, doc: docText(docs), span: spanOf(first, value.span) };
}

// One parser instance is reused: Chevrotain's grammar analysis is costly, parsing is not.
let sharedParser: FeatParser | undefined;

/**
 * Builds the lexer and the parser with Chevrotain's checks of their definitions on, which the
 * ones featc uses skip: throws the first definition error found.
 */
export function checkGrammar(): void {
  T.createLexer(true);
  new FeatParser(true);
}

function spanOfToken(token: IToken, end: () => Span): Span {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return end();
  return {
    start: token.startOffset,
    end: (token.endOffset ?? token.startOffset) + 1,
    line: token.startLine ?? 1,
    col: token.startColumn ?? 1,
  };
}

/** A zero-width span just after the last character, for "found end of file". */
function endOfText(text: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { start: text.length, end: text.length, line, col: text.length - lineStart + 1 };
}

function labelFor(found: IToken): string {
  if (found.tokenType === EOF) return "the file ends here";
  if (found.tokenType === T.Newline) return "the line ends here";
  return "unexpected here";
}

const nestingHint = "give the inner parts names: compute them in a function or a `let` and combine the names";

export function parseSource(text: string, file: string): ParseResult {
  const lexed = lex(text);
  const problems: SyntaxProblem[] = lexed.errors.slice(0, MAX_SYNTAX_ERRORS).map((error) => {
    const length = error.length || 1;
    return {
      kind: "lexical",
      message: unexpectedText(text.slice(error.offset, error.offset + length)),
      label: "not part of the language",
      span: { start: error.offset, end: error.offset + length, line: error.line ?? 1, col: error.column ?? 1 },
    };
  });
  let end: Span | undefined;
  const endSpan = () => (end ??= endOfText(text));

  if (problems.length >= MAX_SYNTAX_ERRORS) return { problems: capped(problems) };
  sharedParser ??= new FeatParser();
  const parser = sharedParser;
  parser.prepare(lexed.tokens);
  let items: Item[] | undefined;
  try {
    items = parser.sourceFile();
  } catch (error) {
    // Recovery leaves every recognition error recorded in `parser.errors`; one that still
    // escapes is reported below like the others, and so are the errors before a stop at
    // MAX_SYNTAX_ERRORS. Anything else is a fault of featc's own.
    if (!isRecognitionException(error as Error) && !(error instanceof TooManyErrors)) {
      sharedParser = undefined;
      throw error;
    }
  }
  for (const error of parser.errors) {
    const found = error.token;
    const span = spanOfToken(found, endSpan);
    if (parser.tooDeep.has(error)) {
      problems.push({
        kind: "nesting",
        message: "expression nested too deeply",
        label: `level ${MAX_NESTING + 1} opens here; at most ${MAX_NESTING} are read`,
        span,
        hint: nestingHint,
        notes: [
          "parentheses, call arguments, `if`, `match` and the prefix operators `-` and `not` each open a level of nesting",
        ],
      });
      continue;
    }
    // A mismatch found at a newline is reported against the token before it, where the
    // reader's eye is, unless the line is empty.
    problems.push({ kind: "syntax", message: error.message, label: labelFor(found), span });
  }
  if (problems.length > 0 || items === undefined) return { problems: capped(dedupe(problems)) };

  const tree: SourceFile = { file, items, comments: lexed.comments };
  for (const problem of parser.treeProblems) problems.push({ kind: "syntax", ...problem });
  for (const problem of depthProblems(tree)) problems.push(problem);
  return problems.length > 0 ? { problems } : { tree, problems };
}

/** Every top-level expression of the file deeper than MAX_EXPRESSION_DEPTH (grammar/limits.ts). */
function depthProblems(tree: SourceFile): SyntaxProblem[] {
  const roots: Expr[] = [];
  for (const item of tree.items) {
    if (item.kind === "fn") {
      for (const param of item.params) if (param.default) roots.push(param.default);
      for (const binding of item.lets) roots.push(binding.value);
      roots.push(item.result);
    } else if (item.kind === "dataset") {
      for (const trigger of item.triggers) if (trigger.filter) roots.push(trigger.filter);
      for (const column of [...item.columns, ...(item.labels ?? [])]) roots.push(column.value);
    }
  }
  return roots.flatMap((root) => {
    const { depth, tooDeep } = expressionDepth(root);
    if (!tooDeep) return [];
    // The whole expression: for a chain, no one operator is the culprit.
    return [
      {
        kind: "nesting" as const,
        message: "expression nested too deeply",
        label: `${depth} levels deep; at most ${MAX_EXPRESSION_DEPTH} are read`,
        span: root.span,
        hint: nestingHint,
        notes: [
          `each operator of a chain such as \`a + b + c\` is one level, as \`(a + b) + c\` is, and each arm of a \`match\`; featc reads expressions at most ${MAX_EXPRESSION_DEPTH} levels deep`,
        ],
      },
    ];
  });
}
/** `unexpected character `$``; a run is shown by its start, a character that cannot be shown by its code point. */
function unexpectedText(run: string): string {
  const first = String.fromCodePoint(run.codePointAt(0) ?? 0);
  const printable = /^[\x21-\x7e]+$/.test(run) && run.length <= 16;
  if ([...run].length === 1)
    return /^[\x21-\x7e]$/.test(first)
      ? `unexpected character \`${first}\``
      : `unexpected character ${codePoint(first)}`;
  if (printable) return `unexpected characters \`${run}\``;
  return `unexpected characters, starting with ${/^[\x21-\x7e]$/.test(first) ? `\`${first}\`` : codePoint(first)}`;
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first MAX_SYNTAX_ERRORS problems in reading order, the last saying that reading stopped there. */
function capped(problems: SyntaxProblem[]): SyntaxProblem[] {
  if (problems.length < MAX_SYNTAX_ERRORS) return problems;
  const kept = [...problems].sort((a, b) => a.span.start - b.span.start).slice(0, MAX_SYNTAX_ERRORS);
  const last = kept[kept.length - 1];
  kept[kept.length - 1] = {
    ...last,
    notes: [
      ...(last.notes ?? []),
      `featc stops reading a file at its ${MAX_SYNTAX_ERRORS}th syntax error; fix these and check it again`,
    ],
  };
  return kept;
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
