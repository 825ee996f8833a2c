// Property tests of the front end on hostile specs (./frontend.ts): a bounded budget, a few
// seconds, in every `npm test`; `npm run fuzz -- --cases N` runs the same generators for long.
import fc from "fast-check";
import { describe, it } from "vitest";
import { checkCase, GENERATORS } from "./frontend.js";

/** Cases per generator in `npm test`. */
const CASES = 150;

describe("the front end on generated specs", () => {
  for (const [name, generator] of Object.entries(GENERATORS)) {
    it(`${name}: no exception, only coded diagnostics, each case under a second`, () => {
      fc.assert(
        fc.property(generator, (text) => {
          const result = checkCase(text);
          if (result.failure) throw new Error(result.failure);
        }),
        { numRuns: CASES },
      );
    });
  }
});
