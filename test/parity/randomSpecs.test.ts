// Random well-typed specs through the three engines (docs/reliability.md, "Random specs"): the
// native engine (Rust kernel and addon), the TypeScript batch engine and the online engine give
// the same rows bit for bit, or the same error, over a GOOG slice (L3) and a Binance slice (L2),
// clean and strict, and fault-injected and lenient. A fixed seed (its kernels stay cached, so a
// second run does not build them) and a few datasets drawn anew each run, then every regression
// the campaign kept (`npm run fuzz -- --target parity`) replayed on the log it failed on.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseLogs,
  checkDatasets,
  type DatasetOutcome,
  logCaseNamed,
  logCases,
  type LogCase,
} from "../fuzz/parityCheck.js";
import { type GeneratedDataset, wellTypedSpec } from "../fuzz/wellTyped.js";
import type { BaseLog } from "./support/hostileRuns.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const FIXED_SEED = 20_240_808;
const FIXED_DATASETS = 6;
/** Drawn anew on every run; the seed is in the test's name and in any failure. */
const RUN_SEED = Date.now() % 2 ** 31;
const RUN_DATASETS = 2;
const REGRESSIONS = join(REPO, "test", "fuzz", "parity-regressions");

const dir = scratchDir("random-specs");
let bases: BaseLog[];

beforeAll(() => {
  bases = baseLogs(join(dir, "bases"));
}, 120_000);

function failures(outcomes: DatasetOutcome[]): string[] {
  return outcomes.filter((o) => o.failure !== undefined).map((o) => `${o.failure}\n${o.dataset.text}`);
}

describe("random well-typed specs: native == TypeScript batch == online", () => {
  it(`a fixed seed (${FIXED_SEED}): ${FIXED_DATASETS} datasets, each log clean and 2 damaged copies lenient`, async () => {
    const [spec] = fc.sample(wellTypedSpec(FIXED_DATASETS, "fixed"), { numRuns: 1, seed: FIXED_SEED });
    const logs = logCases(bases, FIXED_SEED, 2);
    const outcomes = await checkDatasets(spec.datasets, logs, { dir, cacheDir: KERNEL_CACHE, forget: false });
    expect(failures(outcomes)).toEqual([]);
    // The case computes something: rows, and damaged copies that the lenient runs accept.
    expect(outcomes.filter((o) => o.rows > 0).length).toBeGreaterThanOrEqual(FIXED_DATASETS / 2);
    expect(
      outcomes[0].verdicts.filter((v, k) => logs[k].damage !== undefined && v === "accepted").length,
    ).toBeGreaterThan(0);
  }, 240_000);

  it(`this run's seed (${RUN_SEED}): ${RUN_DATASETS} datasets`, async () => {
    const [spec] = fc.sample(wellTypedSpec(RUN_DATASETS, `run${RUN_SEED}`), { numRuns: 1, seed: RUN_SEED });
    const logs = logCases(bases, RUN_SEED, 1);
    // Kernels of a seed never seen again are removed once checked.
    const outcomes = await checkDatasets(spec.datasets, logs, { dir, cacheDir: KERNEL_CACHE, forget: true });
    expect(failures(outcomes), `seed ${RUN_SEED}`).toEqual([]);
  }, 120_000);
});

/** The log a regression's first comment line names (`// ... : goog damaged 123 lenient: ...`). */
function regressionLog(firstLine: string): LogCase | undefined {
  const m = /^\/\/[^:]*: (\w+ (?:clean|damaged \d+)(?: lenient)?)(?::|$)/.exec(firstLine);
  return m ? logCaseNamed(bases, m[1]) : undefined;
}

describe("the parity regressions, each on the log it failed on and on the clean logs", () => {
  const files = readdirSync(REGRESSIONS)
    .filter((f) => f.endsWith(".feat"))
    .sort();
  it("are there", () => expect(files.length).toBeGreaterThan(0));

  for (const file of files) {
    it(
      file,
      async () => {
        const text = readFileSync(join(REGRESSIONS, file), "utf8");
        const log = regressionLog(text.split("\n")[0]);
        expect(log, `the first line of ${file} names a log`).toBeDefined();
        const name = /^dataset (\w+)/m.exec(text)![1];
        const dataset: GeneratedDataset = { name, text, labels: /^\s*label /m.test(text) };
        const logs = [log!, ...logCases(bases, 0, 0).filter((l) => l.label !== log!.label)];
        const outcomes = await checkDatasets([dataset], logs, {
          dir,
          cacheDir: KERNEL_CACHE,
          forget: false,
          fileName: join(REGRESSIONS, file),
        });
        expect(failures(outcomes)).toEqual([]);
      },
      120_000,
    );
  }
});
