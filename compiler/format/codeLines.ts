// The syntax tree printed as lines of code, each remembering which source text it came from,
// so ./placeComments.ts can put every comment back beside the code it was written next to.
// Layout rules (docs/language.md section 2 on line breaks):
// - two-space indentation, one statement per line, one blank line between items;
// - the `=` of consecutive dataset columns aligned (a blank line starts a new group);
// - an `if` with an `else if`, or one too long for a line, puts each branch on its own line
//   with `else` under the `if`; every other expression is printed on one line.
// A construct this printer does not know (a newer syntax node) is copied verbatim from the
// source, so new language features never break formatting.

import type {
  Argument,
  ColumnDecl,
  DatasetDecl,
  Expr,
  FnDecl,
  ImportDecl,
  Item,
  LetBinding,
  Param,
  SourceFile,
  Span,
  TriggerCondition,
  TriggerDecl,
  TypeRef,
} from "../../grammar/syntax.js";
import type { SourceText } from "./sourceText.js";

export type LineRole = "item" | "statement" | "continuation" | "close";

export interface CodeLine {
  text: string;
  /** Spaces before `text`. */
  indent: number;
  role: LineRole;
  /** Offset of the first source character the line prints. */
  start: number;
  /** Offset of the last source character the line prints. */
  last: number;
  /** The first statement of a block never gets a blank line above it. */
  firstInBlock?: boolean;
}

export interface PrintedFile {
  lines: CodeLine[];
  /** Source ranges copied verbatim: the comments inside them are already printed. */
  verbatim: Span[];
}

const indentStep = 2;
const maxWidth = 100;

const knownKeys = {
  fn: ["kind", "name", "nameSpan", "params", "returnType", "lets", "result", "doc", "span"],
  dataset: ["kind", "name", "nameSpan", "triggers", "columns", "labels", "doc", "span"],
  import: ["kind", "path", "pathSpan", "span"],
  column: ["name", "nameSpan", "value", "doc", "span"],
  let: ["name", "nameSpan", "value", "span"],
  param: ["name", "nameSpan", "type", "default", "span"],
  typeRef: ["name", "nullable", "span"],
  trigger: ["conditions", "filter", "span"],
  argument: ["name", "nameSpan", "value", "span"],
} as const;

const conditionKeys: Record<string, readonly string[]> = {
  event: ["kind", "span"],
  trade: ["kind", "span"],
  everyEvents: ["kind", "countText", "countSpan", "span"],
  everyDuration: ["kind", "durationText", "durationSpan", "span"],
  bookChange: ["kind", "levelsText", "levelsSpan", "span"],
  everyVolume: ["kind", "volumeText", "volumeSpan", "unit", "unitSpan", "span"],
};

const exprKeys: Record<string, readonly string[]> = {
  int: ["kind", "text", "span"],
  float: ["kind", "text", "span"],
  duration: ["kind", "text", "span"],
  bps: ["kind", "text", "span"],
  bool: ["kind", "value", "span"],
  null: ["kind", "span"],
  name: ["kind", "name", "span"],
  field: ["kind", "object", "name", "nameSpan", "span"],
  call: ["kind", "callee", "args", "span"],
  unary: ["kind", "op", "operand", "opSpan", "span"],
  binary: ["kind", "op", "left", "right", "opSpan", "span"],
  isNull: ["kind", "operand", "span"],
  if: ["kind", "condition", "then", "else", "span"],
  paren: ["kind", "inner", "span"],
};

function onlyKnownKeys(node: object, keys: readonly string[]): boolean {
  return Object.keys(node).every((key) => keys.includes(key));
}

function hasSpan(value: unknown): value is { span: Span } {
  return typeof value === "object" && value !== null && "span" in value;
}

export function printFile(tree: SourceFile, source: SourceText): PrintedFile {
  return new FilePrinter(source).print(tree);
}

class FilePrinter {
  private readonly lines: CodeLine[] = [];
  private readonly verbatim: Span[] = [];

  constructor(private readonly source: SourceText) {}

  print(tree: SourceFile): PrintedFile {
    for (const item of tree.items) this.item(item);
    return { lines: this.lines, verbatim: this.verbatim };
  }

  private push(line: CodeLine): void {
    this.lines.push(line);
  }

  private copy(span: Span): string {
    this.verbatim.push(span);
    return this.source.slice(span.start, span.end);
  }

  private verbatimLine(span: Span, indent: number, role: LineRole, firstInBlock = false): void {
    this.push({ text: this.copy(span), indent, role, start: span.start, last: span.end - 1, firstInBlock });
  }

  private item(item: Item): void {
    const known = item as { kind: string };
    if (known.kind === "fn" && onlyKnownKeys(item, knownKeys.fn)) return this.fn(item as FnDecl);
    if (known.kind === "dataset" && this.datasetIsPrintable(item as DatasetDecl))
      return this.dataset(item as DatasetDecl);
    if (known.kind === "import" && onlyKnownKeys(item, knownKeys.import)) return this.importDecl(item as ImportDecl);
    this.verbatimLine((item as { span: Span }).span, 0, "item");
  }

  private importDecl(decl: ImportDecl): void {
    this.push({
      text: `import ${this.source.slice(decl.pathSpan.start, decl.pathSpan.end)}`,
      indent: 0,
      role: "item",
      start: decl.span.start,
      last: decl.span.end - 1,
    });
  }

  private fn(decl: FnDecl): void {
    const params = decl.params.map((param) => this.param(param)).join(", ");
    const open = this.source.tokenOffset("{", decl.returnType.span.end);
    this.push({
      text: `fn ${decl.name}(${params}) -> ${this.typeRef(decl.returnType)} {`,
      indent: 0,
      role: "item",
      start: decl.span.start,
      last: open,
    });
    decl.lets.forEach((binding, index) => this.letBinding(binding, index === 0));
    this.valueLines("", decl.result, indentStep, "statement", decl.lets.length === 0);
    this.close(decl.span, 0);
  }

  private param(param: Param): string {
    if (!onlyKnownKeys(param, knownKeys.param)) return this.copy(param.span);
    const head = `${param.name}: ${this.typeRef(param.type)}`;
    return param.default === undefined ? head : `${head} = ${this.expr(param.default)}`;
  }

  private typeRef(type: TypeRef): string {
    if (!onlyKnownKeys(type, knownKeys.typeRef)) return this.copy(type.span);
    return type.nullable ? `${type.name}?` : type.name;
  }

  private letBinding(binding: LetBinding, firstInBlock: boolean): void {
    if (!onlyKnownKeys(binding, knownKeys.let))
      return this.verbatimLine(binding.span, indentStep, "statement", firstInBlock);
    this.valueLines(`let ${binding.name} = `, binding.value, indentStep, "statement", firstInBlock, binding.span.start);
  }

  private close(span: Span, indent: number): void {
    this.push({ text: "}", indent, role: "close", start: span.end - 1, last: span.end - 1 });
  }

  private datasetIsPrintable(decl: DatasetDecl): boolean {
    // Extra arrays of spanned nodes are statements of kinds added after this printer; they are
    // copied verbatim in source order. Any other unknown field makes the dataset verbatim.
    return Object.entries(decl).every(
      ([key, value]) =>
        (knownKeys.dataset as readonly string[]).includes(key) || (Array.isArray(value) && value.every(hasSpan)),
    );
  }

  private dataset(decl: DatasetDecl): void {
    const extra = Object.entries(decl)
      .filter(([key]) => !(knownKeys.dataset as readonly string[]).includes(key))
      .flatMap(([, value]) => value as { span: Span }[]);
    // A label prints as a column whose name is `label <name>`, aligned with its neighbours.
    type Statement =
      | { kind: "trigger"; node: TriggerDecl }
      | { kind: "column"; node: ColumnDecl; prefix: string }
      | { kind: "other"; node: { span: Span } };
    const statements: Statement[] = [
      ...decl.triggers.map((node) => ({ kind: "trigger" as const, node })),
      ...decl.columns.map((node) => ({ kind: "column" as const, node, prefix: "" })),
      ...(decl.labels ?? []).map((node) => ({ kind: "column" as const, node, prefix: "label " })),
      ...extra.map((node) => ({ kind: "other" as const, node })),
    ].sort((a, b) => a.node.span.start - b.node.span.start);

    const open = this.source.tokenOffset("{", decl.nameSpan.end);
    this.push({ text: `dataset ${decl.name} {`, indent: 0, role: "item", start: decl.span.start, last: open });
    const nameWidths = this.columnAlignment(
      statements.map((s) =>
        s.kind === "column" && onlyKnownKeys(s.node, knownKeys.column)
          ? { name: s.prefix + s.node.name, span: s.node.span }
          : undefined,
      ),
    );
    statements.forEach((statement, index) => {
      const first = index === 0;
      if (statement.kind === "trigger") this.trigger(statement.node, first);
      else if (statement.kind === "column" && nameWidths[index] !== undefined) {
        const column = statement.node;
        this.valueLines(
          `${(statement.prefix + column.name).padEnd(nameWidths[index]!)} = `,
          column.value,
          indentStep,
          "statement",
          first,
          column.span.start,
        );
      } else this.verbatimLine(statement.node.span, indentStep, "statement", first);
    });
    this.close(decl.span, 0);
  }

  /** For each statement that is a column, the width its name is padded to. */
  private columnAlignment(columns: ({ name: string; span: Span } | undefined)[]): (number | undefined)[] {
    const widths: (number | undefined)[] = columns.map(() => undefined);
    let group: number[] = [];
    const flush = () => {
      const width = group.reduce((widest, index) => Math.max(widest, columns[index]!.name.length), 0);
      for (const index of group) widths[index] = width;
      group = [];
    };
    columns.forEach((column, index) => {
      if (!column) {
        if (group.length) flush();
        return;
      }
      const previous = group.length ? columns[group[group.length - 1]]! : undefined;
      // Labels align among themselves, apart from the columns above them.
      const otherKind =
        previous !== undefined && previous.name.startsWith("label ") !== column.name.startsWith("label ");
      if (previous && (otherKind || /\n[ \t\r]*\n/.test(this.source.slice(previous.span.end, column.span.start))))
        flush();
      group.push(index);
    });
    if (group.length) flush();
    return widths;
  }

  private trigger(decl: TriggerDecl, firstInBlock: boolean): void {
    const known = onlyKnownKeys(decl, knownKeys.trigger) && decl.conditions.every((c) => c.kind !== "unknown");
    if (!known) return this.verbatimLine(decl.span, indentStep, "statement", firstInBlock);
    const conditions = decl.conditions.map((condition) => this.triggerCondition(condition));
    // `filter` is read through a loose type: it is newer than some syntax trees this prints.
    const filter = (decl as { filter?: Expr }).filter;
    const text = `trigger ${conditions.join(" or ")}${filter ? ` when ${this.expr(filter)}` : ""}`;
    this.push({
      text,
      indent: indentStep,
      role: "statement",
      start: decl.span.start,
      last: decl.span.end - 1,
      firstInBlock,
    });
  }

  private triggerCondition(condition: TriggerCondition): string {
    const known = conditionKeys[condition.kind];
    if (!known || !onlyKnownKeys(condition, known)) return this.copy(condition.span);
    const fields = condition as unknown as Record<string, string>;
    switch (condition.kind as string) {
      case "event":
        return "event";
      case "trade":
        return "trade";
      case "everyEvents":
        return `every ${fields.countText} events`;
      case "everyDuration":
        return `every ${fields.durationText}`;
      case "bookChange":
        return `book_change(${fields.levelsText})`;
      case "everyVolume":
        return `every ${fields.volumeText} ${fields.unit}`;
      default:
        return this.copy(condition.span);
    }
  }

  /**
   * `prefix` then the expression: on one line, or as an `if` chain with one branch per line.
   * `start` is where the statement begins in the source (the prefix's first token).
   */
  private valueLines(
    prefix: string,
    value: Expr,
    indent: number,
    role: LineRole,
    firstInBlock: boolean,
    start = value.span.start,
  ): void {
    const flat = this.expr(value);
    if (
      !(value.kind === "if" && onlyKnownKeys(value, exprKeys.if)) ||
      !this.shouldBreak(value, indent + prefix.length + flat.length)
    ) {
      this.push({ text: prefix + flat, indent, role, start, last: value.span.end - 1, firstInBlock });
      return;
    }
    const branchIndent = indent + prefix.length;
    let current: Expr = value;
    let text = `${prefix}if ${this.expr(value.condition)} then ${this.expr(value.then)}`;
    this.push({ text, indent, role, start, last: value.then.span.end - 1, firstInBlock });
    while (current.kind === "if") {
      const elseStart = this.source.tokenOffset("else", current.then.span.end);
      const next: Expr = current.else;
      if (next.kind === "if" && onlyKnownKeys(next, exprKeys.if)) {
        text = `else if ${this.expr(next.condition)} then ${this.expr(next.then)}`;
        this.push({ text, indent: branchIndent, role: "continuation", start: elseStart, last: next.then.span.end - 1 });
        current = next;
      } else {
        this.push({
          text: `else ${this.expr(next)}`,
          indent: branchIndent,
          role: "continuation",
          start: elseStart,
          last: next.span.end - 1,
        });
        break;
      }
    }
  }

  private shouldBreak(value: Expr & { kind: "if" }, flatWidth: number): boolean {
    return value.else.kind === "if" || flatWidth > maxWidth;
  }

  private expr(e: Expr): string {
    const keys = exprKeys[e.kind];
    if (!keys || !onlyKnownKeys(e, keys)) return this.copy(e.span);
    switch (e.kind) {
      case "int":
      case "float":
      case "duration":
      case "bps":
        return e.text;
      case "bool":
        return e.value ? "true" : "false";
      case "null":
        return "null";
      case "name":
        return e.name;
      case "field":
        return `${this.expr(e.object)}.${e.name}`;
      case "call":
        return `${this.expr(e.callee)}(${e.args.map((arg) => this.argument(arg)).join(", ")})`;
      case "unary":
        return e.op === "not" ? `not ${this.expr(e.operand)}` : `-${this.expr(e.operand)}`;
      case "binary":
        return `${this.expr(e.left)} ${e.op} ${this.expr(e.right)}`;
      case "isNull":
        return `${this.expr(e.operand)} is null`;
      case "if":
        return `if ${this.expr(e.condition)} then ${this.expr(e.then)} else ${this.expr(e.else)}`;
      case "paren":
        return `(${this.expr(e.inner)})`;
      case "match":
        // Not in `exprKeys`: kept as written (returned above); listed so the switch is total.
        return this.copy(e.span);
    }
  }

  private argument(arg: Argument): string {
    if (!onlyKnownKeys(arg, knownKeys.argument)) return this.copy(arg.span);
    return arg.name === undefined ? this.expr(arg.value) : `${arg.name} = ${this.expr(arg.value)}`;
  }
}
