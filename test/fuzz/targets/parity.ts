// The engines' parity as a fuzzing target (docs/reliability.md, "Random specs"): random
// well-typed datasets (../wellTyped.ts) compiled eight to a spec file, each built into its Rust
// and TypeScript kernels and run by the native, TypeScript-batch and online engines over a GOOG
// slice (L3) and a Binance slice (L2), clean and strict, then three fault-injected copies of each,
// lenient (../parityCheck.ts). A case is one dataset; it fails on any difference between the
// engines, a panic, an uncoded error or output left by a refusal, and its failure names the log
// (`goog damaged 123 lenient`), which the replay (test/parity/randomSpecs.test.ts) rebuilds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { KERNEL_CACHE } from "../../support/paths.js";
import type { Target } from "../campaign.js";
import { baseLogs, checkDatasets, logCases } from "../parityCheck.js";
import { wellTypedSpec } from "../wellTyped.js";

/** Datasets compiled as one spec file. */
const BATCH = 8;
/** Fault-injected copies of each base log a batch runs over (each batch draws its own). */
const DAMAGED = 3;

export const target: Target = {
  name: "parity",
  title: "native == TypeScript batch == online rows on random well-typed specs, clean and lenient on damaged logs",
  regressions: { folder: join(import.meta.dirname, "..", "parity-regressions"), extension: ".feat" },
  generators: [
    {
      name: "well-typed datasets",
      async run(count, seed, done) {
        const dir = mkdtempSync(join(tmpdir(), "featc-fuzz-parity-"));
        try {
          const bases = baseLogs(join(dir, "bases"));
          for (let batch = 0, ran = 0; ran < count; batch++) {
            const size = Math.min(BATCH, count - ran);
            const [spec] = fc.sample(wellTypedSpec(size, `p${seed}_${batch}`), { numRuns: 1, seed: seed + batch });
            const logs = logCases(bases, ((seed + batch) * DAMAGED) % 2 ** 31, DAMAGED);
            // Each kernel is removed once checked: a campaign of hours would fill the cache.
            const outcomes = await checkDatasets(spec.datasets, logs, { dir, cacheDir: KERNEL_CACHE, forget: true });
            for (const o of outcomes) done({ failure: o.failure, seconds: o.seconds }, o.dataset.text);
            ran += size;
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    },
  ],
};
