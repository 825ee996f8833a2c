// One document compiled for the editor: the compiler's diagnostics, every file it read with its
// syntax tree, the type of every expression and what every name resolves to (the checker's
// observer, compiler/check/observer.ts), and the IR of each dataset when the spec compiles.
// Every capability reads this; none parses or checks on its own.

import { TextDocument } from "vscode-languageserver-textdocument";
import type { Expr, Span } from "../../grammar/syntax.js";
import type { Definition } from "../check/observer.js";
import type { CheckType } from "../check/types.js";
import { compileSource, type ReadFile } from "../compile.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrProgram } from "../ir/types.js";
import { uriOfPath } from "./uris.js";

/** A file the compile read, with what converts its offsets to editor positions. */
export interface AnalyzedFile extends ReadFile {
  uri: string;
  /** The text as a document, for offsets to line and character. */
  doc: TextDocument;
}

/** A name written somewhere and what it refers to. */
export interface Resolution {
  use: Span;
  /** The file the name is written in, by compiler name. */
  file: string;
  definition: Definition;
}

export interface Analysis {
  uri: string;
  version: number;
  root: AnalyzedFile;
  /** Every file read, the document's first, by the name the compiler gives it. */
  files: Map<string, AnalyzedFile>;
  diagnostics: Diagnostic[];
  types: Map<Expr, CheckType>;
  resolutions: Resolution[];
  /** Each dataset's IR; empty while the spec has an error. */
  programs: IrProgram[];
}

/**
 * Compiles `text`, the document `uri` at `path`, reading `overlay` (open documents by real
 * path) instead of the files on disk it imports. Never throws (compileSource does not).
 */
export function analyze(
  uri: string,
  version: number,
  path: string,
  text: string,
  overlay: ReadonlyMap<string, string>,
): Analysis {
  const files = new Map<string, AnalyzedFile>();
  const types = new Map<Expr, CheckType>();
  const resolutions: Resolution[] = [];
  const result = compileSource(text, path, {
    allDatasets: true,
    overlay,
    observer: {
      read: (file) => {
        const fileUri = files.size === 0 ? uri : uriOfPath(file.realPath);
        files.set(file.name, { ...file, uri: fileUri, doc: TextDocument.create(fileUri, "feat", version, file.text) });
      },
      typed: (expr, type) => void types.set(expr, type),
      resolved: (use, file, definition) => void resolutions.push({ use, file, definition }),
    },
  });
  // A text the compiler refused to read (E0042) was never parsed: it is still the document.
  const root = files.get(path) ?? {
    name: path,
    realPath: path,
    text,
    uri,
    doc: TextDocument.create(uri, "feat", version, text),
  };
  if (!files.has(path)) files.set(path, root);
  return {
    uri,
    version,
    root,
    files,
    diagnostics: result.diagnostics,
    types,
    resolutions,
    programs: result.programs ?? [],
  };
}
