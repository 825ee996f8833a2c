// `node bench/childCpu.mjs CMD ARGS...`: runs a command to its end and prints one JSON line with
// its wall time and the CPU time it and every process it waited for used (`cpuSeconds`, from
// the cutime and cstime of /proc/self/stat once the command is reaped, so a command that is a
// Node process with worker threads is counted whole), for bench/reference.mjs's figure of the
// featc command line. Linux only; the command's own output goes to this one's stderr.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** User and system CPU seconds of the reaped children so far (clock ticks of 1/100 s). */
function childrenCpu() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // The fields after the command's name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // cutime and cstime are fields 16 and 17 of the whole line, 14 and 15 after the name.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write("usage: node bench/childCpu.mjs CMD ARGS...\n");
  process.exit(2);
}
const before = childrenCpu();
const started = performance.now();
const r = spawnSync(command, args, { stdio: ["ignore", process.stderr, "inherit"] });
const seconds = (performance.now() - started) / 1000;
if (r.status !== 0) {
  process.stderr.write(`bench: ${command} ${args.join(" ")} exited ${r.status ?? r.signal}\n`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: childrenCpu() - before }) + "\n");
