// Formatting a whole document with `featc fmt`'s formatter (compiler/format/): one edit that
// replaces the text, or none when it is formatted already or does not parse.
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { formatSource } from "../format/format.js";

export function formatDocument(doc: TextDocument, path: string): TextEdit[] {
  let result;
  try {
    result = formatSource(doc.getText(), path);
  } catch {
    // FormatSafetyError: the formatter would change the meaning; the text is left as it is.
    return [];
  }
  if (!result.ok || !result.changed) return [];
  return [
    { range: { start: doc.positionAt(0), end: doc.positionAt(doc.getText().length) }, newText: result.formatted },
  ];
}
