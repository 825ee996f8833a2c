// Temp files left by a run that was killed (kill -9, a power cut): every writer of featc writes
// to a hidden name that carries its process id, `.<name>.tmp-<pid>` (Parquet, manifests) or
// `.<name>.tmp-<pid>-<n>` (logs, with their snapshot spools `...<pid>-<n>.snapshots.tmp`), and
// renames it only once whole. A later run that writes into the same folders removes those whose
// process is gone (docs/security.md, "Interrupted runs"); a live writer's are left alone, so two
// runs at once never delete each other's work.

import { lstatSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";

const TEMP_NAME = /^\..+\.tmp-(\d+)(?:-\d+)?(?:\.\d+-\d+\.snapshots\.tmp)?$/;

/** Whether process `pid` exists on this machine (EPERM: it exists, under another user). */
function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process id in a featc temp file's name, or undefined when `name` is not one. */
export function tempFileOwner(name: string): number | undefined {
  const match = TEMP_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * Removes featc temp files of dead processes in `dir` and its folders down to `depth` levels
 * (a dataset folder holds `symbol=S/date=D/`: depth 2). Returns the paths removed. A folder that
 * does not exist, or a file that vanished meanwhile, is not an error.
 */
export function sweepStaleTemps(dir: string, depth: number): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) removed.push(...sweepStaleTemps(path, depth - 1));
      continue;
    }
    const owner = tempFileOwner(entry.name);
    if (owner === undefined || owner === process.pid || alive(owner)) continue;
    try {
      if (!lstatSync(path).isFile()) continue;
      unlinkSync(path);
      removed.push(path);
    } catch {
      // Removed by another run meanwhile.
    }
  }
  return removed;
}
