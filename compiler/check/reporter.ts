// Collects the checker's diagnostics; each call site states its code, message and spans.

import type { Span } from "../../grammar/syntax.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { Diagnostic, LabelledSpan, Severity } from "../diagnostics/diagnostic.js";
import type { CheckObserver } from "./observer.js";

export interface Report {
  code: DiagnosticCode;
  message: string;
  primary: { span: Span; label: string; file?: string };
  secondary?: LabelledSpan[];
  notes?: string[];
  hint?: string;
  severity?: Severity;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  /**
   * `file` is where spans without a file of their own are. `observer` is told what the checker
   * finds (./observer.ts); it travels with the reporter, which every check already receives.
   */
  constructor(
    public file: string,
    readonly observer?: CheckObserver,
  ) {}

  report(report: Report): void {
    const file = report.primary.file ?? this.file;
    // One mistake reached along several paths (e.g. a function inlined twice) is reported once.
    const key = `${report.code}:${file}:${report.primary.span.start}:${report.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({
      code: report.code,
      severity: report.severity ?? (report.code.startsWith("W") ? "warning" : "error"),
      message: report.message,
      primary: { span: report.primary.span, label: report.primary.label },
      secondary: (report.secondary ?? []).map((label) =>
        label.file === undefined || label.file === file ? { span: label.span, label: label.label } : label,
      ),
      notes: report.notes ?? [],
      ...(report.hint === undefined ? {} : { hint: report.hint }),
      file,
    });
  }

  /**
   * Whether `item` repeats a name already in `seen`: reports E0015 at it, pointing at the
   * first, and returns true; otherwise records it as the first and returns false.
   */
  definedTwice(
    item: { name: string; nameSpan: Span },
    seen: Map<string, { span: Span; file?: string }>,
    message: string,
    options: { verb?: "defined" | "declared"; hint?: string; file?: string } = {},
  ): boolean {
    const first = seen.get(item.name);
    if (!first) {
      seen.set(item.name, { span: item.nameSpan, ...(options.file === undefined ? {} : { file: options.file }) });
      return false;
    }
    const verb = options.verb ?? "defined";
    this.report({
      code: "E0015",
      message,
      primary: { span: item.nameSpan, label: `${verb} again here` },
      secondary: [
        { span: first.span, label: `first ${verb} here`, ...(first.file === undefined ? {} : { file: first.file }) },
      ],
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
    return true;
  }

  get errorCount(): number {
    return this.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  }
}
