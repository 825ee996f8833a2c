// Where the tests find the repository, the bundled real data and the shared kernel cache.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const LOBSTER = join(REPO, "examples", "data", "lobster");
export const GOOG_MESSAGE = join(LOBSTER, "GOOG_2012-06-21_34200000_57600000_message_10.csv.gz");
export const GOOG_ORDERBOOK = join(LOBSTER, "GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz");
export const GOOG_SPEC = join(REPO, "examples", "goog_1s.feat");
/** Kernels are cached here across test files, so each spec's crate compiles once a run. */
export const KERNEL_CACHE = join(REPO, ".featc");

const made: string[] = [];

/** A new empty folder under the system's temp folder, removed after the test file (test/support/cleanup.ts). */
export function scratchDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `featc-${tag}-`));
  made.push(dir);
  return dir;
}

/**
 * Removes every folder scratchDir made in this process so far. A test file's folders hold logs
 * of hundreds of MB (a 6 M-event day), and a suite run left several GB behind without this.
 * FEATC_KEEP_SCRATCH=1 keeps them, to look at after a failure.
 */
export function removeScratchDirs(): void {
  if (process.env.FEATC_KEEP_SCRATCH === "1") return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
