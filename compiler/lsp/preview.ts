// "Preview on sample": a code lens on each dataset whose command computes the dataset's rows on
// a sample log in the server's own process (compiler/preview/, the TypeScript kernel, no cargo)
// and answers with its first rows and the summary of every column, shown to the user as a table
// (a document the client opens, or a log message). The log and the window are the client's
// settings `featc.preview.source`, `.symbol`, `.from`, `.to` and `.rows` (docs/editors.md).
//
// The code generator and the runtime load on the first preview, never before (the server
// starts without them, test/lsp/startup.test.ts); they stay loaded, so a preview after an edit
// generates and runs the new kernel in well under a second (docs/benchmarks.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import {
  MessageType,
  ResponseError,
  type CodeLens,
  type Connection,
  type InitializeParams,
} from "vscode-languageserver";
import { FEATC_VERSION } from "../build/packageRoot.js";
import { parseTimeNs } from "../extract/plan.js";
import { isInside, projectRootOf } from "../sources.js";
import type { LogCache } from "../preview/logs.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./ranges.js";
import { pathOfUri, uriOfPath } from "./uris.js";

export const PREVIEW_COMMAND = "featc.preview";
export const PREVIEW_LENS_TITLE = "Preview on sample";

/** The settings under `featc.preview`; absent ones take the command line's defaults. */
export interface PreviewSettings {
  /** Root of `.q` logs; relative to the workspace folder. Absent: the bundled GOOG sample. */
  source?: string;
  symbol?: string;
  /** ISO-8601 times, as `featc preview --from/--to` takes them. */
  from?: string;
  to?: string;
  rows?: number;
}

/** The LSP error code of a request that failed for a reason of the request's own. */
const REQUEST_FAILED = -32803;

/** A failure told to the client: the message, with the featc code as data. */
function failure(code: string, message: string): ResponseError<{ code: string }> {
  return new ResponseError(REQUEST_FAILED, message, { code });
}

/** A lens above each dataset of the document. */
export function previewLenses(analysis: Analysis | undefined): CodeLens[] {
  const tree = analysis?.root.tree;
  if (!analysis || !tree) return [];
  return tree.items.flatMap((item) =>
    item.kind === "dataset"
      ? [
          {
            range: rangeOf(analysis.root, item.nameSpan),
            command: { title: PREVIEW_LENS_TITLE, command: PREVIEW_COMMAND, arguments: [analysis.uri, item.name] },
          },
        ]
      : [],
  );
}

function settingsFrom(value: unknown): PreviewSettings {
  if (typeof value !== "object" || value === null) return {};
  const v = value as Record<string, unknown>;
  const text = (key: string) => {
    const x = v[key];
    if (x === undefined || x === null || x === "") return undefined;
    if (typeof x !== "string")
      throw failure("BAD_ARGUMENT", `featc.preview.${key} takes a string, got ${JSON.stringify(x)}`);
    return x;
  };
  const rows = v.rows;
  if (rows !== undefined && rows !== null && !(typeof rows === "number" && Number.isSafeInteger(rows) && rows >= 0))
    throw failure("BAD_ARGUMENT", `featc.preview.rows takes a whole number, got ${JSON.stringify(rows)}`);
  return {
    source: text("source"),
    symbol: text("symbol"),
    from: text("from"),
    to: text("to"),
    rows: typeof rows === "number" ? rows : undefined,
  };
}

function timeSetting(key: "from" | "to", text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  try {
    return parseTimeNs(text);
  } catch (error) {
    throw failure("BAD_ARGUMENT", `featc.preview.${key}: ${(error as Error).message}`);
  }
}

export class PreviewCommand {
  private pushed: PreviewSettings = {};
  private readonly pull: boolean;
  private readonly showDocument: boolean;
  private logs: LogCache | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly analysisOf: (uri: string) => Analysis | undefined,
    private readonly roots: () => string[],
    params: InitializeParams,
  ) {
    this.pull = params.capabilities.workspace?.configuration === true;
    this.showDocument = params.capabilities.window?.showDocument?.support === true;
    const options = params.initializationOptions as { preview?: unknown } | undefined;
    this.pushed = settingsFrom(options?.preview);
  }

  /** `workspace/didChangeConfiguration`: the client's settings, when it sends them. */
  configurationChanged(settings: unknown): void {
    const preview = (settings as { featc?: { preview?: unknown } } | null)?.featc?.preview;
    if (preview !== undefined) this.pushed = settingsFrom(preview);
  }

  private async settings(uri: string): Promise<PreviewSettings> {
    if (!this.pull) return this.pushed;
    const asked = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: "featc.preview" });
    // A client that answers nothing leaves the settings it sent, or the defaults.
    return asked === null || asked === undefined ? this.pushed : settingsFrom(asked);
  }

  /** `featc.preview [uri, dataset]`: the preview as JSON with its table, or a failure naming its code. */
  async run(args: unknown[] | undefined): Promise<unknown> {
    const [uri, dataset] = args ?? [];
    if (typeof uri !== "string")
      throw failure("BAD_ARGUMENT", `${PREVIEW_COMMAND} takes a document's URI and a dataset's name`);
    const analysis = this.analysisOf(uri);
    if (!analysis) throw failure("BAD_ARGUMENT", `${uri} is not open`);
    const errors = analysis.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      const first = errors[0];
      throw failure(
        "SPEC_ERRORS",
        `cannot preview: the spec has ${errors.length === 1 ? "an error" : `${errors.length} errors`}, the first ` +
          `error[${first.code}] at ${first.file}:${first.primary.span.line}:${first.primary.span.col}: ${first.message}`,
      );
    }
    const program =
      typeof dataset === "string"
        ? analysis.programs.find((p) => p.name === dataset)
        : analysis.programs.length === 1
          ? analysis.programs[0]
          : undefined;
    if (!program)
      throw failure(
        "BAD_ARGUMENT",
        `no dataset ${typeof dataset === "string" ? `\`${dataset}\`` : "was named"} in ${uri}; it has ${analysis.programs.map((p) => `\`${p.name}\``).join(", ") || "none"}`,
      );
    const settings = await this.settings(uri);
    const fromNs = timeSetting("from", settings.from);
    const toNs = timeSetting("to", settings.to);
    if (fromNs !== undefined && toNs !== undefined && toNs <= fromNs)
      throw failure("BAD_ARGUMENT", `featc.preview.to ${settings.to} is not after featc.preview.from ${settings.from}`);
    const path = pathOfUri(uri);
    const home = this.roots().find((root) => isInside(root, path)) ?? projectRootOf(path);
    const cacheDir = process.env.FEATC_CACHE_DIR ? resolve(process.env.FEATC_CACHE_DIR) : join(home, ".featc");
    const source =
      settings.source === undefined
        ? undefined
        : isAbsolute(settings.source)
          ? settings.source
          : resolve(home, settings.source);
    // Loaded now: the first preview pays for the code generator, the later ones find it here.
    const [{ previewProgram }, { previewJson, previewTable }, { LogCache }] = await Promise.all([
      import("../preview/preview.js"),
      import("../preview/render.js"),
      import("../preview/logs.js"),
    ]);
    this.logs ??= new LogCache();
    let result;
    try {
      result = await previewProgram(program, {
        source,
        symbol: settings.symbol,
        fromNs,
        toNs,
        rows: settings.rows,
        cacheDir,
        logs: this.logs,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const ours = !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError);
      if (typeof code === "string" && !code.startsWith("ERR_") && ours) throw failure(code, (error as Error).message);
      process.stderr.write(`featc lsp: preview of ${uri} failed: ${(error as Error).stack ?? String(error)}\n`);
      throw failure("E0046", `internal error of featc ${FEATC_VERSION}: ${(error as Error).message}`);
    }
    const table = previewTable(result);
    const document = this.showDocument ? await this.showTable(cacheDir, program.name, table) : undefined;
    if (!document)
      void this.connection.sendNotification("window/logMessage", { type: MessageType.Info, message: table });
    return { ...previewJson(result), table, ...(document ? { document } : {}) };
  }

  /** Writes the table beside the kernels and asks the client to show it; its URI, or undefined when the client would not. */
  private async showTable(cacheDir: string, dataset: string, table: string): Promise<string | undefined> {
    try {
      const dir = join(cacheDir, "previews");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${dataset.replace(/[^A-Za-z0-9_]/g, "_")}.txt`);
      writeFileSync(file, table);
      const uri = uriOfPath(file);
      const shown = await this.connection.window.showDocument({ uri, takeFocus: false });
      return shown.success ? uri : undefined;
    } catch {
      return undefined;
    }
  }
}
