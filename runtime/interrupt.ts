// A stop asked from outside the run (SIGTERM, SIGHUP, SIGINT reaching the command line; see
// docs/security.md, "Interrupted runs"). The command line asks through `requestInterrupt`; the
// TypeScript engine checks between streams and before each row group its Parquet writer
// encodes (a file's replay is synchronous, so no signal is heard inside it), and the native
// loops poll their own flag, which the same request sets.
// Either way the run ends with `INTERRUPTED` and leaves nothing under a final name.

import { FeatcError } from "./errors.js";
import { requestNativeInterrupt } from "./native/binding.js";

let asked: string | undefined;

/** Asks this process's runs to stop; `why` names the signal ("SIGTERM"). */
export function requestInterrupt(why: string): void {
  asked ??= why;
  requestNativeInterrupt();
}

/** The signal that asked this process to stop, if one did. */
export function interruptRequested(): string | undefined {
  return asked;
}

/** Throws `INTERRUPTED` once a stop was asked; `what` names the work stopped. */
export function throwIfInterrupted(what: string): void {
  if (asked) throw new FeatcError("INTERRUPTED", `${what}: interrupted by ${asked}`);
}

/** Lets pending signal listeners run (they wait for the event loop), then checks. */
export async function checkInterrupt(what: string): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfInterrupted(what);
}
