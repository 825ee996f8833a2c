// npm run bench: events/s per core of the native and TypeScript paths, on a synthetic L3 day
// (10 M events) and on the real LOBSTER GOOG day, beside a plain read of the same log, and the
// command line's start-up (./startup.mjs) and the language server's diagnostics latency
// (./lspLatency.mjs). Writes docs/benchmarks.md. Uses the built package (dist/ and the native addon).
//
// `npm run bench -- --only startup` runs only the start-up section and replaces that section of
// docs/benchmarks.md, leaving the others as they are (FEATC_BENCH_STARTUP_RUNS runs, default 21;
// FEATC_BENCH_FEATC names another launcher than bin/featc.js, to compare builds); `--only lsp`
// likewise for the language server's section (FEATC_BENCH_LSP_EDITS edits, default 200), and
// `--only reference` for featc against the hand-written reference (./reference.mjs;
// FEATC_BENCH_REFERENCE_RUNS interleaved runs, default 7); `--only preview` for the preview
// latency (./preview.mjs; FEATC_BENCH_PREVIEW_RUNS runs, default 20); `--only memory` for the
// memory of 10 M and 40 M event days (./memory.mjs); `--only encodings` for the measured choice
// of Parquet encodings (./encodings.mjs).
import { execSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureStartup, startupSection } from "./startup.mjs";
import { lspSection, measureLspLatency } from "./lspLatency.mjs";
import { measurePreviewLatency, previewSection } from "./preview.mjs";
import { measureReference, referenceSection } from "./reference.mjs";
import { measureMemory, memorySection } from "./memory.mjs";
import { encodingsSection, measureEncodings } from "./encodings.mjs";
import { withDocSection } from "./docSection.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const DOC = join(REPO, "docs", "benchmarks.md");
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;

/** The sections `--only` can run alone. */
const SECTIONS = ["startup", "lsp", "reference", "preview", "memory", "encodings"];
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (onlyAt >= 0 && !SECTIONS.includes(only)) {
  process.stderr.write(`bench: --only takes one of ${SECTIONS.join(", ")}, got ${only ?? "nothing"}\n`);
  process.exit(2);
}
const STARTUP_RUNS = Number(process.env.FEATC_BENCH_STARTUP_RUNS ?? 21);
const startup = () => {
  const rows = measureStartup({
    repo: REPO,
    runs: STARTUP_RUNS,
    featc: process.env.FEATC_BENCH_FEATC,
    log: (line) => process.stderr.write(line + "\n"),
  });
  return startupSection(rows, STARTUP_RUNS);
};
const lsp = async () =>
  lspSection(
    await measureLspLatency({
      repo: REPO,
      featc: process.env.FEATC_BENCH_FEATC,
      edits: Number(process.env.FEATC_BENCH_LSP_EDITS ?? 200),
      log: (line) => process.stderr.write(line + "\n"),
    }),
  );
const reference = async () =>
  referenceSection(
    measureReference({
      repo: REPO,
      native: await import(dist("runtime/native/binding.js")),
      runs: Number(process.env.FEATC_BENCH_REFERENCE_RUNS ?? 7),
      log: (line) => process.stderr.write(line + "\n"),
    }),
  );
const memory = async () =>
  memorySection(
    await measureMemory({
      repo: REPO,
      native: await import(dist("runtime/native/binding.js")),
      log: (line) => process.stderr.write(line + "\n"),
    }),
  );
const encodings = () =>
  encodingsSection(measureEncodings({ repo: REPO, log: (line) => process.stderr.write(line + "\n") }));
const preview = async () =>
  previewSection(
    await measurePreviewLatency({
      repo: REPO,
      featc: process.env.FEATC_BENCH_FEATC,
      runs: Number(process.env.FEATC_BENCH_PREVIEW_RUNS ?? 20),
      log: (line) => process.stderr.write(line + "\n"),
    }),
  );
// A section run alone replaces its own in docs/benchmarks.md.
const ALONE = { startup, lsp, reference, preview, memory, encodings };
if (only !== undefined) {
  const section = await ALONE[only]();
  writeFileSync(DOC, withDocSection(existsSync(DOC) ? readFileSync(DOC, "utf8") : "# Benchmarks\n", section));
  process.stdout.write(section);
  process.exit(0);
}
const { compileFile } = await import(dist("compiler/compile.js"));
const { runExtract, loadTsKernel } = await import(dist("compiler/extract/run.js"));
const native = await import(dist("runtime/native/binding.js"));
const { LogReader } = await import(dist("runtime/log/reader.js"));
const { OnlineEngine } = await import(dist("runtime/online/engine.js"));

const EVENTS = Number(process.env.FEATC_BENCH_EVENTS ?? 10_000_000);
const REPEATS = Number(process.env.FEATC_BENCH_REPEATS ?? 3);
const OUT = join(REPO, "bench", "out");
const CACHE = join(REPO, ".featc");
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const fmt = (x) => Math.round(x).toLocaleString("en-US");
const best = (xs) => Math.min(...xs);
function log(line) {
  process.stderr.write(line + "\n");
}

function time(fn) {
  const t = performance.now();
  const r = fn();
  return [r, (performance.now() - t) / 1000];
}
async function timeAsync(fn) {
  const t = performance.now();
  const r = await fn();
  return [r, (performance.now() - t) / 1000];
}

// Inputs.
log(`generating ${fmt(EVENTS)} synthetic events...`);
const [syn, genSeconds] = time(() =>
  native.generateSynthetic({ symbol: "SYN", events: EVENTS, seed: 42, date: "2024-01-02", outDir: join(OUT, "q") }),
);
const [goog] = time(() =>
  native.importLobster({
    message: join(REPO, "examples/data/lobster/GOOG_2012-06-21_34200000_57600000_message_10.csv.gz"),
    orderbook: join(REPO, "examples/data/lobster/GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz"),
    symbol: "GOOG",
    outDir: join(OUT, "q"),
    lenient: false,
  }),
);
const program = compileFile(join(REPO, "examples/goog_1s.feat")).program;

const inputs = [
  {
    name: `synthetic L3 day, ${fmt(Number(syn.records))} events`,
    symbol: "SYN",
    path: syn.path,
    records: Number(syn.records),
  },
  {
    name: `LOBSTER GOOG 2012-06-21, ${fmt(Number(goog.records))} events`,
    symbol: "GOOG",
    path: goog.path,
    records: Number(goog.records),
  },
];

const rows = [];
for (const input of inputs) {
  log(`benchmarking ${input.name}`);
  const plain = [];
  const nat = [];
  let outRows = 0;
  let kernel;
  for (let i = 0; i < REPEATS; i++) {
    plain.push(native.readPlain(input.path).seconds);
    const [out, s] = await timeAsync(() =>
      runExtract(program, {
        source: join(OUT, "q"),
        symbols: [input.symbol],
        out: join(OUT, "native"),
        engine: "native",
        threads: 1,
        compression: "zstd",
        cacheDir: CACHE,
      }),
    );
    kernel = out.kernel;
    nat.push(out.results[0].seconds ?? s);
    outRows = out.results[0].rows;
  }
  const module = await loadTsKernel(kernel.jsModulePath);
  const online = [];
  for (let i = 0; i < REPEATS; i++) {
    const reader = LogReader.open(input.path);
    const engine = new OnlineEngine(module, {
      capacity: 4096,
      priceDecimals: reader.header.priceDecimals,
      sizeDecimals: reader.header.sizeDecimals,
    });
    const [, s] = time(() => engine.pushLog(reader));
    online.push(s);
  }
  const [, tsBatch] = await timeAsync(() =>
    runExtract(program, {
      source: join(OUT, "q"),
      symbols: [input.symbol],
      out: join(OUT, "ts"),
      engine: "ts",
      compression: "zstd",
      cacheDir: CACHE,
    }),
  );
  rows.push({ input, plain: best(plain), native: best(nat), online: best(online), tsBatch, outRows });
}

// Multi-symbol scaling: the same day under two symbols, one thread vs all cores.
log("multi-symbol scaling");
const cores = cpus().length;
native.generateSynthetic({ symbol: "SYN2", events: EVENTS, seed: 43, date: "2024-01-02", outDir: join(OUT, "q") });
const scaling = {};
for (const threads of [1, cores]) {
  const [, s] = await timeAsync(() =>
    runExtract(program, {
      source: join(OUT, "q"),
      symbols: ["SYN", "SYN2"],
      out: join(OUT, "scale"),
      engine: "native",
      threads,
      cacheDir: CACHE,
    }),
  );
  scaling[threads] = s;
}

// Warm starts (docs/language.md section 4.2) and the emit window: the synthetic day's events
// run from 14:30 to about 19:53 UTC. The last hour (--from 19:00) from the book snapshot the
// spec's warm-up allows, and one hour inside the day (--from 15:00 --to 16:00), each against
// the full day and the same window replayed from the day's first record.
log("warm start");
const ns = (iso) => BigInt(Date.parse(iso)) * 1_000_000n;
const warmCases = [
  ["full day", {}],
  [
    "--from 19:00, replayed from the first record (--no-warm-start)",
    { fromNs: ns("2024-01-02T19:00:00Z"), warmStart: false },
  ],
  ["--from 19:00, warm start from a snapshot", { fromNs: ns("2024-01-02T19:00:00Z") }],
  [
    "--from 15:00 --to 16:00, replayed from the first record (--no-warm-start)",
    { fromNs: ns("2024-01-02T15:00:00Z"), toNs: ns("2024-01-02T16:00:00Z"), warmStart: false },
  ],
  [
    "--from 15:00 --to 16:00, warm start from a snapshot",
    { fromNs: ns("2024-01-02T15:00:00Z"), toNs: ns("2024-01-02T16:00:00Z") },
  ],
];
const warm = [];
for (const [k, [name, extra]] of warmCases.entries()) {
  let result;
  const seconds = [];
  for (let i = 0; i < REPEATS; i++) {
    const [out, s] = await timeAsync(() =>
      runExtract(program, {
        source: join(OUT, "q"),
        symbols: ["SYN"],
        // A folder a case: a dataset never mixes two emit windows (DATASET_MISMATCH).
        out: join(OUT, "warm", String(k)),
        engine: "native",
        threads: 1,
        cacheDir: CACHE,
        ...extra,
      }),
    );
    result = out.results[0];
    seconds.push(result.seconds ?? s);
  }
  warm.push({ name, seconds: best(seconds), records: result.records, rows: result.rows });
}

// Heap allocations per event, counted by a counting allocator (native/core/tests/allocation.rs).
log("allocation count");
const allocationLine = (() => {
  const out = execSync("cargo test --release -p featc-core --test allocation -- --nocapture", {
    cwd: join(REPO, "native"),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return /(\d+) records, (\d+) rows, (\d+) allocations/.exec(out);
})();

// Import throughput of every importer on its real sample (../shared/data and the bundled
// LOBSTER day): input MB/s (as stored: gzip, zstd or plain) and input records/s.
function importThroughput() {
  const data = join(REPO, "..", "shared", "data");
  const esh4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
    join(data, "databento", "cme-esh4", f),
  );
  const itch = join(data, "itch", "ex20101224.TEST_ITCH_50.gz");
  const spot = ["spot_btcusdt_20240808.gz", "spot_btcusdt_20240809.gz"].map((f) => join(data, "binance", f));
  const quotes = join(data, "tardis", "tardis_quotes.csv");
  const lobster = ["message", "orderbook"].map((k) =>
    join(REPO, `examples/data/lobster/GOOG_2012-06-21_34200000_57600000_${k}_10.csv.gz`),
  );
  const cases = [
    [
      "LOBSTER GOOG 10 levels (gzip, with orderbook)",
      lobster,
      (dir) =>
        native.importLobster({
          message: lobster[0],
          orderbook: lobster[1],
          symbol: "GOOG",
          outDir: dir,
          lenient: false,
        }).records,
    ],
    ["DBN MBO, CME ESH4 (zstd)", esh4, (dir) => native.importDbn({ inputs: esh4, outDir: dir }).messagesIn],
    ["ITCH 5.0, RITCH sample (gzip)", [itch], (dir) => native.importItch({ input: itch, outDir: dir }).messagesIn],
    [
      "Binance spot BTCUSDT capture (gzip, 2 files)",
      spot,
      (dir) => native.importBinance({ inputs: spot, outDir: dir }).records,
    ],
    [
      "Tardis quotes BTCUSDT (csv)",
      [quotes],
      (dir) => native.importTardis({ inputs: [quotes], kind: "quotes", symbol: "BTCUSDT", outDir: dir }).records,
    ],
  ];
  const lines = [];
  for (const [name, inputs, run] of cases) {
    if (!inputs.every((f) => existsSync(f))) continue;
    const bytes = inputs.reduce((a, f) => a + statSync(f).size, 0);
    let records = 0;
    const seconds = best(
      Array.from(
        { length: REPEATS },
        (_, k) => time(() => (records = Number(run(join(OUT, "import", name.split(" ")[0], `${k}`)))))[1],
      ),
    );
    lines.push(
      `| ${name} | ${fmt(records)} | ${(bytes / 1e6).toFixed(1)} MB | ${(bytes / 1e6 / seconds).toFixed(1)} MB/s | ${fmt(records / seconds)} records/s |`,
    );
  }
  return lines;
}
log("import throughput");
const importLines = importThroughput();

const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};
const machine = [
  `- CPU: ${cpus()[0].model}, ${cores} cores available; ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory`,
  `- ${sh("uname -sr")}; Node ${process.version}; ${sh("rustc --version")}`,
  `- Date: ${new Date().toISOString().slice(0, 10)}; repeats: best of ${REPEATS}`,
];
const table = [
  "| input | plain read | native kernel (1 thread) | native / plain | TS online engine | TS batch (Parquet) | rows |",
  "|---|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.input.name} | ${fmt(r.input.records / r.plain)} ev/s | **${fmt(r.input.records / r.native)} ev/s** | ${(r.native / r.plain).toFixed(1)}x | ${fmt(r.input.records / r.online)} ev/s | ${fmt(r.input.records / r.tsBatch)} ev/s | ${fmt(r.outRows)} |`,
  ),
];
const doc = `# Benchmarks

Measured by \`npm run bench\` (bench/run.mjs); this file is written by it. Figures are events
per second per core unless stated. Spec: \`examples/goog_1s.feat\` (mid, spread, 5-level
imbalance, OFI and trade flow since the last row; trigger \`trade or every 1s\`).

## Machine

${machine.join("\n")}

## Inputs

- Synthetic L3 day: \`featc gen --events ${EVENTS} --seed 42\` (docs/formats/synthetic.md), generated in ${genSeconds.toFixed(2)} s
  (${fmt(EVENTS / genSeconds)} events/s).
- Real: LOBSTER GOOG 2012-06-21, 10 levels, imported with the orderbook seed (examples/data/lobster).

## Feature extraction, per core

What each column measures:
- *plain read*: a memory-mapped pass over every record summing two fields (\`readPlain\`), the floor.
- *native kernel*: \`featc extract --engine native --threads 1\`: mmap read, L3 book, generated
  Rust kernel, Arrow batches, zstd Parquet, written atomically (wall time of the file's job).
- *TS online engine*: \`OnlineEngine.pushLog\`: TypeScript book and generated TypeScript kernel,
  rows into the ring buffer.
- *TS batch*: \`featc extract --engine ts\`: the same plus apache-arrow and parquet-wasm.

${table.join("\n")}

## Heap allocations (native)

${allocationLine ? `The generated goog_1s kernel under the driver, on a 1,000,000-event synthetic day: **${allocationLine[3]} heap allocations** in total (the book growing to its working size and the row batches), ${fmt(Number(allocationLine[2]))} rows: no allocation per event. Counted by a counting global allocator in \`native/core/tests/allocation.rs\`.` : "The allocation test did not report."}

The resident set of a native run includes the pages of the memory-mapped log being read (file
pages, released behind the cursor); the heap holds the book and feature state only (see
"Memory at scale").

## Warm starts (native, one thread)

The synthetic day above (events from 14:30 to about 19:53 UTC), \`examples/goog_1s.feat\`
(warm-up: one bar and one event), times in UTC. A warm start loads the last book snapshot
(written every 10 minutes of exchange time by \`featc gen\`) that leaves the spec's warm-up before
\`--from\`, and replays from there; a run stops reading once a packet starts after \`--to\` with no
row waiting for a label. So its cost follows the window, not the day. The rows are bit for bit
those of the replay from the first record (test/extract/warmStart.test.ts).

| run | records replayed | rows | time |
|---|---:|---:|---:|
${warm.map((w) => `| ${w.name} | ${fmt(w.records)} | ${fmt(w.rows)} | ${w.seconds.toFixed(3)} s |`).join("\n")}

## Multi-symbol scaling (native)

Two synthetic days of ${fmt(EVENTS)} events each: ${scaling[1].toFixed(2)} s on 1 thread,
${scaling[cores].toFixed(2)} s on ${cores} threads (speed-up ${(scaling[1] / scaling[cores]).toFixed(2)}x on ${cores} cores).
`;
const importSection = importLines.length
  ? `
## Import throughput (native, one thread)

Every importer on its real sample, best of ${REPEATS}: records (input messages for DBN and
ITCH, records written for the others), the input's size as stored (compressed where it is),
and the rate of reading, decoding, mapping and writing sealed \`.q\` logs (fsync included).
The samples are small (3 MB at most), so fixed costs weigh on these figures.

| input | records | input size | MB/s (as stored) | records/s |
|---|---:|---:|---:|---:|
${importLines.join("\n")}
`
  : "";
log("cli start-up");
const startupText = `\n${startup()}`;
log("language server latency");
const lspText = `\n${await lsp()}`;
log("featc against the reference");
const referenceText = `\n${await reference()}`;
log("preview latency");
const previewText = `\n${await preview()}`;
log("memory at scale");
const memoryText = `\n${await memory()}`;
log("parquet encodings");
const encodingsText = `\n${encodings()}`;
const whole = doc + importSection + startupText + lspText + referenceText + previewText + memoryText + encodingsText;
writeFileSync(DOC, whole);
process.stdout.write(whole);
