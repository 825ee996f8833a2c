// `featc fmt`: the canonical layout of a `.feat` file, keeping every comment. Printing lives
// in ./codeLines.ts, comment placement and blank lines in ./placeComments.ts.

import { parseSource, type SyntaxProblem } from "../../grammar/parser.js";
import { printFile } from "./codeLines.js";
import { collectComments } from "./comments.js";
import { layOut } from "./placeComments.js";
import { sameComments, treeShape } from "./sameMeaning.js";
import { SourceText } from "./sourceText.js";

export type FormatResult =
  | { ok: true; formatted: string; changed: boolean }
  /** The file does not parse; nothing is formatted. */
  | { ok: false; problems: SyntaxProblem[] };

/** Thrown when the formatted text would not mean what the original means (a printer bug). */
export class FormatSafetyError extends Error {
  readonly code = "FMT_UNSAFE";
}

export function formatSource(text: string, file: string): FormatResult {
  // Windows line endings and a byte-order mark are not part of the canonical form.
  const input = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  const parsed = parseSource(input, file);
  if (!parsed.tree) return { ok: false, problems: parsed.problems };
  const source = new SourceText(input);
  const comments = collectComments(input);
  const formatted = layOut(printFile(parsed.tree, source), comments, source);

  const reparsed = parseSource(formatted, file);
  if (!reparsed.tree || treeShape(reparsed.tree) !== treeShape(parsed.tree)) {
    throw new FormatSafetyError(`formatting \`${file}\` would change its meaning; the file was left as it is`);
  }
  if (!sameComments(comments, collectComments(formatted))) {
    throw new FormatSafetyError(`formatting \`${file}\` would lose a comment; the file was left as it is`);
  }
  return { ok: true, formatted, changed: formatted !== text };
}
