// The online engine over one day as its own process, for bench/reference.mjs: `node
// bench/onlineJob.mjs SPEC LOG CACHE` builds SPEC's TypeScript kernel (or finds it in CACHE),
// opens LOG and pushes the whole log through an OnlineEngine (runtime/online/engine.ts, what a
// live strategy runs), counting the rows its listener receives; prints one JSON line with the
// CPU and wall seconds of the replay (`pushLog` alone: kernel and log already loaded) and the
// rows. Uses the built package (dist/).
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
const { compileFile } = await import(dist("compiler/compile.js"));
const { buildKernel } = await import(dist("compiler/build/buildKernel.js"));
const { loadTsKernel } = await import(dist("compiler/extract/run.js"));
const { LogReader } = await import(dist("runtime/log/reader.js"));
const { OnlineEngine } = await import(dist("runtime/online/engine.js"));

const [spec, log, cacheDir] = process.argv.slice(2);
if (!cacheDir) {
  process.stderr.write("usage: node bench/onlineJob.mjs SPEC LOG CACHE\n");
  process.exit(2);
}
const program = compileFile(spec).program;
const kernel = await loadTsKernel(buildKernel(program, { cacheDir, native: false }).jsModulePath);
const reader = LogReader.open(log);
const h = reader.header;
const engine = new OnlineEngine(kernel, {
  capacity: 4096,
  priceDecimals: h.priceDecimals,
  sizeDecimals: h.sizeDecimals,
  bookKind: h.bookKind,
});
let rows = 0;
engine.onRow(() => rows++);
const started = performance.now();
const cpu = process.cpuUsage();
engine.pushLog(reader);
const used = process.cpuUsage(cpu);
process.stdout.write(
  JSON.stringify({ cpuSeconds: (used.user + used.system) / 1e6, seconds: (performance.now() - started) / 1000, rows }) +
    "\n",
);
