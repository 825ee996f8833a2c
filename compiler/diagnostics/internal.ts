// An exception inside featc, as the one diagnostic a compile then gives (E0046): no input is
// meant to cause one, so it says so and asks for a report, instead of a stack trace or silence.
// The library (compiler/compile.ts) and the command line (compiler/cli/main.ts) both use it.

import type { Diagnostic } from "./diagnostic.js";

/** The hint every internal error carries. */
export function bugReportHint(version: string): string {
  return `this is a bug in featc ${version}, not a mistake in the spec: please report it, with the spec or command that caused it, to featc's issue tracker`;
}

/** What was thrown, in one line, and where (its first stack frame inside featc). */
export function describeThrown(thrown: unknown): { message: string; where?: string } {
  if (!(thrown instanceof Error)) return { message: `a non-error value was thrown: ${String(thrown).slice(0, 200)}` };
  const frame = thrown.stack
    ?.split("\n")
    .slice(1)
    .map((line) => line.trim())
    .find((line) => line.startsWith("at "));
  const message = `${thrown.name}: ${thrown.message.split("\n")[0].slice(0, 300)}`;
  return frame === undefined ? { message } : { message, where: frame };
}

export function internalErrorDiagnostic(thrown: unknown, file: string, version: string): Diagnostic {
  const { message, where } = describeThrown(thrown);
  return {
    code: "E0046",
    severity: "error",
    message: `internal error while compiling \`${file}\`: ${message}`,
    primary: { span: { start: 0, end: 0, line: 1, col: 1 }, label: "" },
    secondary: [],
    notes: where === undefined ? [] : [`raised ${where}`],
    hint: bugReportHint(version),
    file,
  };
}
