// SIGTERM, SIGHUP and SIGINT end a command cleanly (docs/security.md, "Interrupted runs"): the
// first asks the running work to stop (runtime/interrupt.ts), which ends with `INTERRUPTED`
// after removing its temp files, and the command exits with 128 + the signal's number, as a
// shell expects of a process killed by it. Work that never reaches a check (a kernel build's
// cargo, a wait on a child) is not waited for beyond a grace period; a second signal exits at
// once. Nothing is ever left under a final name: outputs are renamed into place only whole.
import { constants } from "node:os";
import { interruptRequested, requestInterrupt } from "../../runtime/interrupt.js";
import { catchInterruptsWhenLoaded } from "../../runtime/native/binding.js";

const SIGNALS = ["SIGTERM", "SIGHUP", "SIGINT"] as const;

/** How long an interrupted command may take to stop on its own. */
const GRACE_MS = 5_000;

/** 128 + the number of the signal that interrupted the command, or undefined. */
export function interruptStatus(): number | undefined {
  const signal = interruptRequested() as NodeJS.Signals | undefined;
  return signal ? 128 + (constants.signals[signal] ?? 0) : undefined;
}

/** Installs the listeners, then lets the native addon chain its own handler to them. */
export function catchSignals(): void {
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (interruptRequested()) process.exit(interruptStatus());
      requestInterrupt(signal);
      setTimeout(() => process.exit(interruptStatus()), GRACE_MS).unref();
    });
  }
  catchInterruptsWhenLoaded();
}
