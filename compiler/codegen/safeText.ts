// How text from a spec (its path, names, the labels of its states) is written into generated
// source, so that no text can end a comment or a string and become code (docs/security.md).
//
// Every character outside printable ASCII is escaped. That covers the line terminators of
// both languages (JavaScript ends a `//` comment at LF, CR, U+2028 and U+2029), the bidirectional
// controls rustc refuses in comments and literals, and lone surrogates, which no Rust `char` holds.

const PRINTABLE_ASCII = /^[\x20-\x7e]$/;

function codePoints(text: string): number[] {
  return [...text].map((ch) => ch.codePointAt(0)!);
}

function isPrintableAscii(code: number): boolean {
  return PRINTABLE_ASCII.test(String.fromCodePoint(code));
}

function isLoneSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/**
 * Text for a `//` comment, in Rust or TypeScript: printable ASCII as it is, anything else as
 * `\u{hex}`. A path with a newline stays on its line.
 */
export function commentText(text: string): string {
  return codePoints(text)
    .map((code) => (isPrintableAscii(code) ? String.fromCodePoint(code) : `\\u{${code.toString(16)}}`))
    .join("");
}

/** A TypeScript/JavaScript string literal holding exactly `text`. */
export function tsStringLiteral(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const ch = text[i];
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (unit >= 0x20 && unit <= 0x7e) out += ch;
    else out += `\\u${unit.toString(16).padStart(4, "0")}`;
  }
  return out + '"';
}

/** A Rust string literal holding `text` (a lone surrogate, which Rust cannot hold, becomes U+FFFD). */
export function rustStringLiteral(text: string): string {
  let out = '"';
  for (const code of codePoints(text)) {
    const ch = String.fromCodePoint(code);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (isPrintableAscii(code)) out += ch;
    else out += `\\u{${(isLoneSurrogate(code) ? 0xfffd : code).toString(16)}}`;
  }
  return out + '"';
}

/** A TOML basic string holding `text` (Cargo.toml). */
export function tomlStringLiteral(text: string): string {
  let out = '"';
  for (const code of codePoints(text)) {
    const ch = String.fromCodePoint(code);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (isPrintableAscii(code)) out += ch;
    else if (code <= 0xffff) out += `\\u${(isLoneSurrogate(code) ? 0xfffd : code).toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return out + '"';
}
