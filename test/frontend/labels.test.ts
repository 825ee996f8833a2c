// Labels (docs/language.md section 10): syntax, the checks on `future`, the online target's
// refusal, the IR's label programs, and the formatter.
import { describe, expect, it } from "vitest";
import { loadOnlineKernel, SpecError } from "../../compiler/api.js";
import { compileSource } from "../../compiler/compile.js";
import { formatSource } from "../../compiler/format/format.js";
import { irHash } from "../../compiler/ir/hash.js";
import { printProgram } from "../../compiler/ir/printer.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import { join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { KernelModule } from "../../runtime/kernel.js";

function spec(body: string, trigger = "every 1s"): string {
  return `dataset d {\n  trigger ${trigger}\n  mid = book.mid\n${body}\n}\n`;
}

function errors(text: string, target: "batch" | "online" = "batch") {
  return compileSource(text, "t.feat", { target }).diagnostics.filter((d) => d.severity === "error");
}

describe("labels: checks", () => {
  it("compiles a label with futures of several horizons and a present part", () => {
    const compiled = compileSource(
      spec("  label fwd = future(book.mid, 1s) / book.mid - 1\n  label far = future(book.mid, 10s) / book.mid - 1"),
      "t.feat",
    );
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.program!.columns.map((c) => c.name)).toEqual(["mid"]);
    expect(compiled.program!.labels!.columns.map((c) => [c.name, c.type])).toEqual([
      ["fwd", { base: "f64", nullable: true }],
      ["far", { base: "f64", nullable: true }],
    ]);
  });

  it("rejects `future` in a column, with a span and a hint", () => {
    const text = spec("  fwd = future(book.mid, 1s)");
    const [e] = errors(text);
    expect(e.code).toBe("E0036");
    expect(e.message).toBe("`future` is only allowed in a label expression");
    expect(text.slice(e.primary.span.start, e.primary.span.end)).toBe("future(book.mid, 1s)");
    expect(e.hint).toContain("label fwd_ret = future(book.mid, 1s)");
  });

  it("rejects `future` in a `when`, a function, another `future` and a temporal operator's input", () => {
    expect(
      errors(spec("  label x = future(book.mid, 1s)", "every 1s when future(book.mid, 1s) > 0")).map((e) => e.code),
    ).toEqual(["E0036"]);
    expect(errors(spec("  label x = future(future(book.mid, 1s), 1s)")).map((e) => e.message)).toEqual([
      "`future` cannot be nested in another `future`",
    ]);
    expect(errors(spec("  label x = ema(future(book.mid, 1s), 10)")).map((e) => e.message)).toEqual([
      "`future` cannot be the input of a temporal operator",
    ]);
    expect(errors(spec("  label x = prev(future(book.mid, 1s))")).map((e) => e.code)).toEqual(["E0036"]);
  });

  it("needs a positive duration constant horizon and an f64, i64 or bool input", () => {
    expect(errors(spec("  label x = future(book.mid, 5)")).map((e) => e.code)).toEqual(["E0008"]);
    expect(errors(spec("  label x = future(book.mid, 0s)")).map((e) => e.code)).toEqual(["E0032"]);
    expect(errors(spec("  label x = future(book.mid, 1s * book.bid.levels)")).length).toBeGreaterThan(0);
    expect(errors(spec("  label x = future(event.exchange_ts, 1s)")).map((e) => e.code)).toEqual(["E0008"]);
    expect(errors(spec("  label x = future(book.mid)")).map((e) => e.code)).toEqual(["E0009"]);
    expect(errors(spec("  label x = future(book.mid, 250ms)"))).toEqual([]);
  });

  it("allows `future` in a function called from a label, with the horizon a parameter", () => {
    const fns =
      "fn fwd_ret(h: duration = 1s) -> f64? {\n  let now = book.mid\n  future(book.mid, h) / now - 1\n}\nfn twice() -> f64? { fwd_ret() + fwd_ret(h = 10s) }\n";
    const compiled = compileSource(
      `${fns}${spec("  label a = fwd_ret()\n  label b = fwd_ret(h = 10s)\n  label c = twice()")}`,
      "t.feat",
    );
    expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const labels = compiled.program!.labels!;
    expect(labels.futures.map((f) => f.horizonNs)).toEqual(["1000000000", "10000000000"]);
    expect(labels.columns.map((c) => c.futures)).toEqual([[0], [1], [0, 1]]);
    expect(labels.nowValues.length).toBe(1);
    // Outside a label, or under a temporal operator, such a call is rejected.
    const column = errors(`${fns}${spec("  x = fwd_ret()")}`);
    expect(column.map((e) => [e.code, e.message])).toEqual([
      ["E0036", "`fwd_ret` uses `future`, which is only allowed in a label expression"],
    ]);
    expect(errors(`${fns}${spec("  label x = ema(twice(), 10)")}`).map((e) => e.code)).toEqual(["E0036"]);
    expect(
      errors(`${fns}fn smooth() -> f64? { ema(fwd_ret(), 10) }\n${spec("  label x = smooth()")}`).map((e) => e.code),
    ).toEqual(["E0036"]);
    // The horizon is checked at the call site once the parameter is known.
    expect(errors(`${fns}${spec("  label x = fwd_ret(h = 0s)")}`).map((e) => e.code)).toEqual(["E0032"]);
  });

  it("rejects a label named like a column", () => {
    expect(errors(spec("  label mid = future(book.mid, 1s)")).map((e) => e.code)).toEqual(["E0015"]);
  });
});

describe("labels: the online target", () => {
  const text = spec("  label fwd = future(book.mid, 1s) / book.mid - 1");

  it("rejects every label with E0037 at the label", () => {
    const [e, ...rest] = errors(text, "online");
    expect(rest).toEqual([]);
    expect(e.code).toBe("E0037");
    expect(text.slice(e.primary.span.start, e.primary.span.end)).toBe(
      "label fwd = future(book.mid, 1s) / book.mid - 1",
    );
    expect(compileSource(text, "t.feat", { target: "online" }).program).toBeUndefined();
    expect(compileSource(text, "t.feat", { target: "online", allDatasets: true }).programs).toBeUndefined();
    expect(errors(spec(""), "online")).toEqual([]);
  });

  it("loadOnlineKernel refuses a spec with labels", async () => {
    const dir = mkdtempSync(join(tmpdir(), "featc-labels-"));
    const path = join(dir, "d.feat");
    writeFileSync(path, text);
    await expect(loadOnlineKernel(path, { cacheDir: join(dir, "cache") })).rejects.toBeInstanceOf(SpecError);
    await expect(loadOnlineKernel(path, { cacheDir: join(dir, "cache") })).rejects.toThrow(/E0037/);
  });

  it("the online engine refuses a kernel with labels", () => {
    const module = {
      meta: {
        name: "d",
        irHash: "x",
        columns: [],
        trigger: { everyEvent: true, trade: false, everyEvents: 0, barNs: 0n },
        labels: { count: 1, nowSlots: 0, horizonsNs: [1n] },
      },
      createKernel: () => ({ step() {}, emit() {} }),
    } as KernelModule;
    expect(() => new OnlineEngine(module, { capacity: 16, priceDecimals: 2, sizeDecimals: 0 })).toThrow(/labels/);
  });
});

describe("labels: IR", () => {
  it("lowers futures to slots, the present to now slots, and records each label's futures", () => {
    const compiled = compileSource(
      spec(
        [
          "  label a = future(book.mid, 1s) / book.mid - 1",
          "  label b = future(book.mid, 1s) > book.mid",
          "  label c = future(rolling_sum(trade.size, 5s), 5s) + future(book.bid.size, 2s) * 2.0",
          "  label n = future(book.bid.levels, 1s) - book.bid.levels",
        ].join("\n"),
      ),
      "t.feat",
    );
    expect(compiled.diagnostics).toEqual([]);
    const labels = compiled.program!.labels!;
    expect(labels.futures.map((f) => [f.horizonNs, f.type.base, f.label])).toEqual([
      ["1000000000", "f64", "future(book.mid, 1000000000ns)"],
      ["5000000000", "f64", "future(rolling_sum(trade.size, 5000000000ns, max_events = 10000), 5000000000ns)"],
      ["2000000000", "f64", "future(book.bid.size, 2000000000ns)"],
      ["1000000000", "i64", "future(book.bid.levels, 1000000000ns)"],
    ]);
    // The same mid at the row is one now slot; `2.0` stays a constant of the label program.
    expect(labels.nowValues.map((v) => v.type.base)).toEqual(["f64", "i64"]);
    expect(labels.columns.map((c) => [c.name, c.type.base, c.futures])).toEqual([
      ["a", "f64", [0]],
      ["b", "bool", [0]],
      ["c", "f64", [1, 2]],
      ["n", "i64", [3]],
    ]);
    expect(labels.program.filter((i) => i.op === "const").length).toBeGreaterThan(0);
    expect(labels.program.every((i) => !i.op.startsWith("book.") && !i.op.startsWith("state."))).toBe(true);
    // The rolling window is a state updated every step, read by the future's program.
    expect(compiled.program!.states.map((s) => s.kind)).toEqual(["rolling_sum"]);
    expect(labels.futures[1].program.map((i) => i.op)).toEqual(["state.read"]);
    const text = printProgram(compiled.program!);
    expect(text).toContain("future $0 after 1000000000ns : f64? = %4  // future(book.mid, 1000000000ns)");
    expect(text).toContain("  c : f64? = %");
  });

  it("leaves the IR (and hash) of a dataset without labels unchanged", () => {
    const without = compileSource(spec(""), "t.feat").program!;
    expect("labels" in without).toBe(false);
    const withLabel = compileSource(spec("  label x = future(book.mid, 1s)"), "t.feat").program!;
    expect(irHash(withLabel)).not.toBe(irHash(without));
    const { labels: _labels, ...rest } = withLabel;
    expect(irHash(rest)).toBe(irHash(without));
  });
});

describe("labels: fmt", () => {
  it("prints labels after alignment of their own and keeps their meaning", () => {
    const result = formatSource(
      "dataset d {\n  trigger every 1s\n  mid=book.mid\n  spread = book.spread\n  label fwd=future(book.mid,1s)/book.mid-1\n  label up = future(book.mid, 10s) > book.mid\n}\n",
      "t.feat",
    );
    expect(result).toEqual({
      ok: true,
      changed: true,
      formatted:
        "dataset d {\n  trigger every 1s\n  mid    = book.mid\n  spread = book.spread\n  label fwd = future(book.mid, 1s) / book.mid - 1\n  label up  = future(book.mid, 10s) > book.mid\n}\n",
    });
  });
});
