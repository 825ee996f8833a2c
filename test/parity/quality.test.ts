// The data-quality fields (docs/language.md section 5.1) in the three runtimes: the
// native engine, the TypeScript engine and the online engine give bit-identical rows on the
// LOBSTER GOOG day and on the CME ESH4 MBO pair, whose pre-open book is crossed (every crossed
// row really has bid > ask); `quality.reset` reads true on exactly the first row after a missing
// day; and `quality.gap`, `bad_book` and `bad_ts` read true exactly on the rows after records
// with those flags, also when a `when` filter rejects firings or the emit window drops rows.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile, compileSource } from "../../compiler/compile.js";
import { QUALITY_FLAG_BITS } from "../../compiler/codegen/quality.js";
import { loadTsKernel, runExtract, type RunExtractOptions } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import { LogWriter, type LogRecord } from "../../runtime/log/writer.js";
import * as native from "../../runtime/native/binding.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { concatColumns, firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import { importGoogDay, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const SPEC = join(REPO, "test", "parity", "specs", "quality.feat");
const ESH4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
  join(REPO, "..", "shared", "data", "databento", "cme-esh4", f),
);

function compiled(spec: string): IrProgram {
  const c = compileFile(spec);
  expect(c.diagnostics).toEqual([]);
  return c.program!;
}

function inline(source: string): IrProgram {
  const c = compileSource(source, "quality_probe.feat");
  expect(c.diagnostics).toEqual([]);
  return c.program!;
}

function run(program: IrProgram, source: string, symbol: string, out: string, more: Partial<RunExtractOptions> = {}) {
  return runExtract(program, { source, symbols: [symbol], out, cacheDir: KERNEL_CACHE, ...more });
}

const column = (rows: Columns, name: string) => rows.columns[rows.names.indexOf(name)];
const f64 = (bits: bigint) => new Float64Array(new BigUint64Array([bits]).buffer)[0];

describe("quality flag bits", () => {
  it("are the same in the compiler, the TypeScript log format and the Rust log format", () => {
    expect(QUALITY_FLAG_BITS).toEqual({
      "quality.gap": F.FLAG_GAP,
      "quality.bad_book": F.FLAG_BAD_BOOK,
      "quality.bad_ts": F.FLAG_BAD_TS,
    });
    const rust = readFileSync(join(REPO, "native", "core", "src", "log", "record.rs"), "utf8");
    const module = /pub mod flag \{([^}]*)\}/.exec(rust)![1];
    const bits = Object.fromEntries(
      [...module.matchAll(/pub const (\w+): u8 = (\d+);/g)].map(([, name, bit]) => [name, Number(bit)]),
    );
    expect(bits).toMatchObject({ GAP: F.FLAG_GAP, BAD_BOOK: F.FLAG_BAD_BOOK, BAD_TS: F.FLAG_BAD_TS });
  });
});

describe("quality.* on LOBSTER GOOG 2012-06-21 (trade or every 1s)", () => {
  const dir = scratchDir("quality-goog");
  let run: NativeRun;
  beforeAll(async () => {
    const logPath = importGoogDay(join(dir, "q"));
    run = await runNative(SPEC, dir, "GOOG", logPath);
  });

  it("crossed and locked say what the book columns say", () => {
    const [bid, ask, crossed, locked] = ["bid", "ask", "crossed", "locked"].map((n) => column(run.rows, n));
    expect(run.rows.rows).toBeGreaterThan(20_000);
    for (let r = 0; r < run.rows.rows; r++) {
      const both = bid[r] !== null && ask[r] !== null;
      expect(crossed[r], `row ${r}`).toBe(both && f64(bid[r] as bigint) > f64(ask[r] as bigint));
      expect(locked[r], `row ${r}`).toBe(both && bid[r] === ask[r]);
    }
  });

  itMatchesNativeRows(() => run);
});

describe("quality.* on the CME ESH4 MBO pair, 2023-12-24 snapshot + 2023-12-25", () => {
  const dir = scratchDir("quality-esh4");
  let program: IrProgram;
  let rows: Columns;
  let kernelModule: string;

  beforeAll(async () => {
    native.importDbn({ inputs: ESH4, outDir: join(dir, "q") });
    program = compiled(SPEC);
    const out = await run(program, join(dir, "q"), "ESH4", join(dir, "native"), { engine: "native" });
    expect(out.results.map((r) => r.start)).toEqual(["first", "continued"]);
    rows = concatColumns(out.results.map((r) => readParquetColumns(r.output)));
    kernelModule = out.kernel.jsModulePath;
  });

  it("has crossed rows (the pre-open book), and every crossed row has bid > ask", () => {
    const [bid, ask, crossed, locked, reset] = ["bid", "ask", "crossed", "locked", "reset"].map((n) => column(rows, n));
    let crossedRows = 0;
    for (let r = 0; r < rows.rows; r++) {
      const both = bid[r] !== null && ask[r] !== null;
      if (crossed[r] === true) {
        crossedRows++;
        expect(both, `row ${r}`).toBe(true);
        expect(f64(bid[r] as bigint) > f64(ask[r] as bigint), `row ${r}`).toBe(true);
      } else if (both) {
        expect(f64(bid[r] as bigint) <= f64(ask[r] as bigint), `row ${r}`).toBe(true);
      }
      expect(locked[r], `row ${r}`).toBe(both && bid[r] === ask[r]);
      // A continued stream is not reset.
      expect(reset[r], `row ${r}`).toBe(false);
    }
    expect(crossedRows).toBeGreaterThan(0);
    expect(crossedRows).toBeLessThan(rows.rows);
  });

  it("the TypeScript engine writes the same rows", async () => {
    const out = await run(program, join(dir, "q"), "ESH4", join(dir, "ts"), { engine: "ts" });
    expect(firstDifference(rows, concatColumns(out.results.map((r) => readParquetColumns(r.output))))).toBeNull();
  });

  it("the online engine fed both days' logs emits the same rows", async () => {
    const paths = ["2023-12-24", "2023-12-25"].map((d) => join(dir, "q", "ESH4", `${d}.q`));
    const online = onlineColumns(await loadTsKernel(kernelModule), paths[0], (engine, reader) => {
      expect(engine.pushLog(reader).start).toBe("first");
      expect(engine.pushLog(LogReader.open(paths[1])).start).toBe("continued");
      engine.flush();
    });
    expect(firstDifference(rows, online)).toBeNull();
  });
});

describe("quality.reset over synthetic continuous days with a missing day", () => {
  const dir = scratchDir("quality-reset");
  let program: IrProgram;
  let paths: string[];

  beforeAll(() => {
    program = compiled(SPEC);
    paths = native.generateSynthetic({
      symbol: "SYN",
      events: 40_000,
      seed: 7,
      date: "2024-03-04",
      days: 3,
      session: "continuous",
      outDir: join(dir, "all"),
    }).paths;
    // The same days without the middle one: 2024-03-06 does not continue 2024-03-04.
    mkdirSync(join(dir, "gap", "SYN"), { recursive: true });
    for (const p of [paths[0], paths[2]]) copyFileSync(p, join(dir, "gap", "SYN", p.split("/").pop()!));
  }, 120_000);

  const resetColumn = (out: string) => column(readParquetColumns(out), "reset") as boolean[];

  for (const engine of ["native", "ts"] as const) {
    it(`${engine}: true on exactly the first row after the reset, false on every continued day`, async () => {
      const all = await run(program, join(dir, "all"), "SYN", join(dir, `all-${engine}`), { engine });
      expect(all.results.map((r) => r.start)).toEqual(["first", "continued", "continued"]);
      for (const r of all.results) expect(resetColumn(r.output).every((v) => v === false)).toBe(true);

      const gap = await run(program, join(dir, "gap"), "SYN", join(dir, `gap-${engine}`), { engine });
      expect(gap.results.map((r) => [r.start, r.resetReason])).toEqual([
        ["first", undefined],
        ["reset", "missing_day"],
      ]);
      const [first, third] = gap.results.map((r) => resetColumn(r.output));
      expect(first.length).toBeGreaterThan(1_000);
      expect(first.every((v) => v === false)).toBe(true);
      expect(third.length).toBeGreaterThan(1_000);
      expect(third[0]).toBe(true);
      expect(third.slice(1).every((v) => v === false)).toBe(true);
    });
  }

  it("the online engine, fed the two logs, resets and says so on the same row", async () => {
    const native = await run(program, join(dir, "gap"), "SYN", join(dir, "gap-online-ref"), { engine: "native" });
    const rows = concatColumns(native.results.map((r) => readParquetColumns(r.output)));
    const logs = [paths[0], paths[2]].map((p) => join(dir, "gap", "SYN", p.split("/").pop()!));
    const online = onlineColumns(await loadTsKernel(native.kernel.jsModulePath), logs[0], (engine, reader) => {
      expect(engine.pushLog(reader).start).toBe("first");
      expect(engine.pushLog(LogReader.open(logs[1])).start).toBe("reset");
      engine.flush();
    });
    expect(firstDifference(rows, online)).toBeNull();
  });
});

describe("quality.gap, bad_book and bad_ts on a written log", () => {
  const dir = scratchDir("quality-flags");
  const DAY = 1_709_596_800_000_000_000n; // 2024-03-05T00:00:00Z
  const ms = (n: number) => DAY + BigInt(n) * 1_000_000n;
  const { FLAG_LAST: LAST, FLAG_GAP: GAP, FLAG_BAD_BOOK: BAD_BOOK, FLAG_BAD_TS: BAD_TS } = F;
  const add = (t: number, id: number, side: number, price: number, flags = LAST): LogRecord => ({
    exchangeTs: ms(t),
    kind: F.KIND_ADD,
    orderId: BigInt(id),
    side,
    price,
    size: 10,
    flags,
  });
  const trade = (t: number, size: number, flags = LAST): LogRecord => ({
    exchangeTs: ms(t),
    kind: F.KIND_TRADE,
    price: 10_005,
    size,
    aggressor: F.AGGRESSOR_BUY,
    flags,
  });
  // Rows of `trigger trade or every 1s` noted where they fall.
  const records: LogRecord[] = [
    add(100, 1, F.SIDE_BID, 10_000),
    add(200, 2, F.SIDE_ASK, 10_010, LAST | GAP),
    // bar 1s: gap
    trade(1_200, 1),
    // trade 1.2s: nothing since the bar
    add(1_300, 3, F.SIDE_BID, 9_990, LAST | BAD_BOOK),
    add(1_400, 4, F.SIDE_ASK, 10_020, BAD_TS),
    trade(1_400, 2),
    // trade 1.4s: bad_book (the packet before), bad_ts (this packet's first record)
    add(2_500, 5, F.SIDE_BID, 9_980, LAST | GAP),
    // bar 2s, before the packet at 2.5s: nothing; bar 3s: gap
    add(3_500, 6, F.SIDE_ASK, 10_030),
    add(3_600, 7, F.SIDE_BID, 10_010),
    trade(3_700, 1),
    // trade 3.7s: locked (bid 100.10 == ask 100.10)
    add(3_800, 8, F.SIDE_BID, 10_015, LAST | BAD_TS),
    // bar 4s: crossed, bad_ts
    trade(4_100, 3),
    // trade 4.1s: crossed
  ];
  const COLUMNS = `
  ts       = row.ts
  crossed  = quality.crossed
  locked   = quality.locked
  gap      = quality.gap
  bad_book = quality.bad_book
  bad_ts   = quality.bad_ts
  reset    = quality.reset
`;
  const t = (n: number) => ms(n);
  /** [row.ts, crossed, locked, gap, bad_book, bad_ts, reset] */
  type Expected = [bigint, boolean, boolean, boolean, boolean, boolean, boolean];
  const EVERY_ROW: Expected[] = [
    [t(1_000), false, false, true, false, false, false],
    [t(1_200), false, false, false, false, false, false],
    [t(1_400), false, false, false, true, true, false],
    [t(2_000), false, false, false, false, false, false],
    [t(3_000), false, false, true, false, false, false],
    [t(3_700), false, true, false, false, false, false],
    [t(4_000), true, false, false, false, true, false],
    [t(4_100), true, false, false, false, false, false],
  ];
  let logPath: string;

  beforeAll(() => {
    mkdirSync(join(dir, "q", "FLG"), { recursive: true });
    logPath = join(dir, "q", "FLG", "2024-03-05.q");
    const w = LogWriter.create(logPath, {
      symbol: "FLG",
      venue: "TEST",
      date: "2024-03-05",
      priceDecimals: 2,
      sizeDecimals: 0,
    });
    for (const r of records) w.append(r);
    w.close();
  });

  const asExpected = (rows: Columns): Expected[] =>
    Array.from({ length: rows.rows }, (_, r) => rows.columns.map((c) => c[r]) as Expected);

  /** The rows of `program` from the native engine, after checking that the other two agree. */
  async function threeEngines(program: IrProgram, tag: string, more: Partial<RunExtractOptions> = {}) {
    const a = await run(program, join(dir, "q"), "FLG", join(dir, `${tag}-native`), { engine: "native", ...more });
    const b = await run(program, join(dir, "q"), "FLG", join(dir, `${tag}-ts`), { engine: "ts", ...more });
    const rows = readParquetColumns(a.results[0].output);
    expect(rows.types.slice(1)).toEqual(Array(rows.names.length - 1).fill("Bool"));
    expect(firstDifference(rows, readParquetColumns(b.results[0].output))).toBeNull();
    if (more.fromNs === undefined)
      expect(firstDifference(rows, onlineColumns(await loadTsKernel(a.kernel.jsModulePath), logPath))).toBeNull();
    return rows;
  }

  it("read true exactly on the rows after records with those flags", async () => {
    const rows = await threeEngines(inline(`dataset flags {\n  trigger trade or every 1s\n${COLUMNS}}\n`), "every");
    expect(asExpected(rows)).toEqual(EVERY_ROW);
  });

  it("a firing the `when` rejects clears nothing: the next row covers every record since the last row", async () => {
    const rows = await threeEngines(
      inline(`dataset flags {\n  trigger trade when trade.size >= 2\n${COLUMNS}}\n`),
      "when",
    );
    expect(asExpected(rows)).toEqual([
      [t(1_400), false, false, true, true, true, false],
      [t(4_100), true, false, true, false, true, false],
    ]);
  });

  it("a row outside the emit window clears them as a kept row does", async () => {
    const program = inline(`dataset flags {\n  trigger trade or every 1s\n${COLUMNS}}\n`);
    const rows = await threeEngines(program, "window", { fromNs: t(1_300), warmStart: false });
    expect(asExpected(rows)).toEqual(EVERY_ROW.filter(([ts]) => ts >= t(1_300)));
  });
});
