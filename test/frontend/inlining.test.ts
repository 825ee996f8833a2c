// Specs whose functions and `let`s would expand or nest without bound once inlined
// (compiler/check/inlining.ts, docs/security.md): refused quickly with E0044 or E0043 before any
// walk inlines them, and everything within the bounds compiles through every stage.
import { describe, expect, it } from "vitest";
import { emitRustKernel } from "../../compiler/codegen/rust/emitKernel.js";
import { emitTsKernel } from "../../compiler/codegen/ts/emitKernel.js";
import { INLINING_BUDGET } from "../../compiler/check/inlining.js";
import { compileSource, type CompileResult } from "../../compiler/compile.js";
import { formatSource } from "../../compiler/format/format.js";
import { printColumnReport } from "../../compiler/ir/analysis/columnReport.js";
import { printProgram } from "../../compiler/ir/printer.js";
import { MAX_EXPRESSION_DEPTH } from "../../grammar/limits.js";

function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

function timed(text: string): { result: CompileResult; seconds: number } {
  const started = performance.now();
  const result = compileSource(text, "t.feat");
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** `f0` ... `f<n>`, each calling the one before twice (or once, through a `let`). */
function doubling(n: number, viaLet = false): string {
  const fns = ["fn f0(x: f64) -> f64 {\n  x * 2.0\n}\n"];
  for (let i = 1; i <= n; i++)
    fns.push(
      viaLet
        ? `fn f${i}(x: f64) -> f64 {\n  let y = f${i - 1}(x)\n  y + y\n}\n`
        : `fn f${i}(x: f64) -> f64 {\n  f${i - 1}(x) + f${i - 1}(x)\n}\n`,
    );
  return `${fns.join("")}dataset d {\n  trigger trade\n  x = f${n}(book.mid ?? 0.0)\n}\n`;
}

describe("inlining within bounds", () => {
  it("refuses 24 functions each calling the previous twice (it took over 120 s) with E0044 at once", () => {
    const { result, seconds } = timed(doubling(24));
    expect(codes(result)).toEqual(["E0044"]);
    expect(result.diagnostics[0].message).toContain(INLINING_BUDGET.toLocaleString("en-US"));
    expect(seconds).toBeLessThan(1);
  });

  it("compiles the same chain calling once through a let, to a small IR", () => {
    const { result, seconds } = timed(doubling(24, true));
    expect(result.diagnostics).toEqual([]);
    expect(result.program!.emit.length).toBeLessThan(200);
    expect(seconds).toBeLessThan(2);
  });

  it("counts the whole dataset: many columns each below the budget add up", () => {
    const columns = Array.from({ length: 40 }, (_, i) => `  c${i} = f12(book.mid ?? ${i}.0)`).join("\n");
    const fns = doubling(12).split("dataset d")[0];
    const result = compileSource(`${fns}dataset d {\n  trigger trade\n${columns}\n}\n`, "t.feat");
    expect(codes(result)).toEqual(["E0044"]);
  });

  it("finds a recursive call inside a match (it used to overflow the stack) and reports E0018", () => {
    const text =
      "fn f() -> f64 {\n  match event.kind { add => 1.0, _ => f() }\n}\ndataset d {\n  trigger trade\n  x = f()\n}\n";
    expect(codes(compileSource(text, "t.feat"))).toEqual(["E0018"]);
  });

  it("walks a chain of 20,000 functions without recursion and refuses its inlined depth with E0043", () => {
    const fns = ["fn g0() -> f64 {\n  1.0\n}\n"];
    for (let i = 1; i < 20_000; i++) fns.push(`fn g${i}() -> f64 {\n  g${i - 1}()\n}\n`);
    const { result, seconds } = timed(`${fns.join("")}dataset d {\n  trigger trade\n  x = g19999()\n}\n`);
    expect(codes(result)).toEqual(["E0043"]);
    expect(seconds).toBeLessThan(5);
  });

  it("labels a state read through let chains that double, 40 deep, in bounded time", () => {
    const lets = Array.from({ length: 40 }, (_, i) => `  let a${i + 1} = a${i} + a${i}`).join("\n");
    const text = `fn g(a0: f64) -> f64? {\n${lets}\n  prev(a40)\n}\ndataset d {\n  trigger trade\n  x = g(book.mid ?? 0.0)\n}\n`;
    const { result, seconds } = timed(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.program!.states[0].label).toContain("...");
    expect(result.program!.states[0].label.length).toBeLessThan(20_000);
    expect(seconds).toBeLessThan(2);
  });

  it("refuses a match of 20,000 arms, an if chain 20,000 deep, with E0043", () => {
    const arms = Array.from({ length: 20_000 }, (_, i) => `    ${i} => ${i}.0`).join("\n");
    const text = `dataset d {\n  trigger trade\n  x = match event.kind {\n${arms}\n    _ => 0.0\n  }\n}\n`;
    expect(codes(timed(text).result)).toEqual(["E0043"]);
  });

  it(`compiles, lints, lowers, prints and generates both kernels for expressions at the depth bound`, () => {
    // A column, a function, `let`s and a match near MAX_EXPRESSION_DEPTH once all are inlined.
    const chain = (base: string, terms: number) => base + " + 1.0".repeat(terms);
    const quarter = Math.floor(MAX_EXPRESSION_DEPTH / 4) - 8;
    const text = [
      `fn inner(x: f64) -> f64 {`,
      `  let a = ${chain("x", quarter)}`,
      `  let b = ${chain("a", quarter)}`,
      `  ${chain("b", quarter)}`,
      `}`,
      `fn outer(y: f64) -> f64? {`,
      `  prev(match event.kind { add => inner(y), trade => 2.0, _ => ${chain("y", quarter)} })`,
      `}`,
      `dataset d {`,
      `  trigger trade`,
      `  x = outer(${chain("book.mid ?? 0.0", 8)})`,
      `  y = ${chain("book.mid", MAX_EXPRESSION_DEPTH - 3)}`,
      `}`,
      ``,
    ].join("\n");
    const result = compileSource(text, "t.feat");
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const program = result.program!;
    const header = { hash: "h", featcVersion: "test" };
    expect(emitTsKernel(program, header).js.length).toBeGreaterThan(0);
    expect(emitRustKernel(program, header).libRs.length).toBeGreaterThan(0);
    expect(printProgram(program) + printColumnReport(program)).toContain("analysis:");
    expect(formatSource(text, "t.feat").ok).toBe(true);
  });
});
