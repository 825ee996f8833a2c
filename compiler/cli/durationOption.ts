// Durations given on the command line (`--snapshot-every 10m`): the language's duration
// literals (docs/language.md section 2: a whole or decimal number and ns, us, ms, s, m or h),
// read by the same exact decimal arithmetic, or `0` for none.
import { FeatcError } from "../../runtime/errors.js";
import { durationValue } from "../check/literals.js";

const DURATION = /^\d+(?:\.\d+)?(?:ns|us|ms|s|m|h)$/;

/** `text` as whole nanoseconds; a BAD_ARGUMENT error naming `option` when it is not one. */
export function durationOptionNs(option: string, text: string): number {
  if (/^0+$/.test(text)) return 0;
  if (!DURATION.test(text)) {
    throw new FeatcError(
      "BAD_ARGUMENT",
      `${option} ${JSON.stringify(text)}: expected a duration such as 10m, 30s or 250ms, or 0 for none`,
    );
  }
  const v = durationValue(text);
  if (!v.ok)
    throw new FeatcError("BAD_ARGUMENT", `${option} ${text} is ${v.exactNs} ns, not a whole number of nanoseconds`);
  if (v.ns > BigInt(Number.MAX_SAFE_INTEGER)) throw new FeatcError("BAD_ARGUMENT", `${option} ${text} is too long`);
  return Number(v.ns);
}

/** The book snapshot interval option, declared with the other options (./options.ts). */
export { SNAPSHOT_EVERY_OPTION } from "./options.js";
