// Warm starts (docs/language.md section 4.2) on the GOOG 2012-06-21 day: for every feature of
// specs/std whose warm-up is bounded, the rows of `--from 15:00` started from a book snapshot
// equal the rows of a full replay, bit for bit, in both engines and in the online engine seeded
// from the same snapshot; a spec with an unbounded column is replayed from the start instead.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { loadTsKernel, runExtract, type RunExtractOptions } from "../../compiler/extract/run.js";
import { columnHorizons, programHorizon } from "../../compiler/ir/analysis/warmup.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import { LogReader } from "../../runtime/log/reader.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { firstDifference, readParquetColumns, rowsFrom } from "../support/parquetColumns.js";
import { importGoogDay } from "../support/parity.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const STD = ["book", "flow", "trades", "bars", "volatility"];
/** 15:00 New York time (EDT) on the GOOG day. */
const FROM = BigInt(Date.parse("2012-06-21T19:00:00Z")) * 1_000_000n;
const SPEC_PATH = join(REPO, "test", "extract", "specs", "warm_std.feat");

/** Every std function callable without arguments (its parameters all have defaults). */
function stdCalls(): string[] {
  return STD.flatMap((file) =>
    [...readFileSync(join(REPO, "specs", "std", `${file}.feat`), "utf8").matchAll(/^fn (\w+)\(([^)]*)\)/gm)]
      .filter(([, , params]) => params.trim() === "" || params.split(",").every((p) => p.includes("=")))
      .map(([, name]) => name),
  );
}

function specOf(calls: string[]): string {
  const imports = STD.map((f) => `import "../../../specs/std/${f}.feat"`).join("\n");
  const columns = calls.map((c) => `  ${c} = ${c}()`).join("\n");
  return `${imports}\n\ndataset warm_std {\n  trigger trade or every 1s\n  ts = row.ts\n${columns}\n}\n`;
}

function compile(text: string): IrProgram {
  const compiled = compileSource(text, SPEC_PATH);
  expect(compiled.diagnostics).toEqual([]);
  return compiled.program!;
}

describe("warm starts on the GOOG day", () => {
  const dir = scratchDir("warm");
  let log: string;
  let bounded: IrProgram;
  let unboundedColumns: string[];

  beforeAll(() => {
    log = importGoogDay(join(dir, "q"));
    const all = compile(specOf(stdCalls()));
    const horizons = columnHorizons(all);
    unboundedColumns = horizons.filter((h) => !h.horizon.bounded).map((h) => h.column);
    bounded = compile(specOf(horizons.filter((h) => h.horizon.bounded && h.column !== "ts").map((h) => h.column)));
  });

  const run = (program: IrProgram, out: string, more: Partial<RunExtractOptions>) =>
    runExtract(program, {
      source: join(dir, "q"),
      symbols: ["GOOG"],
      out: join(dir, out),
      fromNs: FROM,
      cacheDir: KERNEL_CACHE,
      ...more,
    });

  it("covers the std features, and only ema/time_since-like ones are unbounded", () => {
    expect(bounded.columns.length).toBeGreaterThan(20);
    expect(unboundedColumns.length).toBeGreaterThan(0);
    expect(programHorizon(bounded).bounded).toBe(true);
    // The GOOG log has a snapshot every 10 minutes of exchange time.
    expect(LogReader.open(log).snapshots.length).toBeGreaterThan(30);
  });

  for (const engine of ["native", "ts"] as const) {
    it(`${engine}: the warm start's rows equal the full replay's, from a snapshot`, async () => {
      const full = await run(bounded, `full-${engine}`, { engine, warmStart: false });
      const warm = await run(bounded, `warm-${engine}`, { engine });
      expect(warm.results[0].warmStartTs).toBeDefined();
      expect(warm.results[0].records).toBeLessThan(full.results[0].records / 2);
      const [a, b] = [readParquetColumns(full.results[0].output), readParquetColumns(warm.results[0].output)];
      expect(a.rows).toBeGreaterThan(1000);
      expect(firstDifference(a, b)).toBeNull();
      expect(b.metadata.get("featc.warm_start")).toMatch(/^from the book snapshot as of 2012-06-21T1[89]:/);
      expect(a.metadata.get("featc.warm_start")).toBeUndefined();
    });
  }

  it("--to stops the replay after the window: the cost is the window's, the rows the full run's", async () => {
    const to = FROM + 1_800_000_000_000n;
    for (const engine of ["native", "ts"] as const) {
      const full = await run(bounded, `full-${engine}`, { engine, warmStart: false });
      const window = await run(bounded, `window-${engine}`, { engine, toNs: to });
      const rows = readParquetColumns(window.results[0].output);
      const all = readParquetColumns(full.results[0].output);
      const before = all.columns[0].filter((t) => (t as bigint) < to).length;
      expect(rows.rows).toBe(before);
      expect(
        firstDifference(rows, { ...all, rows: before, columns: all.columns.map((c) => c.slice(0, before)) }),
      ).toBeNull();
      expect(window.results[0].records).toBeLessThan(full.results[0].records / 3);
    }
  });

  it("the online engine seeded from the same snapshot emits the same rows from --from on", async () => {
    const full = await run(bounded, "full-native", { engine: "native", warmStart: false });
    const module = await loadTsKernel(full.kernel.jsModulePath);
    const horizon = programHorizon(bounded);
    if (!horizon.bounded) throw new Error("bounded above");
    const online = onlineColumns(module, log, (engine, reader) => {
      expect(engine.warmStart(reader, FROM, { ns: horizon.ns, events: horizon.events })).not.toBeNull();
      engine.flush();
    });
    const expected = readParquetColumns(full.results[0].output);
    expect(firstDifference(expected, rowsFrom(online, "ts", FROM))).toBeNull();
  });

  it("a spec with an unbounded column replays from the start, and says so", async () => {
    const program = compile(specOf(unboundedColumns));
    const out = await run(program, "unbounded", { engine: "native" });
    expect(out.results[0].warmStartTs).toBeUndefined();
    expect(out.warmUpNote).toMatch(/^no warm start: the spec's warm-up is unbounded/);
    const approx = await run(program, "approx", { engine: "native", warmUpNs: 3_600_000_000_000n });
    expect(approx.results[0].warmStartTs).toBeDefined();
    expect(approx.warmUpNote).toMatch(/^approximate warm start/);
  });
});
