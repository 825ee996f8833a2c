// Progress of the LOBSTER, Binance and Tardis importers on the real samples: reports by input
// bytes on disk that never go back and end at the total, and an import that writes the same
// with and without a progress callback.
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as native from "../../runtime/native/binding.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, REPO, scratchDir } from "../support/paths.js";

const BINANCE_SPOT = join(REPO, "..", "shared", "data", "binance", "spot_btcusdt_20240808.gz");
const TARDIS_QUOTES = join(REPO, "..", "shared", "data", "tardis", "tardis_quotes.csv");

const size = (path: string) => statSync(path).size;

/** Every report's total is `total`; done never goes back, stays within it and ends at it. */
function expectProgress(reports: native.ImportProgress[], total: number) {
  expect(reports.length).toBeGreaterThan(1);
  let previous = 0;
  for (const p of reports) {
    expect(p.bytesTotal).toBe(total);
    expect(p.bytesDone).toBeGreaterThanOrEqual(previous);
    expect(p.bytesDone).toBeLessThanOrEqual(total);
    previous = p.bytesDone;
  }
  expect(reports[reports.length - 1].bytesDone).toBe(total);
}

describe("import progress by input bytes", () => {
  it("lobster: the message and orderbook files together", () => {
    const opts = {
      message: GOOG_MESSAGE,
      orderbook: GOOG_ORDERBOOK,
      symbol: "GOOG",
      outDir: scratchDir("progress-lobster"),
    };
    const reports: native.ImportProgress[] = [];
    const r = native.importLobster(opts, (p) => reports.push(p));
    expectProgress(reports, size(GOOG_MESSAGE) + size(GOOG_ORDERBOOK));
    const plain = native.importLobster({ ...opts, outDir: scratchDir("progress-lobster-plain") });
    expect([r.records, r.packets, r.firstTs, r.lastTs]).toEqual([
      plain.records,
      plain.packets,
      plain.firstTs,
      plain.lastTs,
    ]);
  });

  it("binance: both passes over the capture (compressed bytes)", () => {
    const opts = { inputs: [BINANCE_SPOT], outDir: scratchDir("progress-binance") };
    const reports: native.ImportProgress[] = [];
    const r = native.importBinance(opts, (p) => reports.push(p));
    expectProgress(reports, 2 * size(BINANCE_SPOT));
    const plain = native.importBinance({ ...opts, outDir: scratchDir("progress-binance-plain") });
    expect([r.lines, r.records, r.packets]).toEqual([plain.lines, plain.records, plain.packets]);
  });

  it("tardis: both passes over the CSV", () => {
    const opts = {
      inputs: [TARDIS_QUOTES],
      kind: "quotes" as const,
      symbol: "BTCUSDT",
      outDir: scratchDir("progress-tardis"),
    };
    const reports: native.ImportProgress[] = [];
    const r = native.importTardis(opts, (p) => reports.push(p));
    expectProgress(reports, 2 * size(TARDIS_QUOTES));
    const plain = native.importTardis({ ...opts, outDir: scratchDir("progress-tardis-plain") });
    expect([r.rows, r.records, r.packets]).toEqual([plain.rows, plain.records, plain.packets]);
  });

  it("a callback that throws does not stop the import", () => {
    const r = native.importTardis(
      { inputs: [TARDIS_QUOTES], kind: "quotes", symbol: "BTCUSDT", outDir: scratchDir("progress-throw") },
      () => {
        throw new Error("ignored");
      },
    );
    expect(r.rows).toBe(9_999);
  });
});
