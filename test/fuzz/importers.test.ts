// The importers' fuzzing target in every `npm test` (./importers.ts): a bounded budget of
// damaged input for each importer and input kind, then every input kept in
// ./importer-regressions/ (its extension names the importer), strict and lenient. A case
// passes when the import succeeds with sealed logs only, or fails with a coded error naming the
// file and the line or byte offset and leaves nothing behind, in seconds.
// `npm run fuzz -- --target importers --cases N` runs long.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkImport, damageInput, importerSubjects, subjectOf } from "./importers.js";
import { seeded } from "./random.js";

/** Cases per importer and input kind in `npm test`: 19 kinds, a few seconds on two cores. */
const CASES = 60;
const SEED = 0x1a9047;

const folder = join(import.meta.dirname, "importer-regressions");
const kept = readdirSync(folder)
  .filter((name) => !name.startsWith(".") && !name.endsWith(".md"))
  .sort();

describe("every importer on damaged input", () => {
  for (const [k, subject] of importerSubjects().entries()) {
    it(`${subject.name}: sealed logs or a coded error naming the file and place, nothing left behind`, () => {
      const r = seeded(SEED + k);
      for (let i = 0; i < CASES; i++) {
        const input = damageInput(subject, r);
        const result = checkImport(subject, input.bytes, input.lenient);
        expect(result.failure, `${input.label}${input.lenient ? ", lenient" : ""}`).toBeUndefined();
      }
    }, 60_000);
  }
});

describe("the importers' fuzzing regressions", () => {
  it("has the inputs kept so far, each named for its importer", () => {
    expect(kept.length).toBeGreaterThanOrEqual(10);
    for (const name of kept) expect(subjectOf(name), name).toBeDefined();
  });

  it.each(kept)("%s, strict and lenient", (name) => {
    const subject = subjectOf(name)!;
    const bytes = new Uint8Array(readFileSync(join(folder, name)));
    for (const lenient of [false, true]) {
      const result = checkImport(subject, bytes, lenient);
      expect(result.failure, lenient ? "lenient" : "strict").toBeUndefined();
    }
  });
});
