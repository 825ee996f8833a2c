// Positions in the text being formatted: offsets to line numbers, the parser's tokens (for
// keywords the syntax tree does not record, such as `{` and `else`), and blank-line checks.

import type { IToken } from "chevrotain";
import { lex } from "../../grammar/tokens.js";

export class SourceText {
  private readonly lineStarts: number[] = [0];
  readonly tokens: IToken[];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.lineStarts.push(i + 1);
    this.tokens = lex(text).tokens;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** Whether the line just above the one holding `offset` is empty (spaces only). */
  blankLineAbove(offset: number): boolean {
    const line = this.lineOf(offset);
    if (line < 2) return false;
    const start = this.lineStarts[line - 2];
    const end = this.lineStarts[line - 1] - 1;
    return this.text.slice(start, end).trim() === "";
  }

  /** Offset of the first token spelled `image` at or after `from`. */
  tokenOffset(image: string, from: number): number {
    for (const token of this.tokens) if (token.startOffset >= from && token.image === image) return token.startOffset;
    return from;
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
}
