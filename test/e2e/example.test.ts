// The README's first command on a fresh clone: import the bundled LOBSTER GOOG day, extract
// examples/goog_1s.feat natively, and check out/goog_1s/symbol=GOOG/date=2012-06-21/part-0.parquet with DuckDB against
// an independent count of the rows docs/language.md §4 defines (one per trade packet, one
// per whole second of exchange time crossed).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { pyarrowQuery } from "../support/pyarrow.js";
import { GOOG_MESSAGE, REPO } from "../support/paths.js";

const OUTPUT = join(REPO, "out", "goog_1s", "symbol=GOOG", "date=2012-06-21", "part-0.parquet");

/** Rows goog_1s must emit, computed from the message file alone. */
function expectedRows(): { trades: number; seconds: number } {
  const lines = gunzipSync(readFileSync(GOOG_MESSAGE)).toString("utf8").trim().split("\n");
  // A trade packet: the executions (4, 5) of one sweep, consecutive messages with one time and
  // direction (docs/formats/lobster.md, "Packets"); a cross (type 6) writes nothing, its
  // executions being the type 4/5 messages (the GOOG day, from 2012, has no masked type 5).
  let trades = 0;
  let sweep = "";
  for (const line of lines) {
    const [time, type, , , , direction] = line.split(",");
    const execution = type === "4" || type === "5";
    if (execution && `${time},${direction}` !== sweep) trades++;
    sweep = execution ? `${time},${direction}` : "";
  }
  const secondOf = (line: string) => Number(line.split(",")[0].split(".")[0]);
  return { trades, seconds: secondOf(lines[lines.length - 1]) - secondOf(lines[0]) };
}

describe("README main job: npm run example", () => {
  let stdout = "";
  beforeAll(() => {
    const r = spawnSync("bash", ["examples/run-goog.sh"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, FEATC_CACHE_DIR: join(REPO, ".featc") },
    });
    stdout = r.stdout;
    if (r.status !== 0) throw new Error(`examples/run-goog.sh failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  });

  it("prints a summary with rows, columns and the first rows", () => {
    expect(stdout).toMatch(/date=2012-06-21\/part-0\.parquet: \d+ rows, 10 columns/);
    expect(stdout).toMatch(/ts\s+ingest_ts\s+exchange_ts\s+mid\s+spread_bps\s+imbalance_5\s+ofi\s+trade_flow/);
  });

  it("has the eight columns with their types, then symbol and date, read by DuckDB", async () => {
    const schema = await duckQuery(`DESCRIBE SELECT * FROM read_parquet(${sqlString(OUTPUT)})`);
    expect(schema.map((r) => [r.column_name, r.column_type])).toEqual([
      // Parquet TIMESTAMP(NANOS, UTC); DuckDB reads UTC-adjusted timestamps as microsecond
      // TIMESTAMPTZ (docs/formats/parquet.md), so the nanoseconds are checked with pyarrow.
      ["ts", "TIMESTAMP WITH TIME ZONE"],
      ["ingest_ts", "TIMESTAMP WITH TIME ZONE"],
      ["exchange_ts", "TIMESTAMP WITH TIME ZONE"],
      ["mid", "DOUBLE"],
      ["spread_bps", "DOUBLE"],
      ["imbalance_5", "DOUBLE"],
      ["ofi", "DOUBLE"],
      ["trade_flow", "DOUBLE"],
      ["symbol", "VARCHAR"],
      // DuckDB types the Hive path's `date=2012-06-21` as a DATE (the file holds the same day as a string).
      ["date", "DATE"],
    ]);
  });

  it("has one row per trade packet and one per whole second crossed", async () => {
    const { trades, seconds } = expectedRows();
    const [r] = await duckQuery(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(OUTPUT)})`);
    expect(Number(r.n)).toBe(trades + seconds);
  });

  it("has plausible GOOG prices and no crossed book", async () => {
    const [r] = await duckQuery(
      `SELECT min(mid) AS lo, max(mid) AS hi, count(*) FILTER (WHERE spread_bps <= 0) AS crossed
       FROM read_parquet(${sqlString(OUTPUT)})`,
    );
    expect(Number(r.lo)).toBeGreaterThan(560);
    expect(Number(r.hi)).toBeLessThan(590);
    expect(Number(r.crossed)).toBe(0);
  });

  it("keeps exact int64 nanosecond timestamps (read by pyarrow)", () => {
    const r = pyarrowQuery(
      OUTPUT,
      `t = pq.read_table(path)
col = t.column("exchange_ts")
ns = col.cast("int64").to_pylist()
print(json.dumps({"type": str(col.type), "first": str(ns[0]), "last": str(ns[-1]), "sorted": ns == sorted(ns)}))`,
    ) as { type: string; first: string; last: string; sorted: boolean };
    expect(r.type).toBe("timestamp[ns, tz=UTC]");
    // 2012-06-21 09:30 America/New_York is 13:30 UTC; the first message is at 34200.015105074 s.
    expect(r.first).toBe("1340285400015105074");
    // The last row is the day's last trade, in the final seconds before 16:00 ET.
    expect(BigInt(r.last)).toBeGreaterThan(1340308798000000000n);
    expect(BigInt(r.last)).toBeLessThan(1340308800000000000n);
    expect(r.sorted).toBe(true);
  });

  it("records provenance in the Parquet key-value metadata", async () => {
    const rows = await duckQuery(
      `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(OUTPUT)})`,
    );
    const meta = new Map(rows.map((r) => [r.k as string, r.v as string]));
    expect(meta.get("featc.version")).toMatch(/^\d+\.\d+\.\d+/);
    expect(meta.get("featc.ir_hash")).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.get("featc.source")).toContain("2012-06-21.q");
    expect(meta.get("featc.time_range")).toContain("2012-06-21T13:30:00.015105074Z");
  });
});
