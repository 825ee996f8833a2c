// Tardis CSV samples (../shared/data/tardis) into L2 logs: counts per data type, and a
// replay of each log that never ends a packet with the book crossed.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
