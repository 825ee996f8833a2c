// Go to definition and find references.
import type { Location } from "vscode-languageserver";
import { locate, touches } from "../../grammar/locate.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./ranges.js";
import { referencesOf, targetAt } from "./symbols.js";

/** Where the name at `offset` is declared; on an `import`, the file it reads. */
export function definition(analysis: Analysis, offset: number): Location | undefined {
  const found = targetAt(analysis, offset);
  if (found) return { uri: found.file.uri, range: rangeOf(found.file, found.span) };
  const tree = analysis.root.tree;
  const part = tree && locate(tree, offset).part;
  if (part?.kind !== "import" || !touches(part.item.pathSpan, offset)) return undefined;
  const imported = [...analysis.files.values()].find(
    (file) =>
      file.importedBy?.file === analysis.root.name && file.importedBy.pathSpan.start === part.item.pathSpan.start,
  );
  return imported && { uri: imported.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

/** Every place the name at `offset` is written, in `analyses` (see Workspace.analysesMentioning). */
export function references(
  analysis: Analysis,
  offset: number,
  analysesFor: (name: string) => Analysis[],
  includeDeclaration: boolean,
): Location[] {
  const found = targetAt(analysis, offset);
  if (!found) return [];
  return referencesOf(found, [analysis, ...analysesFor(found.name)], includeDeclaration);
}
