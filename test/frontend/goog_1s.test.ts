// The seed spec compiles cleanly, and its IR has the columns, types, states and trigger that
// docs/language.md sections 5-8 imply.

import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrInstr, IrProgram } from "../../compiler/ir/types.js";

const spec = "examples/goog_1s.feat";

function compileGoog(): IrProgram {
  const compiled = compileFile(spec);
  expect(compiled.diagnostics).toEqual([]);
  return compiled.program!;
}

const show = (t: { base: string; nullable: boolean }) => `${t.base}${t.nullable ? "?" : ""}`;

describe("examples/goog_1s.feat", () => {
  it("compiles with no diagnostics", () => {
    expect(compileGoog().name).toBe("goog_1s");
  });

  it("has the expected columns and types", () => {
    const program = compileGoog();
    expect(program.columns.map((column) => [column.name, show(column.type)])).toEqual([
      ["ts", "timestamp"],
      ["ingest_ts", "timestamp"],
      ["exchange_ts", "timestamp"],
      ["mid", "f64?"],
      ["spread_bps", "f64?"],
      ["imbalance_5", "f64?"],
      ["ofi", "f64"],
      ["trade_flow", "f64"],
    ]);
    for (const column of program.columns) expect(program.emit[column.value]).toBeDefined();
  });

  it("fires on trades and on whole seconds", () => {
    expect(compileGoog().trigger).toEqual({ everyEvent: false, trade: true, everyEvents: 0, barNs: "1000000000" });
  });

  it("has one state per distinct temporal operator and input: four prev, two sums", () => {
    const program = compileGoog();
    expect(program.states.map((state) => [state.kind, state.label, show(state.type), state.resetOnEmit])).toEqual([
      ["prev", "prev(book.bid.price)", "f64?", false],
      ["prev", "prev(book.bid.size)", "f64?", false],
      ["prev", "prev(book.ask.price)", "f64?", false],
      ["prev", "prev(book.ask.size)", "f64?", false],
      ["sum_since_emit", "sum_since_emit(ofi_event())", "f64", true],
      ["sum_since_emit", "sum_since_emit(trade.signed_size)", "f64", true],
    ]);
    expect(program.states.map((state) => state.id)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("updates every state exactly once per step, inner states before the sums that read them", () => {
    const program = compileGoog();
    const updates = program.step.filter((instr) => instr.op === "state.update") as Extract<
      IrInstr,
      { op: "state.update" }
    >[];
    expect(updates.map((update) => update.state).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const position = (state: number) =>
      program.step.findIndex((instr) => instr.op === "state.update" && instr.state === state);
    for (const inner of [0, 1, 2, 3]) expect(position(inner)).toBeLessThan(position(4));
    expect(program.emit.some((instr) => instr.op === "state.update")).toBe(false);
    expect(program.step.some((instr) => instr.op === "state.read")).toBe(false);
  });

  it("keeps SSA form: unique ids equal to positions, operands defined before use", () => {
    const program = compileGoog();
    for (const instructions of [program.step, program.emit]) {
      instructions.forEach((instr, index) => {
        expect(instr.id).toBe(index);
        for (const arg of "args" in instr ? instr.args : []) expect(arg).toBeLessThan(index);
      });
    }
  });

  it("expands book.mid as docs/language.md section 5 writes it and folds depth(5)", () => {
    const program = compileGoog();
    const mid = program.emit[program.columns.find((column) => column.name === "mid")!.value];
    expect(mid.op).toBe("div");
    const [sum, two] = (mid as Extract<IrInstr, { op: "div" }>).args.map((id) => program.emit[id]);
    expect(two).toMatchObject({ op: "const", value: 2, type: { base: "f64", nullable: false } });
    expect(sum.op).toBe("add");
    const [bid, ask] = (sum as Extract<IrInstr, { op: "add" }>).args.map((id) => program.emit[id]);
    expect(bid).toMatchObject({ op: "book.price", side: "bid", level: 1 });
    expect(ask).toMatchObject({ op: "book.price", side: "ask", level: 1 });
    expect(
      program.emit.filter((instr) => instr.op === "book.depth").map((instr) => (instr as { levels: number }).levels),
    ).toEqual([5, 5]);
  });
});
