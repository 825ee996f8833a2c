// The call the cursor is inside, read from the text before it (which may be half typed and not
// parse): the callee, the argument being written and the names already given. For signature
// help and for completing named arguments.

export interface CallContext {
  callee: string;
  /** What the callee is a member of: `book.bid` for `book.bid.level(`. */
  owner?: string;
  /** Offset of the `(`. */
  open: number;
  /** The 0-based position of the argument being written. */
  index: number;
  /** Its name, when it is written `name = ...`. */
  name?: string;
  /** Whether the argument is still at its start or its name (a named argument may go there). */
  atArgumentStart: boolean;
  /** Names of the arguments written `name = ...`. */
  named: string[];
}

/** How far back the search for an open `(` goes. */
const MAX_BACK = 4000;

/** `text` with `//` comments blanked to spaces (same length), so their brackets do not count. */
function withoutComments(text: string): string {
  return text.replace(/\/\/[^\n]*/g, (comment) => " ".repeat(comment.length));
}

export function callAt(fullText: string, offset: number): CallContext | undefined {
  const from = Math.max(0, offset - MAX_BACK);
  const text = withoutComments(fullText.slice(from, offset));
  let depth = 0;
  const commas: number[] = [];
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === ")") depth++;
    else if (ch === "(") {
      if (depth === 0) return contextAt(text, i, commas.reverse(), from);
      depth--;
    } else if (ch === "," && depth === 0) commas.push(i);
    else if (ch === "{" || ch === "}") return undefined;
  }
  return undefined;
}

function contextAt(text: string, open: number, commas: number[], base: number): CallContext | undefined {
  const before = /([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*$/.exec(text.slice(0, open));
  if (!before) return undefined;
  const parts = before[1].split(".").map((part) => part.trim());
  const callee = parts.pop()!;
  const bounds = [open, ...commas, text.length];
  const args = bounds.slice(0, -1).map((start, k) => text.slice(start + 1, bounds[k + 1]));
  const nameOf = (arg: string) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(arg)?.[1];
  const current = args[args.length - 1];
  return {
    callee,
    ...(parts.length ? { owner: parts.join(".") } : {}),
    open: base + open,
    index: commas.length,
    ...(nameOf(current) ? { name: nameOf(current) } : {}),
    atArgumentStart: /^\s*[A-Za-z_0-9]*$/.test(current),
    named: args.map(nameOf).filter((name): name is string => name !== undefined),
  };
}
