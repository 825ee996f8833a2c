// featc lsp: the language server for `.feat` specs on stdin and stdout (docs/editors.md). The
// server's modules (compiler/lsp/) are loaded only when it starts; they load the compiler's
// front end and IR analyses, never the code generators, Arrow or parquet-wasm.

/** Serves until the client sends `exit` or closes stdin; the server then ends the process. */
export async function runLsp(): Promise<void> {
  const { startServer } = await import("../../lsp/server.js");
  startServer(process.stdin, process.stdout);
  await new Promise<never>(() => {
    // The server ends the process itself (on `exit`, or when stdin closes).
  });
}
