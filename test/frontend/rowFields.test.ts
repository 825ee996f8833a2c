// `row.ts` and `row.trigger` (docs/language.md section 4): their types, `match` on the trigger's
// names, and E0038 wherever no row is being emitted, directly or through functions.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";

function compile(body: string, prelude = "") {
  return compileSource(`${prelude}\ndataset d {\n  trigger trade or every 1s\n${body}\n}\n`, "t.feat");
}

const errors = (body: string, prelude = "") =>
  compile(body, prelude)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, message: d.message }));

describe("row fields", () => {
  it("are a timestamp and an i64 code, readable in columns, filters and labels", () => {
    const compiled = compile(
      "  ts = row.ts\n  why = row.trigger\n  label later = future(book.mid, 1s) ?? f64(i64(0.0) ?? 0)",
    );
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(compiled.program!.columns.map((c) => [c.name, c.type.base])).toEqual([
      ["ts", "timestamp"],
      ["why", "i64"],
    ]);
    const filtered = compileSource(
      "dataset d {\n  trigger trade or every 1s when row.trigger == 6\n  ts = row.ts\n}\n",
      "t.feat",
    );
    expect(filtered.diagnostics).toEqual([]);
  });

  it("match on the trigger's names, and refuse unknown ones with the list", () => {
    expect(errors("  bar = match row.trigger { bar => 1, trade => 2, _ => 0 }")).toEqual([]);
    expect(errors("  x = match row.trigger { bars => 1, _ => 0 }")).toEqual([
      { code: "E0034", message: "unknown row trigger `bars`" },
    ]);
    expect(
      errors(
        "  x = match row.trigger { event => 1, events => 2, trade => 3, book_change => 4, volume => 5, bar => 6 }",
      ),
    ).toEqual([]);
  });

  it("cannot be read in a temporal operator's input or a future, even through a function (E0038)", () => {
    expect(errors("  x = prev(row.ts)")).toEqual([
      { code: "E0038", message: "`row.ts` cannot be read in the input of a temporal operator" },
    ]);
    expect(errors("  x = count_since_emit(stamp())", "fn stamp() -> timestamp { row.ts }")).toEqual([
      { code: "E0038", message: "`row.ts` cannot be read in the input of a temporal operator" },
    ]);
    expect(errors("  x = late(row.trigger)", "fn late(t: i64) -> i64? { prev(t) }")).toEqual([
      { code: "E0038", message: "`row.trigger` cannot be read in the input of a temporal operator" },
    ]);
    expect(errors("  x = book.mid\n  label y = future(f64(row.trigger), 1s)")).toEqual([
      { code: "E0038", message: "`row.trigger` cannot be read inside `future`" },
    ]);
  });

  it("are named in hints when written alone", () => {
    expect(errors("  x = row")).toMatchObject([{ code: "E0027" }]);
    expect(errors("  x = row.time")).toMatchObject([{ code: "E0014", message: "no field `time` on `row`" }]);
  });
});
