// Every importer as a fuzzing target: damaged slices of the real samples through
// `featc import`'s addon functions, in process (../importers.ts). One generator per importer and
// input kind; each case draws a damage that fits the input's framing.
import { join } from "node:path";
import type { Target } from "../campaign.js";
import { checkImport, damageInput, importerSubjects, type Subject } from "../importers.js";
import { seeded } from "../random.js";

/**
 * The subject whose case is being checked: the campaign runner names a kept failure with
 * `regressions.extension` when the case is done, and the extension says which importer and
 * input the file is (`found-<hash>.dbn-mbo.dbn`), so the replay knows how to import it.
 */
let current: Subject | undefined;

export const target: Target = {
  name: "importers",
  title:
    "every importer on damaged vendor files (a coded error naming the file and place, or sealed logs; nothing left by a failure)",
  regressions: {
    folder: join(import.meta.dirname, "..", "importer-regressions"),
    get extension() {
      return current?.extension ?? ".bin";
    },
  },
  generators: importerSubjects().map((subject) => ({
    name: subject.name,
    async run(count, seed, done) {
      const r = seeded(seed);
      for (let k = 0; k < count; k++) {
        const input = damageInput(subject, r);
        const result = checkImport(subject, input.bytes, input.lenient);
        // The reason first: the runner keeps one file per kind of failure, told by its start.
        if (result.failure) result.failure = `${result.failure} (${input.label}${input.lenient ? ", lenient" : ""})`;
        current = subject;
        done(result, input.bytes);
      }
    },
  })),
};
