// `featc explain-error`: every diagnostic code has an explanation, its broken example really
// produces that code, and its fixed example compiles without it.

import { describe, expect, it } from "vitest";
import { compileSource } from "../../../compiler/compile.js";
import { diagnosticCodes, type DiagnosticCode } from "../../../compiler/diagnostics/codes.js";
import { explainCode } from "../../../compiler/explainCode.js";
import { explanations } from "../../../compiler/diagnostics/explanations/index.js";

const codes = Object.keys(diagnosticCodes) as DiagnosticCode[];

describe("explain-error explanations", () => {
  it.each(codes)("%s: explained, broken example produces it, fixed one does not", (code) => {
    const explanation = explanations[code];
    expect(explanation, `add compiler/diagnostics/explanations/${code}.ts and list it in index.ts`).toBeDefined();
    expect(explanation!.code).toBe(code);
    if (explanation!.broken === undefined) {
      // Only the internal error has no example: no spec is meant to produce it.
      expect(code).toBe("E0046");
      expect(explainCode(code)).toContain(explanation!.text);
      return;
    }
    const broken = compileSource(explanation!.broken, "example.feat", explanation!.options);
    expect(broken.diagnostics.map((d) => d.code)).toContain(code);
    const fixed = compileSource(explanation!.fixed!, "example.feat", explanation!.options);
    expect(fixed.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(fixed.program).toBeDefined();
  });

  it("prints the explanation with the real diagnostic of the broken example", () => {
    const text = explainCode("E0006")!;
    expect(text).toContain("E0006: condition is not a bool");
    expect(text).toContain("error[E0006]");
    expect(text).toContain("Fixed:");
  });
});
