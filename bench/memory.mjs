// Memory at scale: featc's extraction of a 10 M and a 40 M event synthetic day (0.65 and 2.6 GB
// logs), by each engine, as a process of its own (bench/featcJob.mjs) whose memory this one
// samples from /proc/PID/status every few milliseconds: the peak resident set (VmHWM), and apart
// its peaks of anonymous memory (RssAnon: the heap, the book, the feature state, the row
// batches) and of file-backed pages (RssFile: the mapped log, the binaries). A replay whose
// memory followed the log would show it here; the native engine's mapped pages are released
// behind the cursor and the TypeScript engine reads a window at a time. Linux only. Run alone by
// `npm run bench -- --only memory`.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const SPEC = "examples/goog_1s.feat";
const DAYS = [
  { events: 10_000_000, symbol: "SYN10M" },
  { events: 40_000_000, symbol: "SYN40M" },
];
const ENGINES = ["native", "ts"];
const SAMPLE_MS = 5;
/** V8's old space for the TypeScript runs: a heap that grew with the rows would not fit. */
const TS_OLD_SPACE_MB = 64;

/** kB figures of /proc/PID/status by name, or null once the process is gone. */
function status(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    return Object.fromEntries(
      [...text.matchAll(/^(VmHWM|VmRSS|RssAnon|RssFile):\s+(\d+) kB$/gm)].map((m) => [m[1], Number(m[2]) * 1024]),
    );
  } catch {
    return null;
  }
}

/** Runs `argv` to its end, sampling its memory; its JSON line and the peaks. */
function sampled(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
    const peak = { VmHWM: 0, RssAnon: 0, RssFile: 0 };
    const timer = setInterval(() => {
      const s = status(child.pid);
      if (s) for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], s[k] ?? 0);
    }, SAMPLE_MS);
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.on("close", (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${argv.join(" ")} exited ${code}`));
      else resolve({ result: JSON.parse(out.trim().split("\n").pop()), peak });
    });
  });
}

export async function measureMemory({ repo, native, log = () => {} }) {
  const out = join(repo, "bench", "out", "memory");
  rmSync(out, { recursive: true, force: true });
  const q = join(out, "q");
  mkdirSync(q, { recursive: true });
  const rows = [];
  for (const day of DAYS) {
    log(`memory: writing ${day.events.toLocaleString("en-US")} events`);
    const s = native.generateSynthetic({
      symbol: day.symbol,
      events: day.events,
      seed: 42,
      date: "2024-01-02",
      outDir: q,
    });
    const size = statSync(s.path).size;
    for (const engine of ENGINES) {
      log(`memory: ${engine} engine over ${day.symbol}`);
      const dest = join(out, engine, day.symbol);
      const argv = [
        process.execPath,
        ...(engine === "ts" ? [`--max-old-space-size=${TS_OLD_SPACE_MB}`] : []),
        join(repo, "bench", "featcJob.mjs"),
        join(repo, SPEC),
        q,
        day.symbol,
        dest,
        join(repo, ".featc"),
        engine,
      ];
      const { result, peak } = await sampled(argv);
      rows.push({
        events: day.events,
        records: s.records,
        size,
        engine,
        rows: result.rows,
        seconds: result.wallSeconds,
        wasmBytes: result.wasmBytes,
        peak,
      });
      rmSync(dest, { recursive: true, force: true });
    }
    rmSync(s.path, { force: true });
  }
  return rows;
}

const mb = (bytes) => `${Math.round(bytes / 2 ** 20).toLocaleString("en-US")} MB`;

export function memorySection(rows) {
  return `## Memory at scale

\`bench/memory.mjs\`: \`${SPEC}\` extracted from a synthetic day of 10 M and of 40 M events
(\`featc gen --events N --seed 42\`) by each engine, one process a run (\`bench/featcJob.mjs\`,
one thread), whose memory is sampled from \`/proc/PID/status\` every ${SAMPLE_MS} ms: the peak
resident set, and apart its peaks of anonymous memory (the heap: book, feature state, rows and
buffers; for the TypeScript engine also V8's heap and parquet-wasm's memory) and of file-backed
pages (the mapped log and the program's own files). The native engine releases the mapped
pages behind its cursor; the TypeScript engine reads the log a window of 4 MiB at a time and
keeps the rows on disk a row group at a time until it writes the file's Parquet
(docs/formats/parquet.md, "Row groups and batches"; here about one row per 24 events, every
trade). The TypeScript runs are made with V8's old space capped at ${TS_OLD_SPACE_MB} MB
(\`--max-old-space-size=${TS_OLD_SPACE_MB}\`), which a heap that grew with the rows or the log would
exceed; the rest of their anonymous memory is Node's own, parquet-wasm's linear memory (which
never shrinks: its peak, in the last column) and freed buffers the allocator keeps.

| events | log | engine | rows | peak RSS | peak anonymous | peak file-backed | wall time | parquet-wasm |
|---:|---:|---|---:|---:|---:|---:|---:|---:|
${rows
  .map(
    (r) =>
      `| ${r.events.toLocaleString("en-US")} | ${mb(r.size)} | ${r.engine} | ${r.rows.toLocaleString("en-US")} | ${mb(r.peak.VmHWM)} | ${mb(r.peak.RssAnon)} | ${mb(r.peak.RssFile)} | ${r.seconds.toFixed(1)} s | ${r.wasmBytes === undefined ? "-" : mb(r.wasmBytes)} |`,
  )
  .join("\n")}
`;
}
