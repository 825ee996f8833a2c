// Rolling quantiles (docs/language.md section 7.7) against an independent calculation on real
// data: at every packet of the LOBSTER GOOG 2012-06-21 day, the mids and spreads of LOBSTER's
// own orderbook file over each window, sorted and interpolated as numpy's default quantile does;
// and the native rows bit for bit against the online engine.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as lobster from "../support/lobsterFiles.js";
import { importGoogDay, onlineRows, runNative, type NativeRun } from "../support/parity.js";
import { firstDifference, type Columns } from "../support/parquetColumns.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, scratchDir } from "../support/paths.js";

/** numpy.quantile(values, q) with its default method ("linear"), written out; null without values. */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

describe("rolling quantiles on LOBSTER GOOG 2012-06-21, every packet, against the orderbook file", () => {
  const dir = scratchDir("std-quantiles");
  let run: NativeRun;
  let online: Columns;

  beforeAll(async () => {
    const logPath = importGoogDay(join(dir, "q"));
    run = await runNative(join("test", "std", "goog_quantiles.feat"), dir, "GOOG", logPath);
    online = await onlineRows(run);
  });

  it("is bit-identical to the online engine", () => {
    expect(run.rows.rows).toBeGreaterThan(140_000);
    expect(firstDifference(run.rows, online)).toBeNull();
  });

  it("equals numpy's linear quantile of the orderbook file's mids and spreads over each window", () => {
    const book = lobster.lines(GOOG_ORDERBOOK).map(lobster.parseBook);
    const messages = lobster.lines(GOOG_MESSAGE).map((l) => l.split(","));
    const packetLines = lobster.packetMessageLines(run.logPath);
    expect(packetLines.length).toBe(run.rows.rows);
    // Packet 0 is the opening seed, with message 1's time and orderbook row 1's best prices.
    const rows = packetLines.map((line) => book[Math.max(line, 1) - 1]);
    const t = packetLines.map((line) => lobster.timeNs(messages[Math.max(line, 1) - 1][0]));
    const mid = rows.map(lobster.midOf);
    const spread = rows.map((b) =>
      lobster.present(b.bidPx[0]) && lobster.present(b.askPx[0]) ? b.askPx[0] / 1e4 - b.bidPx[0] / 1e4 : null,
    );
    const values = (xs: (number | null)[], from: number, to: number) =>
      xs.slice(from, to + 1).filter((x): x is number => x !== null);
    const column = (name: string) => {
      const c = run.rows.names.indexOf(name);
      expect(c, name).toBeGreaterThanOrEqual(0);
      return (r: number) => lobster.toNumber(run.rows.columns[c][r], run.rows.types[c]);
    };
    const columns = {
      med_100: column("med_100"),
      q90_30s: column("q90_30s"),
      q25_spread_500: column("q25_spread_500"),
      q0_mid_7: column("q0_mid_7"),
    };
    const mismatches: string[] = [];
    let first30s = 0;
    let compared = 0;
    for (let r = 0; r < run.rows.rows; r++) {
      while (t[first30s] <= t[r] - 30e9) first30s++;
      const want = {
        med_100: quantile(values(mid, Math.max(0, r - 99), r), 0.5),
        q90_30s: quantile(values(mid, first30s, r), 0.9),
        q25_spread_500: quantile(values(spread, Math.max(0, r - 499), r), 0.25),
        q0_mid_7: quantile(values(mid, Math.max(0, r - 6), r), 0),
      };
      for (const [name, get] of Object.entries(columns)) {
        const got = get(r);
        compared++;
        if (!lobster.close(got, want[name as keyof typeof want]) && mismatches.length < 10)
          mismatches.push(`${name} at packet ${r}: got ${got}, want ${want[name as keyof typeof want]}`);
      }
    }
    expect(compared).toBeGreaterThan(4 * 140_000);
    expect(mismatches).toEqual([]);
  });
});
