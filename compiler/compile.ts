// The front end in one call: read -> parse -> check -> lower (docs/language.md), for the CLI,
// the tests and tools. Imports are resolved here, relative to the importing file.

import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { parseSource, type SyntaxProblem } from "../grammar/parser.js";
import type { SourceFile, Span } from "../grammar/syntax.js";
import { checkProgram, type CheckInput } from "./check/checker.js";
import { lintProgram } from "./check/lint.js";
import { listNames } from "./check/suggest.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { lowerDataset } from "./ir/lower.js";
import type { IrProgram } from "./ir/types.js";
import type { TypedDataset } from "./check/typed.js";

export interface CompileOptions {
  /** The dataset to compile when the file has several. */
  dataset?: string;
  /** `online` is for the live engine: a dataset with labels is rejected (E0037, docs/language.md section 10). */
  target?: "batch" | "online";
  /** Check and lower every dataset of the file (as `featc check` does); see `programs`. */
  allDatasets?: boolean;
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

export function compileFile(path: string, opts: CompileOptions = {}): CompileResult {
  const text = readText(path);
  if (typeof text !== "string") {
    return {
      diagnostics: [
        {
          code: "E0024",
          severity: "error",
          message: `cannot read \`${path}\`: ${text.reason}`,
          primary: { span: startOfFile, label: "" },
          secondary: [],
          notes: [],
          file: path,
        },
      ],
      sources: new Map(),
    };
  }
  return compileSource(text, path, opts);
}

export function compileSource(text: string, fileName: string, opts: CompileOptions = {}): CompileResult {
  const sources = new Map<string, string>([[fileName, text]]);
  const diagnostics: Diagnostic[] = [];
  const root = parseInto(text, fileName, diagnostics);
  const imported = root ? loadImports(root, sources, diagnostics) : [];
  const finish = (result: Partial<CompileResult> = {}): CompileResult => ({
    ...result,
    diagnostics: inReadingOrder(diagnostics, [...sources.keys()]),
    sources,
  });
  if (!root || hasErrors(diagnostics)) return finish();

  const checked = checkProgram(root, imported);
  diagnostics.push(...checked.diagnostics);
  if (!checked.program) return finish();
  diagnostics.push(...lintProgram(checked.program, fileName, sources));
  const { datasets } = checked.program;

  if (opts.allDatasets && opts.dataset === undefined) {
    if (opts.target === "online" && rejectLabels(datasets, diagnostics)) return finish();
    const programs = datasets.map((dataset) => lowerDataset(checked.program!, dataset, fileName));
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
  const program = lowerDataset(checked.program, chosen, fileName);
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

function readText(path: string): string | { reason: string } {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      reason:
        code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String((error as Error).message),
    };
  }
}

function parseInto(text: string, file: string, diagnostics: Diagnostic[]): CheckInput | undefined {
  const parsed = parseSource(text, file);
  diagnostics.push(...parsed.problems.map((problem) => syntaxDiagnostic(problem, file)));
  return parsed.tree ? { tree: parsed.tree, source: text } : undefined;
}

function syntaxDiagnostic(problem: SyntaxProblem, file: string): Diagnostic {
  return {
    code: problem.kind === "lexical" ? "E0002" : "E0001",
    severity: "error",
    message: problem.message,
    primary: { span: problem.span, label: problem.label },
    secondary: [],
    notes: [],
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    file,
  };
}

/**
 * Every file reachable through `import` from `root`, each once. Only their functions are used
 * (the checker ignores their datasets); a cycle of imports is harmless.
 */
function loadImports(root: CheckInput, sources: Map<string, string>, diagnostics: Diagnostic[]): CheckInput[] {
  const loaded: CheckInput[] = [];
  const pending: SourceFile[] = [root.tree];
  while (pending.length > 0) {
    const importer = pending.shift()!;
    for (const item of importer.items) {
      if (item.kind !== "import") continue;
      const path = normalize(join(dirname(importer.file), item.path));
      if (sources.has(path)) continue;
      const text = readText(path);
      if (typeof text !== "string") {
        diagnostics.push({
          code: "E0024",
          severity: "error",
          message: `cannot import \`${item.path}\`: ${text.reason}`,
          primary: { span: item.pathSpan, label: `looked for \`${path}\`` },
          secondary: [],
          notes: ["import paths are relative to the importing file"],
          file: importer.file,
        });
        continue;
      }
      sources.set(path, text);
      const unit = parseInto(text, path, diagnostics);
      if (!unit) continue;
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
