// The VS Code extension outside the editor (VS Code itself cannot run here): which featc its
// client starts, that its manifest names files that exist and an engine its language client
// supports, that its snippets expand to specs the compiler accepts, and that its language
// configuration's patterns read `.feat` text as the language does.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { lex } from "../../grammar/tokens.js";
import { resolveServerCommand, type ServerCommandInput } from "../../editors/vscode/src/serverCommand.js";
import { REPO, scratchDir } from "../support/paths.js";

const EXTENSION = join(REPO, "editors/vscode");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function input(overrides: Partial<ServerCommandInput>): ServerCommandInput {
  return {
    configured: "",
    folders: [],
    platform: "linux",
    exists: existsSync,
    read: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
    ...overrides,
  };
}

describe("the VS Code client's featc", () => {
  it("is featc.path when set: a command on PATH, a path from the workspace, or a script run with the editor's Node", () => {
    expect(resolveServerCommand(input({ configured: "featc-dev", folders: ["/w"] }))).toEqual({
      kind: "executable",
      path: "featc-dev",
      source: "featc.path",
    });
    expect(resolveServerCommand(input({ configured: "tools/featc", folders: ["/w"] })).path).toBe("/w/tools/featc");
    expect(resolveServerCommand(input({ configured: "${workspaceFolder}/bin/featc.js", folders: ["/w"] }))).toEqual({
      kind: "module",
      path: "/w/bin/featc.js",
      source: "featc.path",
    });
    expect(resolveServerCommand(input({ configured: " /opt/featc/bin/featc.mjs ", folders: ["/w"] })).kind).toBe(
      "module",
    );
  });

  it("is otherwise the workspace's node_modules/.bin/featc, then a clone of featc, then featc on PATH", () => {
    const root = scratchDir("vscode-client");
    const project = join(root, "research");
    mkdirSync(join(project, "node_modules/.bin"), { recursive: true });
    writeFileSync(join(project, "node_modules/.bin/featc"), "#!/bin/sh\n", { mode: 0o755 });
    const empty = join(root, "empty");
    mkdirSync(empty);

    expect(resolveServerCommand(input({ folders: [empty, project] }))).toEqual({
      kind: "executable",
      path: join(project, "node_modules/.bin/featc"),
      source: "workspace node_modules",
    });
    // This repository is a clone of featc: its own bin/featc.js, run by the editor's Node.
    expect(resolveServerCommand(input({ folders: [empty, REPO] }))).toEqual({
      kind: "module",
      path: join(REPO, "bin/featc.js"),
      source: "featc clone",
    });
    expect(resolveServerCommand(input({ folders: [empty] }))).toEqual({
      kind: "executable",
      path: "featc",
      source: "PATH",
    });
    expect(resolveServerCommand(input({ folders: [], platform: "win32" })).path).toBe("featc.cmd");
  });
});

describe("the VS Code extension's manifest", () => {
  const manifest = readJson(join(EXTENSION, "package.json"));

  it("contributes the feat language for *.feat with files that exist and are packed", () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: "feat", extensions: [".feat"] });
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: "feat", scopeName: "source.feat" });
    expect(readJson(join(EXTENSION, grammar.path)).scopeName).toBe("source.feat");
    const packed = readFileSync(join(EXTENSION, ".vscodeignore"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("!"))
      .map((line) => line.slice(1));
    const shipped = [language.configuration, grammar.path, manifest.contributes.snippets[0].path, manifest.main];
    for (const path of shipped) {
      expect(packed, path).toContain(path.replace(/^\.\//, ""));
      if (path !== manifest.main) expect(existsSync(join(EXTENSION, path)), path).toBe(true);
    }
    expect(manifest.activationEvents).toEqual(["onLanguage:feat"]);
    const settings = manifest.contributes.configuration.properties;
    expect(settings["featc.path"].default).toBe("");
    // The settings the server asks for (workspace/configuration, section featc.preview).
    for (const key of ["source", "symbol", "from", "to", "rows"])
      expect(settings).toHaveProperty([`featc.preview.${key}`]);
  });

  it("asks for the VS Code its language client and its API types need", () => {
    const client = readJson(join(REPO, "node_modules/vscode-languageclient/package.json"));
    expect(manifest.engines.vscode).toBe(client.engines.vscode);
    const types = readJson(join(REPO, "node_modules/@types/vscode/package.json"))
      .version.split(".")
      .slice(0, 2)
      .join(".");
    expect(manifest.engines.vscode).toBe(`^${types}.0`);
    expect(manifest.version).toBe(readJson(join(REPO, "package.json")).version);
  });
});

/** A snippet's text with each placeholder at its default: `${1:x}` is x, `${1|a,b|}` is a. */
function expand(body: string[]): string {
  let text = body.join("\n");
  for (let before = ""; before !== text;) {
    before = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, "$1");
  }
  return text.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1").replace(/\$\{\d+\}|\$\d+/g, "");
}

describe("the VS Code extension's snippets", () => {
  const snippets: Record<string, { prefix: string; body: string[] }> = readJson(join(EXTENSION, "snippets/feat.json"));

  it("expand to text the lexer reads without an error", () => {
    expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(15);
    for (const [name, snippet] of Object.entries(snippets)) {
      expect(lex(expand(snippet.body)).errors, name).toEqual([]);
    }
  });

  it("make a spec the compiler accepts: a function, a dataset of every column snippet, its trigger and a label", () => {
    const line = (name: string) => expand(snippets[name].body);
    const columns = [
      "mid",
      "spread_bps",
      "imbalance",
      "microprice",
      "ofi",
      "trade_flow",
      "ema",
      "rolling_mean",
      "log_return",
    ];
    const spec = [
      'import "std/book"',
      'import "std/flow"',
      "",
      line("fn with a parameter").replace("{\n  \n}", "{\n  book.bid.depth(levels)\n}"),
      "",
      "dataset snippets {",
      `  ${line("trigger when")}`,
      ...columns.filter((name) => name !== "mid").map((name) => `  ${line(name)}`),
      `  kind = ${line("match event.kind").replace(/\n/g, "\n  ")}`,
      `  ${line("label")}`,
      "}",
    ].join("\n");
    const result = compileSource(spec, join(REPO, "snippets.feat"), { allDatasets: true });
    expect(renderDiagnostics(result.diagnostics, result.sources)).toBe("");
    expect(result.programs?.[0].columns.map((c) => c.name)).toContain("imbalance_5");
    // The dataset snippet alone is a whole dataset too.
    const dataset = compileSource(line("dataset"), join(REPO, "dataset.feat"));
    expect(renderDiagnostics(dataset.diagnostics, dataset.sources)).toBe("");
  });
});

describe("the VS Code extension's language configuration", () => {
  const config = readJson(join(EXTENSION, "language-configuration.json"));

  it("takes a number with its unit and a name as one word", () => {
    const word = new RegExp(`^(?:${config.wordPattern})$`);
    for (const text of ["250ms", "5bps", "1.5m", "1e4", "12", "book_change", "imbalance_5"]) expect(text).toMatch(word);
    expect("book.mid").not.toMatch(word);
  });

  it("indents after an open bracket, even before a comment, and outdents a closing one", () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect("dataset goog_1s {").toMatch(increase);
    expect("fn imbalance(depth: i64 = 5) -> f64? {  // both sides").toMatch(increase);
    expect("  kind = match event.kind {").toMatch(increase);
    expect("  mid = book.mid").not.toMatch(increase);
    expect("  }").toMatch(decrease);
    expect(config.comments.lineComment).toBe("//");
    expect(new RegExp(config.onEnterRules[0].beforeText).test("  /// Mid price")).toBe(true);
  });
});
