// The parser on hostile input (docs/security.md, "A front end that never throws"): every spec,
// however broken, deep or long, gives coded diagnostics in bounded time, never an exception.
// The cases are the crashes and slow paths found before the parser was bounded.
import { describe, expect, it } from "vitest";
import { compileSource, type CompileResult } from "../../compiler/compile.js";
import { renderDiagnostics } from "../../compiler/diagnostics/render.js";
import { formatSource } from "../../compiler/format/format.js";
import { MAX_EXPRESSION_DEPTH, MAX_NESTING, MAX_SYNTAX_ERRORS } from "../../grammar/limits.js";
import { parseSource } from "../../grammar/parser.js";

function dataset(column: string): string {
  return `dataset d {\n  trigger trade\n  x = ${column}\n}\n`;
}

function codes(result: CompileResult): string[] {
  return result.diagnostics.map((d) => d.code);
}

/** Every way of nesting the parser recurses through, `n` levels deep around `book.mid`. */
const nestings: Record<string, (n: number) => string> = {
  parentheses: (n) => "(".repeat(n) + "book.mid" + ")".repeat(n),
  "call arguments": (n) => "abs(".repeat(n) + "book.mid" + ")".repeat(n),
  "method arguments": (n) => "book.bid.level(".repeat(n) + "1" + ").price".repeat(n),
  "if branches": (n) => "if true then ".repeat(n) + "book.mid" + " else 0.0".repeat(n),
  "else-if chains": (n) => "if false then 0.0 else ".repeat(n) + "book.mid",
  "match arms": (n) => "match event.kind { _ => ".repeat(n) + "book.mid" + " }".repeat(n),
  negation: (n) => "-".repeat(n) + "book.mid",
  "not and comparison": (n) => "if " + "not ".repeat(n) + "true then book.mid else 0.0",
};

function seconds(body: () => void): number {
  const started = performance.now();
  body();
  return (performance.now() - started) / 1000;
}

describe("the parser on hostile input", () => {
  it("reports a mismatch Chevrotain used to throw out of the parser", () => {
    for (const text of [
      "fn \0f0\n}\n",
      "fn f0\n}\n",
      "}\n}\n",
      "fn",
      "dataset",
      "import",
      "fn f(",
      "dataset d { trigger",
    ]) {
      const result = compileSource(text, "t.feat");
      expect(result.diagnostics.length, JSON.stringify(text)).toBeGreaterThan(0);
      expect(result.diagnostics.every((d) => /^E\d{4}$/.test(d.code))).toBe(true);
    }
    expect(codes(compileSource("fn \0f0\n}\n", "t.feat"))).toEqual(["E0002", "E0001"]);
  });

  for (const [how, nest] of Object.entries(nestings)) {
    it(`reads ${MAX_NESTING} levels of ${how} and refuses one more with E0043`, () => {
      expect(
        codes(compileSource(dataset(nest(MAX_NESTING - 2)), "t.feat")).filter((c) => c.startsWith("E")),
      ).not.toContain("E0043");
      const deeper = compileSource(dataset(nest(MAX_NESTING + 1)), "t.feat");
      expect(codes(deeper)).toContain("E0043");
      // Far deeper is as quick, and still one diagnostic, not a stack overflow.
      const far = dataset(nest(20_000));
      expect(seconds(() => expect(codes(compileSource(far, "t.feat"))).toContain("E0043"))).toBeLessThan(5);
    });
  }

  it("150 nested parentheses, which used to overflow the stack, are E0043 and the next column is still checked", () => {
    const text = `dataset d {\n  trigger trade\n  x = ${nestings.parentheses(150)}\n  y = book.mid +\n}\n`;
    expect(codes(compileSource(text, "t.feat"))).toEqual(["E0043", "E0001"]);
  });

  it(`reads a chain of operators ${MAX_EXPRESSION_DEPTH} levels deep and refuses a deeper one`, () => {
    const chain = (terms: number) => "book.mid" + " + 1.0".repeat(terms - 1);
    // `book.mid` is two levels (a field of a name), each `+` one more.
    expect(compileSource(dataset(chain(MAX_EXPRESSION_DEPTH - 1)), "t.feat").diagnostics).toEqual([]);
    expect(codes(compileSource(dataset(chain(MAX_EXPRESSION_DEPTH)), "t.feat"))).toEqual(["E0043"]);
    expect(codes(compileSource(dataset(chain(100_000)), "t.feat"))).toEqual(["E0043"]);
  });

  it("never throws from the formatter either", () => {
    for (const text of [
      dataset(nestings.parentheses(1000)),
      dataset("1.0" + " + 1.0".repeat(10_000)),
      "fn \0f0\n}\n",
    ]) {
      const result = formatSource(text, "t.feat");
      expect(result.ok).toBe(false);
    }
  });

  it("reads blank lines in linear time: 100,000 of them, which took 79 s, in well under a second", () => {
    const text = "\n".repeat(100_000) + dataset("book.mid");
    expect(seconds(() => expect(compileSource(text, "t.feat").diagnostics).toEqual([]))).toBeLessThan(1);
  });

  it("recovers from thousands of errors in one repetition without deep recursion or a scan per error", () => {
    // Each broken arm was recovered by calling the repetition again (6,400 overflowed the stack)
    // and by scanning to the file's end for where to carry on (25,600 took 2 s to parse).
    for (const arms of [6_400, 25_600]) {
      const text = dataset(`count_since_emit(match event.kind { add => true${",=> true".repeat(arms)} })`);
      let problems: { message: string }[] = [];
      const took = seconds(() => (problems = parseSource(text, "t.feat").problems));
      expect(problems).toHaveLength(100);
      expect(problems[0].message).toBe("expected `}`, found `=>`");
      expect(took).toBeLessThan(1);
    }
  });

  it("parses a megabyte in time linear in its length", () => {
    const spec = (bytes: number) => {
      const lines = ["dataset d {", "  trigger trade"];
      let length = 30;
      for (let i = 0; length < bytes; i++) {
        const line = `  c${i} = (book.mid + ${i}.0) * prev(book.bid.price) // column ${i}`;
        lines.push(line);
        length += line.length + 1;
      }
      return [...lines, "}", ""].join("\n");
    };
    const small = spec(1 << 18);
    const large = spec(1 << 20);
    parseSource(small, "warm.feat");
    const t1 = seconds(() => expect(parseSource(small, "t.feat").problems).toEqual([]));
    const t4 = seconds(() => expect(parseSource(large, "t.feat").problems).toEqual([]));
    // Four times the text: about four times the time, nowhere near sixteen.
    expect(t4 / t1).toBeLessThan(8);
    expect(t4).toBeLessThan(3);
  });

  it(`stops at ${MAX_SYNTAX_ERRORS} syntax errors and says so`, () => {
    const text = "dataset d {\n  trigger trade\n" + "  x = = = )\n".repeat(50_000) + "}\n";
    let result!: CompileResult;
    expect(seconds(() => (result = compileSource(text, "t.feat")))).toBeLessThan(5);
    expect(result.diagnostics).toHaveLength(MAX_SYNTAX_ERRORS);
    expect(result.diagnostics.at(-1)!.notes.join(" ")).toContain(`${MAX_SYNTAX_ERRORS}th syntax error`);
    const garbage = compileSource("$%^&".repeat(100_000) + "\x1b[31m".repeat(100_000), "t.feat");
    expect(garbage.diagnostics.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS);
  });

  it("reports an unknown escape in a string instead of throwing", () => {
    for (const literal of ['"a\\qb.feat"', '"\\u12"', '"\\u{41}"', '"tab\there"']) {
      const result = compileSource(`import ${literal}\n${dataset("book.mid")}`, "t.feat");
      expect(result.diagnostics.length, literal).toBeGreaterThan(0);
    }
    expect(codes(compileSource(`import "a\\qb.feat"\n${dataset("book.mid")}`, "t.feat"))).toEqual(["E0001"]);
    expect(codes(compileSource(`import "\\u0000.feat"\n${dataset("book.mid")}`, "t.feat"))).toEqual(["E0040"]);
  });

  it("never lets a spec's control characters or long lines through to the terminal", () => {
    const text = `dataset d {\n  trigger trade\n  x = \x1b]0;pwned\x07 + \u202e${"1.0 + ".repeat(5_000)}\n}\n`;
    const result = compileSource(text, "t.feat");
    const rendered = renderDiagnostics(result.diagnostics, result.sources);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(rendered).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(Math.max(...rendered.split("\n").map((line) => line.length))).toBeLessThan(400);
  });
});
