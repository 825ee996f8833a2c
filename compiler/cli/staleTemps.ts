// Before a command writes logs into a folder, the temp files that runs killed outright left
// there are removed, and said (runtime/batch/staleTemps.ts).
import { sweepStaleTemps } from "../../runtime/batch/staleTemps.js";

/** Sweeps `out` and its folders down to `depth` levels, telling stderr what went. */
export function sweepOutputFolder(out: string, depth: number): void {
  const removed = sweepStaleTemps(out, depth);
  if (removed.length === 0) return;
  const files = `${removed.length} temp file${removed.length === 1 ? "" : "s"}`;
  process.stderr.write(`featc: removed ${files} left by a stopped run in ${out}\n`);
}
