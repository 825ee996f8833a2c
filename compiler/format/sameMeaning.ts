// The formatter's safety net: the formatted text must parse to the same syntax tree as the
// original (positions aside) and keep every comment. A printer that fell behind the grammar
// can then only refuse to format a file, never change what it means.

import type { SourceFile } from "../../grammar/syntax.js";
import type { PlacedComment } from "./comments.js";

const positionKeys = new Set([
  "span",
  "nameSpan",
  "opSpan",
  "pathSpan",
  "countSpan",
  "durationSpan",
  "comments",
  "file",
]);

/** The tree as JSON without positions; doc text compared line by line without trailing spaces. */
export function treeShape(tree: SourceFile): string {
  return JSON.stringify(tree, (key, value: unknown) => {
    if (positionKeys.has(key) || key.endsWith("Span")) return undefined;
    if (key === "doc" && typeof value === "string")
      return value
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n");
    return value;
  });
}

export function sameComments(before: PlacedComment[], after: PlacedComment[]): boolean {
  const texts = (comments: PlacedComment[]) => comments.map((c) => c.text).sort();
  return JSON.stringify(texts(before)) === JSON.stringify(texts(after));
}
