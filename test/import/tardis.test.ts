// Tardis CSV samples (../shared/data/tardis) into L2 logs: counts per data type, a replay of
// each log that never ends a packet with the book crossed, and quotes and trades merged into
// one log that a spec reads book and trade columns from.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import { extract } from "../support/parity.js";
import { toNumber } from "../support/lobsterFiles.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import { BookL2 } from "../../runtime/book/bookL2.js";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const TARDIS = join(REPO, "..", "shared", "data", "tardis");

/** Replays `path` through the TypeScript BookL2: packets, and packets ending crossed. */
function replay(path: string): { packets: number; crossed: number; trades: number } {
  const log = LogReader.open(path);
  const book = new BookL2();
  let packets = 0;
  let crossed = 0;
  let trades = 0;
  for (let i = 0; i < log.recordCount; i++) {
    expect(book.apply(log.kind(i), log.side(i), 0, 0, log.price(i), log.size(i))).toBe(0);
    if (log.kind(i) === F.KIND_TRADE) trades++;
    if ((log.flags(i) & F.FLAG_LAST) !== 0) {
      packets++;
      if (book.levels(1) > 0 && book.levels(2) > 0 && book.priceAt(1, 0) >= book.priceAt(2, 0)) crossed++;
    }
  }
  return { packets, crossed, trades };
}

describe("Tardis CSV samples", () => {
  const dir = scratchDir("tardis");
  const cases: {
    file: string;
    kind: native.TardisKind;
    symbol: string;
    rows: number;
    records: number;
    packets: number;
  }[] = [
    { file: "tardis_quotes.csv", kind: "quotes", symbol: "BTCUSDT", rows: 9_999, records: 25_625, packets: 9_999 },
    { file: "tardis_trades.csv", kind: "trades", symbol: "BTCUSDT", rows: 9_999, records: 9_999, packets: 9_999 },
    {
      file: "binance-futures_book_snapshot_25_BTCUSDT.csv",
      kind: "snapshot",
      symbol: "BTCUSDT",
      rows: 10,
      records: 510,
      packets: 10,
    },
    {
      file: "binance-futures_book_snapshot_5_BTCUSDT.csv",
      kind: "snapshot",
      symbol: "BTCUSDT",
      rows: 10,
      records: 110,
      packets: 10,
    },
    {
      file: "deribit_incremental_book_L2_BTC-PERPETUAL.csv",
      kind: "incremental",
      symbol: "BTC-PERPETUAL",
      rows: 15,
      records: 16,
      packets: 1,
    },
    { file: "bitmex_trades_XBTUSD.csv", kind: "trades", symbol: "XBTUSD", rows: 10, records: 10, packets: 10 },
    { file: "huobi-dm-swap_quotes_BTC-USD.csv", kind: "quotes", symbol: "BTC-USD", rows: 10, records: -1, packets: 10 },
  ];
  for (const c of cases) {
    it(`${c.file} (${c.kind}) imports and replays uncrossed`, () => {
      const r = native.importTardis({
        inputs: [join(TARDIS, c.file)],
        kind: c.kind,
        symbol: c.symbol,
        outDir: join(dir, c.file),
      });
      expect(r.rows).toBe(c.rows);
      if (c.records >= 0) expect(r.records).toBe(c.records);
      expect(r.packets).toBe(c.packets);
      expect(r.skippedByReason).toEqual([]);
      const got = replay(r.files[0].path);
      expect(got.packets).toBe(c.packets);
      expect(got.crossed).toBe(0);
      if (c.kind === "trades") expect(got.trades).toBe(c.rows);
    });
  }

  it("the wrong --kind names the missing column", () => {
    expect(() =>
      native.importTardis({
        inputs: [join(TARDIS, "tardis_trades.csv")],
        kind: "quotes",
        symbol: "BTCUSDT",
        outDir: join(dir, "wrong"),
      }),
    ).toThrow(/tardis_trades\.csv: line 1: the header has no `bid_price` column/);
  });
});

describe("Tardis quotes and trades merged into one log", () => {
  const dir = scratchDir("tardis-merged");
  const [QUOTES, TRADES] = [join(TARDIS, "tardis_quotes.csv"), join(TARDIS, "tardis_trades.csv")];
  let r: native.TardisImportSummary;
  let rows: Columns;

  beforeAll(async () => {
    r = native.importTardis({ inputs: [QUOTES, TRADES], symbol: "BTCUSDT", outDir: join(dir, "q") });
    const compiled = compileFile(join(REPO, "test", "import", "tardis_merged.feat"));
    expect(compiled.diagnostics).toEqual([]);
    const out = await extract(compiled.program!, "native", join(dir, "q"), "BTCUSDT", join(dir, "native"));
    rows = readParquetColumns(out.results[0].output);
    const ts = await extract(compiled.program!, "ts", join(dir, "q"), "BTCUSDT", join(dir, "ts"));
    expect(firstDifference(rows, readParquetColumns(ts.results[0].output))).toBeNull();
  }, 300_000);

  it("holds every quote and every trade once, in local_timestamp order", () => {
    expect(r.rowsByInput).toEqual([
      ["tardis_quotes.csv (quotes)", 9_999],
      ["tardis_trades.csv (trades)", 9_999],
    ]);
    expect([r.rows, r.records, r.packets]).toEqual([19_998, 25_625 + 9_999, 19_998]);
    expect(r.importReport).toContainEqual(["merged: rows of tardis_quotes.csv (quotes)", 9_999]);
    const got = replay(r.files[0].path);
    expect(got).toEqual({ packets: 19_998, crossed: 0, trades: 9_999 });
    const log = LogReader.open(r.files[0].path);
    expect(log.importReport).toEqual(Object.fromEntries(r.importReport));
    let prev = -1n;
    for (let i = 0; i < log.recordCount; i++) {
      const ingest = log.view.getBigInt64(log.recordOffset(i) + F.R_INGEST_TS, true);
      expect(ingest >= prev).toBe(true);
      prev = ingest;
    }
  });

  it("gives a spec book and trade columns together: one row per trade, the mid of the last quote before it", () => {
    const csv = (path: string) =>
      readFileSync(path, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","));
    // exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
    const quotes = csv(QUOTES).map((f) => ({ local: Number(f[3]), mid: (Number(f[5]) + Number(f[6])) / 2 }));
    // exchange,symbol,timestamp,local_timestamp,id,side,price,amount
    const trades = csv(TRADES).map((f) => ({
      local: Number(f[3]),
      localNs: BigInt(f[3]) * 1000n,
      price: Number(f[6]),
      amount: Number(f[7]),
    }));
    expect(rows.rows).toBe(trades.length);
    const col = (name: string) => {
      const c = rows.names.indexOf(name);
      return (k: number) => toNumber(rows.columns[c][k], rows.types[c]);
    };
    const [mid, price, traded] = [col("mid"), col("last_price"), col("traded")];
    const ingest = rows.columns[rows.names.indexOf("ingest_ts")];
    let q = -1;
    let withBook = 0;
    for (let k = 0; k < trades.length; k++) {
      const t = trades[k];
      // At one local timestamp the book comes first (docs/formats/tardis.md).
      while (q + 1 < quotes.length && quotes[q + 1].local <= t.local) q++;
      expect(ingest[k]).toBe(t.localNs);
      expect(price(k)).toBeCloseTo(t.price, 9);
      expect(traded(k)).toBeCloseTo(t.amount, 9);
      if (q < 0) expect(mid(k)).toBeNull();
      else {
        expect(mid(k)).toBeCloseTo(quotes[q].mid, 9);
        withBook++;
      }
    }
    // Trades from the first quote on see the book (those after the last quote, its last state).
    expect(withBook).toBe(trades.filter((t) => t.local >= quotes[0].local).length);
    expect(withBook).toBeGreaterThan(9_000);
  });
});
