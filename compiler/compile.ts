// The front end in one call: read -> parse -> check -> lower (docs/language.md), for the CLI,
// the tests and tools. Imports are resolved here, relative to the importing file and confined
// to the spec's project and the standard library (./sources.ts, docs/security.md).

import { dirname, resolve } from "node:path";
import { parseSource } from "../grammar/parser.js";
import type { SourceFile, Span } from "../grammar/syntax.js";
import { checkProgram, type CheckInput } from "./check/checker.js";
import type { CheckObserver } from "./check/observer.js";
import { lintProgram } from "./check/lint.js";
import { listNames } from "./check/suggest.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { internalErrorDiagnostic } from "./diagnostics/internal.js";
import { syntaxDiagnostic } from "./diagnostics/syntax.js";
import { FEATC_VERSION } from "./build/packageRoot.js";
import { lowerDataset } from "./ir/lower.js";
import { DEFAULT_MAX_STATE_BYTES, stateLimitProblem } from "./ir/analysis/stateLimit.js";
import { withStdImportHint } from "./stdLibrary.js";
import type { IrProgram } from "./ir/types.js";
import type { TypedDataset } from "./check/typed.js";
import {
  MAX_SOURCE_BYTES,
  projectRootOf,
  readSourceFile,
  resolveImport,
  STD_DIR,
  isInside,
  realPathOf,
  type SourceZone,
} from "./sources.js";

export interface CompileOptions {
  /** The dataset to compile when the file has several. */
  dataset?: string;
  /** `online` is for the live engine: a dataset with labels is rejected (E0037, docs/language.md section 10). */
  target?: "batch" | "online";
  /** Check and lower every dataset of the file (as `featc check` does); see `programs`. */
  allDatasets?: boolean;
  /** The most bytes the spec and each file it imports may have (default `MAX_SOURCE_BYTES`, 1 MiB). */
  maxSourceBytes?: number;
  /** The most bytes of state per symbol a dataset may keep (default `DEFAULT_MAX_STATE_BYTES`, 1 GiB; E0045). */
  maxStateBytes?: number;
  /**
   * Texts that stand for files on disk, by real path: an editor's unsaved buffers, read instead
   * of the imported files they belong to (the file must still exist and be allowed to be imported).
   */
  overlay?: ReadonlyMap<string, string>;
  /** Told every file read and what the checker finds in it (the language server's view). */
  observer?: CompileObserver;
}

/** A file the compiler read: its name in diagnostics, its real path, its text and its syntax tree. */
export interface ReadFile {
  name: string;
  realPath: string;
  text: string;
  /** Absent when the file does not parse. */
  tree?: SourceFile;
  /** For an imported file: the file whose `import` read it first, and that import's path. */
  importedBy?: { file: string; pathSpan: Span };
}

export interface CompileObserver extends CheckObserver {
  read?(file: ReadFile): void;
}

export interface CompileResult {
  /** The chosen dataset's IR; only when there is no error. */
  program?: IrProgram;
  /** With `allDatasets`: every dataset's IR, in file order; only when there is no error. */
  programs?: IrProgram[];
  diagnostics: Diagnostic[];
  /** Text of every file read, by the name diagnostics use, for rendering. */
  sources: Map<string, string>;
}

const startOfFile: Span = { start: 0, end: 0, line: 1, col: 1 };

/**
 * Compiles the spec at `path`. Never throws: what it cannot read is E0024, E0041 or E0042,
 * and an exception inside featc is the internal error E0046 (compiler/diagnostics/internal.ts).
 */
export function compileFile(path: string, opts: CompileOptions = {}): CompileResult {
  return guarded(path, () => compileFileUnguarded(path, opts));
}

/** Compiles `text` as the spec `fileName`; never throws, as `compileFile`. */
export function compileSource(text: string, fileName: string, opts: CompileOptions = {}): CompileResult {
  return guarded(fileName, () => compileSourceUnguarded(text, fileName, opts), text);
}

function guarded(file: string, compile: () => CompileResult, text?: string): CompileResult {
  try {
    return compile();
  } catch (thrown) {
    return {
      diagnostics: [internalErrorDiagnostic(thrown, file, FEATC_VERSION)],
      sources: text === undefined ? new Map() : new Map([[file, text]]),
    };
  }
}

function compileFileUnguarded(path: string, opts: CompileOptions): CompileResult {
  const read = readSourceFile(path, opts.maxSourceBytes ?? MAX_SOURCE_BYTES);
  if (!("text" in read)) {
    const what = read.code === "E0024" ? "cannot read" : "cannot compile";
    return {
      diagnostics: [
        {
          code: read.code,
          severity: "error",
          message: `${what} \`${path}\`: ${read.reason}`,
          primary: { span: startOfFile, label: "" },
          secondary: [],
          notes: [],
          file: path,
        },
      ],
      sources: new Map(),
    };
  }
  return compileSourceUnguarded(read.text, path, opts);
}

function compileSourceUnguarded(text: string, fileName: string, opts: CompileOptions): CompileResult {
  const sources = new Map<string, string>([[fileName, text]]);
  const diagnostics: Diagnostic[] = [];
  const finish = (result: Partial<CompileResult> = {}): CompileResult => ({
    ...result,
    diagnostics: inReadingOrder(diagnostics, [...sources.keys()]),
    sources,
  });
  const maxBytes = opts.maxSourceBytes ?? MAX_SOURCE_BYTES;
  const size = Buffer.byteLength(text, "utf8");
  if (size > maxBytes) {
    diagnostics.push({
      code: "E0042",
      severity: "error",
      message: `cannot compile \`${fileName}\`: it has ${size.toLocaleString("en-US")} bytes, more than the ${maxBytes.toLocaleString("en-US")} a spec file may have`,
      primary: { span: startOfFile, label: "" },
      secondary: [],
      notes: [],
      hint: "split it into files that import each other",
      file: fileName,
    });
    // Nothing of an oversized text is quoted.
    sources.delete(fileName);
    return finish();
  }
  const root = parseInto(text, fileName, diagnostics);
  opts.observer?.read?.({ name: fileName, realPath: realPathOf(resolve(fileName)), text, tree: root?.tree });
  const imported = root ? loadImports(root, fileName, sources, diagnostics, maxBytes, opts) : [];
  if (!root || hasErrors(diagnostics)) return finish();
  const checked = checkProgram(root, imported, opts.observer);
  // A call of a function of the standard library that is not imported names the import.
  for (const diagnostic of checked.diagnostics) diagnostics.push(withStdImportHint(diagnostic));
  if (!checked.program) return finish();
  for (const diagnostic of lintProgram(checked.program, fileName, sources)) diagnostics.push(diagnostic);
  const { datasets } = checked.program;

  const limit = opts.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES;
  /** The dataset's IR, or undefined when it keeps more state than the limit (E0045). */
  const lower = (dataset: TypedDataset): IrProgram | undefined => {
    const program = lowerDataset(checked.program!, dataset, fileName);
    const problem = stateLimitProblem(program, dataset, limit);
    if (problem) diagnostics.push(problem);
    return problem ? undefined : program;
  };

  if (opts.allDatasets && opts.dataset === undefined) {
    if (opts.target === "online" && rejectLabels(datasets, diagnostics)) return finish();
    const lowered = datasets.map(lower);
    if (lowered.some((program) => program === undefined)) return finish();
    const programs = lowered as IrProgram[];
    return finish({ programs, ...(programs.length === 1 ? { program: programs[0] } : {}) });
  }
  const names = datasets.map((dataset) => dataset.name);
  const chosen =
    opts.dataset === undefined
      ? datasets.length === 1
        ? datasets[0]
        : undefined
      : datasets.find((dataset) => dataset.name === opts.dataset);
  if (!chosen) {
    diagnostics.push(datasetChoiceProblem(fileName, names, opts.dataset));
    return finish();
  }
  if (opts.target === "online" && rejectLabels([chosen], diagnostics)) return finish();
  const program = lower(chosen);
  if (!program) return finish();
  return finish({ program, ...(opts.allDatasets ? { programs: [program] } : {}) });
}

/** E0037 for every label of `datasets`: the online engine never computes future values. */
function rejectLabels(datasets: readonly TypedDataset[], diagnostics: Diagnostic[]): boolean {
  let rejected = false;
  for (const dataset of datasets) {
    for (const label of dataset.labels) {
      rejected = true;
      diagnostics.push({
        code: "E0037",
        severity: "error",
        message: `dataset \`${dataset.name}\` has a label, which the online engine cannot compute`,
        primary: { span: label.span, label: "label declared here" },
        secondary: [],
        notes: ["a label reads values from after its row (`future`), so only the batch path computes it"],
        hint: "serve a dataset without labels; keep the labels in the training dataset",
        file: dataset.file,
      });
    }
  }
  return rejected;
}

function datasetChoiceProblem(file: string, names: string[], wanted: string | undefined): Diagnostic {
  const base = {
    code: "E0023" as const,
    severity: "error" as const,
    primary: { span: startOfFile, label: "" },
    secondary: [],
    file,
  };
  if (names.length === 0) {
    return {
      ...base,
      message: `\`${file}\` declares no dataset`,
      notes: [],
      hint: "add one: `dataset name { trigger trade\n  mid = book.mid }`",
    };
  }
  if (wanted !== undefined) {
    return {
      ...base,
      message: `\`${file}\` has no dataset \`${wanted}\``,
      notes: [`its datasets are ${listNames(names, "and")}`],
    };
  }
  return {
    ...base,
    message: `\`${file}\` has ${names.length} datasets; choose one`,
    notes: [`its datasets are ${listNames(names, "and")}`],
    hint: "pass the dataset's name (`--dataset <name>`)",
  };
}

function parseInto(text: string, file: string, diagnostics: Diagnostic[]): CheckInput | undefined {
  const parsed = parseSource(text, file);
  // One at a time: a file may have more problems than a call takes arguments.
  for (const problem of parsed.problems) diagnostics.push(syntaxDiagnostic(problem, file));
  return parsed.tree ? { tree: parsed.tree, source: text } : undefined;
}

/** A problem of grammar/ as a diagnostic (./diagnostics/syntax.ts, which `featc fmt` loads alone). */
export { syntaxDiagnostic };

/**
 * Every file reachable through `import` from `root`, each once (by real path). Only their
 * functions are used (the checker ignores their datasets); a cycle of imports is harmless.
 */
function loadImports(
  root: CheckInput,
  rootName: string,
  sources: Map<string, string>,
  diagnostics: Diagnostic[],
  maxBytes: number,
  opts: Pick<CompileOptions, "overlay" | "observer">,
): CheckInput[] {
  // The spec's folder may not exist (a text compiled under a made-up name): then its name is used as it is.
  const rootPath = realPathOf(resolve(rootName));
  const rootZone: SourceZone = isInside(STD_DIR, rootPath)
    ? { dir: dirname(rootPath), root: STD_DIR, kind: "std" }
    : { dir: dirname(rootPath), root: projectRootOf(rootPath), kind: "project" };
  const seen = new Set<string>([rootPath]);
  const zones = new Map<SourceFile, SourceZone>([[root.tree, rootZone]]);
  const loaded: CheckInput[] = [];
  const pending: SourceFile[] = [root.tree];
  while (pending.length > 0) {
    const importer = pending.shift()!;
    const zone = zones.get(importer)!;
    for (const item of importer.items) {
      if (item.kind !== "import") continue;
      const resolved = resolveImport(item.path, zone, importer.file, maxBytes);
      if (!("text" in resolved)) {
        diagnostics.push({
          code: resolved.code,
          severity: "error",
          message: `cannot import \`${item.path}\`: ${resolved.reason}`,
          primary: {
            span: item.pathSpan,
            label: resolved.label ?? `looked for \`${resolved.lookedFor ?? item.path}\``,
          },
          secondary: [],
          notes: [resolved.note ?? "import paths are relative to the importing file"],
          ...(resolved.hint === undefined ? {} : { hint: resolved.hint }),
          file: importer.file,
        });
        continue;
      }
      if (seen.has(resolved.realPath) || sources.has(resolved.display)) continue;
      seen.add(resolved.realPath);
      const text = opts.overlay?.get(resolved.realPath) ?? resolved.text;
      sources.set(resolved.display, text);
      const unit = parseInto(text, resolved.display, diagnostics);
      opts.observer?.read?.({
        name: resolved.display,
        realPath: resolved.realPath,
        text,
        tree: unit?.tree,
        importedBy: { file: importer.file, pathSpan: item.pathSpan },
      });
      if (!unit) continue;
      zones.set(unit.tree, resolved.zone);
      loaded.push(unit);
      pending.push(unit.tree);
    }
  }
  return loaded;
}

/** Files in the order they were read (the spec first), then positions within each file. */
function inReadingOrder(diagnostics: Diagnostic[], fileOrder: string[]): Diagnostic[] {
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file);
    return index < 0 ? fileOrder.length : index;
  };
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort(
      (a, b) =>
        rank(a.diagnostic.file) - rank(b.diagnostic.file) ||
        a.diagnostic.primary.span.start - b.diagnostic.primary.span.start ||
        a.index - b.index,
    )
    .map(({ diagnostic }) => diagnostic);
}
