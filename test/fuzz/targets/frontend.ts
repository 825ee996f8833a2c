// The front end as a fuzzing target: the generators and check of ../frontend.ts.
import { join } from "node:path";
import fc from "fast-check";
import type { Target } from "../campaign.js";
import { checkCase, GENERATORS } from "../frontend.js";

/** Cases drawn at once from one seed: fast-check samples eagerly. */
const BATCH = 500;

export const target: Target = {
  name: "frontend",
  title: "the spec front end (compile, format and render diagnostics)",
  regressions: { folder: join(import.meta.dirname, "..", "regressions"), extension: ".feat" },
  generators: Object.entries(GENERATORS).map(([name, arbitrary]) => ({
    name,
    async run(count, seed, done) {
      for (let batch = 0, ran = 0; ran < count; batch++) {
        const runs = Math.min(BATCH, count - ran);
        for (const text of fc.sample(arbitrary, { numRuns: runs, seed: seed + batch })) done(checkCase(text), text);
        ran += runs;
      }
    },
  })),
};
