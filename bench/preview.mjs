// Preview latency ("Preview on sample", `featc preview`) on the bundled GOOG day: a client edits
// examples/goog_1s.feat open in a warm `featc lsp` and asks for the preview at once, and the time
// from sending the change to receiving the preview's rows and summary is measured over stdio.
// Each edit changes a constant of the spec, so its IR is new and its TypeScript kernel is
// generated, written, loaded and run over the whole day every time. Beside it: the same
// preview with no edit (the kernel from the cache), the server's first preview (the sample
// imported, the code generator loaded), and `featc preview` as a whole process. Run alone by
// `npm run bench -- --only preview`.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The spec with its spread's scale written as `scale`: a new IR for every value. */
function specWithScale(text, scale) {
  const edited = text.replace(/\* 1e4\b/, `* ${scale}`);
  if (edited === text) throw new Error("bench: examples/goog_1s.feat no longer scales its spread by `* 1e4`");
  return edited;
}

/**
 * Measures `runs` previews after an edit and `runs` without, in one server started with an empty
 * kernel cache of its own; then `cliRuns` runs of `featc preview` as a process. `featc` is the
 * launcher (bin/featc.js).
 */
export async function measurePreviewLatency({
  repo,
  featc = join(repo, "bin", "featc.js"),
  runs = 20,
  cliRuns = 5,
  pauseMs = 150,
  log = () => {},
}) {
  const dir = mkdtempSync(join(tmpdir(), "featc-bench-preview-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "bench" }\n');
  const original = readFileSync(join(repo, "examples", "goog_1s.feat"), "utf8");
  const path = join(dir, "goog_1s.feat");
  writeFileSync(path, original);
  const uri = pathToFileURL(path).href;
  const env = { ...process.env, FEATC_CACHE_DIR: join(dir, ".featc") };
  const child = spawn(process.execPath, [featc, "lsp", "--stdio"], {
    cwd: dir,
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  const preview = () =>
    connection.sendRequest("workspace/executeCommand", { command: "featc.preview", arguments: [uri, "goog_1s"] });
  try {
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
    });
    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "feat", version: 1, text: original },
    });
    let started = performance.now();
    const first = await preview();
    const firstMs = performance.now() - started;
    log(`preview: first ${firstMs.toFixed(0)} ms, ${first.rows} rows from ${first.records} events`);
    let text = original;
    let version = 1;
    const edited = [];
    const kernelMs = [];
    const runMs = [];
    for (let i = 1; i <= runs; i++) {
      await sleep(pauseMs);
      text = specWithScale(original, `${10000 + i}.0`);
      started = performance.now();
      await connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: ++version },
        contentChanges: [{ text }],
      });
      const answer = await preview();
      edited.push(performance.now() - started);
      if (answer.kernelCached) throw new Error("bench: an edited spec's kernel came from the cache");
      kernelMs.push(answer.timings.kernelMs);
      runMs.push(answer.timings.runMs);
    }
    log(`preview: ${runs} edits`);
    const unchanged = [];
    for (let i = 0; i < runs; i++) {
      await sleep(pauseMs);
      started = performance.now();
      const answer = await preview();
      unchanged.push(performance.now() - started);
      if (!answer.kernelCached) throw new Error("bench: an unchanged spec's kernel was generated again");
    }
    log(`preview: ${runs} without an edit`);
    // The command line: a whole process each, the kernel cached (the spec as it is now) or new.
    const cli = (args) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [featc, "preview", path, ...args], { cwd: dir, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`featc preview exited ${r.status}: ${r.stderr}`);
      return performance.now() - t;
    };
    const cliCached = [];
    const cliNew = [];
    for (let i = 1; i <= cliRuns; i++) {
      cliCached.push(cli(["--json"]));
      writeFileSync(path, specWithScale(original, `${20000 + i}.0`));
      cliNew.push(cli(["--json"]));
    }
    log(`preview: ${cliRuns} command-line runs`);
    return {
      rows: first.rows,
      records: first.records,
      runs,
      cliRuns,
      firstMs,
      edited: stats(edited),
      unchanged: stats(unchanged),
      kernel: stats(kernelMs),
      run: stats(runMs),
      cliCached: stats(cliCached),
      cliNew: stats(cliNew),
      launcher: featc === join(repo, "bin", "featc.js") ? "`bin/featc.js`" : "the launcher `FEATC_BENCH_FEATC` names",
      load: loadavg()[0],
      cores: cpus().length,
    };
  } finally {
    try {
      await connection.sendRequest("shutdown");
      await connection.sendNotification("exit");
    } catch {
      // The server is gone already.
    }
    connection.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (x) => `${Math.round(x)} ms`;

/** The section of docs/benchmarks.md (its heading included). */
export function previewSection(r) {
  return `## Preview latency

"Preview on sample" (docs/editors.md, \`featc preview\`) of \`examples/goog_1s.feat\` on the bundled
LOBSTER GOOG 2012-06-21 day (${r.records.toLocaleString("en-US")} events, ${r.rows.toLocaleString("en-US")} rows), in a warm \`featc lsp\`
(one that has previewed once): time from sending \`textDocument/didChange\` to receiving the
answer of \`workspace/executeCommand featc.preview\` (the first 10 rows and the summary of every
column over the whole day), over stdio. Each edit changes the spread's scale, so the spec is
compiled, its TypeScript kernel generated (ts-morph, loaded already), written to the kernel
cache, loaded and run over the day every time; no cargo. Goal: 1 s. ${r.runs} runs each, after a
pause of 150 ms; featc started as ${r.launcher}; load average when it ended: ${r.load.toFixed(1)}
on ${r.cores} cores.

| preview | median | p99 | max |
|---|---:|---:|---:|
| after an edit (a new kernel) | **${ms(r.edited.medianMs)}** | ${ms(r.edited.p99Ms)} | ${ms(r.edited.maxMs)} |
| &nbsp;&nbsp;of which the kernel (generate, write, load) | ${ms(r.kernel.medianMs)} | ${ms(r.kernel.p99Ms)} | ${ms(r.kernel.maxMs)} |
| &nbsp;&nbsp;of which the run over the day | ${ms(r.run.medianMs)} | ${ms(r.run.p99Ms)} | ${ms(r.run.maxMs)} |
| without an edit (the kernel from the cache) | ${ms(r.unchanged.medianMs)} | ${ms(r.unchanged.p99Ms)} | ${ms(r.unchanged.maxMs)} |

The server's first preview took ${ms(r.firstMs)}: it imported the sample into the kernel cache
(once per cache) and loaded the code generator (once per process). \`featc preview\` as a whole
process, median of ${r.cliRuns}: ${ms(r.cliCached.medianMs)} with its kernel in the cache, ${ms(r.cliNew.medianMs)} after an edit
(ts-morph loaded for the new kernel).
`;
}
