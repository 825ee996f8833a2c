// Turns the parser's concrete syntax tree into the syntax tree of ./syntax.ts.
// Only called on a CST without recognition errors, so every mandatory child is present.

import type { CstElement, CstNode, IToken } from "chevrotain";
import type { SourceComment } from "./tokens.js";
import type {
  Argument,
  BinaryOperator,
  ColumnDecl,
  DatasetDecl,
  Expr,
  FnDecl,
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

/** A well-formed token sequence that still is not a valid program, e.g. a body without a result. */
export interface TreeProblem {
  message: string;
  label: string;
  span: Span;
  hint?: string;
}

function isToken(element: CstElement): element is IToken {
  return (element as IToken).image !== undefined;
}

function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []) as CstNode[];
}

function node(node: CstNode, name: string): CstNode {
  return nodes(node, name)[0];
}

function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []) as IToken[];
}

function token(node: CstNode, name: string): IToken | undefined {
  return tokens(node, name)[0];
}

function tokenSpan(token: IToken): Span {
  return {
    start: token.startOffset,
    end: (token.endOffset ?? token.startOffset) + 1,
    line: token.startLine ?? 1,
    col: token.startColumn ?? 1,
  };
}

function join(first: Span, last: Span): Span {
  return { start: first.start, end: last.end, line: first.line, col: first.col };
}

/** The span of everything a CST node covers, from its first to its last token. */
function nodeSpan(cst: CstNode): Span {
  let first: IToken | undefined;
  let last: IToken | undefined;
  const visit = (element: CstElement) => {
    if (isToken(element)) {
      if (!first || element.startOffset < first.startOffset) first = element;
      if (!last || element.startOffset > last.startOffset) last = element;
    } else {
      for (const children of Object.values(element.children)) for (const child of children) visit(child);
    }
  };
  visit(cst);
  return join(tokenSpan(first!), tokenSpan(last!));
}

function docText(docTokens: IToken[]): string | undefined {
  if (docTokens.length === 0) return undefined;
  return docTokens.map((t) => t.image.replace(/^\/\/\/ ?/, "")).join("\n");
}

export function buildSourceFile(
  cst: CstNode,
  file: string,
  comments: SourceComment[],
  problems: TreeProblem[],
): SourceFile {
  const items = nodes(cst, "item").map((item) => buildItem(item, problems));
  return { file, items, comments };
}

function buildItem(cst: CstNode, problems: TreeProblem[]): Item {
  const doc = docText(tokens(cst, "DocComment"));
  if (cst.children.fnDecl) return buildFn(node(cst, "fnDecl"), doc, problems);
  if (cst.children.datasetDecl) return buildDataset(node(cst, "datasetDecl"), doc);
  return buildImport(node(cst, "importDecl"));
}

function buildImport(cst: CstNode): ImportDecl {
  const path = token(cst, "StringLiteral")!;
  return { kind: "import", path: JSON.parse(path.image) as string, pathSpan: tokenSpan(path), span: nodeSpan(cst) };
}

function buildFn(cst: CstNode, doc: string | undefined, problems: TreeProblem[]): FnDecl {
  const name = token(cst, "Identifier")!;
  const params = nodes(cst, "param").map(buildParam);
  const statements = nodes(cst, "fnStatement");
  const lets: LetBinding[] = [];
  let result: Expr | undefined;
  statements.forEach((statement, index) => {
    const isLast = index === statements.length - 1;
    if (statement.children.letStatement) {
      const binding = buildLet(node(statement, "letStatement"));
      lets.push(binding);
      if (isLast) {
        problems.push({
          message: `function \`${name.image}\` ends with a \`let\` instead of its result`,
          label: "the last line of a function body must be its result expression",
          span: binding.span,
          hint: `add the result on its own line, e.g. \`${binding.name}\``,
        });
      }
    } else {
      const expression = buildExpr(node(statement, "expression"));
      if (isLast) result = expression;
      else {
        problems.push({
          message: "an expression can only be the last line of a function body",
          label: "this value is never used",
          span: expression.span,
          hint: "bind it with `let name = ...` or move it to the end",
        });
      }
    }
  });
  return {
    kind: "fn",
    name: name.image,
    nameSpan: tokenSpan(name),
    params,
    returnType: buildTypeRef(node(cst, "typeRef")),
    lets,
    result: result ?? { kind: "null", span: nodeSpan(cst) },
    doc,
    span: nodeSpan(cst),
  };
}

function buildParam(cst: CstNode): Param {
  const name = token(cst, "Identifier")!;
  const defaultValue = cst.children.expression ? buildExpr(node(cst, "expression")) : undefined;
  return {
    name: name.image,
    nameSpan: tokenSpan(name),
    type: buildTypeRef(node(cst, "typeRef")),
    default: defaultValue,
    span: nodeSpan(cst),
  };
}

function buildTypeRef(cst: CstNode): TypeRef {
  const name = token(cst, "Identifier")!;
  return { name: name.image, nullable: tokens(cst, "Question").length > 0, span: nodeSpan(cst) };
}

function buildLet(cst: CstNode): LetBinding {
  const name = token(cst, "Identifier")!;
  return {
    name: name.image,
    nameSpan: tokenSpan(name),
    value: buildExpr(node(cst, "expression")),
    span: nodeSpan(cst),
  };
}

function buildDataset(cst: CstNode, doc: string | undefined): DatasetDecl {
  const name = token(cst, "Identifier")!;
  const triggers: TriggerDecl[] = [];
  const columns: ColumnDecl[] = [];
  const labels: ColumnDecl[] = [];
  for (const statement of nodes(cst, "datasetStatement")) {
    const statementDoc = docText(tokens(statement, "DocComment"));
    if (statement.children.triggerStatement) {
      const trigger = node(statement, "triggerStatement");
      const filter = trigger.children.expression ? { filter: buildExpr(node(trigger, "expression")) } : {};
      triggers.push({
        conditions: nodes(trigger, "triggerCondition").map(buildTriggerCondition),
        ...filter,
        span: nodeSpan(trigger),
      });
    } else {
      const isLabel = statement.children.labelStatement !== undefined;
      const column = node(statement, isLabel ? "labelStatement" : "columnStatement");
      const columnName = token(column, "Identifier")!;
      (isLabel ? labels : columns).push({
        name: columnName.image,
        nameSpan: tokenSpan(columnName),
        value: buildExpr(node(column, "expression")),
        doc: statementDoc,
        span: nodeSpan(column),
      });
    }
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
    span: nodeSpan(cst),
  };
}

function buildTriggerCondition(cst: CstNode): TriggerCondition {
  const span = nodeSpan(cst);
  if (cst.children.Event) return { kind: "event", span };
  if (cst.children.Trade) return { kind: "trade", span };
  const name = token(cst, "Identifier");
  if (!cst.children.Every) {
    const levels = token(cst, "IntLiteral");
    if (name!.image === "book_change" && cst.children.LParen && levels) {
      return { kind: "bookChange", levelsText: levels.image, levelsSpan: tokenSpan(levels), span };
    }
    return { kind: "unknown", name: name!.image, span: tokenSpan(name!) };
  }
  const volume = token(cst, "FloatLiteral") ?? (name ? token(cst, "IntLiteral") : undefined);
  if (volume && name) {
    return {
      kind: "everyVolume",
      volumeText: volume.image,
      volumeSpan: tokenSpan(volume),
      unit: name.image,
      unitSpan: tokenSpan(name),
      span,
    };
  }
  const count = token(cst, "IntLiteral");
  if (count) return { kind: "everyEvents", countText: count.image, countSpan: tokenSpan(count), span };
  const duration = token(cst, "DurationLiteral")!;
  return { kind: "everyDuration", durationText: duration.image, durationSpan: tokenSpan(duration), span };
}

// Expressions. Each precedence level is a list of operands with the operators between them,
// folded to the left.

function buildExpr(cst: CstNode): Expr {
  return leftFold(nodes(cst, "orExpression").map(buildOr), tokens(cst, "Coalesce"));
}

function buildOr(cst: CstNode): Expr {
  return leftFold(nodes(cst, "andExpression").map(buildAnd), tokens(cst, "Or"));
}

function buildAnd(cst: CstNode): Expr {
  return leftFold(nodes(cst, "notExpression").map(buildNot), tokens(cst, "And"));
}

function buildNot(cst: CstNode): Expr {
  const not = token(cst, "Not");
  if (not) return prefixed("not", not, buildNot(node(cst, "notExpression")));
  return buildComparison(node(cst, "comparison"));
}

function buildComparison(cst: CstNode): Expr {
  const operands = nodes(cst, "additive").map(buildAdditive);
  const is = token(cst, "Is");
  if (is) {
    const nullToken = token(cst, "Null")!;
    return { kind: "isNull", operand: operands[0], span: join(operands[0].span, tokenSpan(nullToken)) };
  }
  return leftFold(operands, tokens(cst, "ComparisonOperator"));
}

function buildAdditive(cst: CstNode): Expr {
  return leftFold(nodes(cst, "multiplicative").map(buildMultiplicative), tokens(cst, "AdditiveOperator"));
}

function buildMultiplicative(cst: CstNode): Expr {
  return leftFold(nodes(cst, "unary").map(buildUnary), tokens(cst, "MultiplicativeOperator"));
}

function leftFold(operands: Expr[], operators: IToken[]): Expr {
  let result = operands[0];
  operators.forEach((operator, index) => {
    const right = operands[index + 1];
    result = {
      kind: "binary",
      op: operator.image as BinaryOperator,
      left: result,
      right,
      opSpan: tokenSpan(operator),
      span: join(result.span, right.span),
    };
  });
  return result;
}

function buildUnary(cst: CstNode): Expr {
  const minus = token(cst, "Minus");
  if (minus) return prefixed("-", minus, buildUnary(node(cst, "unary")));
  return buildPostfix(node(cst, "postfix"));
}

/** `operand` under the prefix operator `operator`. */
function prefixed(op: "-" | "not", operator: IToken, operand: Expr): Expr {
  return { kind: "unary", op, operand, opSpan: tokenSpan(operator), span: join(tokenSpan(operator), operand.span) };
}

function buildPostfix(cst: CstNode): Expr {
  let result = buildPrimary(node(cst, "primary"));
  for (const access of nodes(cst, "fieldAccess")) {
    const name = (token(access, "Identifier") ?? token(access, "Trigger"))!;
    const nameSpan = tokenSpan(name);
    result = { kind: "field", object: result, name: name.image, nameSpan, span: join(result.span, nameSpan) };
    const args = access.children.callArguments ? node(access, "callArguments") : undefined;
    if (args)
      result = { kind: "call", callee: result, args: buildArguments(args), span: join(result.span, nodeSpan(args)) };
  }
  return result;
}

function buildArguments(cst: CstNode): Argument[] {
  return nodes(cst, "argument").map((argument) => {
    const name = token(argument, "Identifier");
    const value = buildExpr(node(argument, "expression"));
    if (!name) return { value, span: value.span };
    const nameSpan = tokenSpan(name);
    return { name: name.image, nameSpan, value, span: join(nameSpan, value.span) };
  });
}

function buildPrimary(cst: CstNode): Expr {
  const children = cst.children;
  const single = (name: string) => token(cst, name);
  let literal: IToken | undefined;
  if ((literal = single("IntLiteral"))) return { kind: "int", text: literal.image, span: tokenSpan(literal) };
  if ((literal = single("FloatLiteral"))) return { kind: "float", text: literal.image, span: tokenSpan(literal) };
  if ((literal = single("DurationLiteral"))) return { kind: "duration", text: literal.image, span: tokenSpan(literal) };
  if ((literal = single("BpsLiteral"))) return { kind: "bps", text: literal.image, span: tokenSpan(literal) };
  if ((literal = single("True"))) return { kind: "bool", value: true, span: tokenSpan(literal) };
  if ((literal = single("False"))) return { kind: "bool", value: false, span: tokenSpan(literal) };
  if ((literal = single("Null"))) return { kind: "null", span: tokenSpan(literal) };
  if ((literal = single("Event"))) return { kind: "name", name: "event", span: tokenSpan(literal) };
  if ((literal = single("Trade"))) return { kind: "name", name: "trade", span: tokenSpan(literal) };
  if (children.ifExpression) {
    const ifNode = node(cst, "ifExpression");
    const [condition, thenBranch, elseBranch] = nodes(ifNode, "expression").map(buildExpr);
    return { kind: "if", condition, then: thenBranch, else: elseBranch, span: nodeSpan(ifNode) };
  }
  if (children.matchExpression) return buildMatch(node(cst, "matchExpression"));
  if (children.expression) {
    return { kind: "paren", inner: buildExpr(node(cst, "expression")), span: nodeSpan(cst) };
  }
  const name = single("Identifier")!;
  const nameExpr: Expr = { kind: "name", name: name.image, span: tokenSpan(name) };
  if (!children.callArguments) return nameExpr;
  const args = node(cst, "callArguments");
  return { kind: "call", callee: nameExpr, args: buildArguments(args), span: join(nameExpr.span, nodeSpan(args)) };
}

function buildMatch(cst: CstNode): Expr {
  const arms: MatchArm[] = nodes(cst, "matchArm").map((arm) => ({
    patterns: nodes(arm, "matchPattern").map(buildPattern),
    value: buildExpr(node(arm, "expression")),
    span: nodeSpan(arm),
  }));
  return { kind: "match", subject: buildExpr(node(cst, "expression")), arms, span: nodeSpan(cst) };
}

function buildPattern(cst: CstNode): MatchPattern {
  const name = token(cst, "Identifier") ?? token(cst, "Trade") ?? token(cst, "Event") ?? token(cst, "Events");
  if (name) return { kind: "name", name: name.image, span: tokenSpan(name) };
  const value = token(cst, "IntLiteral")!;
  const minus = token(cst, "Minus");
  if (!minus) return { kind: "int", text: value.image, span: tokenSpan(value) };
  return { kind: "int", text: `-${value.image}`, span: join(tokenSpan(minus), tokenSpan(value)) };
}
