// `match`, `event.kind` and the conversions `f64(x)`, `i64(x)` (docs/language.md section 6).
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";

function compile(columns: string) {
  return compileSource(`dataset d {\n  trigger event\n${columns}\n}\n`, "t.feat");
}

const errors = (columns: string) =>
  compile(columns)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, message: d.message, hint: d.hint }));

const show = (t: { base: string; nullable: boolean }) => `${t.base}${t.nullable ? "?" : ""}`;

describe("match", () => {
  it("is an if chain on the subject: arms in order, kind names as codes", () => {
    const compiled = compile("  w = match event.kind {\n    add => 1.0\n    trade or execute => 2, _ => 0.0\n  }");
    expect(compiled.diagnostics).toEqual([]);
    const emit = compiled.program!.emit;
    expect(emit.filter((i) => i.op === "if")).toHaveLength(2);
    expect(emit.filter((i) => i.op === "event.kind")).toHaveLength(1);
    expect(
      emit.filter((i) => i.op === "const" && i.type.base === "i64").map((i) => (i as { value: string }).value),
    ).toEqual(["1", "6", "5"]);
    expect(show(compiled.program!.columns[0].type)).toBe("f64");
  });

  it("needs no `_` when every event kind is named", () => {
    const arms = ["add", "cancel", "delete", "modify", "execute", "trade", "level", "clear", "status"]
      .map((k, i) => `${k} => ${i}`)
      .join(", ");
    expect(compile(`  w = match event.kind { ${arms} }`).diagnostics).toEqual([]);
  });

  it("matches integers, negative ones too, and takes null arms", () => {
    const compiled = compile("  p = match event.side { 1 => book.bid.price, -1 => book.ask.price, _ => null }");
    expect(compiled.diagnostics).toEqual([]);
    expect(show(compiled.program!.columns[0].type)).toBe("f64?");
  });

  it("reports a missing `_`, a misplaced `_`, and unknown or repeated patterns", () => {
    expect(errors("  w = match event.kind { add => 1.0 }")).toMatchObject([
      { code: "E0033", message: "`match` does not cover every value" },
    ]);
    expect(errors("  w = match event.kind { _ => 0.0, add => 1.0 }")).toMatchObject([{ code: "E0033" }]);
    expect(errors("  w = match event.kind { ad => 1.0, _ => 0.0 }")).toMatchObject([
      { code: "E0034", message: "unknown event kind `ad`", hint: "did you mean `add`?" },
    ]);
    expect(errors("  w = match event.kind { add => 1.0, add or trade => 2.0, _ => 0.0 }")).toMatchObject([
      { code: "E0034", message: "pattern `add` is matched twice" },
    ]);
    expect(errors("  w = match event.side { add => 1.0, _ => 0.0 }")).toMatchObject([{ code: "E0034" }]);
    expect(errors("  w = match book.mid { 1 => 1.0, _ => 0.0 }")).toMatchObject([
      { code: "E0034", message: "`match` needs an `i64` to match on, found `f64?`" },
    ]);
  });

  it("reports arms of different types with a conversion hint", () => {
    expect(errors("  w = match event.kind { add => book.mid, _ => book.bid.levels }")).toEqual([
      {
        code: "E0035",
        message: "`match` arms have different types: `f64?` and `i64`",
        hint: "convert the integer arm: `f64(book.bid.levels)`",
      },
    ]);
  });
});

describe("conversions", () => {
  it("i64(x) truncates an f64 and may be null; f64(x) widens an i64", () => {
    const compiled = compile("  a = i64(book.mid)\n  b = f64(book.bid.levels)\n  c = i64(book.bid.levels)");
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.program!.columns.map((c) => show(c.type))).toEqual(["i64?", "f64", "i64"]);
    expect(compiled.program!.emit.some((i) => i.op === "f2i")).toBe(true);
  });

  it("rejects i64 of a bool", () => {
    expect(errors("  a = i64(true)")).toMatchObject([
      { code: "E0008", message: "`i64(...)` converts an `f64`, found `bool`" },
    ]);
  });
});
