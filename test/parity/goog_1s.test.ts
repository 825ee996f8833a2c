// Parity on real data: the seed example over the LOBSTER GOOG day. The native Parquet rows,
// the TypeScript-engine Parquet rows and the online engine's rows are bit-identical: every
// column, every null, every float's bits, every int64 nanosecond.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importGoogDay, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { GOOG_SPEC, scratchDir } from "../support/paths.js";

describe("goog_1s on LOBSTER GOOG 2012-06-21: native == TypeScript == online", () => {
  const dir = scratchDir("parity-goog");
  let run: NativeRun;

  beforeAll(async () => {
    run = await runNative(GOOG_SPEC, dir, "GOOG", importGoogDay(join(dir, "q")));
  });

  it("emits a substantial day of rows", () => {
    expect(run.rows.rows).toBeGreaterThan(20_000);
    expect(run.rows.names).toEqual([
      "ts",
      "ingest_ts",
      "exchange_ts",
      "mid",
      "spread_bps",
      "imbalance_5",
      "ofi",
      "trade_flow",
    ]);
  });

  itMatchesNativeRows(() => run);

  it("has nulls where the book says so, and finite values elsewhere", () => {
    const mid = run.rows.columns[run.rows.names.indexOf("mid")];
    expect(mid.filter((v) => v !== null).length).toBeGreaterThan(run.rows.rows * 0.99);
  });
});
