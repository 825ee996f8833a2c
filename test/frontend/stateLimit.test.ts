// The bound on state per symbol (compiler/ir/analysis/stateLimit.ts): 2,000 windows of a million
// steps (18 GB) is E0045 with the figure at compile time; the limit can be raised, and
// parseByteSize reads the sizes the command line takes.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { totalStateBytes } from "../../compiler/ir/analysis/stateBytes.js";
import { DEFAULT_MAX_STATE_BYTES, parseByteSize } from "../../compiler/ir/analysis/stateLimit.js";

function windows(count: number, steps: number): string {
  const columns = Array.from({ length: count }, (_, i) => `  w${i} = rolling_sum(book.mid + ${i}.0, ${steps})`);
  return `dataset huge {\n  trigger trade\n${columns.join("\n")}\n}\n`;
}

describe("state per symbol", () => {
  it("refuses 2,000 windows of 1,000,000 steps (18 GB) with E0045 and the figure", () => {
    const result = compileSource(windows(2000, 1_000_000), "t.feat");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0045"]);
    expect(result.diagnostics[0].message).toContain("18,000,048,000 B");
    expect(result.diagnostics[0].message).toContain("1,073,741,824 B (1.0 GiB)");
    expect(result.program).toBeUndefined();
    // featc check compiles every dataset: the same refusal.
    expect(compileSource(windows(2000, 1_000_000), "t.feat", { allDatasets: true }).programs).toBeUndefined();
  });

  it("compiles it when the limit is raised, and counts the same bytes", () => {
    const result = compileSource(windows(2000, 1_000_000), "t.feat", { maxStateBytes: parseByteSize("20GB") });
    expect(result.diagnostics).toEqual([]);
    expect(totalStateBytes(result.program!)).toBe(18_000_048_000);
  });

  it("keeps the default far above what the repository's specs use", () => {
    expect(DEFAULT_MAX_STATE_BYTES).toBe(2 ** 30);
    expect(compileSource(windows(100, 1_000_000), "t.feat").diagnostics).toEqual([]);
  });

  it("reads sizes with decimal and binary units", () => {
    expect(parseByteSize("4096")).toBe(4096);
    expect(parseByteSize("20GB")).toBe(20e9);
    expect(parseByteSize("512 MiB")).toBe(512 * 2 ** 20);
    expect(parseByteSize("1.5kb")).toBe(1500);
    expect(parseByteSize("1e9")).toBe(1e9);
    for (const bad of ["", "-1", "ten", "5 parsecs", "1e999"]) expect(parseByteSize(bad)).toBeUndefined();
  });
});
