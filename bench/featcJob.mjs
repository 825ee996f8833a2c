// One featc extraction as its own process, for bench/reference.mjs, which runs it pinned to one
// core: `node bench/featcJob.mjs SPEC SOURCE SYMBOL OUT CACHE [ENGINE]` runs SPEC over SYMBOL's
// logs under SOURCE with ENGINE (native, the default, on one thread; or ts), zstd, into OUT, and
// prints one JSON line: the
// job's own wall time (`seconds`: the kernel library's run, Parquet written and committed, as
// the addon times each file), the CPU time the process spent in the extraction call
// (`cpuSeconds`: the job, and the planning and kernel load around it), the call's wall time
// (`wallSeconds`), the rows and the file written, and for the ts engine the peak of
// parquet-wasm's memory (`wasmBytes`). Uses the built package (dist/).
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { compileFile } = await import(dist("compiler/compile.js"));
const { runExtract } = await import(dist("compiler/extract/run.js"));

const [spec, source, symbol, out, cacheDir, engine = "native"] = process.argv.slice(2);
if (!cacheDir || !["native", "ts"].includes(engine)) {
  process.stderr.write("usage: node bench/featcJob.mjs SPEC SOURCE SYMBOL OUT CACHE [native|ts]\n");
  process.exit(2);
}
const program = compileFile(spec).program;
const started = performance.now();
const cpu = process.cpuUsage();
const outcome = await runExtract(program, {
  source,
  symbols: [symbol],
  out,
  engine,
  threads: 1,
  compression: "zstd",
  cacheDir,
});
const used = process.cpuUsage(cpu);
const [file] = outcome.results;
// parquet-wasm's linear memory never shrinks: its size after the run is its peak. (Loaded only
// if the run loaded it, the TypeScript engine's.)
const wasmBytes = engine === "ts" ? (await import("parquet-wasm/node")).wasmMemory().buffer.byteLength : undefined;
process.stdout.write(
  JSON.stringify({
    seconds: file.seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (performance.now() - started) / 1000,
    rows: file.rows,
    output: file.output,
    wasmBytes,
  }) + "\n",
);
