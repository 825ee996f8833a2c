// Binance spot BTCUSDT over midnight (two raw websocket capture files, ../shared/data/binance):
// imported into daily L2 logs, checked against Binance's own bookTicker, and run through
// examples/btc_binance.feat by both engines with bit-identical rows that DuckDB reads back.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { runExtract } from "../../compiler/extract/run.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import { FeatcError } from "../../runtime/errors.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { REPO, scratchDir } from "../support/paths.js";

const BINANCE = join(REPO, "..", "shared", "data", "binance");
const SPOT = [join(BINANCE, "spot_btcusdt_20240808.gz"), join(BINANCE, "spot_btcusdt_20240809.gz")];
const USDM = [join(BINANCE, "usdm_btcusdt_20240808.gz")];
const SPEC = join(REPO, "examples", "btc_binance.feat");
const CACHE = join(REPO, ".featc");

describe("Binance spot BTCUSDT 2024-08-08/09: import, ground truth, extract", () => {
  const dir = scratchDir("binance");
  const q = join(dir, "q");
  let summary: native.BinanceImportSummary;
  let program: IrProgram;

  beforeAll(() => {
    summary = native.importBinance({ inputs: SPOT, outDir: q });
    const compiled = compileFile(SPEC);
    expect(compiled.diagnostics).toEqual([]);
    program = compiled.program!;
  });

  it("syncs to the snapshot without a gap and splits at UTC midnight", () => {
    expect(summary.market).toBe("spot");
    expect(summary.symbol).toBe("BTCUSDT");
    expect([summary.priceDecimals, summary.sizeDecimals]).toEqual([2, 6]);
    expect(summary.files.map((f) => f.date)).toEqual(["2024-08-08", "2024-08-09"]);
    expect(summary).toMatchObject({
      lines: 99_574,
      snapshots: 1,
      depthEvents: 6_495,
      depthApplied: 6_493,
      depthStale: 2,
      trades: 19_904,
      gaps: 0,
      resyncs: 0,
      carriedSnapshots: 1,
    });
    expect(summary.firstGap).toBeUndefined();
    expect(summary.skippedByReason).toEqual([]);
    // The second day starts with the book carried over midnight, flagged SNAPSHOT.
    const day2 = native.inspectLog(summary.files[1].path, 1);
    expect(day2.header.bookKind).toBe(2);
    expect(day2.firstRecords[0]).toMatchObject({ kind: "CLEAR", flags: 2 });
  });

  it("the book equals every bookTicker at a diff event's final update id", () => {
    const [spot] = native.verifyBook("binance", SPOT);
    expect(spot).toMatchObject({ events: 6_495, rowsCompared: 1_072, rowsEqual: 1_072 });
    const [usdm] = native.verifyBook("binance", USDM);
    expect(usdm).toMatchObject({ events: 6_551, rowsCompared: 629, rowsEqual: 629 });
    expect(usdm.sample).toContain("USD-M");
  });

  it("native and TypeScript rows are bit-identical, and DuckDB reads them", async () => {
    const nat = await runExtract(program, {
      source: q,
      symbols: ["BTCUSDT"],
      out: join(dir, "native"),
      engine: "native",
      cacheDir: CACHE,
    });
    const ts = await runExtract(program, {
      source: q,
      symbols: ["BTCUSDT"],
      out: join(dir, "ts"),
      engine: "ts",
      cacheDir: CACHE,
    });
    expect(nat.results.map((r) => r.date)).toEqual(["2024-08-08", "2024-08-09"]);
    let rows = 0;
    for (let i = 0; i < nat.results.length; i++) {
      const a = readParquetColumns(nat.results[i].output);
      expect(firstDifference(a, readParquetColumns(ts.results[i].output))).toBeNull();
      rows += a.rows;
    }
    expect(rows).toBeGreaterThan(19_000);
    const files = nat.results.map((r) => sqlString(r.output)).join(", ");
    const [agg] = await duckQuery(
      `select count(*)::bigint as n, count(mid)::bigint as with_mid, min(spread_bps) as min_spread,
              sum(trade_count)::bigint as trades, max(bid_levels)::bigint as max_bid_levels
       from read_parquet([${files}])`,
    );
    expect(Number(agg.n)).toBe(rows);
    expect(Number(agg.trades)).toBe(19_904);
    expect(Number(agg.min_spread)).toBeGreaterThan(0);
    expect(Number(agg.with_mid)).toBeGreaterThan(rows * 0.9);
    expect(Number(agg.max_bid_levels)).toBeGreaterThan(1000);
  });

  it("a malformed line is an error naming file and line, and writes nothing", () => {
    const out = join(dir, "bad");
    let thrown: unknown;
    try {
      native.importBinance({ inputs: [join(REPO, "examples", "goog_1s.feat")], outDir: out });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FeatcError);
    expect(thrown).toMatchObject({
      code: "BINANCE_BAD_LINE",
      message: expect.stringMatching(/^goog_1s\.feat: line 1: /),
    });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe("Binance COIN-M futures", () => {
  // The data has no COIN-M capture: the USD-M one rewritten as BTCUSD_PERP (COIN-M's symbol,
  // stream names, and its `ps` field on diff events).
  const dir = scratchDir("binance-coinm");
  const input = join(dir, "coinm_btcusd_perp.txt");
  const lines = gunzipSync(readFileSync(USDM[0])).toString("utf8").split("\n").slice(0, 3_000);
  writeFileSync(
    input,
    lines
      .map((l) =>
        l
          .replaceAll('"stream":"btcusdt@', '"stream":"btcusd_perp@')
          .replaceAll('"s":"BTCUSDT"', '"s":"BTCUSD_PERP"')
          .replace('"e":"depthUpdate",', '"e":"depthUpdate","ps":"BTCUSD",'),
      )
      .join("\n"),
  );

  it("is imported as its own venue, BINANCE-COINM, and never as USD-M", () => {
    const r = native.importBinance({ inputs: [input], outDir: join(dir, "q") });
    expect([r.market, r.symbol, r.gaps]).toEqual(["coinm", "BTCUSD_PERP", 0]);
    expect(native.inspectLog(r.files[0].path, 0).header.venue).toBe("BINANCE-COINM");
    expect(() => native.importBinance({ inputs: [input], outDir: join(dir, "usdm"), market: "usdm" })).toThrow(
      expect.objectContaining({
        code: "BINANCE_BAD_LINE",
        message: expect.stringMatching(
          /coinm_btcusd_perp\.txt: line 1: diff depth event with `ps` BTCUSD: a COIN-M futures capture, imported as --market usdm/,
        ),
      }),
    );
    expect(existsSync(join(dir, "usdm"))).toBe(false);
  });
});
