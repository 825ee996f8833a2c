// The trigger conditions and the `when` filter of docs/language.md section 8: syntax, checks
// and their IR.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { printProgram } from "../../compiler/ir/printer.js";

function compile(trigger: string, columns = "mid = book.mid") {
  return compileSource(`dataset d {\n  trigger ${trigger}\n  ${columns}\n}\n`, "t.feat");
}

function errorsOf(trigger: string, columns?: string) {
  return compile(trigger, columns)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, message: d.message }));
}

describe("triggers: book_change, every V volume, when", () => {
  it("lowers book_change(n) and every V volume to trigger attributes", () => {
    const compiled = compile("book_change(5) or every 1500.5 volume or every 1s");
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.program!.trigger).toEqual({
      everyEvent: false,
      trade: false,
      everyEvents: 0,
      barNs: "1000000000",
      bookChange: 5,
      everyVolume: 1500.5,
    });
    expect(compiled.program!.filter).toBeUndefined();
  });

  it("keeps the IR of triggers without them unchanged (no new keys)", () => {
    expect(Object.keys(compile("trade or every 1s").program!.trigger)).toEqual([
      "everyEvent",
      "trade",
      "everyEvents",
      "barNs",
    ]);
  });

  it("lowers `when` to a filter program that reads temporal state", () => {
    const compiled = compile("trade when count_since_emit(trade.price) >= 2 and book.spread < 0.1");
    expect(compiled.diagnostics).toEqual([]);
    const program = compiled.program!;
    expect(program.filter!.program[program.filter!.value].type).toEqual({ base: "bool", nullable: true });
    expect(program.filter!.program.some((i) => i.op === "state.read")).toBe(true);
    expect(program.states.map((s) => s.kind)).toEqual(["count_since_emit"]);
    expect(printProgram(program)).toContain(`trigger trade when %${program.filter!.value}`);
  });

  it("rejects a `when` that is not a bool", () => {
    expect(errorsOf("trade when book.mid")).toEqual([
      { code: "E0006", message: "the `when` of a trigger must be a `bool`, found `f64?`" },
    ]);
  });

  it("rejects book_change outside 1..1000 levels, and twice", () => {
    expect(errorsOf("book_change(0)")).toMatchObject([{ code: "E0020" }]);
    expect(errorsOf("book_change(1001)")).toMatchObject([{ code: "E0020" }]);
    expect(errorsOf("book_change(1) or book_change(2)")).toMatchObject([{ code: "E0028" }]);
  });

  it("rejects a volume of 0 and a unit other than volume", () => {
    expect(errorsOf("every 0 volume")).toMatchObject([
      { code: "E0020", message: "`every 0 volume` needs a traded size above 0" },
    ]);
    expect(errorsOf("every 10 volumes")).toMatchObject([
      { code: "E0019", message: "unknown trigger condition `every 10 volumes`" },
    ]);
  });

  it("suggests book_change for a misspelt condition", () => {
    const diagnostics = compile("book_chang(3)").diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(["E0019"]);
    expect(diagnostics[0].hint).toContain("book_change");
  });
});
