// "Preview on sample" over stdio, as an editor uses it: the code lens on each dataset, the
// command's answer (the first rows and the summary, the same as `featc preview` gives in
// process), the table shown as a log message or a document the client opens, the settings
// featc.preview.* pushed by the client or asked of it, the unsaved text previewed, and coded
// failures. The code generator loads with the first preview, not before.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens } from "vscode-languageserver";
import * as native from "../../runtime/native/binding.js";
import { compileFile } from "../../compiler/compile.js";
import { previewProgram, type PreviewOptions } from "../../compiler/preview/preview.js";
import { previewJson, type PreviewJson } from "../../compiler/preview/render.js";
import { GOOG_SPEC, KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";
import { LspClient } from "./support/client.js";

type Answer = PreviewJson & { table: string; document?: string };

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

/** What the library gives for the same spec and options, as the server's JSON carries it. */
async function libraryPreview(spec: string, options: PreviewOptions) {
  const json = previewJson(await previewProgram(compileFile(spec).program!, { cacheDir: KERNEL_CACHE, ...options }));
  return comparable(JSON.parse(JSON.stringify(json)));
}

const comparable = (j: Partial<Answer>) => ({
  ...j,
  table: undefined,
  document: undefined,
  timings: undefined,
  kernelCached: undefined,
});

function packagesIn(trace: string): Set<string> {
  const packages = new Set<string>();
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    const required = /^require:((?:@[^/]+\/)?[^/.][^/]*)/.exec(line);
    if (inModules) packages.add(inModules[1]);
    else if (required && !required[1].startsWith("node:")) packages.add(required[1]);
  }
  return packages;
}

describe("Preview on sample, settings pushed by the client", () => {
  const trace = join(scratchDir("lsp-preview-trace"), "modules.txt");
  let client: LspClient;
  let uri: string;
  const logged: string[] = [];

  beforeAll(async () => {
    client = await LspClient.start({ traceModules: trace });
    client.connection.onNotification("window/logMessage", (p: { message: string }) => void logged.push(p.message));
    ({ uri } = await client.open(GOOG_SPEC));
  });
  afterAll(() => client.stop());

  it("puts a lens on the dataset, without loading the code generator", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses).toEqual([
      {
        range: {
          start: client.positionOf(uri, "goog_1s {"),
          end: client.positionOf(uri, "goog_1s {", "goog_1s".length),
        },
        command: { title: "Preview on sample", command: "featc.preview", arguments: [uri, "goog_1s"] },
      },
    ]);
    expect(packagesIn(trace).has("ts-morph")).toBe(false);
  });

  it("answers with the rows and summary the library gives, and logs the table", async () => {
    const answer = await client.request<Answer>("workspace/executeCommand", {
      command: "featc.preview",
      arguments: [uri, "goog_1s"],
    });
    expect(answer.rows).toBe(31_382);
    expect(answer.head).toHaveLength(10);
    expect(answer.log.sample).toBe(true);
    expect(comparable(answer)).toEqual(await libraryPreview(GOOG_SPEC, {}));
    expect(answer.table).toMatch(/^goog_1s on GOOG \(the bundled sample, LOBSTER GOOG 10 levels\): 31,382 rows/);
    expect(answer.table).toMatch(/summary of 31,382 rows:/);
    expect(logged).toContain(answer.table);
  });

  it("takes the window and row count from featc.preview.* settings", async () => {
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { featc: { preview: { from: "2012-06-21T15:00Z", to: "2012-06-21T15:10Z", rows: 3 } } },
    });
    const answer = await client.request<Answer>("workspace/executeCommand", {
      command: "featc.preview",
      arguments: [uri, "goog_1s"],
    });
    expect(answer.window).toEqual({ from: "2012-06-21T15:00:00.000000000Z", to: "2012-06-21T15:10:00.000000000Z" });
    expect(answer.head).toHaveLength(3);
    expect(comparable(answer)).toEqual(
      await libraryPreview(GOOG_SPEC, { rows: 3, fromNs: ns("2012-06-21T15:00Z"), toNs: ns("2012-06-21T15:10Z") }),
    );
  });

  it("previews the unsaved text, generating its kernel then", async () => {
    const before = await client.request<Answer>("workspace/executeCommand", {
      command: "featc.preview",
      arguments: [uri, "goog_1s"],
    });
    const text = client.text(uri);
    expect(text).toContain("= book.mid\n");
    // A column of its own makes the IR new to the kernel cache: its kernel is generated now.
    const nonce = `  nonce = ${Date.now()}.0\n}`;
    await client.replace(uri, text.replace("= book.mid\n", "= book.mid * 2.0\n").replace(/\n}\s*$/, `\n${nonce}\n`));
    const after = await client.request<Answer>("workspace/executeCommand", {
      command: "featc.preview",
      arguments: [uri, "goog_1s"],
    });
    const mid = (a: Answer) => a.summary.find((s) => s.name === "mid") as { min: number; max: number };
    expect(after.irHash).not.toBe(before.irHash);
    expect(mid(after).min).toBe(2 * mid(before).min);
    expect(mid(after).max).toBe(2 * mid(before).max);
    expect(after.kernelCached).toBe(false);
    expect(after.columns.map((c) => c.name)).toContain("nonce");
    // Loaded by this preview, and kept for the next.
    expect(packagesIn(trace).has("ts-morph")).toBe(true);
    for (const name of ["apache-arrow", "parquet-wasm"]) expect(packagesIn(trace).has(name), name).toBe(false);
    await client.replace(uri, text);
  });

  it("refuses a spec with an error, a bad setting and a window outside the log, naming their codes", async () => {
    const text = client.text(uri);
    const failure = async () => {
      try {
        await client.request("workspace/executeCommand", { command: "featc.preview", arguments: [uri, "goog_1s"] });
      } catch (error) {
        return error as { code: number; message: string; data: { code: string } };
      }
      throw new Error("the preview did not fail");
    };
    await client.replace(uri, text.replace("= book.mid\n", "= book.mids\n"));
    expect(await failure()).toMatchObject({
      code: -32803,
      data: { code: "SPEC_ERRORS" },
      message: expect.stringMatching(/the spec has an error, the first error\[E0014\] at .*goog_1s\.feat:\d+:\d+/),
    });
    await client.replace(uri, text);
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { featc: { preview: { from: "yesterday" } } },
    });
    expect(await failure()).toMatchObject({ data: { code: "BAD_ARGUMENT" }, message: /^featc\.preview\.from: / });
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { featc: { preview: { from: "2012-06-22" } } },
    });
    expect(await failure()).toMatchObject({ data: { code: "EMPTY_WINDOW" } });
  });
});

describe("Preview on sample, settings asked of the client, the table shown as a document", () => {
  const root = scratchDir("lsp-preview-source");
  let client: LspClient;
  let uri: string;
  const shown: string[] = [];
  let settings: Record<string, unknown> = {};

  beforeAll(async () => {
    native.generateSynthetic({ symbol: "SYN", events: 20_000, seed: 9, date: "2024-03-04", outDir: join(root, "q") });
    client = await LspClient.start({
      capabilities: { workspace: { configuration: true }, window: { showDocument: { support: true } } },
    });
    client.connection.onRequest("workspace/configuration", (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (item.section === "featc.preview" ? settings : null)),
    );
    client.connection.onRequest("window/showDocument", (p: { uri: string }) => {
      shown.push(p.uri);
      return { success: true };
    });
    ({ uri } = await client.open(GOOG_SPEC));
  });
  afterAll(() => client.stop());

  it("reads the log the settings name, and opens the table", async () => {
    settings = { source: join(root, "q"), symbol: "SYN", rows: 2 };
    const answer = await client.request<Answer>("workspace/executeCommand", {
      command: "featc.preview",
      arguments: [uri, "goog_1s"],
    });
    expect(answer.log).toMatchObject({ symbol: "SYN", sample: false, files: [join(root, "q", "SYN", "2024-03-04.q")] });
    expect(comparable(answer)).toEqual(
      await libraryPreview(GOOG_SPEC, { source: join(root, "q"), symbol: "SYN", rows: 2 }),
    );
    expect(shown).toEqual([answer.document]);
    expect(readFileSync(fileURLToPath(answer.document!), "utf8")).toBe(answer.table);
    expect(fileURLToPath(answer.document!)).toBe(join(REPO, ".featc", "previews", "goog_1s.txt"));
  });

  it("names a source with no log of the symbol", async () => {
    settings = { source: join(root, "q"), symbol: "NOPE" };
    await expect(
      client.request("workspace/executeCommand", { command: "featc.preview", arguments: [uri, "goog_1s"] }),
    ).rejects.toMatchObject({ data: { code: "NO_LOG" }, message: /no \.q logs for NOPE/ });
  });
});
