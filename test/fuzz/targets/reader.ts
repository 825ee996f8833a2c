// The `.q` readers as a fuzzing target: damaged copies of two small real logs through both
// engines (../reader.ts). One generator per kind of damage; each case alternates the two logs.
import { join } from "node:path";
import type { Target } from "../campaign.js";
import { seeded } from "../random.js";
import { checkLog, DAMAGES, damage, readerContext } from "../reader.js";

export const target: Target = {
  name: "reader",
  title: "damaged .q logs through both engines (same verdict, code and rows; nothing left by a refusal)",
  regressions: { folder: join(import.meta.dirname, "..", "reader-regressions"), extension: ".q" },
  generators: Object.keys(DAMAGES).map((kind) => ({
    name: kind,
    async run(count, seed, done) {
      const ctx = await readerContext();
      const r = seeded(seed);
      for (let k = 0; k < count; k++) {
        const base = ctx.bases[k % ctx.bases.length];
        const log = damage(base, kind, r);
        const result = await checkLog(ctx, base, log.bytes, log.lenient);
        // The reason first: the runner keeps one file per kind of failure, told by its start.
        if (result.failure)
          result.failure = `${result.failure} (${base.name}, ${log.label}${log.lenient ? ", lenient" : ""})`;
        done(result, log.bytes);
      }
    },
  })),
};
