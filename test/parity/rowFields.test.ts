// `row.ts` and `row.trigger` (docs/language.md section 4) on the LOBSTER GOOG day: a bar row is
// stamped with its boundary and named `bar`, a trade row with its packet's time and named
// `trade`; both runtimes give the same rows (test/parity/specs/row_fields.feat covers every
// trigger kind); and the compiler's names, the TypeScript codes and the Rust codes agree.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROW_TRIGGERS } from "../../compiler/check/fields.js";
import { ROW_TRIGGER } from "../../runtime/kernel/contract.js";
import { importGoogDay, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { REPO, scratchDir } from "../support/paths.js";

describe("row trigger codes", () => {
  it("are the same in the compiler, the TypeScript runtime and the Rust runtime", () => {
    expect(ROW_TRIGGER).toEqual(ROW_TRIGGERS);
    const rust = readFileSync(join(REPO, "native", "core", "src", "kernel", "contract.rs"), "utf8");
    const module = /pub mod row_trigger \{([^}]*)\}/.exec(rust)![1];
    const codes = Object.fromEntries(
      [...module.matchAll(/pub const (\w+): i64 = (\d+);/g)].map(([, name, code]) => [
        name.toLowerCase(),
        Number(code),
      ]),
    );
    expect(codes).toEqual(ROW_TRIGGERS);
  });
});

describe("row.ts and row.trigger on LOBSTER GOOG 2012-06-21 (trade or every 1s)", () => {
  const dir = scratchDir("row-fields");
  let run: NativeRun;
  beforeAll(async () => {
    const logPath = importGoogDay(join(dir, "q"));
    run = await runNative(join("test", "parity", "rowTime.feat"), dir, "GOOG", logPath);
  });

  it("stamps bar rows with their whole-second boundary and trade rows with their packet's time", () => {
    const col = (name: string) => run.rows.columns[run.rows.names.indexOf(name)];
    const [ts, why, ex, trades] = [col("ts"), col("why"), col("ex_ts"), col("trades")] as bigint[][];
    let bars = 0;
    let tradeRows = 0;
    let lastBar = -1n;
    for (let r = 0; r < run.rows.rows; r++) {
      if (why[r] === BigInt(ROW_TRIGGERS.bar)) {
        bars++;
        expect(ts[r] % 1_000_000_000n, `row ${r}`).toBe(0n);
        // The bar reflects the events before its boundary (section 4).
        expect(ex[r] < ts[r], `row ${r}`).toBe(true);
        expect(ts[r] > lastBar, `row ${r}`).toBe(true);
        lastBar = ts[r];
      } else {
        expect(why[r], `row ${r}`).toBe(BigInt(ROW_TRIGGERS.trade));
        expect(ts[r]).toBe(ex[r]);
        expect(trades[r] > 0n).toBe(true);
        tradeRows++;
      }
    }
    // 09:30 to 16:00 crosses every whole second once; every trade packet is a row.
    expect(bars).toBeGreaterThan(23_000);
    expect(tradeRows).toBeGreaterThan(5_000);
    expect(bars + tradeRows).toBe(run.rows.rows);
    // Bar rows no longer share their time with another row: row times are unique per bar.
    expect(new Set(ts.filter((_, r) => why[r] === BigInt(ROW_TRIGGERS.bar))).size).toBe(bars);
  });

  itMatchesNativeRows(() => run);
});
