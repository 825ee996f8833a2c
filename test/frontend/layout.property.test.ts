// Layout does not matter: extra spaces, blank lines and comments where the language allows
// them (docs/language.md section 2) leave the IR unchanged.

import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lex, Newline } from "../../grammar/tokens.js";
import { compileSource } from "../../compiler/compile.js";

const spec = "examples/goog_1s.feat";
const text = readFileSync(spec, "utf8");

/** Where padding may go: between tokens, before each significant token, with its kind. */
function gaps(source: string): { offset: number; insideLine: boolean }[] {
  return lex(source).tokens.map((token) => ({ offset: token.startOffset, insideLine: token.tokenType !== Newline }));
}

const padding = fc.constantFrom(" ", "  ", "\t", "   \t ");

/** Line-ending padding: a trailing comment, or a comment line, or a blank line. */
const lineEndPadding = fc.constantFrom(
  "",
  " // note",
  '  // a comment, with symbols: ( ) + = ?? "',
  "\n",
  "\n// comment line\n",
  "\n\n",
);

describe("layout", () => {
  it("spaces and comments between tokens do not change the IR", () => {
    const reference = compileSource(text, spec).program;
    expect(reference).toBeDefined();
    const places = gaps(text);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(places.length - 1), padding, lineEndPadding), { minLength: 1, maxLength: 12 }),
        (insertions) => {
          let result = text;
          // Insert from the end so earlier offsets stay valid.
          const sorted = [...insertions].sort((a, b) => places[b[0]].offset - places[a[0]].offset);
          for (const [index, inLine, atLineEnd] of sorted) {
            const place = places[index];
            const insertion = place.insideLine ? inLine : atLineEnd;
            result = result.slice(0, place.offset) + insertion + result.slice(place.offset);
          }
          const compiled = compileSource(result, spec);
          expect(compiled.diagnostics).toEqual([]);
          expect(compiled.program).toEqual(reference);
        },
      ),
      { numRuns: 150 },
    );
  });
});
