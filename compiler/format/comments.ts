// Every comment of a file, `//` and `///`, with its position. The parser keeps `//` comments
// in a side list and `///` doc comments in the token stream; the formatter treats both alike:
// text kept, placed by position.

import { DocComment, lex } from "../../grammar/tokens.js";

export interface PlacedComment {
  /** Trailing spaces dropped; otherwise exactly as written. */
  text: string;
  start: number;
  line: number;
  /** `///`: documentation, which must stay on its own line above what it documents. */
  doc: boolean;
}

export function collectComments(text: string): PlacedComment[] {
  const lexed = lex(text);
  const plain = lexed.comments.map((c) => ({ text: c.text.trimEnd(), start: c.startOffset, line: c.line, doc: false }));
  const docs = lexed.tokens
    .filter((token) => token.tokenType === DocComment)
    .map((token) => ({ text: token.image.trimEnd(), start: token.startOffset, line: token.startLine ?? 1, doc: true }));
  return [...plain, ...docs].sort((a, b) => a.start - b.start);
}
