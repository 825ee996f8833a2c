// Errors from the native addon, as the shared `FeatcError` of runtime/errors.ts: the addon
// throws plain JS errors whose `code` is a featc error code (native/addon/src/host_error.rs,
// native/core/src/error.rs), and this module gives them the one class callers catch.

import { FeatcError, type FeatcErrorCode } from "../errors.js";

/** Codes only the native runtime raises, beside the shared `Q_*` and `BOOK_*` ones. */
export type NativeErrorCode =
  // Loading and calling a kernel library.
  | "KERNEL_LOAD"
  | "KERNEL_SYMBOL"
  | "KERNEL_ABI"
  | "KERNEL_META"
  | "KERNEL_RUN"
  // Output and request.
  | "IO"
  | "PARQUET"
  | "BAD_REQUEST"
  | "BAD_ARGUMENT"
  | "CANCELLED"
  // Logs this build cannot replay, importer input.
  | "Q_UNSUPPORTED_BOOK"
  | "BOOK_BAD_KIND"
  | "LOBSTER_BAD_LINE"
  | "LOBSTER_BAD_NAME"
  | "BINANCE_BAD_LINE"
  | "TARDIS_BAD_LINE"
  // A panic caught before it crossed into Node: a bug, reported as an error.
  | "INTERNAL"
  | "PANIC"
  // The addon file is missing or does not load.
  | "NATIVE_NOT_BUILT";

export type AnyErrorCode = FeatcErrorCode | NativeErrorCode;

/**
 * The `FeatcError` for anything the addon threw. The code is carried over as the addon set
 * it; `FeatcErrorCode` (runtime/errors.ts) does not list the native-only codes, hence the
 * widening cast — `NativeErrorCode` above is the list to branch on.
 */
export function toFeatcError(thrown: unknown): FeatcError {
  if (thrown instanceof FeatcError) return thrown;
  if (thrown instanceof Error) {
    const code = (thrown as Error & { code?: unknown }).code;
    const error = new FeatcError(
      (typeof code === "string" && code !== "" ? code : "INTERNAL") as FeatcErrorCode,
      thrown.message,
    );
    if (thrown.stack) error.stack = `${error.name}: ${thrown.message}\n${thrown.stack.split("\n").slice(1).join("\n")}`;
    return error;
  }
  return new FeatcError("INTERNAL" as FeatcErrorCode, `native addon threw a non-error value: ${String(thrown)}`);
}

export function nativeError(code: NativeErrorCode, message: string): FeatcError {
  return new FeatcError(code as FeatcErrorCode, message);
}
