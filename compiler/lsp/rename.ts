// Renaming a function, a parameter, a `let`, a column, a label or a dataset, in every file that
// writes it (./symbols.ts). A new name must be a name the language accepts there.

import { ResponseError, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { keywords } from "../../grammar/tokens.js";
import { isBuiltin } from "../builtins/operators.js";
import { roots } from "../check/fields.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./ranges.js";
import { referencesOf, targetAt, type Target } from "./symbols.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywordWords = new Set(keywords.map((token) => token.name.toLowerCase()));

export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | undefined {
  const found = targetAt(analysis, offset);
  if (!found) return undefined;
  return { range: rangeOf(analysis.root, found.at), placeholder: found.name };
}

/** Why `name` cannot replace `target`'s name, or undefined when it can. */
function refusal(target: Target, name: string, analysis: Analysis): string | undefined {
  if (!NAME.test(name)) return `\`${name}\` is not a name: a name is a letter or \`_\`, then letters, digits or \`_\``;
  if (keywordWords.has(name)) return `\`${name}\` is a keyword`;
  if ((roots as readonly string[]).includes(name)) return `\`${name}\` is a field root (\`${name}.…\`)`;
  if (target.kind === "fn") {
    if (isBuiltin(name)) return `\`${name}\` is a built-in function`;
    for (const file of analysis.files.values())
      for (const item of file.tree?.items ?? [])
        if (item.kind === "fn" && item.name === name)
          return `a function \`${name}\` is already defined in \`${file.name}\``;
  }
  if (target.kind === "param" || target.kind === "let") {
    const fn = target.file.tree?.items.find(
      (item) => item.kind === "fn" && item.span.start <= target.span.start && target.span.end <= item.span.end,
    );
    if (fn?.kind === "fn" && [...fn.params, ...fn.lets].some((binding) => binding.name === name))
      return `\`${name}\` is already a name in \`${fn.name}\``;
  }
  if (target.kind === "column" || target.kind === "label") {
    const dataset = target.file.tree?.items.find(
      (item) => item.kind === "dataset" && item.span.start <= target.span.start && target.span.end <= item.span.end,
    );
    if (dataset?.kind === "dataset" && [...dataset.columns, ...(dataset.labels ?? [])].some((c) => c.name === name))
      return `dataset \`${dataset.name}\` already has a column \`${name}\``;
  }
  return undefined;
}

export function rename(
  analysis: Analysis,
  offset: number,
  newName: string,
  analysesFor: (name: string) => Analysis[],
): WorkspaceEdit | ResponseError {
  const found = targetAt(analysis, offset);
  if (!found)
    return new ResponseError(-32602, "there is no function, parameter, `let`, column or dataset here to rename");
  const why = refusal(found, newName, analysis);
  if (why) return new ResponseError(-32602, `cannot rename \`${found.name}\` to \`${newName}\`: ${why}`);
  const changes: Record<string, TextEdit[]> = {};
  for (const location of referencesOf(found, [analysis, ...analysesFor(found.name)])) {
    (changes[location.uri] ??= []).push({ range: location.range, newText: newName });
  }
  return { changes };
}
