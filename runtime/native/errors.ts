// Errors from the native addon, as the shared `FeatcError` of runtime/errors.ts: the addon
// throws plain JS errors whose `code` is a featc error code (`FEATC_ERROR_CODES`, the same list
// as native/core/src/error.rs), and this module gives them the one class callers catch.

import { FeatcError, type ErrorCode } from "../errors.js";

/** The `FeatcError` for anything the addon threw, its code carried over as the addon set it. */
export function toFeatcError(thrown: unknown): FeatcError {
  if (thrown instanceof FeatcError) return thrown;
  if (thrown instanceof Error) {
    const code = (thrown as Error & { code?: unknown }).code;
    // A kernel library may name its own code; the list is what featc itself raises.
    const error = new FeatcError(
      (typeof code === "string" && code !== "" ? code : "INTERNAL") as ErrorCode,
      thrown.message,
    );
    if (thrown.stack) error.stack = `${error.name}: ${thrown.message}\n${thrown.stack.split("\n").slice(1).join("\n")}`;
    return error;
  }
  return new FeatcError("INTERNAL", `native addon threw a non-error value: ${String(thrown)}`);
}
