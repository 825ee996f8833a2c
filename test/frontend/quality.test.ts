// `quality.*` (docs/language.md section 5.1): six bools, readable in columns, the
// `when` filter and labels; `crossed` and `locked` also at every step and inside `future`, the
// since-the-last-row ones never there (E0039), directly or through functions; and the warm-up
// they add (section 4.2).
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { columnHorizons, formatHorizon, programHorizon } from "../../compiler/ir/analysis/warmup.js";

function compile(body: string, prelude = "", trigger = "trade or every 1s") {
  return compileSource(`${prelude}\ndataset d {\n  trigger ${trigger}\n${body}\n}\n`, "t.feat");
}

const errors = (body: string, prelude = "") =>
  compile(body, prelude)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, message: d.message }));

const FIELDS = ["crossed", "locked", "gap", "bad_book", "bad_ts", "reset"];

describe("quality fields", () => {
  it("are six bools, never null, readable in columns, filters and label now-values", () => {
    const compiled = compile(
      `${FIELDS.map((f) => `  ${f} = quality.${f}`).join("\n")}\n  label later = if quality.gap then null else future(book.mid, 1s)`,
    );
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.program!.columns.map((c) => [c.name, c.type.base, c.type.nullable])).toEqual(
      FIELDS.map((f) => [f, "bool", false]),
    );
    expect(compiled.program!.emit.map((i) => i.op)).toEqual(FIELDS.map((f) => `quality.${f}`));
    expect(compiled.program!.labels!.now.map((i) => i.op)).toContain("quality.gap");
    const filtered = compileSource(
      "dataset d {\n  trigger trade or every 1s when not (quality.gap or quality.crossed)\n  mid = book.mid\n}\n",
      "t.feat",
    );
    expect(filtered.diagnostics).toEqual([]);
    expect(filtered.program!.filter!.program.map((i) => i.op)).toEqual(
      expect.arrayContaining(["quality.gap", "quality.crossed"]),
    );
  });

  it("crossed and locked may be read at every step and inside `future`", () => {
    expect(errors("  n = rolling_count(if quality.crossed then 1.0 else null, 100)")).toEqual([]);
    expect(errors("  t = time_since(quality.locked)")).toEqual([]);
    expect(errors("  x = book.mid\n  label crossed_later = future(quality.crossed, 1s)")).toEqual([]);
    expect(compile("  n = count_since_emit(if quality.crossed then 1 else null)").program!.step[0].op).toBe(
      "quality.crossed",
    );
  });

  it("the since-the-last-row ones cannot be read at a step or inside `future`, even through a function (E0039)", () => {
    expect(errors("  x = prev(quality.gap)")).toEqual([
      { code: "E0039", message: "`quality.gap` cannot be read in the input of a temporal operator" },
    ]);
    expect(
      errors("  x = count_since_emit(flagged())", "fn flagged() -> i64? { if quality.bad_ts then 1 else null }"),
    ).toEqual([{ code: "E0039", message: "`quality.bad_ts` cannot be read in the input of a temporal operator" }]);
    expect(errors("  x = late(quality.reset)", "fn late(b: bool) -> bool? { prev(b) }")).toEqual([
      { code: "E0039", message: "`quality.reset` cannot be read in the input of a temporal operator" },
    ]);
    expect(errors("  x = book.mid\n  label y = future(quality.bad_book, 1s)")).toEqual([
      { code: "E0039", message: "`quality.bad_book` cannot be read inside `future`" },
    ]);
  });

  it("are named in hints when written alone or misspelt", () => {
    expect(errors("  x = quality")).toMatchObject([{ code: "E0027" }]);
    expect(errors("  x = quality.cross")).toMatchObject([{ code: "E0014", message: "no field `cross` on `quality`" }]);
  });

  it("the since-the-last-row ones need the warm-up of a since-emit operator", () => {
    const bars = compile("  gap = quality.gap\n  crossed = quality.crossed", "", "every 1s").program!;
    expect(columnHorizons(bars).map((c) => [c.column, formatHorizon(c.horizon)])).toEqual([
      ["gap", formatHorizon({ bounded: true, events: 0, ns: 1_000_000_000n })],
      ["crossed", "none"],
    ]);
    expect(programHorizon(bars)).toEqual({ bounded: true, events: 0, ns: 1_000_000_000n });
    expect(programHorizon(compile("  gap = quality.gap", "", "trade").program!).bounded).toBe(false);
    // A `when` may reject any number of firings, and rejected firings clear nothing.
    expect(programHorizon(compile("  gap = quality.gap", "", "every 1s when book.mid > 0").program!).bounded).toBe(
      false,
    );
    expect(programHorizon(compile("  crossed = quality.crossed", "", "every 1s when book.mid > 0").program!)).toEqual({
      bounded: true,
      events: 0,
      ns: 0n,
    });
  });
});
