// `featc lsp` loads the compiler's front end and IR analyses and the protocol's packages, never
// the code generators (ts-morph, TypeScript) nor Arrow and parquet-wasm, however it is used:
// every module the server process loads is traced (test/support/tsNode.mjs) while a client
// opens, edits, hovers, completes, formats and fixes a spec.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { REPO, scratchDir } from "../support/paths.js";
import { LspClient } from "./support/client.js";

const HEAVY = ["ts-morph", "typescript", "apache-arrow", "parquet-wasm", "cli-progress"];

it("never loads the code generators, Arrow or parquet-wasm", async () => {
  const trace = join(scratchDir("lsp-trace"), "modules.txt");
  const client = await LspClient.start({ traceModules: trace });
  try {
    const { uri } = await client.open(join(REPO, "examples/goog_1s.feat"));
    const position = client.positionOf(uri, "book.mid", 5);
    await client.request("textDocument/hover", { textDocument: { uri }, position });
    await client.request("textDocument/completion", { textDocument: { uri }, position });
    await client.request("textDocument/semanticTokens/full", { textDocument: { uri } });
    await client.request("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const broken = await client.replace(uri, client.text(uri).replace("= book.mid\n", "= book.mids\n"));
    await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: broken[0].range,
      context: { diagnostics: broken },
    });
    await client.request("workspace/executeCommand", { command: "featc.explainError", arguments: ["E0014"] });
  } finally {
    await client.stop();
  }
  expect(existsSync(trace)).toBe(true);
  const packages = new Set<string>();
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    const required = /^require:((?:@[^/]+\/)?[^/.][^/]*)/.exec(line);
    if (inModules) packages.add(inModules[1]);
    else if (required && !required[1].startsWith("node:")) packages.add(required[1]);
  }
  expect(packages).toContain("vscode-languageserver");
  expect(packages).toContain("chevrotain");
  for (const name of HEAVY) expect(packages.has(name), name).toBe(false);
});
