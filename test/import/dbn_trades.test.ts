// Databento inputs merged by ts_recv, and a trade present in two inputs written once
// (docs/formats/dbn.md, "Trades in two files"): the CME ESU4 MBP-1 file with its trades file.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BookL3 } from "../../runtime/book/bookL3.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const ESU4 = join(REPO, "..", "shared", "data", "databento", "cme-esu4");
const MBP1 = join(ESU4, "futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
const TRADES = join(ESU4, "futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");
const DEDUPED = "trade in two inputs (same instrument, ts_event, price, size, side and sequence): written once";

/** TRADE records over an import's logs. */
function trades(r: native.FeedImportSummary): number {
  let n = 0;
  for (const f of r.files) {
    const log = LogReader.open(f.path);
    for (let i = 0; i < log.recordCount; i++) if (log.kind(i) === F.KIND_TRADE) n++;
  }
  return n;
}

describe("DBN: an MBP-1 file and the trades file of the same instrument", () => {
  it("write each of the 120 trades once, and count the 120 copies", () => {
    const both = native.importDbn({ inputs: [MBP1, TRADES], outDir: join(scratchDir("dbn-trades"), "q") });
    expect(Object.fromEntries(both.messagesByType)).toMatchObject({ "mbp-1 T": 120, "trades T": 120 });
    expect(trades(both)).toBe(120);
    expect(both.deduplicated).toEqual([[DEDUPED, 120]]);
    expect(both.importReport).toContainEqual([`deduplicated: ${DEDUPED}`, 120]);
    for (const f of both.files) expect(LogReader.open(f.path).importReport?.[`deduplicated: ${DEDUPED}`]).toBe(120);
    // The same log as the MBP-1 file alone, which holds every trade of the trades file.
    const alone = native.importDbn({ inputs: [MBP1], outDir: join(scratchDir("dbn-mbp1"), "q") });
    expect(trades(alone)).toBe(120);
    expect(both.files.map((f) => [f.records, f.packets])).toEqual(alone.files.map((f) => [f.records, f.packets]));
    expect(both.adjusted.find(([what]) => what.startsWith("exchange time behind"))).toBeUndefined();
  });
});

describe("DBN quality marks", () => {
  it("become BAD_TS flags the TypeScript reader and book take as they are", () => {
    // Every ESH4 MBO snapshot record carries F_BAD_TS_RECV (docs/formats/dbn.md, "Flags").
    const esh4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
      join(REPO, "..", "shared", "data", "databento", "cme-esh4", f),
    );
    const r = native.importDbn({ inputs: esh4, outDir: join(scratchDir("dbn-marks"), "q") });
    expect(r.marked).toEqual([["record with F_BAD_TS_RECV, written with the BAD_TS flag", 17_450]]);
    let flagged = 0;
    for (const f of r.files) {
      const log = LogReader.open(f.path);
      const book = new BookL3();
      for (let i = 0; i < log.recordCount; i++) {
        const flags = log.flags(i);
        if (flags & F.FLAG_BAD_TS) {
          flagged++;
          expect(flags & F.FLAG_SNAPSHOT).toBe(F.FLAG_SNAPSHOT);
        }
        const id = log.view.getBigUint64(log.recordOffset(i) + F.R_ORDER_ID, true);
        const fault = book.apply(
          log.kind(i),
          log.side(i),
          Number(id >> 32n),
          Number(id & 0xffffffffn),
          log.price(i),
          log.size(i),
        );
        expect(fault).toBe(0);
      }
    }
    // The snapshot adds, and the CLEAR written before the second snapshot.
    expect(flagged).toBe(17_451);
  });
});
