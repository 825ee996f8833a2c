// Databento DBN in: the CME ESH4 MBO sample imported, extracted with examples/es_mbo.feat by
// both engines (bit-identical rows, read back by DuckDB), and the verify-book figures.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import type { FeedImportSummary } from "../../runtime/native/binding.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { extract } from "../support/parity.js";
import { REPO, scratchDir } from "../support/paths.js";

const DATABENTO = join(REPO, "..", "shared", "data", "databento");
const ESH4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
  join(DATABENTO, "cme-esh4", f),
);
const SPEC = join(REPO, "examples", "es_mbo.feat");

const count = (pairs: [string, number][], name: string) => pairs.find(([k]) => k === name)?.[1] ?? 0;

describe("DBN import: CME ESH4 MBO, 2023-12-24 snapshot + 2023-12-25", () => {
  const dir = scratchDir("import-dbn");
  let summary: FeedImportSummary;
  let program: IrProgram;
  let nativeOut: string[];

  beforeAll(async () => {
    summary = native.importDbn({ inputs: ESH4, outDir: join(dir, "q") });
    const compiled = compileFile(SPEC);
    expect(compiled.diagnostics).toEqual([]);
    program = compiled.program!;
    const out = await extract(program, "native", join(dir, "q"), "ESH4", join(dir, "native"));
    nativeOut = out.results.map((r) => r.output).sort();
  }, 300_000);

  it("writes one L3 log per UTC day and counts every input record by action", () => {
    expect(summary.files.map((f) => `${f.symbol}/${f.date}`)).toEqual(["ESH4/2023-12-24", "ESH4/2023-12-25"]);
    expect(summary.messagesIn).toBe(8_725 + 68_792);
    expect(Object.fromEntries(summary.messagesByType)).toEqual({
      "MBO A": 37_941,
      "MBO C": 17_999,
      "MBO M": 12_233,
      "MBO T": 2_973,
      "MBO F": 6_371,
    });
    // F is not written (its book change is the following C/M, its trade the T); nothing else is skipped.
    expect(summary.skippedByReason.map(([, n]) => n)).toEqual([6_371]);
    // The 2023-12-25 snapshot replaces the 2023-12-24 book: one CLEAR before it.
    expect(count(summary.adjusted, "snapshot over a non-empty book: CLEAR written before it")).toBe(1);
    // Every record is written: adds, cancels, modifies and trades, plus that CLEAR.
    expect(summary.files.reduce((s, f) => s + f.records, 0)).toBe(37_941 + 17_999 + 12_233 + 2_973 + 1);
  });

  it("extracts es_mbo.feat with bit-identical rows from both engines", async () => {
    const out = await extract(program, "ts", join(dir, "q"), "ESH4", join(dir, "ts"));
    const tsOut = out.results.map((r) => r.output).sort();
    expect(tsOut.length).toBe(2);
    for (let i = 0; i < nativeOut.length; i++) {
      const a = readParquetColumns(nativeOut[i]);
      expect(firstDifference(a, readParquetColumns(tsOut[i]))).toBeNull();
    }
  }, 300_000);

  it("has rows DuckDB reads, with trades and a sane spread after the open", async () => {
    const live = nativeOut.find((p) => p.includes("date=2023-12-25"))!;
    const [r] = await duckQuery(
      `select count(*)::bigint as n, sum(traded)::double as traded, min(spread_ticks)::double as min_spread
       from read_parquet(${sqlString(live)}) where exchange_ts >= '2023-12-25 23:00:00'::timestamp`,
    );
    expect(Number(r.n)).toBeGreaterThan(1_000);
    // The T records' sizes, from 23:00 on (the open; no trades in the pre-open).
    expect(r.traded).toBe(9_892);
    expect(r.min_spread).toBeGreaterThanOrEqual(1);
  });

  it("verify-book: the book is consistent at every event end after the open", () => {
    const [r] = native.verifyBook("dbn-mbo", ESH4);
    expect(r.events).toBe(77_517);
    expect(r.rowsCompared).toBe(47_023);
    expect(r.rowsEqual).toBe(46_132);
    expect(r.notes[0]).toContain(
      "891 with a crossed book (0 of them after the first trade, 891 in the pre-open), 0 records rejected",
    );
    expect(r.notes).toContain("cancel: 17999 of 17999 name a resting order");
    expect(r.notes).toContain("modify: 12233 of 12233 name a resting order");
  });

  it("verify-book: replaying XNAS.ITCH MBO reproduces every MBP-10 record (100%)", () => {
    const x = join(DATABENTO, "xnas-itch");
    const [r] = native.verifyBook("dbn-mbp10", [join(x, "test_data.mbo.dbn.zst"), join(x, "test_data.mbp-10.dbn.zst")]);
    expect([r.events, r.rowsCompared, r.rowsEqual]).toEqual([4, 4, 4]);
  });

  it("a malformed input fails with file and offset and leaves no output", () => {
    const out = join(dir, "bad");
    expect(() => native.importDbn({ inputs: [join(REPO, "README.md")], outDir: out })).toThrow(
      /README\.md: byte offset 0: not a DBN file/,
    );
  });
});
