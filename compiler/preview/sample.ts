// The bundled sample a preview runs on by default: the LOBSTER GOOG 2012-06-21 day the package
// ships (examples/data/lobster, 10 levels), imported into a `.q` log as `featc import lobster`
// does (with its orderbook seed and a snapshot every 10 minutes) the first time a preview needs
// it, and kept under the kernel cache (`<cache>/samples/`), so later previews only read it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import * as native from "../../runtime/native/binding.js";
import { tempFileOwner } from "../../runtime/batch/staleTemps.js";
import { FEATC_VERSION, PACKAGE_ROOT } from "../build/packageRoot.js";
import { PreviewError } from "./errors.js";

export const SAMPLE_SYMBOL = "GOOG";
export const SAMPLE_DATE = "2012-06-21";
const LOBSTER_DIR = join(PACKAGE_ROOT, "examples", "data", "lobster");
export const SAMPLE_MESSAGE = join(LOBSTER_DIR, "GOOG_2012-06-21_34200000_57600000_message_10.csv.gz");
export const SAMPLE_ORDERBOOK = join(LOBSTER_DIR, "GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz");

/** Where the sample's log is: a source folder (`<source>/GOOG/2012-06-21.q`) and its symbol. */
export interface SampleLog {
  source: string;
  symbol: string;
  path: string;
  /** True when this call imported it. */
  made: boolean;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new PreviewError(
      "NO_SAMPLE",
      `the bundled sample \`${path}\` is missing; give a log with --source DIR --symbol S (featc.preview.source and .symbol in an editor)`,
    );
  }
}

/** Whether process `pid` is running (EPERM: it is, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Folders of imports killed halfway (`.<name>.tmp-<pid>` of a process that is gone). */
function sweepDeadImports(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = tempFileOwner(name);
    if (owner !== undefined && owner !== process.pid && !alive(owner))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * The sample's log under `cacheDir`, imported now if it is not there yet. The folder's name
 * carries the featc version and the inputs' sizes, so another release (whose log format may
 * differ) or other files make their own. The import goes to a hidden folder of this process,
 * renamed into place whole: a preview running at the same time never reads half a log.
 */
export function sampleLog(cacheDir: string): SampleLog {
  const key = createHash("sha256")
    .update(`${FEATC_VERSION}\n${sizeOf(SAMPLE_MESSAGE)}\n${sizeOf(SAMPLE_ORDERBOOK)}`)
    .digest("hex")
    .slice(0, 12);
  const samples = join(cacheDir, "samples");
  const name = `lobster-${SAMPLE_SYMBOL}-${SAMPLE_DATE}-${key}`;
  const source = join(samples, name);
  const path = join(source, SAMPLE_SYMBOL, `${SAMPLE_DATE}.q`);
  if (existsSync(path)) return { source, symbol: SAMPLE_SYMBOL, path, made: false };
  mkdirSync(samples, { recursive: true });
  sweepDeadImports(samples);
  // A folder without its log is not the sample: made again.
  if (existsSync(source)) rmSync(source, { recursive: true, force: true });
  const temp = join(samples, `.${name}.tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  try {
    native.importLobster({
      message: SAMPLE_MESSAGE,
      orderbook: SAMPLE_ORDERBOOK,
      symbol: SAMPLE_SYMBOL,
      outDir: temp,
      lenient: false,
    });
    renameSync(temp, source);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    // Another process put the same log in place first: it is as good as ours.
    if (!existsSync(path)) throw error;
  }
  return { source, symbol: SAMPLE_SYMBOL, path, made: true };
}
