// `featc lsp` while a spec is written, over stdio: hover, completion, signature help, the
// outline, folding, semantic tokens, formatting, and the quick fixes of the diagnostics' hints,
// each applied and checked again.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  SemanticTokens,
  SignatureHelp,
  TextEdit,
} from "vscode-languageserver";
import { parseSource } from "../../grammar/parser.js";
import { REPO } from "../support/paths.js";
import { applyEdits, LspClient, uriOf } from "./support/client.js";
import { scratchProject } from "./support/project.js";

const GOOG = join(REPO, "examples/goog_1s.feat");
const CURSOR = "¦";

let client: LspClient;
let goog: string;
let original: string;
beforeAll(async () => {
  client = await LspClient.start();
  goog = (await client.open(GOOG)).uri;
  original = client.text(goog);
});
afterAll(async () => {
  await client?.stop();
});

const at = (uri: string, needle: string, shift = 0, occurrence = 1) => ({
  textDocument: { uri },
  position: client.positionOf(uri, needle, shift, occurrence),
});

async function hoverText(uri: string, needle: string, shift = 0, occurrence = 1): Promise<string> {
  const hover = await client.request<Hover | null>("textDocument/hover", at(uri, needle, shift, occurrence));
  return hover ? (hover.contents as { value: string }).value : "";
}

/** Puts `text` (with the cursor marked `¦`) in the document and asks for completions there. */
async function completionsAt(text: string, uri = goog, triggerCharacter?: string): Promise<CompletionItem[]> {
  const offset = text.indexOf(CURSOR);
  await client.replace(uri, text.replace(CURSOR, ""));
  const doc = client.text(uri);
  const before = doc.slice(0, offset);
  const position = { line: before.split("\n").length - 1, character: offset - before.lastIndexOf("\n") - 1 };
  const context = triggerCharacter ? { context: { triggerKind: 2, triggerCharacter } } : {};
  return client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position, ...context });
}

/** goog_1s.feat with `line` as a new last column. */
const withColumn = (line: string) =>
  original.replace(
    "  trade_flow  = sum_since_emit(trade.signed_size)\n",
    `  trade_flow  = sum_since_emit(trade.signed_size)\n  ${line}\n`,
  );

describe("hover", () => {
  it("shows an expression's type, nullable with `?`, and what the reference says of a field", async () => {
    await client.replace(goog, original);
    const mid = await hoverText(goog, "= book.mid", 7);
    expect(mid).toContain("book.mid: f64?");
    expect(mid).toContain("(book.bid.price + book.ask.price) / 2");
    expect(await hoverText(goog, "trade.signed_size", 7)).toContain("trade.signed_size: f64\n");
    expect(await hoverText(goog, "(b - a) / (b + a)", 1)).toContain("let b: f64");
  });

  it("shows a function's signature and doc comment, at its declaration and at a call", async () => {
    const declared = await hoverText(goog, "fn imbalance", 3);
    expect(declared).toContain("fn imbalance(depth: i64 = 5) -> f64?");
    expect(declared).toContain("Bid volume minus ask volume over their total");
    const called = await hoverText(goog, "sum_since_emit(ofi_event())", 15);
    expect(called).toContain("fn ofi_event() -> f64?");
    expect(called).toContain("Order-flow imbalance at the top of book for one packet");
    const builtin = await hoverText(goog, "sum_since_emit(ofi_event())");
    expect(builtin).toContain("sum_since_emit(x: f64 | i64) -> f64 or i64");
    expect(builtin).toContain("this call: `f64`");
  });

  it("shows a standard-library function's doc comment at a call in a file that imports it", async () => {
    const { uri } = await client.open(join(REPO, "test/std/goog_every_packet.feat"));
    const shown = await hoverText(uri, "= mid()", 2);
    expect(shown).toContain("fn mid() -> f64?");
    expect(shown).toContain("Mid price: the average of the best bid and best ask.");
    expect(shown).toContain("defined in");
  });

  it("shows a column's type, state bytes and warm-up as featc explain gives them", async () => {
    // featc explain examples/goog_1s.feat: `ofi  #0 #1 #2 #3 #4  81 B  1 event + 1s`, `trade_flow  #5  9 B  1s`.
    expect(await hoverText(goog, "ofi         =")).toContain(
      "ofi: f64\n```\n\nstate: 81 B per symbol · warm-up: 1 event + 1s",
    );
    expect(await hoverText(goog, "trade_flow  =")).toContain("state: 9 B per symbol · warm-up: 1s");
    expect(await hoverText(goog, "dataset goog_1s", 8)).toContain(
      "state: 90 B per symbol · warm-up of the spec: 1 event + 1s",
    );
  });

  it("shows a duration in nanoseconds, and a trigger condition as the reference describes it", async () => {
    const { uri } = await client.open(join(REPO, "specs/std/flow.feat"));
    expect(await hoverText(uri, "30s)")).toContain("30s: duration\n```\n\n30,000,000,000 ns");
    expect(await hoverText(goog, "every 1s")).toContain("at every clock-aligned boundary of exchange time");
  });
});

describe("completion", () => {
  const labels = (items: CompletionItem[]) => items.map((item) => item.label);

  it("completes the fields of book, a book side, a level, event, trade and flow", async () => {
    expect(labels(await completionsAt(withColumn(`x = book.${CURSOR}`)))).toEqual([
      "bid",
      "ask",
      "mid",
      "spread",
      "microprice",
    ]);
    const side = await completionsAt(withColumn(`x = book.ask.${CURSOR}`));
    expect(labels(side)).toEqual(["price", "size", "count", "level", "depth", "levels"]);
    expect(side.find((item) => item.label === "price")?.detail).toBe("f64?");
    expect(side.find((item) => item.label === "level")?.insertText).toBe("level(${1:1})");
    expect(labels(await completionsAt(withColumn(`x = book.bid.level(3).${CURSOR}`)))).toEqual([
      "price",
      "size",
      "count",
    ]);
    expect(labels(await completionsAt(withColumn(`x = event.${CURSOR}`)))).toEqual([
      "exchange_ts",
      "ingest_ts",
      "price",
      "size",
      "side",
      "kind",
    ]);
    const trade = await completionsAt(withColumn(`x = trade.s${CURSOR}`));
    expect(labels(trade)).toEqual(["count", "size", "signed_size", "price"]);
    expect(trade.find((item) => item.label === "signed_size")?.documentation).toMatchObject({
      value: expect.stringContaining("buy-aggressor size"),
    });
    expect(labels(await completionsAt(withColumn(`x = flow.${CURSOR}`)))).toEqual(["adds", "cancels"]);
    expect(labels(await completionsAt(withColumn(`x = flow.cancels.${CURSOR}`)))).toEqual(["bid", "ask"]);
  });

  it("completes functions with their signatures: the file's, the built-ins and the standard library's, importing it", async () => {
    const items = await completionsAt(withColumn(`x = ${CURSOR}`));
    const own = items.find((item) => item.label === "imbalance")!;
    expect(own.detail).toBe("imbalance(depth: i64 = 5) -> f64?");
    const ema = items.find((item) => item.label === "ema")!;
    expect(ema.detail).toBe("ema(x: f64, n: i64, half_life: duration) -> f64?");
    const std = items.find((item) => item.label === "microprice")!;
    expect(std.detail).toBe("microprice() -> f64?");
    expect(std.additionalTextEdits).toEqual([
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: 'import "std/book"\n\n',
      },
    ]);
    expect(labels(items)).toEqual(
      expect.arrayContaining(["book", "trade", "if", "match", "null", "rolling_sum", "ofi_level"]),
    );
  });

  it("completes the parameters and lets in scope, and named arguments", async () => {
    const inBody = await completionsAt(original.replace("  (b - a) / (b + a)", `  (b - a) / (b + ${CURSOR}`));
    expect(labels(inBody)).toEqual(expect.arrayContaining(["depth", "a", "b"]));
    expect(inBody.find((item) => item.label === "depth")?.detail).toBe("(parameter) i64");
    expect(labels(inBody)).not.toContain("bid");
    const named = await completionsAt(withColumn(`x = imbalance(${CURSOR}`));
    expect(named.find((item) => item.label === "depth =")).toMatchObject({
      insertText: "depth = ",
      detail: "depth: i64 = 5",
    });
    const emaNamed = await completionsAt(withColumn(`x = ema(book.mid, ${CURSOR}`));
    expect(labels(emaNamed)).toEqual(expect.arrayContaining(["n =", "half_life ="]));
  });

  it("completes trigger conditions, units after a number, and keywords where a statement starts", async () => {
    const trigger = labels(
      await completionsAt(original.replace("  trigger trade or every 1s", `  trigger trade ${CURSOR}`)),
    );
    expect(trigger).toEqual(
      expect.arrayContaining(["or", "when", "every 1s", "every 100 events", "book_change(1)", "every 1000 volume"]),
    );
    expect(
      labels(await completionsAt(original.replace("  trigger trade or every 1s", `  trigger every 500 ${CURSOR}`))),
    ).toEqual(["events", "volume"]);
    const units = await completionsAt(withColumn(`x = rolling_sum(trade.size, 30m${CURSOR}`));
    expect(labels(units)).toEqual(["ns", "us", "ms", "s", "m", "h", "bps"]);
    expect(units[2].textEdit).toMatchObject({ newText: "ms" });
    expect(labels(await completionsAt(`${original}\n${CURSOR}`))).toEqual(["fn", "dataset", "import"]);
    expect(labels(await completionsAt(withColumn(`${CURSOR}`)))).toEqual(["trigger", "label"]);
    // A space asks for the next trigger condition, and for nothing inside an expression.
    expect(
      labels(
        await completionsAt(original.replace("  trigger trade or every 1s", `  trigger trade or ${CURSOR}`), goog, " "),
      ),
    ).toContain("every 1s");
    expect(await completionsAt(withColumn(`x = book.mid + ${CURSOR}`), goog, " ")).toEqual([]);
    await client.replace(goog, original);
  });
});

describe("signature help", () => {
  it("marks the parameter being written, by position or by name", async () => {
    await client.replace(goog, withColumn("x = imbalance(depth = 3) + rolling_sum(trade.size, 30s)"));
    const named = await client.request<SignatureHelp>("textDocument/signatureHelp", at(goog, "depth = 3", 8));
    expect(named.signatures[0].label).toBe("imbalance(depth: i64 = 5) -> f64?");
    expect(named.activeParameter).toBe(0);
    const rolling = await client.request<SignatureHelp>("textDocument/signatureHelp", at(goog, "30s)", 1));
    expect(rolling.signatures[0].label).toBe(
      "rolling_sum(x: f64, window: i64 | duration, max_events: i64 = 10000) -> f64",
    );
    expect(rolling.activeParameter).toBe(1);
    const level = await client.request<SignatureHelp>("textDocument/signatureHelp", at(goog, "depth(depth)", 6));
    expect(level.signatures[0].label).toBe("book.bid.depth(n: i64) -> f64");
    await client.replace(goog, original);
  });
});

describe("outline, folding and semantic tokens", () => {
  it("outlines functions and datasets with their parts", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: goog },
    });
    expect(symbols.map((s) => `${s.name} ${s.detail}`)).toEqual([
      "ofi_event -> f64?",
      "imbalance -> f64?",
      "goog_1s dataset",
    ]);
    expect(symbols[1].children!.map((c) => c.name)).toEqual(["depth", "b", "a"]);
    expect(symbols[2].children!.map((c) => c.name)).toEqual([
      "trigger",
      "ts",
      "ingest_ts",
      "exchange_ts",
      "mid",
      "spread_bps",
      "imbalance_5",
      "ofi",
      "trade_flow",
    ]);
  });

  it("folds functions, datasets and comment blocks", async () => {
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: goog } });
    const fold = (from: string, kind?: string) =>
      ranges.find((r) => r.startLine === client.positionOf(goog, from).line && r.kind === kind);
    expect(fold("fn ofi_event")?.endLine).toBe(client.positionOf(goog, "  e_bid - e_ask").line);
    expect(fold("dataset goog_1s")?.endLine).toBe(client.positionOf(goog, "  trade_flow").line);
    expect(fold("/// GOOG on NASDAQ", "comment")?.endLine).toBe(1);
  });

  it("gives names their kinds from the checker: functions, parameters, lets, roots, fields", async () => {
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", {
      textDocument: { uri: goog },
    });
    const legend = [
      "keyword",
      "number",
      "string",
      "comment",
      "function",
      "method",
      "parameter",
      "variable",
      "property",
      "namespace",
      "type",
      "operator",
      "enumMember",
    ];
    const lines = original.split("\n");
    const decoded: Record<string, string> = {};
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, type, modifiers] = tokens.data.slice(i, i + 5);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      decoded[`${line}:${lines[line].slice(character, character + length)}`] =
        `${legend[type]}${modifiers & 1 ? "+declaration" : ""}`;
    }
    const line0 = (needle: string) => client.positionOf(goog, needle).line;
    expect(decoded[`${line0("fn imbalance")}:fn`]).toBe("keyword");
    expect(decoded[`${line0("fn imbalance")}:imbalance`]).toBe("function+declaration");
    expect(decoded[`${line0("fn imbalance")}:depth`]).toBe("parameter+declaration");
    expect(decoded[`${line0("fn imbalance")}:i64`]).toBe("type");
    expect(decoded[`${line0("let b = book.bid.depth(depth)")}:depth`]).toBe("parameter");
    expect(decoded[`${line0("let b = book.bid.depth(depth)")}:book`]).toBe("namespace");
    expect(decoded[`${line0("let b = book.bid.depth(depth)")}:b`]).toBe("variable+declaration");
    expect(decoded[`${line0("trade_flow  =")}:trade`]).toBe("namespace");
    expect(decoded[`${line0("trade_flow  =")}:signed_size`]).toBe("property");
    expect(decoded[`${line0("trade_flow  =")}:trade_flow`]).toBe("property+declaration");
    expect(decoded[`${line0("trigger trade")}:trade`]).toBe("keyword");
    expect(decoded[`${line0("trigger trade")}:1s`]).toBe("number");
    expect(decoded[`0:${lines[0]}`]).toBe("comment");
  });
});

describe("the standard library and the examples", () => {
  const files = ["specs/std", "examples"].flatMap((dir) =>
    readdirSync(join(REPO, dir))
      .filter((name) => name.endsWith(".feat"))
      .map((name) => `${dir}/${name}`),
  );

  it.each(files)("%s: outlined by its items, tokenized in order, formatted already", async (name) => {
    const { uri } = await client.open(join(REPO, name));
    const text = client.text(uri);
    const items = parseSource(text, name).tree!.items;
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(items.map((item) => (item.kind === "import" ? item.path : item.name)));
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri } });
    expect(tokens.data.length % 5).toBe(0);
    for (let i = 0; i < tokens.data.length; i += 5) {
      expect(tokens.data[i] > 0 || tokens.data[i + 1] > 0 || i === 0).toBe(true);
      expect(tokens.data[i + 2]).toBeGreaterThan(0);
    }
    const edits = await client.request<TextEdit[]>("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toEqual([]);
    const folds = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } });
    const fnCount = items.filter((item) => item.kind !== "import").length;
    expect(folds.filter((f) => f.kind === undefined).length).toBeGreaterThanOrEqual(fnCount);
  });
});

describe("formatting", () => {
  it.each(["messy_layout", "comments_everywhere", "triggers_and_filters"])(
    "formats %s as featc fmt does",
    async (name) => {
      const input = join(REPO, "test/golden/fmt", `${name}.input.feat`);
      const { uri } = await client.open(input);
      const edits = await client.request<TextEdit[]>("textDocument/formatting", {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true },
      });
      expect(applyEdits(client.text(uri), edits)).toBe(
        readFileSync(join(REPO, "test/golden/fmt", `${name}.output.feat`), "utf8"),
      );
    },
  );

  it("leaves a formatted file and one that does not parse as they are", async () => {
    const formatting = { textDocument: { uri: goog }, options: { tabSize: 2, insertSpaces: true } };
    expect(await client.request("textDocument/formatting", formatting)).toEqual([]);
    await client.replace(goog, original.replace("dataset goog_1s {", "dataset goog_1s {{"));
    expect(await client.request("textDocument/formatting", formatting)).toEqual([]);
    await client.replace(goog, original);
  });
});

describe("code actions", () => {
  const spec = `fn scaled(x: f64) -> f64 {\n  x * 2.0\n}\n\ndataset d {\n  trigger every 1s\n  mid = book.mid\n}\n`;
  let uri: string;
  beforeAll(async () => {
    const root = scratchProject("lsp-fixes", { "fixes.feat": spec });
    uri = (await client.open(join(root, "fixes.feat"))).uri;
  });

  /** Writes `text`, takes the fix titled `title` of its one diagnostic, applies it: the diagnostic is gone. */
  async function fix(text: string, code: string, title: RegExp): Promise<string> {
    const [diagnostic, ...others] = await client.replace(uri, text);
    expect(others).toEqual([]);
    expect(diagnostic.code).toBe(code);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const action = actions.find((a) => title.test(a.title));
    expect(action, `${actions.map((a) => a.title)}`).toBeDefined();
    expect(action!.kind).toBe("quickfix");
    expect(action!.diagnostics?.[0].code).toBe(code);
    const fixed = applyEdits(client.text(uri), action!.edit!.changes![uri]);
    expect(await client.replace(uri, fixed)).toEqual([]);
    return fixed;
  }

  it("replaces a misspelled field, name, function or type with the one it suggests", async () => {
    expect(await fix(spec.replace("book.mid", "book.mids"), "E0014", /Replace `mids` with `mid`/)).toBe(spec);
    expect(await fix(spec.replace("x * 2.0", "xx * 2.0"), "E0012", /Replace `xx` with `x`/)).toBe(spec);
    expect(
      await fix(spec.replace("book.mid", "scald(book.mid ?? 0.0)"), "E0013", /Replace `scald` with `scaled`/),
    ).toContain("scaled(book.mid ?? 0.0)");
    expect(await fix(spec.replace("(x: f64)", "(x: float)"), "E0022", /Write `f64`/)).toBe(spec);
  });

  it("imports the standard-library function a call names", async () => {
    const fixed = await fix(
      spec.replace("mid = book.mid", "mid = microprice()"),
      "E0013",
      /Import `microprice` from `std\/book`/,
    );
    expect(fixed.startsWith('import "std/book"\n\nfn scaled')).toBe(true);
  });

  it("adds the `?` a nullable result needs, or a `??` that gives a value for null", async () => {
    const nullable = spec.replace("x * 2.0", "x * book.mid");
    expect(await fix(nullable, "E0007", /Declare the result nullable/)).toContain("fn scaled(x: f64) -> f64? {");
    expect(await fix(nullable, "E0007", /Give a value for null/)).toContain("  x * book.mid ?? 0\n");
    expect(
      await fix(spec.replace("mid = book.mid", "mid = scaled(book.mid)"), "E0008", /Give a value for null/),
    ).toContain("scaled(book.mid ?? 0)");
  });
});
