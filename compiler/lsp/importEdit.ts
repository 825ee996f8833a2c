// The edit that adds `import "<path>"` to a document: after its last import, or else above
// its first function or dataset and the comments attached to it (a blank line separates them).
import type { TextEdit } from "vscode-languageserver";

export function importEdit(text: string, path: string): TextEdit {
  const lines = text.split("\n");
  const line = `import "${path}"`;
  let lastImport = -1;
  lines.forEach((l, i) => {
    if (/^\s*import\s+"/.test(l)) lastImport = i;
  });
  if (lastImport >= 0) {
    const at = { line: lastImport + 1, character: 0 };
    return { range: { start: at, end: at }, newText: `${line}\n` };
  }
  let first = lines.findIndex((l) => /^\s*(fn|dataset)\b/.test(l));
  if (first < 0) first = lines.length;
  while (first > 0 && /^\s*\/\//.test(lines[first - 1])) first--;
  const at = { line: first, character: 0 };
  return { range: { start: at, end: at }, newText: `${line}\n\n` };
}

/** Whether the document already imports `path`; `std/book` and `std/book.feat` are one file. */
export function imports(text: string, path: string): boolean {
  const bare = path.replace(/\.feat$/, "");
  return [...text.matchAll(/^\s*import\s+"([^"]*)"/gm)].some(([, written]) => written.replace(/\.feat$/, "") === bare);
}
