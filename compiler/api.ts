// The library API of the compiler side (`import ... from "featc/compiler"`): compile a spec,
// build its kernels, run extractions with progress callbacks, load a kernel for live use,
// preview a dataset's rows and summary on a sample log.
import { compileFile } from "./compile.js";
import { buildKernel, type BuildOptions } from "./build/buildKernel.js";
import { loadTsKernel, runExtract } from "./extract/run.js";
import { renderDiagnostics } from "./diagnostics/render.js";
import type { KernelModule } from "../runtime/kernel.js";

export { compileFile, buildKernel, runExtract, loadTsKernel };
export type { BuildOptions };
export type { ExtractFileResult, ExtractOutcome, ExtractProgress, RunExtractOptions } from "./extract/run.js";
export {
  COMPRESSIONS,
  ENGINES,
  EXTRACT_DEFAULTS,
  type Compression,
  type Engine,
  type ExtractOptions,
  type ExtractSettings,
} from "../runtime/batch/extractOptions.js";
export type { IrProgram } from "./ir/types.js";
export { irHash } from "./ir/hash.js";
export { printProgram } from "./ir/printer.js";
export { previewProgram, previewSpec, DEFAULT_PREVIEW_ROWS } from "./preview/preview.js";
export type { PreviewOptions, PreviewResult, PreviewWindow, SpecPreview } from "./preview/preview.js";
export { previewJson, previewTable, type PreviewJson } from "./preview/render.js";
export type { ColumnSummary } from "./preview/summary.js";

export class SpecError extends Error {
  readonly code = "SPEC";
}

/**
 * Compile a spec for the online engine (labels are rejected: no future information in live
 * features) and load its TypeScript kernel. No Rust toolchain is needed.
 */
export async function loadOnlineKernel(
  specPath: string,
  opts: { dataset?: string; cacheDir?: string } = {},
): Promise<KernelModule> {
  const compiled = compileFile(specPath, { dataset: opts.dataset, target: "online" });
  if (!compiled.program) throw new SpecError(renderDiagnostics(compiled.diagnostics, compiled.sources));
  const built = buildKernel(compiled.program, { cacheDir: opts.cacheDir, native: false });
  return loadTsKernel(built.jsModulePath);
}
