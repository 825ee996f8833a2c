// `featc lsp` navigation over stdio: go to definition and find references across the files of
// the workspace (the standard library and the specs that import it), and renames of functions,
// parameters, `let`s and columns whose edits, applied, leave every file checking as before.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Location, WorkspaceEdit } from "vscode-languageserver";
import { REPO } from "../support/paths.js";
import { applyEdits, LspClient, uriOf } from "./support/client.js";
import { scratchProject } from "./support/project.js";

const BOOK = join(REPO, "specs/std/book.feat");
const EVERY_PACKET = join(REPO, "test/std/goog_every_packet.feat");

let client: LspClient;
beforeAll(async () => {
  client = await LspClient.start();
});
afterAll(async () => {
  await client?.stop();
});

const at = (uri: string, needle: string, shift = 0, occurrence = 1) => ({
  textDocument: { uri },
  position: client.positionOf(uri, needle, shift, occurrence),
});

describe("definition", () => {
  it("goes from a call to the standard-library function it imports", async () => {
    const { uri } = await client.open(EVERY_PACKET);
    const found = await client.request<Location>("textDocument/definition", at(uri, "= mid()", 2));
    const bookUri = uriOf(BOOK);
    expect(found.uri).toBe(bookUri);
    const book = await client.open(BOOK);
    expect(found.range).toEqual({
      start: client.positionOf(book.uri, "fn mid()", 3),
      end: client.positionOf(book.uri, "fn mid()", 6),
    });
  });

  it("goes from an import to the file it reads", async () => {
    const uri = uriOf(EVERY_PACKET);
    const found = await client.request<Location>("textDocument/definition", at(uri, "specs/std/flow.feat"));
    expect(found.uri).toBe(uriOf(join(REPO, "specs/std/flow.feat")));
  });

  it("goes from a name to its `let` and a named argument to its parameter", async () => {
    const uri = uriOf(BOOK);
    const letUse = await client.request<Location>("textDocument/definition", at(uri, "(b - a) / (b + a)", 1));
    expect(letUse).toEqual({
      uri,
      range: { start: client.positionOf(uri, "let b =", 4), end: client.positionOf(uri, "let b =", 5) },
    });
    const named = await client.request<Location>("textDocument/definition", at(uri, "ask_depth(levels = 5)", 10));
    expect(named.range.start).toEqual(client.positionOf(uri, "fn ask_depth(levels", 13));
  });

  it("has nothing to go to for a built-in or a field", async () => {
    const uri = uriOf(BOOK);
    expect(await client.request("textDocument/definition", at(uri, "book.mid", 6))).toBeNull();
  });
});

describe("references", () => {
  it("finds a standard-library function's calls in the files that import it, and no other function of its name", async () => {
    const uri = uriOf(BOOK);
    const found = await client.request<Location[]>("textDocument/references", {
      ...at(uri, "fn imbalance", 3),
      context: { includeDeclaration: true },
    });
    const places = found.map((l) => `${l.uri.slice(uriOf(REPO).length + 1)}:${l.range.start.line + 1}`).sort();
    expect(places).toEqual(
      expect.arrayContaining([
        "specs/std/book.feat:67",
        "specs/std/book.feat:89",
        "test/std/goog_every_packet.feat:18",
      ]),
    );
    // examples/goog_1s.feat and others define an `imbalance` of their own: not this one.
    for (const example of ["examples/goog_1s.feat", "examples/btc_binance.feat", "examples/es_mbo.feat"])
      expect(places.filter((place) => place.startsWith(example))).toEqual([]);
  });

  it("finds a parameter's uses and the named arguments that give it", async () => {
    const uri = uriOf(BOOK);
    const found = await client.request<Location[]>("textDocument/references", {
      ...at(uri, "fn ask_depth(levels", 13),
      context: { includeDeclaration: false },
    });
    const inBook = found.filter((l) => l.uri === uri).map((l) => l.range.start.line + 1);
    expect(inBook.sort((a, b) => a - b)).toEqual([60, 88]);
  });
});

describe("rename", () => {
  const lib = `/// Bid size minus ask size over their total.\nfn skew(levels: i64 = 5) -> f64? {\n  let b = book.bid.depth(levels)\n  let a = book.ask.depth(levels)\n  (b - a) / (b + a)\n}\n`;
  const main = `import "lib.feat"\n\nfn twice() -> f64? {\n  skew() * 2.0\n}\n\ndataset d {\n  trigger every 1s\n  skew_5 = skew(levels = 5)\n  skew_1 = skew(1)\n  double = twice()\n}\n`;
  let root: string;
  let libUri: string;
  let mainUri: string;

  beforeAll(async () => {
    root = scratchProject("lsp-rename", { "lib.feat": lib, "main.feat": main });
    libUri = (await client.open(join(root, "lib.feat"))).uri;
    mainUri = (await client.open(join(root, "main.feat"))).uri;
  });

  /** Applies a rename's edits to both open files; both must still check. */
  async function apply(edit: WorkspaceEdit) {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      expect([libUri, mainUri]).toContain(uri);
      await client.replace(uri, applyEdits(client.text(uri), edits));
    }
    for (const uri of [libUri, mainUri]) expect(await client.replace(uri, client.text(uri))).toEqual([]);
  }

  it("renames a function across the import, from a call", async () => {
    const request = at(mainUri, "skew(levels = 5)");
    const prepared = await client.request<{ range: unknown; placeholder: string }>(
      "textDocument/prepareRename",
      request,
    );
    expect(prepared.placeholder).toBe("skew");
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...request, newName: "depth_skew" });
    expect(Object.keys(edit.changes!).sort()).toEqual([libUri, mainUri].sort());
    expect(edit.changes![libUri]).toHaveLength(1);
    expect(edit.changes![mainUri]).toHaveLength(3);
    await apply(edit);
    expect(client.text(libUri)).toContain("fn depth_skew(levels: i64 = 5)");
    expect(client.text(mainUri)).toContain("skew_5 = depth_skew(levels = 5)\n  skew_1 = depth_skew(1)");
  });

  it("renames a parameter with the named arguments that give it", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", {
      ...at(mainUri, "levels = 5"),
      newName: "n",
    });
    expect(edit.changes![libUri]).toHaveLength(3);
    expect(edit.changes![mainUri]).toHaveLength(1);
    await apply(edit);
    expect(client.text(libUri)).toContain("fn depth_skew(n: i64 = 5) -> f64? {\n  let b = book.bid.depth(n)");
    expect(client.text(mainUri)).toContain("depth_skew(n = 5)");
  });

  it("renames a `let` and a column", async () => {
    await apply(
      await client.request<WorkspaceEdit>("textDocument/rename", { ...at(libUri, "(b - a)", 1), newName: "bid" }),
    );
    expect(client.text(libUri)).toContain(
      "let bid = book.bid.depth(n)\n  let a = book.ask.depth(n)\n  (bid - a) / (bid + a)",
    );
    const column = await client.request<WorkspaceEdit>("textDocument/rename", {
      ...at(mainUri, "skew_1 ="),
      newName: "skew_top",
    });
    expect(column.changes![mainUri]).toHaveLength(1);
    await apply(column);
    expect(client.text(mainUri)).toContain("skew_top = depth_skew(1)");
  });

  it("refuses a name the language does not accept there", async () => {
    const request = at(mainUri, "twice()", 0, 2);
    await expect(client.request("textDocument/rename", { ...request, newName: "match" })).rejects.toThrow(
      /`match` is a keyword/,
    );
    await expect(client.request("textDocument/rename", { ...request, newName: "ema" })).rejects.toThrow(
      /built-in function/,
    );
    await expect(client.request("textDocument/rename", { ...request, newName: "depth_skew" })).rejects.toThrow(
      /already defined/,
    );
    await expect(
      client.request("textDocument/rename", { ...at(mainUri, "skew_5 ="), newName: "double" }),
    ).rejects.toThrow(/already has a column/);
    expect(await client.request("textDocument/prepareRename", at(mainUri, "trigger"))).toBeNull();
  });
});
