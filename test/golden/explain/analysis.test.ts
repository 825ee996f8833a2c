// compiler/ir/analysis: state bytes and warm-up horizons per column, and tables that cover
// every state kind of the IR.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../../compiler/compile.js";
import { printColumnReport } from "../../../compiler/ir/analysis/columnReport.js";
import { columnStateBytes, totalStateBytes } from "../../../compiler/ir/analysis/stateBytes.js";
import { columnHorizons, formatHorizon, formatNs } from "../../../compiler/ir/analysis/warmup.js";
import { stateKinds } from "../../../compiler/builtins/states.js";
import type { IrProgram, StateKind } from "../../../compiler/ir/types.js";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

function program(trigger: string, columns: string): IrProgram {
  const text = `dataset d {\n  trigger ${trigger}\n${columns}\n}\n`;
  const compiled = compileSource(text, "analysis.feat");
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join("; "));
  return compiled.program;
}

function warmups(p: IrProgram): Record<string, string> {
  return Object.fromEntries(columnHorizons(p).map((c) => [c.column, formatHorizon(c.horizon)]));
}

describe("state kind tables", () => {
  const kinds = Object.keys(stateKinds) as StateKind[];
  it("finds the state kinds", () => expect(kinds).toContain("prev"));
  it.each(kinds)("%s has a byte size and a warm-up rule", (kind) => {
    expect(typeof stateKinds[kind].bytes, `give ${kind} its bytes in compiler/builtins/states.ts`).toBe("function");
    expect(stateKinds[kind].lookback, `give ${kind} its lookback in compiler/builtins/states.ts`).toBeDefined();
  });
});

describe("state bytes", () => {
  it("prev keeps two values with their flags; sum_since_emit one", () => {
    const p = program("trade", "  a = prev(book.mid)\n  b = sum_since_emit(trade.count)\n  c = book.mid");
    expect(columnStateBytes(p).map((c) => [c.column, c.bytes])).toEqual([["a", 18], ["b", 9], ["c", 0]]);
    expect(totalStateBytes(p)).toBe(27);
  });

  it("counts a state shared by two columns once per column, once in the total", () => {
    const p = program("trade", "  a = prev(book.mid)\n  b = prev(book.mid) ?? 0.0");
    expect(columnStateBytes(p).map((c) => c.bytes)).toEqual([18, 18]);
    expect(totalStateBytes(p)).toBe(18);
  });

  it("follows a state's input into the states it reads", () => {
    const p = program("trade", "  moves = sum_since_emit(book.mid - prev(book.mid))");
    expect(columnStateBytes(p)[0]).toMatchObject({ states: [0, 1], bytes: 27 });
  });

  it("a rolling window keeps a value and a flag per slot, and a timestamp when it spans time", () => {
    const p = program("trade", "  steps = rolling_sum(trade.size, 100)\n  timed = rolling_max(trade.size, 1s, max_events = 10)");
    expect(columnStateBytes(p).map((c) => c.bytes)).toEqual([100 * 9 + 24, 10 * 17 + 24]);
  });

  it("reports an unknown kind as unknown rather than guessing", () => {
    const p = program("trade", "  a = prev(book.mid)");
    const odd = { ...p, states: [{ ...p.states[0], kind: "kind_from_the_future" as StateKind }] } as IrProgram;
    expect(columnStateBytes(odd)[0].bytes).toBeUndefined();
  });
});

describe("warm-up horizons", () => {
  it("prev needs one event; plain book and event columns need none", () => {
    expect(warmups(program("trade", "  a = prev(book.mid)\n  b = book.mid"))).toEqual({ a: "1 event", b: "none" });
  });

  it("since-emit state is bounded by what bounds the gap between rows", () => {
    const column = "  a = sum_since_emit(trade.size)";
    expect(warmups(program("trade", column)).a).toMatch(/^unbounded/);
    expect(warmups(program("event", column)).a).toBe("1 event");
    expect(warmups(program("every 100 events", column)).a).toBe("100 events");
    expect(warmups(program("trade or every 250ms", column)).a).toBe("250ms");
  });

  it("rolling windows need their window; ema needs the whole history", () => {
    const p = program("trade", "  steps = rolling_mean(book.mid, 50)\n  timed = rolling_sum(trade.size, 5m)\n  smooth = ema(book.mid, 20)");
    const w = warmups(p);
    expect([w.steps, w.timed]).toEqual(["50 events", "5m"]);
    expect(w.smooth).toMatch(/^unbounded \(ema/);
  });

  it("nested states add up", () => {
    const p = program("every 1s", "  a = sum_since_emit(book.mid - prev(book.mid))");
    expect(warmups(p).a).toBe("1 event + 1s");
  });

  it("an unknown state kind is unbounded", () => {
    const p = program("trade", "  a = prev(book.mid)");
    const odd = { ...p, states: [{ ...p.states[0], kind: "kind_from_the_future" as StateKind }] } as IrProgram;
    expect(formatHorizon(columnHorizons(odd)[0].horizon)).toBe("unbounded (no warm-up rule for state kind `kind_from_the_future`)");
  });

  it("formats durations with the largest exact unit", () => {
    expect([formatNs(1_000_000_000n), formatNs(250_000_000n), formatNs(90_000_000_000n), formatNs(7n)]).toEqual(["1s", "250ms", "90s", "7ns"]);
  });
});

describe("time window bounds", () => {
  it("are printed for every time window, and only for them", () => {
    const p = program("trade", "  a = rolling_sum(trade.size, 1s, max_events = 10)\n  b = rolling_sum(trade.size, 100)");
    const report = printColumnReport(p);
    expect(report).toContain("#0 rolling_sum(trade.size, 1000000000ns, max_events = 10): at most 10 steps within 1s");
    expect(report).not.toContain("rolling_sum(trade.size, 100):");
    expect(printColumnReport(program("trade", "  b = rolling_sum(trade.size, 100)"))).not.toContain("time windows");
  });
});
