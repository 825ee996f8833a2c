// The VS Code client of `featc lsp`: starts the server for `.feat` files (which featc:
// ./serverCommand.ts) and shows the explanation a diagnostic's code links to.
import { existsSync, readFileSync } from "node:fs";
import { commands, ViewColumn, window, workspace, type ExtensionContext, type LogOutputChannel } from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { resolveServerCommand, type ServerCommand } from "./serverCommand.js";

const EXPLAIN_ERROR_COMMAND = "featc.explainError";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel("featc", { log: true });
  context.subscriptions.push(
    output,
    commands.registerCommand("featc.restartServer", () => restart(output)),
    workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration("featc.path") || change.affectsConfiguration("featc.diagnosticsDelayMs")) {
        void restart(output);
      }
    }),
  );
  await start(output);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function restart(output: LogOutputChannel): Promise<void> {
  await deactivate();
  await start(output);
}

function chosenServer(): ServerCommand {
  return resolveServerCommand({
    configured: workspace.getConfiguration("featc").get<string>("path", ""),
    folders: (workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath),
    platform: process.platform,
    exists: existsSync,
    read: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
  });
}

function serverOptions(server: ServerCommand): ServerOptions {
  const cwd = workspace.workspaceFolders?.[0]?.uri.fsPath;
  // TransportKind.stdio adds `--stdio`, which featc lsp accepts.
  if (server.kind === "module") {
    return { module: server.path, args: ["lsp"], transport: TransportKind.stdio, options: { cwd } };
  }
  // A .cmd shim on Windows runs only through the shell.
  const shell = process.platform === "win32" && /\.cmd$/i.test(server.path);
  return { command: server.path, args: ["lsp"], transport: TransportKind.stdio, options: { cwd, shell } };
}

async function start(output: LogOutputChannel): Promise<void> {
  const server = chosenServer();
  output.info(`starting ${server.path} lsp (${server.kind}, from ${server.source})`);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "feat" },
      { scheme: "untitled", language: "feat" },
    ],
    outputChannel: output,
    initializationOptions: {
      diagnosticsDelayMs: workspace.getConfiguration("featc").get<number>("diagnosticsDelayMs", 100),
    },
    middleware: {
      // The server answers featc.explainError with the text `featc explain-error CODE` prints;
      // the command a diagnostic's code links to opens it beside the spec.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === EXPLAIN_ERROR_COMMAND && typeof result === "string") {
          const document = await workspace.openTextDocument({ language: "markdown", content: result });
          await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: true });
        }
        return result;
      },
    },
  };
  client = new LanguageClient("featc", "featc", serverOptions(server), clientOptions);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.error(`featc lsp did not start: ${reason}`);
    void window.showErrorMessage(
      `featc lsp did not start (${server.path}, from ${server.source}): ${reason}. ` +
        "Install featc in the workspace (npm install featc) or set featc.path.",
    );
  }
}
