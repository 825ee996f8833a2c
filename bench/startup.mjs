// The command line's start-up: wall time of whole featc processes, from spawn to exit, as a
// median of N runs beside `node -e 0` (Node's own start-up on the same machine), and each
// one's peak resident memory. Run alone by `npm run bench -- --only startup`.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

/** The commands measured: each loads only what it needs (compiler/cli/command.ts). */
const COMMANDS = [
  ["featc --version", ["--version"]],
  ["featc check examples/goog_1s.feat", ["check", "examples/goog_1s.feat"]],
  ["featc fmt --check specs/std/book.feat", ["fmt", "--check", "specs/std/book.feat"]],
];

/** Prints the process's peak resident set on stderr as it exits (its own run, not timed). */
const PEAK_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("\\npeak-rss "+process.resourceUsage().maxRSS+"\\n"))`;

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runOnce(nodeArgs, repo) {
  const started = performance.now();
  const r = spawnSync(process.execPath, nodeArgs, { cwd: repo, encoding: "utf8" });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${nodeArgs.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

function peakRssMb(nodeArgs, repo) {
  const { stderr } = runOnce(["--import", PEAK_RSS, ...nodeArgs], repo);
  const kb = Number(/peak-rss (\d+)/.exec(stderr)?.[1]);
  return kb / 1024;
}

/**
 * Measures `node -e 0` and each command `runs` times, interleaved so that a change in the
 * machine's load weighs on all of them alike. `featc` is the launcher to run (bin/featc.js).
 */
export function measureStartup({ repo, runs, featc = join(repo, "bin", "featc.js"), log = () => {} }) {
  const cases = [["node -e 0", ["-e", "0"]], ...COMMANDS.map(([name, args]) => [name, [featc, ...args]])];
  // One untimed run each: the first start after a build reads cold files.
  for (const [, args] of cases) runOnce(args, repo);
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    log(`start-up run ${i + 1}/${runs}`);
    cases.forEach(([, args], k) => times[k].push(runOnce(args, repo).ms));
  }
  const node = median(times[0]);
  return cases.map(([name, args], k) => ({
    name,
    medianMs: median(times[k]),
    ratio: median(times[k]) / node,
    peakRssMb: peakRssMb(args, repo),
  }));
}

/** The section of docs/benchmarks.md (its heading included). */
export function startupSection(rows, runs) {
  return `## CLI start-up

Wall time of one process, from spawn to exit, median of ${runs} runs (interleaved, after one
untimed run each), beside \`node -e 0\`, Node's own start-up on the same machine; peak resident
memory from one more run. A command imports only what it runs (compiler/cli/command.ts): the
code generator (ts-morph, TypeScript) loads only when a kernel is generated, apache-arrow and
parquet-wasm only where Parquet is written or read by TypeScript, and Chevrotain from its
single-file build (grammar/chevrotain.ts); the lexer and parser skip Chevrotain's checks of
their own definitions (a test runs them: test/frontend/grammarChecks.test.ts), and yargs wraps
its help to the terminal only when \`--help\` asks for it. Load average when it ended: ${loadavg()[0].toFixed(1)} on
${cpus().length} cores.

| command | median | / \`node -e 0\` | peak RSS |
|---|---:|---:|---:|
${rows.map((r) => `| \`${r.name}\` | ${Math.round(r.medianMs)} ms | ${r.ratio.toFixed(1)}x | ${Math.round(r.peakRssMb)} MB |`).join("\n")}
`;
}
