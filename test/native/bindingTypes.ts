// Type-level checks that the hand-facing TypeScript side of the native boundary agrees with
// the declarations napi generates from the Rust exports (native/native-binding.d.ts, written
// by `npm run build:native`). Nothing here runs: `tsc` (and bindingTypes.test.ts, which
// compiles this file with runtime/native/binding.ts) fails when they disagree.

import type * as Native from "../../native/native-binding.js";
import type * as binding from "../../runtime/native/binding.js";
import type { Compression } from "../../runtime/batch/extractOptions.js";

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;

/** The addon as binding.ts calls it is the addon as built. */
type AddonMembers = keyof typeof Native;

export type Checks = [
  // Lists of values kept in TypeScript, for command-line choices and option checks.
  Holds<Same<(typeof binding.TARDIS_KINDS)[number], NonNullable<Native.TardisImportOptions["kind"]>>>,
  Holds<Same<(typeof binding.BINANCE_MARKETS)[number], NonNullable<Native.BinanceImportOptions["market"]>>>,
  Holds<Same<(typeof binding.SYNTHETIC_SESSIONS)[number], NonNullable<Native.SyntheticOptions["session"]>>>,
  Holds<Same<Compression, Native.ExtractRequest["compression"]>>,
  // The run summary both engines report is the Rust struct's.
  Holds<Same<binding.ExtractResult, Native.ExtractResult>>,
  Holds<Same<binding.ExtractProgress, Native.ExtractProgress>>,
  // Every export of the addon is one binding.ts knows of.
  Holds<
    Same<
      AddonMembers,
      | "catchInterrupts"
      | "extract"
      | "generateSynthetic"
      | "importBinance"
      | "importDbn"
      | "importItch"
      | "importLobster"
      | "importTardis"
      | "inspectLog"
      | "kernelMeta"
      | "parquetHead"
      | "readPlain"
      | "requestInterrupt"
      | "verifyBook"
    >
  >,
];
