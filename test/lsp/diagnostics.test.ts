// `featc lsp` diagnostics, driven over stdio by a protocol client: on open and on every change,
// with code, severity, related information and the link to the code's explanation, across
// imports (an edit of an open imported file re-checks the files that import it, against its
// unsaved text), and the same diagnostics `featc check` gives for the standard library and the
// examples.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver";
import { compileFile } from "../../compiler/compile.js";
import { REPO } from "../support/paths.js";
import { LspClient, uriOf } from "./support/client.js";
import { scratchProject } from "./support/project.js";

const specs = [
  ...readdirSync(join(REPO, "specs/std")).map((name) => join(REPO, "specs/std", name)),
  ...readdirSync(join(REPO, "examples")).map((name) => join(REPO, "examples", name)),
].filter((path) => path.endsWith(".feat"));

let client: LspClient;
beforeAll(async () => {
  client = await LspClient.start();
});
afterAll(async () => {
  await client?.stop();
});

describe("diagnostics", () => {
  it.each(specs.map((path) => [path.slice(REPO.length + 1), path]))(
    "gives %s the diagnostics featc check gives",
    async (_, path) => {
      const { diagnostics } = await client.open(path);
      const expected = compileFile(path, { allDatasets: true }).diagnostics.filter((d) => d.file === path);
      expect(diagnostics.map((d) => d.code)).toEqual(expected.map((d) => d.code));
      expect(diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    },
  );

  it("reports an error on change with its code, severity, related spans and explanation, and clears it when fixed", async () => {
    const path = join(REPO, "examples/goog_1s.feat");
    const uri = uriOf(path);
    const original = client.text(uri);
    const broken = await client.replace(
      uri,
      original.replace("mid         = book.mid\n", "mid         = book.mid + true\n"),
    );
    expect(broken).toHaveLength(1);
    const [error] = broken;
    expect(error).toMatchObject({ code: "E0003", severity: 1, source: "featc" });
    expect(error.message).toMatch(/^cannot add `f64\?` and `bool`\nthis is `bool`/);
    expect(error.range.start).toEqual(client.positionOf(uri, "true"));
    expect(error.relatedInformation).toEqual([
      {
        location: {
          uri,
          range: {
            start: client.positionOf(uri, "book.mid + true"),
            end: client.positionOf(uri, "book.mid + true", 8),
          },
        },
        message: "this is `f64?`",
      },
    ]);
    // The code links to its explanation, a command the server runs.
    const href = new URL(error.codeDescription!.href);
    expect(href.protocol).toBe("command:");
    expect(href.pathname).toBe("featc.explainError");
    const args = JSON.parse(decodeURIComponent(href.search.slice(1)));
    const explanation = await client.request<string>("workspace/executeCommand", {
      command: "featc.explainError",
      arguments: args,
    });
    expect(explanation).toMatch(/^E0003: operator applied to values of the wrong type\n/);
    expect(explanation).toContain("Fixed:");

    expect(await client.replace(uri, original)).toEqual([]);
  });

  it("gives warnings the warning severity", async () => {
    const uri = uriOf(join(REPO, "examples/goog_1s.feat"));
    const original = client.text(uri);
    const warned = await client.replace(
      uri,
      original.replace("  let b = book.bid.depth(depth)\n", "  let unused = 1\n  let b = book.bid.depth(depth)\n"),
    );
    expect(warned.map((d) => [d.code, d.severity])).toEqual([["W0001", 2]]);
    expect(await client.replace(uri, original)).toEqual([]);
  });

  it("checks a burst of typing once it pauses, the last change last", async () => {
    const uri = uriOf(join(REPO, "examples/goog_1s.feat"));
    const original = client.text(uri);
    const before = client.published.length;
    const at = client.positionOf(uri, "dataset goog_1s");
    // Ten keystrokes at once: `xxxxxxxxxx` before `dataset`, a syntax error.
    for (let i = 0; i < 10; i++) await client.edit(uri, [{ range: { start: at, end: at }, newText: "x" }]);
    const last = await client.diagnosticsOfVersion(uri, client.version(uri));
    expect(last.diagnostics.length).toBeGreaterThan(0);
    expect(new Set(last.diagnostics.map((d) => d.code))).toEqual(new Set(["E0001"]));
    const publishes = client.published.slice(before).filter((p) => p.uri === uri);
    expect(publishes.length).toBeLessThan(10);
    expect(publishes[publishes.length - 1]).toBe(last);
    expect(await client.replace(uri, original)).toEqual([]);
  });
});

describe("diagnostics across imports", () => {
  const lib = `/// Bid size minus ask size over their total.\nfn skew(levels: i64 = 5) -> f64? {\n  let b = book.bid.depth(levels)\n  let a = book.ask.depth(levels)\n  (b - a) / (b + a)\n}\n`;
  const main = `import "lib.feat"\n\ndataset d {\n  trigger every 1s\n  skew_5 = skew(levels = 5)\n}\n`;
  let root: string;
  let libUri: string;
  let mainUri: string;

  beforeAll(async () => {
    root = scratchProject("lsp-imports", { "lib.feat": lib, "main.feat": main });
    libUri = (await client.open(join(root, "lib.feat"))).uri;
    const opened = await client.open(join(root, "main.feat"));
    mainUri = opened.uri;
    expect(opened.diagnostics).toEqual([]);
  });

  it("re-checks an importer when the imported file changes, against its unsaved text", async () => {
    const mainAgain = client.nextDiagnostics(mainUri);
    await client.replace(libUri, lib.replace("-> f64?", "-> bool"));
    const broken = (await mainAgain).diagnostics;
    // The imported function no longer checks: shown on the import that reads it.
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ code: "E0007", severity: 1, range: { start: { line: 0, character: 7 } } });
    expect(broken[0].message).toMatch(/^the imported `.*lib\.feat` has 1 error: `skew` is declared to return `bool`/);
    expect(broken[0].relatedInformation?.[0].location.uri).toBe(libUri);

    // A function that exists only in the editor's buffer of lib.feat, not on disk.
    const fixed = client.nextDiagnostics(mainUri);
    await client.replace(libUri, `${lib}\nfn spread_now() -> f64? {\n  book.spread\n}\n`);
    expect((await fixed).diagnostics).toEqual([]);
    expect(
      await client.replace(mainUri, main.replace("skew(levels = 5)", "skew(levels = 5)\n  spread = spread_now()")),
    ).toEqual([]);
  });

  it("reads the file on disk again once the imported file is closed", async () => {
    const mainAgain = client.diagnosticsWhere(mainUri, (diagnostics) => diagnostics.length > 0);
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri: libUri } });
    const diagnostics = await mainAgain;
    expect(diagnostics.map((d) => d.code)).toEqual(["E0013"]);
    expect(diagnostics[0].message).toMatch(/^cannot find function `spread_now`/);
  });

  it("re-checks an importer when a file it imports changes on disk", async () => {
    const mainAgain = client.diagnosticsWhere(mainUri, (diagnostics) => diagnostics.length === 0);
    writeFileSync(join(root, "lib.feat"), `${lib}\nfn spread_now() -> f64? {\n  book.spread\n}\n`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: libUri, type: 2 }],
    });
    expect(await mainAgain).toEqual([]);
  });
});
