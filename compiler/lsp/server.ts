// `featc lsp`: the language server for `.feat` specs over stdio (docs/editors.md). This module
// wires the protocol to the capabilities, each its own module; every one reads the analyses of
// ./workspace.ts, which compile with the compiler itself (compiler/compile.ts). Nothing here
// loads the code generators, Arrow or parquet-wasm.

import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fileURLToPath } from "node:url";
import { codeActions } from "./codeActions.js";
import { complete } from "./completion.js";
import { documentDiagnostics } from "./diagnostics.js";
import { EXPLAIN_ERROR_COMMAND, explainError } from "./explainError.js";
import { foldingRanges } from "./folding.js";
import { formatDocument } from "./formatting.js";
import { hover } from "./hover.js";
import { definition, references } from "./navigation.js";
import { documentSymbols } from "./outline.js";
import { PREVIEW_COMMAND, PreviewCommand, previewLenses } from "./preview.js";
import { prepareRename, rename } from "./rename.js";
import { semanticTokens, semanticTokensLegend } from "./semanticTokens.js";
import { signatureHelp } from "./signatureHelp.js";
import { pathOfUri } from "./uris.js";
import { Workspace } from "./workspace.js";

/** How long typing must pause before a burst of changes is checked (./debounce.ts). */
export const DEFAULT_DIAGNOSTICS_DELAY_MS = 100;

export interface ServerOptions {
  /** Overrides `DEFAULT_DIAGNOSTICS_DELAY_MS`; also settable by the client's `initializationOptions.diagnosticsDelayMs`. */
  diagnosticsDelayMs?: number;
}

/** Serves the protocol on `input`/`output` until the client sends `exit` or the input ends. */
export function startServer(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: ServerOptions = {},
): Connection {
  // The protocol owns stdout: anything a module would print goes to stderr instead.
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(input),
    new StreamMessageWriter(output),
  );
  const documents = new TextDocuments(TextDocument);
  let workspace: Workspace | undefined;
  let preview: PreviewCommand | undefined;
  let watchFiles = false;
  const ws = () => workspace!;
  const offsetOf = (uri: string, position: { line: number; character: number }) =>
    documents.get(uri)?.offsetAt(position);

  connection.onInitialize((params): InitializeResult => {
    const fromClient = (params.initializationOptions as { diagnosticsDelayMs?: unknown } | undefined)
      ?.diagnosticsDelayMs;
    const delay =
      typeof fromClient === "number" && fromClient >= 0
        ? fromClient
        : (options.diagnosticsDelayMs ?? DEFAULT_DIAGNOSTICS_DELAY_MS);
    workspace = new Workspace(
      documents,
      delay,
      (analysis) =>
        void connection.sendDiagnostics({
          uri: analysis.uri,
          version: analysis.version,
          diagnostics: documentDiagnostics(analysis),
        }),
    );
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.roots = folders.filter((uri) => uri.startsWith("file:")).map((uri) => fileURLToPath(uri));
    preview = new PreviewCommand(
      connection,
      (uri) => ws().current(uri),
      () => ws().roots,
      params,
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [".", "(", ",", " ", '"'] },
        signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: ["="] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: semanticTokensLegend, full: true },
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [EXPLAIN_ERROR_COMMAND, PREVIEW_COMMAND] },
      },
      serverInfo: { name: "featc" },
    };
  });

  // Files saved or changed outside the editor re-check the open documents that import them.
  connection.onInitialized(() => {
    if (watchFiles)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.feat" }],
      });
  });
  // Opening a document is a change of its content too: checked at once, as a change after a quiet spell.
  documents.onDidChangeContent((event) => ws().changed(event.document.uri));
  documents.onDidClose((event) => {
    ws().closed(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles((params) =>
    ws().filesChanged(params.changes.filter((c) => c.uri.startsWith("file:")).map((c) => fileURLToPath(c.uri))),
  );

  connection.onHover(({ textDocument, position }) => {
    const analysis = ws().withTree(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    return analysis && offset !== undefined ? (hover(analysis, offset) ?? null) : null;
  });
  connection.onCompletion(({ textDocument, position, context }) => {
    const doc = documents.get(textDocument.uri);
    const trigger = context?.triggerCharacter;
    return doc ? complete(ws().withTree(textDocument.uri), doc, doc.offsetAt(position), trigger) : [];
  });
  connection.onSignatureHelp(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? (signatureHelp(ws().withTree(textDocument.uri), doc.getText(), doc.offsetAt(position)) ?? null) : null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    const analysis = ws().withTree(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    return analysis && offset !== undefined ? (definition(analysis, offset) ?? null) : null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const analysis = ws().withTree(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    if (!analysis || offset === undefined) return [];
    return references(analysis, offset, (name) => ws().analysesMentioning(name), context.includeDeclaration);
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const analysis = ws().current(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    return analysis?.root.tree && offset !== undefined ? (prepareRename(analysis, offset) ?? null) : null;
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const analysis = ws().current(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    if (!analysis?.root.tree || offset === undefined) return null;
    return rename(analysis, offset, newName, (name) => ws().analysesMentioning(name));
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const analysis = ws().withTree(textDocument.uri);
    return analysis ? documentSymbols(analysis.root) : [];
  });
  connection.onFoldingRanges(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? foldingRanges(doc) : [];
  });
  connection.languages.semanticTokens.on(({ textDocument }) => {
    const analysis = ws().current(textDocument.uri);
    return analysis ? semanticTokens(analysis) : { data: [] };
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    return doc ? formatDocument(doc, pathOfUri(doc.uri)) : [];
  });
  connection.onCodeAction(({ textDocument, range }) => {
    const analysis = ws().current(textDocument.uri);
    return analysis ? codeActions(analysis, range) : [];
  });
  connection.onCodeLens(({ textDocument }) => previewLenses(ws().withTree(textDocument.uri)));
  connection.onDidChangeConfiguration(({ settings }) => preview?.configurationChanged(settings));
  connection.onExecuteCommand(({ command, arguments: args }) =>
    command === EXPLAIN_ERROR_COMMAND
      ? explainError(args?.[0])
      : command === PREVIEW_COMMAND
        ? preview!.run(args)
        : null,
  );
  connection.onShutdown(() => workspace?.dispose());

  documents.listen(connection);
  connection.listen();
  return connection;
}
