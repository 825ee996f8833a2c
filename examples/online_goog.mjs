// The online engine on the GOOG day: load goog_1s.feat's TypeScript kernel, push the day's
// events one at a time as a live feed would, and read the latest rows from the ring buffer.
// Run after `npm run example` (which writes data/q/GOOG/2012-06-21.q):
//   node examples/online_goog.mjs
import { loadOnlineKernel } from "../dist/compiler/api.js";
import { LogReader } from "../dist/runtime/log/reader.js";
import { OnlineEngine } from "../dist/runtime/online/engine.js";

const kernel = await loadOnlineKernel("examples/goog_1s.feat");
const log = LogReader.open("data/q/GOOG/2012-06-21.q");
const engine = new OnlineEngine(kernel, {
  capacity: 1024,
  priceDecimals: log.header.priceDecimals,
  sizeDecimals: log.header.sizeDecimals,
});

let rows = 0;
engine.onRow(() => rows++);
const started = performance.now();
engine.pushLog(log); // equivalent to pushRecord(view, offset) for every record, in order
const seconds = (performance.now() - started) / 1000;

console.log(
  `kernel ${engine.irHash.slice(0, 16)}: ${log.header.recordCount} events -> ${rows} rows in ${seconds.toFixed(2)} s`,
);
console.table(engine.rows.latest(5));
