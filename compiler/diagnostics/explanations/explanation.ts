// The long form of a diagnostic: what the mistake is, why the language rejects it, and a
// spec that makes it next to the same spec fixed.
import type { CompileOptions } from "../../compile.js";
import type { DiagnosticCode } from "../codes.js";

export interface Explanation {
  code: DiagnosticCode;
  /** Plain text, a few sentences. */
  text: string;
  /** A complete spec that produces `code`; absent for E0046, which no spec is meant to produce. */
  broken?: string;
  /** The same spec corrected: it compiles without `code`. */
  fixed?: string;
  /** How both examples are compiled, when not the default (e.g. for the online engine). */
  options?: CompileOptions;
}
