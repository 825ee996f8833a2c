// Completion from the text before the cursor, which is usually half typed and does not parse:
// the fields after `book.`, `event.`, `trade.`, `flow.`, `row.` and `quality.` (and a book
// side's levels), units after a number, trigger conditions on a `trigger` line, named arguments
// inside a call, and otherwise the names an expression may use: parameters and `let`s in scope,
// the document's and imported functions, the standard library's (importing it), the built-ins
// and the keywords. Every table is the compiler's (compiler/check/fields.ts,
// compiler/builtins/operators.ts); the words are the language reference's.

import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FnDecl, SourceFile } from "../../grammar/syntax.js";
import { Dataset, Fn, Identifier, LCurly, Let, RCurly, lex } from "../../grammar/tokens.js";
import { builtinNames } from "../builtins/operators.js";
import {
  derivedBookTypes,
  eventFieldTypes,
  flowGroups,
  levelFieldTypes,
  qualityFieldTypes,
  rowFieldTypes,
  tradeFieldTypes,
} from "../check/fields.js";
import { showType } from "../check/types.js";
import type { IrType } from "../ir/types.js";
import type { Analysis } from "./analysis.js";
import { callAt } from "./callContext.js";
import { importEdit, imports } from "./importEdit.js";
import { conditionDoc, fieldDoc } from "./referenceDocs.js";
import { builtinSignature, fnSignature } from "./signatures.js";
import { stdFunctions } from "./stdLibrary.js";

const EXPRESSION_KEYWORDS = ["if", "then", "else", "match", "not", "and", "or", "is", "null", "true", "false"];
const ROOTS = {
  book: "the order book",
  event: "the packet's last record",
  trade: "the packet's trades",
  flow: "the packet's order flow",
  row: "the row being emitted",
  quality: "data-quality flags",
};
/** docs/language.md section 2. */
const UNITS: [string, string][] = [
  ["ns", "duration: nanoseconds"],
  ["us", "duration: microseconds"],
  ["ms", "duration: milliseconds"],
  ["s", "duration: seconds"],
  ["m", "duration: minutes"],
  ["h", "duration: hours"],
  ["bps", "f64: basis points (`5bps` is `0.0005`)"],
];

function field(name: string, type: IrType | undefined, written: string, sort = ""): CompletionItem {
  const doc = fieldDoc(written);
  return {
    label: name,
    kind: CompletionItemKind.Field,
    ...(type ? { detail: showType(type) } : {}),
    ...(doc ? { documentation: { kind: "markdown", value: doc } } : {}),
    sortText: `${sort}${name}`,
  };
}

function fields(root: string, table: Readonly<Record<string, IrType>>): CompletionItem[] {
  return Object.entries(table).map(([name, type]) => field(name, type, `${root}.${name}`));
}

function snippet(
  label: string,
  insert: string,
  kind: CompletionItemKind,
  detail?: string,
  doc?: string,
): CompletionItem {
  return {
    label,
    kind,
    insertText: insert,
    insertTextFormat: InsertTextFormat.Snippet,
    ...(detail ? { detail } : {}),
    ...(doc ? { documentation: { kind: "markdown", value: doc } } : {}),
  };
}

/** After a `.`: the members the chain before it has, or undefined when the text is no member access. */
function memberCompletions(before: string): CompletionItem[] | undefined {
  let m = /\bbook\s*\.\s*(bid|ask)\s*\.\s*level\s*\([^()]*\)\s*\.\s*\w*$/.exec(before);
  if (m) return fields(`book.${m[1]}.level(n)`, levelFieldTypes);
  m = /\bbook\s*\.\s*(bid|ask)\s*\.\s*\w*$/.exec(before);
  if (m) {
    const side = m[1];
    return [
      ...fields(`book.${side}`, levelFieldTypes),
      snippet(
        "level",
        "level(${1:1})",
        CompletionItemKind.Method,
        "level(n) — the n-th level",
        fieldDoc(`book.${side}.level(n).price`),
      ),
      snippet("depth", "depth(${1:5})", CompletionItemKind.Method, "depth(n): f64", fieldDoc(`book.${side}.depth(n)`)),
      field("levels", { base: "i64", nullable: false }, `book.${side}.levels`),
    ];
  }
  if (/\bbook\s*\.\s*\w*$/.test(before))
    return [
      { label: "bid", kind: CompletionItemKind.Module, detail: "the bid side", sortText: "0bid" },
      { label: "ask", kind: CompletionItemKind.Module, detail: "the ask side", sortText: "0ask" },
      ...fields("book", derivedBookTypes),
    ];
  m = /\bflow\s*\.\s*(adds|cancels)\s*\.\s*\w*$/.exec(before);
  if (m) return ["bid", "ask"].map((side) => field(side, { base: "i64", nullable: false }, `flow.${m![1]}.${side}`));
  if (/\bflow\s*\.\s*\w*$/.test(before))
    return flowGroups.map((group) => ({
      label: group,
      kind: CompletionItemKind.Module,
      detail: "read by side: .bid, .ask",
    }));
  m = /\b(event|trade|row|quality)\s*\.\s*\w*$/.exec(before);
  if (m) {
    const tables = { event: eventFieldTypes, trade: tradeFieldTypes, row: rowFieldTypes, quality: qualityFieldTypes };
    return fields(m[1], tables[m[1] as keyof typeof tables]);
  }
  // Any other `x.`: a value has no fields.
  if (/\.\s*\w*$/.test(before) && !/\d\.\d*$/.test(before)) return [];
  return undefined;
}

function unitCompletions(
  before: string,
  offset: number,
  doc: TextDocument,
  inTrigger: boolean,
): CompletionItem[] | undefined {
  const m = /(?<![\w.])(\d+(?:\.\d+)?)([A-Za-z]*)$/.exec(before);
  if (!m || /\b(level|depth|book_change)\s*\(\s*\d*$/.test(before)) return undefined;
  const range: Range = { start: doc.positionAt(offset - m[2].length), end: doc.positionAt(offset) };
  const units: [string, string][] = inTrigger ? UNITS.filter(([unit]) => unit !== "bps") : UNITS;
  return units.map(([unit, detail], index) => ({
    label: unit,
    kind: CompletionItemKind.Unit,
    detail,
    textEdit: { range, newText: unit } satisfies TextEdit,
    filterText: unit,
    sortText: String(index).padStart(2, "0"),
  }));
}

function triggerCompletions(statement: string): CompletionItem[] {
  if (/\bevery\s+\d+(?:\.\d+)?\s+\w*$/.test(statement))
    return [
      {
        label: "events",
        kind: CompletionItemKind.Keyword,
        detail: "every N events",
        documentation: conditionDoc("every N events"),
      },
      {
        label: "volume",
        kind: CompletionItemKind.Keyword,
        detail: "every V volume",
        documentation: conditionDoc("every V volume"),
      },
    ];
  const conditions = [
    { label: "trade", insert: "trade", form: "trade" },
    { label: "event", insert: "event", form: "event" },
    { label: "every 1s", insert: "every ${1:1s}", form: "every <duration>" },
    { label: "every 100 events", insert: "every ${1:100} events", form: "every N events" },
    { label: "every 1000 volume", insert: "every ${1:1000} volume", form: "every V volume" },
    { label: "book_change(1)", insert: "book_change(${1:1})", form: "book_change(n)" },
  ].map((c) => snippet(c.label, c.insert, CompletionItemKind.Event, c.form, conditionDoc(c.form)));
  const afterCondition = /\b(trade|event|events|volume|\d+(?:ns|us|ms|s|m|h)|\))\s+\w*$/.test(statement);
  return [
    ...(afterCondition
      ? [
          { label: "or", kind: CompletionItemKind.Keyword, detail: "another condition" },
          { label: "when", kind: CompletionItemKind.Keyword, detail: "when <bool>: emit only where it holds" },
        ]
      : []),
    ...conditions,
  ];
}

/** Where the cursor is in the file's blocks, from the tokens before it. */
function blockAt(textBefore: string): {
  depth: number;
  fn?: { params: string[]; lets: string[]; name?: string };
  inDataset: boolean;
} {
  const { tokens } = lex(textBefore);
  let depth = 0;
  let item: "fn" | "dataset" | undefined;
  let fnStart = -1;
  tokens.forEach((token, index) => {
    if (token.tokenType === LCurly) depth++;
    else if (token.tokenType === RCurly) depth = Math.max(0, depth - 1);
    else if (depth === 0 && token.tokenType === Fn) {
      item = "fn";
      fnStart = index;
    } else if (depth === 0 && token.tokenType === Dataset) item = "dataset";
  });
  if (depth === 0 || item !== "fn") return { depth, inDataset: depth > 0 && item === "dataset" };
  const params: string[] = [];
  const lets: string[] = [];
  const name = tokens[fnStart + 1]?.tokenType === Identifier ? tokens[fnStart + 1].image : undefined;
  let bodyStarted = false;
  for (let i = fnStart + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tokenType === LCurly) bodyStarted = true;
    if (!bodyStarted && token.tokenType === Identifier && tokens[i + 1]?.image === ":") params.push(token.image);
    if (bodyStarted && token.tokenType === Let && tokens[i + 1]?.tokenType === Identifier && i + 2 < tokens.length)
      lets.push(tokens[i + 1].image);
  }
  return { depth, fn: { params, lets, ...(name ? { name } : {}) }, inDataset: false };
}

function functionItem(decl: FnDecl, text: string, source: string, extra: Partial<CompletionItem> = {}): CompletionItem {
  const signature = fnSignature(decl, text);
  return {
    label: decl.name,
    kind: CompletionItemKind.Function,
    detail: signature.label,
    documentation: { kind: "markdown", value: [decl.doc, source].filter(Boolean).join("\n\n") },
    insertText: decl.params.length === 0 ? `${decl.name}()` : `${decl.name}($1)`,
    insertTextFormat: InsertTextFormat.Snippet,
    ...extra,
  };
}

function scopeItems(
  scope: { params: string[]; lets: string[]; name?: string },
  tree: SourceFile | undefined,
  analysis?: Analysis,
): CompletionItem[] {
  const fn = tree?.items.find((item): item is FnDecl => item.kind === "fn" && item.name === scope.name);
  const items: CompletionItem[] = [];
  for (const name of scope.params) {
    const param = fn?.params.find((p) => p.name === name);
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: param ? `(parameter) ${param.type.name}${param.type.nullable ? "?" : ""}` : "(parameter)",
      sortText: `0${name}`,
    });
  }
  for (const name of scope.lets) {
    const binding = fn?.lets.find((b) => b.name === name);
    const type = binding && analysis?.types.get(binding.value);
    items.push({
      label: name,
      kind: CompletionItemKind.Variable,
      detail: type && type.base !== "error" ? `let ${showType(type)}` : "let",
      sortText: `0${name}`,
    });
  }
  return items;
}

function expressionItems(analysis: Analysis | undefined, text: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  const known = new Set<string>();
  for (const file of analysis?.files.values() ?? []) {
    for (const item of file.tree?.items ?? []) {
      if (item.kind !== "fn" || known.has(item.name)) continue;
      known.add(item.name);
      const from = file === analysis!.root ? "" : `from \`${file.name}\``;
      items.push(functionItem(item, file.text, from, { sortText: `1${item.name}` }));
    }
  }
  for (const [name, std] of stdFunctions()) {
    if (known.has(name)) continue;
    const imported = imports(text, std.importPath);
    items.push(
      functionItem(std.decl, std.text, `${imported ? "from" : "imports"} \`${std.importPath}\``, {
        sortText: `3${name}`,
        ...(imported ? {} : { additionalTextEdits: [importEdit(text, std.importPath)] }),
      }),
    );
  }
  for (const name of builtinNames) {
    const signature = builtinSignature(name)!;
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: signature.label,
      documentation: { kind: "markdown", value: signature.doc ?? "" },
      insertText: signature.params.length === 0 ? `${name}()` : `${name}($1)`,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `2${name}`,
    });
  }
  for (const [name, detail] of Object.entries(ROOTS))
    items.push({ label: name, kind: CompletionItemKind.Module, detail, sortText: `1${name}` });
  for (const word of EXPRESSION_KEYWORDS)
    items.push({ label: word, kind: CompletionItemKind.Keyword, sortText: `4${word}` });
  return items;
}

/**
 * The completions at `offset`. `triggerCharacter` is the character whose typing asked for them:
 * a space asks only on a `trigger` line (the next condition, `events` / `volume`), never in an
 * expression, where every word is followed by one.
 */
export function complete(
  analysis: Analysis | undefined,
  doc: TextDocument,
  offset: number,
  triggerCharacter?: string,
): CompletionItem[] {
  const text = doc.getText();
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/\/\//.test(before)) return [];
  const importing = /^\s*import\s+"([^"]*)$/.exec(before);
  if (importing)
    return [...new Set([...stdFunctions().values()].map((f) => f.importPath))].map((path) => ({
      label: path,
      kind: CompletionItemKind.File,
      textEdit: {
        range: { start: doc.positionAt(offset - importing[1].length), end: doc.positionAt(offset) },
        newText: path,
      },
    }));
  const members = memberCompletions(before);
  if (members) return members;
  const inTrigger = /^\s*trigger\b/.test(before);
  if (triggerCharacter === " " && !(inTrigger && !/\bwhen\b/.test(before))) return [];
  const units = unitCompletions(before, offset, doc, inTrigger);
  if (units) return units;
  if (inTrigger && !/\bwhen\b/.test(before)) return triggerCompletions(before);
  const block = blockAt(text.slice(0, offset));
  const atStatementStart = /^\s*[A-Za-z_]*$/.test(before);
  if (block.depth === 0)
    return atStatementStart
      ? [
          snippet("fn", "fn ${1:name}(${2}) -> ${3:f64?} {\n  $0\n}", CompletionItemKind.Keyword, "a function"),
          snippet(
            "dataset",
            "dataset ${1:name} {\n  trigger ${2:trade or every 1s}\n  $0\n}",
            CompletionItemKind.Keyword,
            "a dataset",
          ),
          snippet("import", 'import "${1:std/book}"', CompletionItemKind.Keyword, "the functions of another file"),
        ]
      : [];
  if (block.inDataset && atStatementStart)
    return [
      snippet("trigger", "trigger ${1:trade or every 1s}", CompletionItemKind.Keyword, "when to emit a row"),
      snippet("label", "label ${1:name} = ", CompletionItemKind.Keyword, "a column from the future (training only)"),
    ];
  const items = expressionItems(analysis, text);
  if (block.fn) {
    items.push(...scopeItems(block.fn, analysis?.root.tree, analysis));
    if (atStatementStart) items.push({ label: "let", kind: CompletionItemKind.Keyword, sortText: "0let" });
  }
  const call = callAt(text, offset);
  if (call?.atArgumentStart && !call.name)
    items.push(...namedArgumentItems(call.callee, call.owner, call.named, analysis));
  return items;
}

function namedArgumentItems(
  callee: string,
  owner: string | undefined,
  given: string[],
  analysis: Analysis | undefined,
): CompletionItem[] {
  if (owner) return [];
  let params: { name: string; label: string }[] = [];
  for (const file of analysis?.files.values() ?? []) {
    const decl = file.tree?.items.find((item): item is FnDecl => item.kind === "fn" && item.name === callee);
    if (decl) {
      params = fnSignature(decl, file.text).params;
      break;
    }
  }
  if (params.length === 0) {
    const std = stdFunctions().get(callee);
    params = std ? fnSignature(std.decl, std.text).params : (builtinSignature(callee)?.params.slice(1) ?? []);
  }
  return params
    .filter((param) => !given.includes(param.name))
    .map((param) => ({
      label: `${param.name} =`,
      kind: CompletionItemKind.Property,
      detail: param.label,
      insertText: `${param.name} = `,
      filterText: param.name,
      sortText: `0${param.name}`,
    }));
}
