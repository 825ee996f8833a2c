// A preview: a dataset's rows over a log, computed in this process by its TypeScript kernel
// (the batch packet driver, runtime/batch/runLog.ts, the same stream, warm start and emit
// window as `featc extract`), with no cargo build: its first rows and a summary of every column
// over all the window's rows. The kernel is the one the IR gives both backends, so the values
// are the native kernel's, bit for bit (test/preview/preview.test.ts).
//
// Generating a TypeScript kernel loads ts-morph the first time (about a second); a process
// that previews again (the language server) keeps it loaded, and an unchanged IR is served
// from the kernel cache without generating anything.
import { runStream, type FileRun } from "../../runtime/batch/runLog.js";
import type { ColumnData } from "../../runtime/batch/columnarRows.js";
import { EXTRACT_DEFAULTS } from "../../runtime/batch/extractOptions.js";
import { buildKernel, defaultCacheDir } from "../build/buildKernel.js";
import { compileSource, type CompileOptions } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { checkRunMemory } from "../extract/memoryCheck.js";
import { loadTsKernel } from "../extract/run.js";
import { planWarmUp } from "../extract/warmUp.js";
import type { IrProgram } from "../ir/types.js";
import { checkWindowHasEvents, LogCache, previewFiles, symbolOf, type PreviewWindow } from "./logs.js";
import { sampleLog } from "./sample.js";
import { summarizeColumn, type ColumnSummary } from "./summary.js";

export type { PreviewWindow };

/** The rows a preview shows unless told otherwise. */
export const DEFAULT_PREVIEW_ROWS = 10;

export interface PreviewOptions extends PreviewWindow {
  /** Root of `.q` logs (`<source>/<SYMBOL>/<DATE>.q`); absent: the bundled GOOG sample (./sample.ts). */
  source?: string;
  /** The symbol to read; may be left out when the source holds one symbol (or is the sample). */
  symbol?: string;
  /** How many of the first rows to show (default 10); the summary covers all of them. */
  rows?: number;
  /** The kernel cache, where the sample's log is kept too (default: `$FEATC_CACHE_DIR` or `./.featc`). */
  cacheDir?: string;
  /** Logs kept open between previews (a server's); default: read anew. */
  logs?: LogCache;
}

export interface PreviewResult {
  dataset: string;
  irHash: string;
  /** The logs read: their source, symbol and files, and whether they are the bundled sample. */
  source: string;
  symbol: string;
  files: string[];
  sample: boolean;
  window: PreviewWindow;
  /** Why there is no warm start, or what an approximate one means (as `featc extract` says). */
  warmUpNote?: string;
  records: number;
  packets: number;
  /** Rows in the window. */
  rows: number;
  /** Every row of the window, column by column (nulls hold 0 with `valid` 0). */
  columns: ColumnData[];
  /** How many of the first rows are meant to be shown. */
  head: number;
  summary: ColumnSummary[];
  /** The kernel came from the cache: nothing was generated. */
  kernelCached: boolean;
  timings: { kernelMs: number; runMs: number; totalMs: number };
}

function concatenate(parts: ColumnData[][]): ColumnData[] {
  if (parts.length === 1) return parts[0];
  return parts[0].map((first, c) => {
    const total = parts.reduce((n, part) => n + part[c].valid.length, 0);
    const values =
      first.values instanceof Float64Array
        ? new Float64Array(total)
        : first.values instanceof BigInt64Array
          ? new BigInt64Array(total)
          : new Uint8Array(total);
    const valid = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      values.set(part[c].values as never, at);
      valid.set(part[c].valid, at);
      at += part[c].valid.length;
    }
    return { name: first.name, type: first.type, values, valid };
  });
}

/** Whole non-negative row counts only. */
function headCount(rows: number | undefined): number {
  const n = rows ?? DEFAULT_PREVIEW_ROWS;
  return Number.isSafeInteger(n) && n >= 0 ? n : DEFAULT_PREVIEW_ROWS;
}

/** Previews a compiled dataset (see the module's comment). Errors: NO_LOG, EMPTY_WINDOW, NO_SAMPLE, and the runtime's codes. */
export async function previewProgram(program: IrProgram, options: PreviewOptions = {}): Promise<PreviewResult> {
  const started = performance.now();
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const window: PreviewWindow = { fromNs: options.fromNs, toNs: options.toNs };
  const sample = options.source === undefined;
  const { source, symbol } = sample
    ? sampleLog(cacheDir)
    : { source: options.source!, symbol: symbolOf(options.source!, options.symbol) };
  const files = previewFiles(source, symbol, window);
  const { warmUp, note } = planWarmUp(program, { fromNs: window.fromNs, warmStart: true });
  checkRunMemory(program, 1);
  const kernel = buildKernel(program, { cacheDir, native: false });
  const module = await loadTsKernel(kernel.jsModulePath);
  const kernelDone = performance.now();
  const logs = options.logs ?? new LogCache();
  const readers = files.map((file) => logs.read(file));
  checkWindowHasEvents(readers, symbol, window);
  const runs: FileRun[] = [];
  runStream(
    readers,
    module,
    {
      lenient: EXTRACT_DEFAULTS.lenient,
      emitFromNs: window.fromNs,
      emitToNs: window.toNs,
      warmUp,
      maxGapBars: EXTRACT_DEFAULTS.maxGapBars,
    },
    (k, run) => {
      runs[k] = run;
    },
  );
  const columns = concatenate(runs.map((run) => run.columns));
  const done = performance.now();
  return {
    dataset: program.name,
    irHash: kernel.irHash,
    source,
    symbol,
    files,
    sample,
    window,
    ...(note ? { warmUpNote: note } : {}),
    records: runs.reduce((n, run) => n + run.records, 0),
    packets: runs.reduce((n, run) => n + run.packets, 0),
    rows: runs.reduce((n, run) => n + run.rows, 0),
    columns,
    head: headCount(options.rows),
    summary: columns.map(summarizeColumn),
    kernelCached: kernel.cached,
    timings: { kernelMs: kernelDone - started, runMs: done - kernelDone, totalMs: performance.now() - started },
  };
}

/** A spec's preview, or the diagnostics that keep it from compiling. */
export type SpecPreview =
  | { ok: true; result: PreviewResult; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; sources: Map<string, string> };

/**
 * Compiles `text` as the spec at `path` (its imports resolved from there, as `featc` does) and
 * previews its dataset (`compile.dataset` when the file has several).
 */
export async function previewSpec(
  text: string,
  path: string,
  options: PreviewOptions = {},
  compile: Pick<CompileOptions, "dataset" | "overlay" | "maxStateBytes"> = {},
): Promise<SpecPreview> {
  const compiled = compileSource(text, path, { ...compile, target: "batch" });
  if (!compiled.program || compiled.diagnostics.some((d) => d.severity === "error"))
    return { ok: false, diagnostics: compiled.diagnostics, sources: compiled.sources };
  return { ok: true, result: await previewProgram(compiled.program, options), diagnostics: compiled.diagnostics };
}
