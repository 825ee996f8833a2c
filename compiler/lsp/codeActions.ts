// Quick fixes from the diagnostics' own hints (compiler/check/): the did-you-mean replacement,
// importing the standard-library function a call names, a `?` on a declared type that must be
// nullable, a `??` that gives a value for null, `(...)` after a function named without a call.
// Each edit is what the hint says, applied where the diagnostic points.

import { CodeActionKind, type CodeAction, type Range, type TextEdit } from "vscode-languageserver";
import type { Span } from "../../grammar/syntax.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Analysis } from "./analysis.js";
import { toLspDiagnostic } from "./diagnostics.js";
import { importEdit, imports } from "./importEdit.js";
import { rangeOf } from "./ranges.js";
import { stdFunctions } from "./stdLibrary.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range["start"], y: Range["start"]) =>
    x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function codeActions(analysis: Analysis, range: Range): CodeAction[] {
  const root = analysis.root;
  const actions: CodeAction[] = [];
  for (const diagnostic of analysis.diagnostics) {
    if (diagnostic.file !== root.name) continue;
    if (!overlaps(rangeOf(root, diagnostic.primary.span), range)) continue;
    for (const fix of fixesOf(diagnostic, analysis)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(diagnostic, root, analysis)],
        isPreferred: fix.preferred ?? false,
        edit: { changes: { [root.uri]: fix.edits } },
      });
    }
  }
  return actions;
}

interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

function fixesOf(diagnostic: Diagnostic, analysis: Analysis): Fix[] {
  const root = analysis.root;
  const text = root.text;
  const span = diagnostic.primary.span;
  const written = text.slice(span.start, span.end);
  const replace = (at: Span, newText: string): TextEdit => ({ range: rangeOf(root, at), newText });
  const hint = diagnostic.hint ?? "";
  const fixes: Fix[] = [];

  const suggestion = /did you mean `([^`]+)`\?/.exec(hint)?.[1];
  if (suggestion && NAME.test(written))
    fixes.push({
      title: `Replace \`${written}\` with \`${suggestion}\``,
      edits: [replace(span, suggestion)],
      preferred: true,
    });

  // E0022: `use `f64?`` for a type spelled as in another language; the span holds the `?` too.
  const typeUse = diagnostic.code === "E0022" ? /^use `([^`]+)`$/.exec(hint)?.[1] : undefined;
  if (typeUse) fixes.push({ title: `Write \`${typeUse}\``, edits: [replace(span, typeUse)], preferred: true });

  const missing =
    diagnostic.code === "E0013" ? /^cannot find function `([^`]+)`$/.exec(diagnostic.message)?.[1] : undefined;
  // The import the hint names (`add \`import "std/book"\``), else the standard-library file that defines it.
  const importPath =
    missing === undefined
      ? undefined
      : (/add `import "([^"]+)"`/.exec(hint)?.[1] ?? stdFunctions().get(missing)?.importPath);
  if (missing && importPath && !imports(text, importPath))
    fixes.push({
      title: `Import \`${missing}\` from \`${importPath}\``,
      edits: [importEdit(text, importPath)],
      preferred: !suggestion,
    });

  // E0007: `declare `-> f64?`, or give a value for null with `?? 0``.
  const declare = diagnostic.code === "E0007" ? /^declare `-> ([^`]+)`/.exec(hint)?.[1] : undefined;
  const returnType = diagnostic.secondary[0];
  if (declare && returnType && returnType.file === undefined)
    fixes.push({
      title: `Declare the result nullable: \`-> ${declare}\``,
      edits: [replace(returnType.span, declare)],
    });
  if (declare || /give a value for null/.test(hint)) {
    const fallback = /found `bool\??`/.test(diagnostic.message) || /`bool`/.test(diagnostic.message) ? "false" : "0";
    const wrapped = /^\s*(if|match)\b/.test(written) ? `(${written}) ?? ${fallback}` : `${written} ?? ${fallback}`;
    fixes.push({
      title: `Give a value for null: \`?? ${fallback}\``,
      edits: [replace(span, wrapped)],
      preferred: !declare,
    });
  }

  // E0012: `x` is a function: call it with `x(...)`.
  if (diagnostic.code === "E0012" && /is a function: call it/.test(hint) && NAME.test(written))
    fixes.push({ title: `Call \`${written}()\``, edits: [replace(span, `${written}()`)] });
  return fixes;
}
