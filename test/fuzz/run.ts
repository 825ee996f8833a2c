// `npm run fuzz -- [--target NAME[,NAME...]|all] [--cases N] [--seed S]`: the fuzzing campaign
// (docs/reliability.md, "Fuzzing"). Each target of ./targets/ runs N cases, split evenly over
// its generators, and the report gives per generator and per target: cases, failures (an
// uncaught exception, a panic, an uncoded or internal error, a hang, a partial output, a
// difference between engines), the slowest case and the mean. Each new kind of failure is kept
// as a file in the target's regression folder, whose test replays it from then on. Exit status
// 1 when a case failed.
import { createHash } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Target } from "./campaign.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : (process.argv[at + 1] ?? "");
}

function whole(name: string, fallback: number): number {
  const text = option(name, String(fallback));
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    process.stderr.write(`featc fuzz: --${name} takes a whole number, got '${text}'\n`);
    process.exit(2);
  }
  return value;
}

const folder = join(import.meta.dirname, "targets");
const available = readdirSync(folder)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => name.slice(0, -3))
  .sort();
// Without --target, the targets whose cases take milliseconds; `parity` builds a kernel a case
// (seconds), so it runs when named, or with `all`.
const DEFAULT_TARGETS = ["frontend", "reader", "importers"];
const wanted = option("target", DEFAULT_TARGETS.join(","));
const names = wanted === "all" ? available : wanted.split(",").filter(Boolean);
for (const name of names)
  if (!available.includes(name)) {
    process.stderr.write(`featc fuzz: no target '${name}'; the targets are ${available.join(", ")} and all\n`);
    process.exit(2);
  }
const total = whole("cases", 10_000);
const seed = whole("seed", Date.now() % 2 ** 31);

interface Tally {
  cases: number;
  failures: number;
  slowest: number;
  seconds: number;
}
const empty = (): Tally => ({ cases: 0, failures: 0, slowest: 0, seconds: 0 });
const add = (a: Tally, b: Tally): Tally => ({
  cases: a.cases + b.cases,
  failures: a.failures + b.failures,
  slowest: Math.max(a.slowest, b.slowest),
  seconds: a.seconds + b.seconds,
});
const line = (name: string, t: Tally) =>
  `  ${name.padEnd(32)} ${t.cases.toLocaleString("en-US").padStart(11)} cases ${String(t.failures).padStart(6)} failures` +
  `   slowest ${(t.slowest * 1000).toFixed(0).padStart(6)} ms   mean ${((t.seconds / Math.max(1, t.cases)) * 1000).toFixed(2)} ms`;

const started = performance.now();
let grand = empty();
process.stdout.write(
  `featc fuzzing: ${names.join(", ")}; ${total.toLocaleString("en-US")} cases a target, seed ${seed}\n`,
);
for (const name of names) {
  const { target } = (await import(join(folder, `${name}.ts`))) as { target: Target };
  const kept = new Map<string, string>();
  let sum = empty();
  const rows: string[] = [];
  for (const [index, generator] of target.generators.entries()) {
    const n = target.generators.length;
    const count = Math.floor(total / n) + (index < total % n ? 1 : 0);
    const tally = empty();
    await generator.run(count, seed + index * 1_000_003, (result, input) => {
      tally.cases++;
      tally.seconds += result.seconds;
      tally.slowest = Math.max(tally.slowest, result.seconds);
      if (!result.failure) return;
      tally.failures++;
      // One file per kind of failure: the first input that shows it.
      const kind = result.failure.replace(/\d+(\.\d+)?/g, "#").slice(0, 120);
      if (kept.has(kind)) return;
      const bytes = typeof input === "string" ? Buffer.from(input) : input;
      const file = `found-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}${target.regressions.extension}`;
      const header =
        target.regressions.extension === ".feat"
          ? Buffer.from(`// fuzz (${generator.name}, seed ${seed}): ${result.failure.split("\n")[0]}\n`)
          : Buffer.alloc(0);
      writeFileSync(join(target.regressions.folder, file), Buffer.concat([header, bytes]));
      kept.set(kind, `${file}: ${result.failure.split("\n")[0]}`);
    });
    rows.push(line(generator.name, tally));
    sum = add(sum, tally);
  }
  process.stdout.write(
    [
      `${target.name}: ${target.title}`,
      ...rows,
      line("total", sum),
      ...[...kept.values()].map((k) => `    kept ${k}`),
    ].join("\n") + "\n",
  );
  grand = add(grand, sum);
}
process.stdout.write(
  `${grand.cases.toLocaleString("en-US")} cases, ${grand.failures} failures, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
process.exitCode = grand.failures > 0 ? 1 : 0;
