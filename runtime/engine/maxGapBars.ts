// The bound on the time bars one gap between packets may close (docs/language.md section 8).
// Its own module: the extraction settings (runtime/batch/extractOptions.ts) and the command
// line's options read it without loading the driver.
import { FeatcError } from "../errors.js";

/** `--max-gap-bars` when not given, as in the native driver (native/core/src/driver/mod.rs). */
export const DEFAULT_MAX_GAP_BARS = 1_000_000;

/** `maxGapBars`, checked: a whole number from 1 to 2^53 - 1. */
export function checkMaxGapBars(value: number, name = "maxGapBars"): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new FeatcError(
      "BAD_ARGUMENT",
      `${name} must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got ${value}`,
    );
  return value;
}
