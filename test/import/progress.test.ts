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

/**
 * Imports `opts` into a scratch folder with a progress callback, whose reports must count up
 * to `total`, and again into another without one: both give the same `summary` figures.
 */
function expectImportProgress<O extends { outDir: string }, R>(
  tag: string,
  importer: (opts: O, onProgress?: (p: native.ImportProgress) => void) => R,
  opts: Omit<O, "outDir">,
  total: number,
  summary: (r: R) => unknown[],
) {
  const reports: native.ImportProgress[] = [];
  const r = importer({ ...opts, outDir: scratchDir(`progress-${tag}`) } as O, (p) => reports.push(p));
  expectProgress(reports, total);
  const plain = importer({ ...opts, outDir: scratchDir(`progress-${tag}-plain`) } as O);
  expect(summary(r)).toEqual(summary(plain));
}

describe("import progress by input bytes", () => {
  it("lobster: the message and orderbook files together", () => {
    expectImportProgress(
      "lobster",
      native.importLobster,
      { message: GOOG_MESSAGE, orderbook: GOOG_ORDERBOOK, symbol: "GOOG" },
      size(GOOG_MESSAGE) + size(GOOG_ORDERBOOK),
      (r) => [r.records, r.packets, r.firstTs, r.lastTs],
    );
  });

  it("binance: both passes over the capture (compressed bytes)", () => {
    expectImportProgress("binance", native.importBinance, { inputs: [BINANCE_SPOT] }, 2 * size(BINANCE_SPOT), (r) => [
      r.lines,
      r.records,
      r.packets,
    ]);
  });

  it("tardis: both passes over the CSV", () => {
    expectImportProgress(
      "tardis",
      native.importTardis,
      { inputs: [TARDIS_QUOTES], kind: "quotes" as const, symbol: "BTCUSDT" },
      2 * size(TARDIS_QUOTES),
      (r) => [r.rows, r.records, r.packets],
    );
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
