// No silent caps (docs/language.md section 7.4): a time window that meets more steps within its
// span than its `max_events` holds stops the run with an error naming the operator, its column
// and the option that raises the bound, in both engines and leaving no output; given the room,
// it holds every step, as an independent count over LOBSTER's own files shows.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { R_EXCHANGE_TS } from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as lobster from "../support/lobsterFiles.js";
import { extract, importGoogDay, itMatchesNativeRows, runNative, type NativeRun } from "../support/parity.js";
import { GOOG_ORDERBOOK, scratchDir } from "../support/paths.js";

describe("a one-hour window on LOBSTER GOOG 2012-06-21 (about 22,000 packets an hour)", () => {
  const dir = scratchDir("window-overflow");
  let logPath: string;
  let held: NativeRun;
  beforeAll(async () => {
    logPath = importGoogDay(join(dir, "q"));
    held = await runNative(join("test", "parity", "window_1h_held.feat"), dir, "GOOG", logPath);
  });

  it.each(["native", "ts"] as const)(
    "stops the %s engine when the default 10,000 steps cannot hold it",
    async (engine) => {
      const program = compileFile(join("test", "parity", "window_1h.feat")).program!;
      const out = join(dir, `over-${engine}`);
      const error = await extract(program, engine, join(dir, "q"), "GOOG", out).then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(error, "the run must fail").toBeDefined();
      expect(error!.code).toBe("WINDOW_OVERFLOW");
      expect(error!.message).toMatch(/2012-06-21\.q: record \d+ \(byte \d+\)/);
      expect(error!.message).toContain(
        "`rolling_count(book.mid, 3600000000000ns, max_events = 10000)` (column `n_1h`)",
      );
      expect(error!.message).toContain("met more than 10000 steps within its 1h window");
      expect(error!.message).toContain("raise its `max_events`");
      expect(existsSync(join(out, "window_1h", "symbol=GOOG", "date=2012-06-21", "part-0.parquet"))).toBe(false);
    },
  );

  it("holds every packet of the hour when max_events gives it room", () => {
    // Which packets have a mid: LOBSTER's orderbook row after each packet's message.
    const book = lobster.lines(GOOG_ORDERBOOK).map(lobster.parseBook);
    const packetLines = lobster.packetMessageLines(logPath);
    const hasMid = packetLines.map((line) => lobster.midOf(book[Math.max(line, 1) - 1]) !== null);
    // Each packet's exchange time (its LAST record's), ns since the epoch.
    const reader = LogReader.open(logPath);
    const times: bigint[] = [];
    for (let i = 0; i < reader.recordCount; i++)
      if (reader.flags(i) & 1) times.push(reader.view.getBigInt64(reader.recordOffset(i) + R_EXCHANGE_TS, true));
    expect(times.length).toBe(hasMid.length);
    const col = (name: string) => held.rows.columns[held.rows.names.indexOf(name)] as bigint[];
    const [ts, counts] = [col("ts"), col("n_1h")];
    let most = 0;
    for (let r = 0; r < held.rows.rows; r++) {
      // A bar at T covers the packets before T within (T - 1h, T].
      const t = ts[r];
      let want = 0;
      for (let p = 0; p < times.length && times[p] < t; p++) if (times[p] > t - 3_600_000_000_000n && hasMid[p]) want++;
      expect(Number(counts[r]), `row ${r}`).toBe(want);
      most = Math.max(most, want);
    }
    expect(most).toBeGreaterThan(10_000);
  });

  itMatchesNativeRows(() => held);
});
