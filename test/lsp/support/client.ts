// A language client for the tests: starts `featc lsp` from the TypeScript sources as a child
// process (test/support/featcSource.mjs) and speaks the protocol to it over stdio with
// vscode-jsonrpc, as an editor does.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type { Diagnostic, PublishDiagnosticsParams, TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { REPO } from "../../support/paths.js";

export const uriOf = (path: string) => pathToFileURL(path).href;

export interface StartOptions {
  /** The workspace folder. */
  root?: string;
  initializationOptions?: Record<string, unknown>;
  /** The client's capabilities (default none). */
  capabilities?: Record<string, unknown>;
  /** Appends every module the server loads to this file (test/support/tsHooks.mjs). */
  traceModules?: string;
}

export class LspClient {
  /** Every diagnostics notification, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private waiters: { uri: string; after: number; resolve: (d: PublishDiagnosticsParams) => void }[] = [];
  private publishCount = new Map<string, number>();
  private readonly texts = new Map<string, TextDocument>();
  stderr = "";

  private constructor(
    readonly connection: MessageConnection,
    readonly child: ChildProcess,
  ) {
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      const count = (this.publishCount.get(params.uri) ?? 0) + 1;
      this.publishCount.set(params.uri, count);
      const ready = this.waiters.filter((w) => w.uri === params.uri && count > w.after);
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(
      process.execPath,
      ["--import", join(REPO, "test/support/tsNode.mjs"), join(REPO, "test/support/featcSource.mjs"), "lsp", "--stdio"],
      {
        cwd: REPO,
        stdio: ["pipe", "pipe", "pipe"],
        env: { ...process.env, ...(options.traceModules ? { FEATC_TRACE_MODULES: options.traceModules } : {}) },
      },
    );
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    const client = new LspClient(connection, child);
    child.stderr!.on("data", (chunk) => (client.stderr += String(chunk)));
    connection.listen();
    const root = options.root ?? REPO;
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: "workspace" }],
      capabilities: options.capabilities ?? {},
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    });
    await connection.sendNotification("initialized", {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves with the next diagnostics published for `uri` after this call. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    const after = this.publishCount.get(uri) ?? 0;
    return new Promise((resolve) => this.waiters.push({ uri, after, resolve }));
  }

  /** Opens `path` (with `text`, or its text on disk) and resolves with its first diagnostics. */
  async open(path: string, text = readFileSync(path, "utf8")): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = uriOf(path);
    this.texts.set(uri, TextDocument.create(uri, "feat", 1, text));
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "feat", version: 1, text },
    });
    return { uri, diagnostics: (await this.diagnosticsOfVersion(uri, 1)).diagnostics };
  }

  version(uri: string): number {
    return this.texts.get(uri)!.version;
  }

  /** Resolves with the diagnostics published for version `version` of `uri`. */
  async diagnosticsOfVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const known = this.published.find((p) => p.uri === uri && p.version === version);
      if (known) return known;
      await this.nextDiagnostics(uri);
    }
  }

  /** Resolves with the first diagnostics published for `uri` from now on that satisfy `accept`. */
  async diagnosticsWhere(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const next = await this.nextDiagnostics(uri);
      if (accept(next.diagnostics)) return next.diagnostics;
    }
  }

  text(uri: string): string {
    return this.texts.get(uri)!.getText();
  }

  /** Applies `edits` to the open document and sends them as one incremental change. */
  async edit(uri: string, edits: TextEdit[]): Promise<void> {
    const doc = this.texts.get(uri)!;
    const changes = [...edits]
      .sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start))
      .map((edit) => ({ range: edit.range, text: edit.newText }));
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.texts.set(uri, next);
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: next.version },
      contentChanges: changes,
    });
  }

  /** Replaces the document's text and resolves with the diagnostics of the new version. */
  async replace(uri: string, text: string): Promise<Diagnostic[]> {
    const doc = this.texts.get(uri)!;
    const published = this.nextDiagnostics(uri);
    await this.edit(uri, [
      { range: { start: doc.positionAt(0), end: doc.positionAt(doc.getText().length) }, newText: text },
    ]);
    return (await published).diagnostics;
  }

  /** The position of the `occurrence`-th `needle` in the document (plus `shift` characters). */
  positionOf(uri: string, needle: string, shift = 0, occurrence = 1): { line: number; character: number } {
    const doc = this.texts.get(uri)!;
    let at = -1;
    for (let i = 0; i < occurrence; i++) {
      at = doc.getText().indexOf(needle, at + 1);
      if (at < 0) throw new Error(`\`${needle}\` (${occurrence}) is not in ${uri}`);
    }
    return doc.positionAt(at + shift);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      // Already gone.
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 5000);
      this.child.on("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

/** `text` with `edits` applied. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("file:///x", "feat", 0, text), edits);
}
