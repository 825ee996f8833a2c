// `npm run fuzz -- --cases N [--seed S]`: the front end's fuzzing campaign (docs/security.md,
// "Fuzzing"). Runs N cases, split evenly over the generators of ./frontend.ts, through the
// same check the property tests make, and reports per generator and in total: cases, failures
// (an uncaught exception, an uncoded or internal diagnostic, a case over a second) and the
// slowest case. Each failing input is written to ./regressions/, where
// ./regressions.test.ts replays it from then on. Exit status 1 when a case failed.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { checkCase, GENERATORS } from "./frontend.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`--${name} takes a whole number, got ${process.argv[at + 1]}\n`);
    process.exit(2);
  }
  return value;
}

const total = option("cases", 10_000);
const seed = option("seed", Date.now() % 2 ** 31);
const BATCH = 500;
const regressions = join(import.meta.dirname, "regressions");

interface Tally {
  cases: number;
  failures: number;
  slowest: number;
  seconds: number;
}

const tallies = new Map<string, Tally>();
const failures = new Map<string, string>();
const started = performance.now();
let done = 0;

const names = Object.keys(GENERATORS);
for (const [index, name] of names.entries()) {
  const cases = Math.floor(total / names.length) + (index < total % names.length ? 1 : 0);
  const tally: Tally = { cases: 0, failures: 0, slowest: 0, seconds: 0 };
  tallies.set(name, tally);
  for (let batch = 0; tally.cases < cases; batch++) {
    const runs = Math.min(BATCH, cases - tally.cases);
    for (const text of fc.sample(GENERATORS[name], { numRuns: runs, seed: seed + index * 1_000_003 + batch })) {
      const result = checkCase(text);
      tally.cases++;
      tally.seconds += result.seconds;
      tally.slowest = Math.max(tally.slowest, result.seconds);
      if (result.failure) {
        tally.failures++;
        // One file per kind of failure: the first input that shows it.
        const kind = result.failure.replace(/\d+(\.\d+)?/g, "#").slice(0, 120);
        if (!failures.has(kind)) {
          const file = `found-${createHash("sha256").update(text).digest("hex").slice(0, 12)}.feat`;
          writeFileSync(
            join(regressions, file),
            `// fuzz (${name}, seed ${seed}): ${result.failure.split("\n")[0]}\n${text}`,
          );
          failures.set(kind, file);
        }
      }
      if (++done % 10_000 === 0) process.stderr.write(`${done.toLocaleString("en-US")} cases...\n`);
    }
  }
}

const rows = [...tallies].map(([name, t]) => ({ name, ...t }));
const sum = rows.reduce(
  (a, r) => ({
    cases: a.cases + r.cases,
    failures: a.failures + r.failures,
    slowest: Math.max(a.slowest, r.slowest),
    seconds: a.seconds + r.seconds,
  }),
  { cases: 0, failures: 0, slowest: 0, seconds: 0 },
);
const line = (name: string, t: Tally) =>
  `${name.padEnd(24)} ${t.cases.toLocaleString("en-US").padStart(9)} cases  ${String(t.failures).padStart(5)} failures  ` +
  `slowest ${(t.slowest * 1000).toFixed(0).padStart(5)} ms  mean ${((t.seconds / Math.max(1, t.cases)) * 1000).toFixed(2)} ms`;
process.stdout.write(
  [
    `featc front-end fuzzing, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ...rows.map((r) => line(r.name, r)),
    line("total", sum),
    ...[...failures].map(([kind, file]) => `  ${file}: ${kind}`),
  ].join("\n") + "\n",
);
process.exitCode = sum.failures > 0 ? 1 : 0;
