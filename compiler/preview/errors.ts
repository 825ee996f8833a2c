// The errors a preview raises besides the compiler's diagnostics and the runtime's codes: each
// a code the command line prints as `error[CODE]` and the language server returns as data.

export type PreviewErrorCode =
  /** No `.q` log of the symbol in the source (or no such source folder). */
  | "NO_LOG"
  /** The window holds no event of the symbol's logs. */
  | "EMPTY_WINDOW"
  /** The bundled sample's LOBSTER files are not where the package keeps them. */
  | "NO_SAMPLE";

export class PreviewError extends Error {
  constructor(
    readonly code: PreviewErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "PreviewError";
  }
}
