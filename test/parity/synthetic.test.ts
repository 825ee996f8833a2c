// Parity on a 1 M-event synthetic L3 day (multi-record packets, hidden trades, a drifting
// price): native Parquet rows == online engine rows, bit for bit.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { firstDifference, type Columns } from "../support/parquetColumns.js";
import { onlineRows, runNative, syntheticDay, type NativeRun } from "../support/parity.js";
import { GOOG_SPEC, scratchDir } from "../support/paths.js";

describe("goog_1s on 1 M synthetic events: native == online", () => {
  const dir = scratchDir("parity-syn");
  let run: NativeRun;
  let online: Columns;

  beforeAll(async () => {
    run = await runNative(GOOG_SPEC, dir, "SYN", syntheticDay(join(dir, "q"), 1_000_000, 7));
    online = await onlineRows(run);
  });

  it("covers the day", () => {
    expect(run.rows.rows).toBeGreaterThan(10_000);
  });

  it("is bit-identical", () => {
    expect(firstDifference(run.rows, online)).toBeNull();
  });
});
