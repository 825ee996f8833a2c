// Puts every comment back beside the printed code and lays out blank lines.
//
// A comment is attached by position:
// - a `//` comment on the same source line as the end of a printed line trails that line;
// - a comment inside the source of a printed line (between two of its tokens, when the
//   line joins what the source spread over several lines) moves above that line;
// - any other comment goes above the first printed line that starts after it, indented
//   like that line (like the block's statements when that line is a closing `}`).
// `///` doc comments never trail: they document what follows them.
//
// Blank lines: exactly one between top-level items; elsewhere one wherever the source had at
// least one above a statement or a comment, never right after `{` or before `}`.

import type { PlacedComment } from "./comments.js";
import type { CodeLine, PrintedFile } from "./codeLines.js";
import type { SourceText } from "./sourceText.js";

const indentStep = 2;

interface CommentLine {
  comment: PlacedComment;
  indent: number;
}

type Entry = { kind: "code"; line: CodeLine; trailing?: PlacedComment } | { kind: "comment"; line: CommentLine };

export function layOut(printed: PrintedFile, comments: PlacedComment[], source: SourceText): string {
  const { lines } = printed;
  const inVerbatim = (c: PlacedComment) => printed.verbatim.some((span) => c.start >= span.start && c.start < span.end);
  const trailing = new Map<number, PlacedComment>();
  const above = new Map<number, PlacedComment[]>();
  const atEnd: PlacedComment[] = [];

  for (const comment of comments) {
    if (inVerbatim(comment)) continue;
    const trails = comment.doc
      ? -1
      : lastIndex(lines, (line) => source.lineOf(line.last) === comment.line && line.last < comment.start);
    if (trails >= 0 && !trailing.has(trails)) {
      trailing.set(trails, comment);
      continue;
    }
    const inside = lines.findIndex((line) => line.start < comment.start && comment.start < line.last);
    const target = inside >= 0 ? inside : lines.findIndex((line) => line.start > comment.start);
    if (target < 0) atEnd.push(comment);
    else above.set(target, [...(above.get(target) ?? []), comment]);
  }

  const entries: Entry[] = [];
  lines.forEach((line, index) => {
    const indent = line.role === "close" ? line.indent + indentStep : line.indent;
    for (const comment of above.get(index) ?? []) entries.push({ kind: "comment", line: { comment, indent } });
    entries.push({ kind: "code", line, trailing: trailing.get(index) });
  });
  for (const comment of atEnd) entries.push({ kind: "comment", line: { comment, indent: 0 } });
  return render(entries, source);
}

function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

function render(entries: Entry[], source: SourceText): string {
  const out: string[] = [];
  let afterOpen = true;
  let seenItem = false;
  entries.forEach((entry, index) => {
    const blank = blankAbove(entries, index, source, afterOpen, seenItem);
    if (blank && out.length > 0) out.push("");
    if (entry.kind === "comment") {
      out.push(" ".repeat(entry.line.indent) + entry.line.comment.text);
      afterOpen = false;
      return;
    }
    const { line } = entry;
    const text = " ".repeat(line.indent) + line.text + (entry.trailing ? ` ${entry.trailing.text}` : "");
    out.push(text);
    if (line.role === "item") seenItem = true;
    afterOpen = line.text.endsWith("{");
  });
  return out.length === 0 ? "" : out.join("\n") + "\n";
}

function blankAbove(
  entries: Entry[],
  index: number,
  source: SourceText,
  afterOpen: boolean,
  seenItem: boolean,
): boolean {
  const entry = entries[index];
  if (afterOpen && index > 0) return false;
  // The first comment or line of a top-level item after another item: always one blank line.
  const startsItem = firstEntryOfItem(entries, index);
  if (startsItem && seenItem) {
    const item = entries[startsItem.itemIndex] as { line: CodeLine };
    const previous = previousItemLine(entries, index);
    const bothImports = item.line.text.startsWith("import ") && previous?.text.startsWith("import ");
    if (!bothImports) return true;
  }
  if (entry.kind === "code" && (entry.line.role === "continuation" || entry.line.role === "close")) return false;
  if (entry.kind === "code" && entry.line.firstInBlock) return false;
  const start = entry.kind === "code" ? entry.line.start : entry.line.comment.start;
  return source.blankLineAbove(start);
}

/** When `index` is the first of the comments above an item's first line (or that line), the item's index. */
function firstEntryOfItem(entries: Entry[], index: number): { itemIndex: number } | undefined {
  const previous = entries[index - 1];
  if (previous && previous.kind === "comment") return undefined;
  let i = index;
  while (i < entries.length && entries[i].kind === "comment") i++;
  const target = entries[i];
  if (target && target.kind === "code" && target.line.role === "item") return { itemIndex: i };
  return undefined;
}

function previousItemLine(entries: Entry[], index: number): CodeLine | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.kind === "code" && entry.line.role === "item") return entry.line;
  }
  return undefined;
}
