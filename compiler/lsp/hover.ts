// Hover: what the thing under the cursor is. An expression shows its type as the checker gave
// it (`f64?` when it may be null) and, for a literal with a unit, its value in that unit; a
// field what the language reference says of it; a function its signature and doc comment
// (`///`); a column its type, doc comment, state bytes per symbol and warm-up horizon, as
// `featc explain` prints them (compiler/ir/analysis).

import type { Hover, MarkupContent } from "vscode-languageserver";
import { locate, touches } from "../../grammar/locate.js";
import type { ColumnDecl, DatasetDecl, Expr, FnDecl, Span, TriggerCondition } from "../../grammar/syntax.js";
import { roots } from "../check/fields.js";
import { bpsValue, durationValue } from "../check/literals.js";
import { showType } from "../check/types.js";
import { columnStateBytes, totalStateBytes } from "../ir/analysis/stateBytes.js";
import { columnHorizons, formatHorizon, programHorizon } from "../ir/analysis/warmup.js";
import type { Analysis, AnalyzedFile } from "./analysis.js";
import { rangeOf } from "./ranges.js";
import { conditionDoc, fieldDoc } from "./referenceDocs.js";
import { builtinSignature, fnSignature, sideFunctionSignature } from "./signatures.js";

const ROOT_DOCS: Record<(typeof roots)[number], string> = {
  book: "the order book at the end of the current packet: `bid`, `ask`, `mid`, `spread`, `microprice`",
  event: "the packet's last record: `exchange_ts`, `ingest_ts`, `price`, `size`, `side`, `kind`",
  trade: "the packet's trades: `count`, `size`, `signed_size`, `price`",
  flow: "the packet's order flow by side: `adds.bid`, `adds.ask`, `cancels.bid`, `cancels.ask`",
  row: "the row being emitted: `ts`, `trigger`",
  quality: "data-quality flags: `crossed`, `locked`, `gap`, `bad_book`, `bad_ts`, `reset`",
};

function markdown(code: string, ...paragraphs: (string | undefined)[]): MarkupContent {
  const text = [`\`\`\`feat\n${code}\n\`\`\``, ...paragraphs.filter((p): p is string => !!p)].join("\n\n");
  return { kind: "markdown", value: text };
}

function slice(file: AnalyzedFile, span: Span): string {
  return file.text.slice(span.start, span.end);
}

export function hover(analysis: Analysis, offset: number): Hover | undefined {
  const root = analysis.root;
  if (!root.tree) return undefined;
  const at = locate(root.tree, offset);
  const reply = (contents: MarkupContent, span: Span): Hover => ({ contents, range: rangeOf(root, span) });
  const part = at.part;
  if (!part) return undefined;
  if (at.namedArgument && touches(at.namedArgument.argument.nameSpan!, offset)) {
    const shown = namedArgumentHover(analysis, at.namedArgument.argument.nameSpan!);
    return shown && reply(shown, at.namedArgument.argument.nameSpan!);
  }
  const innermost = at.exprs[at.exprs.length - 1];
  if (innermost) {
    const parent = at.exprs[at.exprs.length - 2];
    const shown = expressionHover(analysis, innermost, parent);
    return shown && reply(shown, innermost.kind === "field" ? innermost.nameSpan : innermost.span);
  }
  switch (part.kind) {
    case "fnName":
      return reply(fnHover(part.item, root), part.item.nameSpan);
    case "param":
      if (!touches(part.param.nameSpan, offset)) return undefined;
      return reply(
        markdown(
          `(parameter) ${fnSignature(part.item, root.text).params.find((p) => p.name === part.param.name)!.label}`,
        ),
        part.param.nameSpan,
      );
    case "let": {
      if (!touches(part.binding.nameSpan, offset)) return undefined;
      const type = analysis.types.get(part.binding.value);
      return reply(markdown(`let ${part.binding.name}${type ? `: ${showType(type)}` : ""}`), part.binding.nameSpan);
    }
    case "column":
      if (!touches(part.column.nameSpan, offset)) return undefined;
      return reply(columnHover(analysis, part.item, part.column, part.label), part.column.nameSpan);
    case "datasetName":
      return reply(datasetHover(analysis, part.item), part.item.nameSpan);
    case "trigger": {
      const condition = part.trigger.conditions.find((c) => touches(c.span, offset));
      return (
        condition &&
        reply(markdown(slice(root, condition.span), conditionDoc(conditionForm(condition))), condition.span)
      );
    }
    case "import": {
      const file = [...analysis.files.values()].find(
        (f) => f.importedBy?.file === root.name && f.importedBy.pathSpan.start === part.item.pathSpan.start,
      );
      if (!file) return undefined;
      const functions = (file.tree?.items ?? []).filter((item) => item.kind === "fn").map((item) => `\`${item.name}\``);
      return reply(
        markdown(
          `import "${part.item.path}"`,
          `reads \`${file.realPath}\``,
          functions.length ? `functions: ${functions.join(", ")}` : undefined,
        ),
        part.item.pathSpan,
      );
    }
    default:
      return undefined;
  }
}

/** How the reference's table of trigger conditions (docs/language.md section 8) writes `condition`. */
function conditionForm(condition: TriggerCondition): string {
  switch (condition.kind) {
    case "everyEvents":
      return "every N events";
    case "everyDuration":
      return "every <duration>";
    case "everyVolume":
      return "every V volume";
    case "bookChange":
      return "book_change(n)";
    case "unknown":
      return condition.name;
    default:
      return condition.kind;
  }
}

function fnHover(decl: FnDecl, file: AnalyzedFile, root?: AnalyzedFile): MarkupContent {
  const where = root && file !== root ? `defined in \`${file.name}\`` : undefined;
  return markdown(`fn ${fnSignature(decl, file.text).label}`, decl.doc, where);
}

/** The declaration of the function a use resolved to, in whichever file of the analysis declares it. */
function declarationOf(
  analysis: Analysis,
  use: Span,
): { decl: FnDecl; file: AnalyzedFile; param?: string } | undefined {
  const resolution = analysis.resolutions.find((r) => r.file === analysis.root.name && r.use.start === use.start);
  if (!resolution) return undefined;
  const file = analysis.files.get(resolution.definition.file);
  const { definition } = resolution;
  for (const item of file?.tree?.items ?? []) {
    if (item.kind !== "fn") continue;
    if (definition.kind === "fn" && item.nameSpan.start === definition.span.start) return { decl: item, file: file! };
    if (definition.kind === "param" && item.params.some((p) => p.nameSpan.start === definition.span.start))
      return { decl: item, file: file!, param: definition.name };
  }
  return undefined;
}

function namedArgumentHover(analysis: Analysis, nameSpan: Span): MarkupContent | undefined {
  const found = declarationOf(analysis, nameSpan);
  if (!found?.param) return undefined;
  const param = fnSignature(found.decl, found.file.text).params.find((p) => p.name === found.param);
  return param && markdown(`(parameter of ${found.decl.name}) ${param.label}`);
}

function expressionHover(analysis: Analysis, expr: Expr, parent: Expr | undefined): MarkupContent | undefined {
  const type = analysis.types.get(expr);
  const typeText = type && type.base !== "error" ? showType(type) : undefined;
  const root = analysis.root;
  const callOf = parent?.kind === "call" && parent.callee === expr ? parent : undefined;
  switch (expr.kind) {
    case "name": {
      if (callOf) {
        const callType = analysis.types.get(callOf);
        const result = callType && callType.base !== "error" ? `this call: \`${showType(callType)}\`` : undefined;
        const user = declarationOf(analysis, expr.span);
        if (user) {
          const shown = fnHover(user.decl, user.file, root);
          return result ? { ...shown, value: `${shown.value}\n\n${result}` } : shown;
        }
        const builtin = builtinSignature(expr.name);
        if (builtin) return markdown(`${builtin.label}`, builtin.doc, result);
        return undefined;
      }
      const resolution = analysis.resolutions.find((r) => r.file === root.name && r.use.start === expr.span.start);
      if (resolution) {
        const what = resolution.definition.kind === "param" ? "(parameter) " : "let ";
        return markdown(`${what}${expr.name}${typeText ? `: ${typeText}` : ""}`);
      }
      if ((roots as readonly string[]).includes(expr.name))
        return markdown(expr.name, ROOT_DOCS[expr.name as (typeof roots)[number]]);
      return typeText ? markdown(`${expr.name}: ${typeText}`) : undefined;
    }
    case "field": {
      const written = slice(root, expr.span);
      const doc = fieldDoc(written);
      const side = /^book\.(bid|ask)$/.exec(written);
      if (side)
        return markdown(
          written,
          `the ${side[1]} side of the book: \`price\`, \`size\`, \`count\` of its best level, \`level(n)\`, \`depth(n)\`, \`levels\``,
        );
      return markdown(`${written}${typeText ? `: ${typeText}` : ""}`, doc);
    }
    case "call": {
      if (expr.callee.kind !== "field")
        return typeText ? markdown(`${slice(root, expr.span)}: ${typeText}`) : undefined;
      const side = /^book\.(bid|ask)$/.exec(slice(root, expr.callee.object.span));
      const signature = side && sideFunctionSignature(side[1], expr.callee.name);
      if (signature) return markdown(`${slice(root, expr.span)}${typeText ? `: ${typeText}` : ""}`, signature.doc);
      return typeText ? markdown(`${slice(root, expr.span)}: ${typeText}`) : undefined;
    }
    case "duration": {
      const value = durationValue(expr.text);
      return markdown(
        `${expr.text}: duration`,
        value.ok ? `${value.ns.toLocaleString("en-US")} ns` : `${value.exactNs} ns: not a whole number of nanoseconds`,
      );
    }
    case "bps":
      return markdown(`${expr.text}: f64`, `${expr.text.slice(0, -3)} basis points = ${bpsValue(expr.text)}`);
    default:
      return typeText ? markdown(`${shorten(slice(root, expr.span))}: ${typeText}`) : undefined;
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

function columnHover(analysis: Analysis, dataset: DatasetDecl, column: ColumnDecl, label: boolean): MarkupContent {
  const type = analysis.types.get(column.value);
  // A label is always nullable: its future may never be known (docs/language.md section 10).
  const shownType =
    type && type.base !== "error" ? showType(label ? { base: type.base, nullable: true } : type) : undefined;
  const program = analysis.programs.find((p) => p.name === dataset.name);
  const index = program?.columns.findIndex((c) => c.name === column.name) ?? -1;
  let state: string | undefined;
  if (program && index >= 0) {
    const bytes = columnStateBytes(program)[index].bytes;
    const horizon = columnHorizons(program)[index].horizon;
    state = `state: ${bytes === undefined ? "unknown" : `${bytes} B`} per symbol · warm-up: ${formatHorizon(horizon)}`;
  } else if (!label) state = "state and warm-up: once the spec compiles without errors";
  const head = `${label ? "label " : ""}${column.name}${shownType ? `: ${shownType}` : ""}`;
  return markdown(head, column.doc, state);
}

function datasetHover(analysis: Analysis, dataset: DatasetDecl): MarkupContent {
  const program = analysis.programs.find((p) => p.name === dataset.name);
  const trigger = dataset.triggers[0];
  const lines = [
    trigger ? `\`${slice(analysis.root, trigger.span).replace(/\s+/g, " ")}\`` : undefined,
    `${dataset.columns.length} column${dataset.columns.length === 1 ? "" : "s"}${dataset.labels?.length ? `, ${dataset.labels.length} label${dataset.labels.length === 1 ? "" : "s"}` : ""}`,
    program &&
      `state: ${totalStateBytes(program) ?? "unknown"} B per symbol · warm-up of the spec: ${formatHorizon(programHorizon(program))}`,
  ];
  return markdown(`dataset ${dataset.name}`, dataset.doc, lines.filter(Boolean).join("\n\n"));
}
