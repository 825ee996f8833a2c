// Where the tests find the repository, the bundled real data and the shared kernel cache.
import { mkdtempSync } from "node:fs";
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

export function scratchDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `featc-${tag}-`));
}
