// `npm run fuzz -- [--target NAME[,NAME...]|all] [--cases N] [--seed S] [--jobs J]`: the fuzzing
// campaign (docs/reliability.md, "Fuzzing"). Each target of ./targets/ runs N cases, split evenly
// over its generators, and the report gives per generator and per target: cases, failures (an
// uncaught exception, a panic, an uncoded or internal error, a hang, a partial output, a
// difference between engines), the slowest case and the mean. Each new kind of failure is kept
// as a file in the target's regression folder, whose test replays it from then on. Exit status
// 1 when a case failed.
//
// `--jobs J` splits every generator's cases over J processes (shards), each drawing from its own
// seed, and adds their tallies up: on a machine with J free cores a million cases take 1/J of
// the time. A shard is this same program run with `--shard K/J`, printing its tallies as JSON.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Target } from "./campaign.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : (process.argv[at + 1] ?? "");
}

function refuse(message: string): never {
  process.stderr.write(`featc fuzz: ${message}\n`);
  process.exit(2);
}

function whole(name: string, fallback: number): number {
  const text = option(name, String(fallback));
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) refuse(`--${name} takes a whole number, got '${text}'`);
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
  if (!available.includes(name)) refuse(`no target '${name}'; the targets are ${available.join(", ")} and all`);
const total = whole("cases", 10_000);
const seed = whole("seed", Date.now() % 2 ** 31);
const jobs = whole("jobs", 1);
if (jobs < 1 || jobs > 64) refuse(`--jobs takes 1 to 64, got ${jobs}`);
const shardText = option("shard", "");
const shard = /^(\d+)\/(\d+)$/.exec(shardText);
if (shardText && (!shard || Number(shard[1]) >= Number(shard[2])))
  refuse(`--shard takes K/J with K < J, got '${shardText}'`);

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

/** What one process found for one target: a tally per generator and one kept file per kind of failure. */
interface TargetReport {
  name: string;
  title: string;
  generators: { name: string; tally: Tally }[];
  /** Kind of failure -> "file: first line of the failure". */
  kept: Record<string, string>;
}

/** `count` split over `parts`: the share of part `k`. */
const share = (count: number, k: number, parts: number) => Math.floor(count / parts) + (k < count % parts ? 1 : 0);

/** Every Nth second a line on stderr, so a run of hours shows it is alive. */
const PROGRESS_SECONDS = 60;

/** Runs `cases` of a target in this process, shard `k` of `shards`. */
async function runTarget(name: string, cases: number, k: number, shards: number): Promise<TargetReport> {
  const { target } = (await import(join(folder, `${name}.ts`))) as { target: Target };
  const kept: Record<string, string> = {};
  const generators: TargetReport["generators"] = [];
  let lastProgress = performance.now();
  let done = 0;
  for (const [index, generator] of target.generators.entries()) {
    const n = target.generators.length;
    const count = share(share(cases, index, n), k, shards);
    // Shard 0 of a run draws what a single process draws from the same seed.
    const from = seed + index * 1_000_003 + k * 7_919;
    const tally = empty();
    await generator.run(count, from, (result, input) => {
      tally.cases++;
      tally.seconds += result.seconds;
      tally.slowest = Math.max(tally.slowest, result.seconds);
      if (performance.now() - lastProgress > PROGRESS_SECONDS * 1000) {
        lastProgress = performance.now();
        process.stderr.write(
          `featc fuzz${shards > 1 ? ` shard ${k}/${shards}` : ""}: ${name}, ${(done + tally.cases).toLocaleString("en-US")} cases so far (${generator.name})\n`,
        );
      }
      if (!result.failure) return;
      tally.failures++;
      // One file per kind of failure: the first input that shows it.
      const kind = result.failure.replace(/\d+(\.\d+)?/g, "#").slice(0, 120);
      if (kind in kept) return;
      const bytes = typeof input === "string" ? Buffer.from(input) : input;
      const file = `found-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}${target.regressions.extension}`;
      const header =
        target.regressions.extension === ".feat"
          ? Buffer.from(`// fuzz (${generator.name}, seed ${from}): ${result.failure.split("\n")[0]}\n`)
          : Buffer.alloc(0);
      writeFileSync(join(target.regressions.folder, file), Buffer.concat([header, bytes]));
      kept[kind] = `${file}: ${result.failure.split("\n")[0]}`;
    });
    done += tally.cases;
    generators.push({ name: generator.name, tally });
  }
  return { name: target.name, title: target.title, generators, kept };
}

/** Runs this program once per shard and adds up what each printed. */
async function runShards(): Promise<TargetReport[]> {
  const args = process.argv.slice(2).filter((_, i, all) => all[i] !== "--jobs" && all[i - 1] !== "--jobs");
  const outputs = await Promise.all(
    Array.from({ length: jobs }, (_, k) => {
      // process.argv[1] is vite-node, which runs this file's TypeScript.
      const child = spawn(
        process.execPath,
        [process.argv[1], import.meta.filename, ...args, "--seed", String(seed), "--shard", `${k}/${jobs}`],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      return new Promise<TargetReport[]>((resolve, reject) =>
        child.on("close", (status) => {
          const json = text.split("\n").find((l) => l.startsWith("{"));
          if (!json) reject(new Error(`shard ${k}/${jobs} ended with status ${status} and no report`));
          else resolve((JSON.parse(json) as { reports: TargetReport[] }).reports);
        }),
      );
    }),
  );
  return outputs[0].map((first, t) => ({
    ...first,
    generators: first.generators.map((g, i) => ({
      name: g.name,
      tally: outputs.map((o) => o[t].generators[i].tally).reduce(add, empty()),
    })),
    kept: Object.assign({}, ...outputs.map((o) => o[t].kept)) as Record<string, string>,
  }));
}

const started = performance.now();
if (shard) {
  const [k, shards] = [Number(shard[1]), Number(shard[2])];
  const reports: TargetReport[] = [];
  for (const name of names) reports.push(await runTarget(name, total, k, shards));
  process.stdout.write(`${JSON.stringify({ reports })}\n`);
} else {
  process.stdout.write(
    `featc fuzzing: ${names.join(", ")}; ${total.toLocaleString("en-US")} cases a target, seed ${seed}` +
      `${jobs > 1 ? `, ${jobs} processes` : ""}\n`,
  );
  let grand = empty();
  const print = (report: TargetReport) => {
    const sum = report.generators.map((g) => g.tally).reduce(add, empty());
    process.stdout.write(
      [
        `${report.name}: ${report.title}`,
        ...report.generators.map((g) => line(g.name, g.tally)),
        line("total", sum),
        ...Object.values(report.kept).map((k) => `    kept ${k}`),
      ].join("\n") + "\n",
    );
    grand = add(grand, sum);
  };
  if (jobs > 1) (await runShards()).forEach(print);
  else for (const name of names) print(await runTarget(name, total, 0, 1));
  process.stdout.write(
    `${grand.cases.toLocaleString("en-US")} cases, ${grand.failures} failures, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  process.exitCode = grand.failures > 0 ? 1 : 0;
}
