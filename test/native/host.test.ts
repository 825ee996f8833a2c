// The native host end to end: a hand-written kernel library (fixture-kernel/) over a
// synthetic log, its Parquet read back by DuckDB, which shares no code with the writer:
// column types, row count, row groups, footer metadata, nulls, progress, and the error
// cases that must leave no output behind.

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FeatcError } from "../../runtime/errors.js";
import * as native from "../../runtime/native/binding.js";
import { duckQuery, sqlString } from "../support/duckdb.js";
import { REPO, scratchDir } from "../support/paths.js";

const FIXTURE_CRATE = join(REPO, "test", "native", "fixture-kernel");
/** The native workspace's target dir: featc-core and its dependencies compile once for both. */
const TARGET_DIR = join(REPO, "native", "target");

function libraryFile(crate: string): string {
  if (process.platform === "darwin") return `lib${crate}.dylib`;
  if (process.platform === "win32") return `${crate}.dll`;
  return `lib${crate}.so`;
}

function buildFixtureKernel(): string {
  const r = spawnSync(
    "cargo",
    [
      "build",
      "--release",
      "--manifest-path",
      join(FIXTURE_CRATE, "Cargo.toml"),
      "--target-dir",
      TARGET_DIR,
      "--message-format=short",
    ],
    { encoding: "utf8", env: { ...process.env, CARGO_TERM_COLOR: "never" } },
  );
  if (r.status !== 0) throw new Error(`cargo build of the fixture kernel failed:\n${r.stderr}`);
  return join(TARGET_DIR, "release", libraryFile("featc_fixture_kernel"));
}

/** Everything in `dir` whose name marks an unfinished write. */
function tempFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.includes(".tmp-")) : [];
}

async function kvMetadata(file: string): Promise<Record<string, string>> {
  const rows = await duckQuery(
    `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata(${sqlString(file)})`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]));
}

async function expectRejection(promise: Promise<unknown>, code: string): Promise<FeatcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeatcError);
  expect((error as FeatcError).code).toBe(code);
  return error as FeatcError;
}

describe("native host", () => {
  let kernelPath: string;
  let dir: string;
  let log: native.SyntheticSummary;
  let otherLog: native.SyntheticSummary;

  beforeAll(() => {
    kernelPath = buildFixtureKernel();
    dir = scratchDir("native-host");
    log = native.generateSynthetic({
      symbol: "SYN",
      events: 60_000,
      seed: 7,
      date: "2024-03-05",
      outDir: join(dir, "q"),
    });
    otherLog = native.generateSynthetic({
      symbol: "ALT",
      events: 20_000,
      seed: 8,
      date: "2024-03-05",
      outDir: join(dir, "q"),
    });
  });

  it("reads a kernel library's meta after the ABI check", () => {
    const meta = JSON.parse(native.kernelMeta(kernelPath));
    expect(meta.name).toBe("fixture_trades");
    expect(meta.columns).toEqual([
      { name: "ingest_ts", type: "timestamp" },
      { name: "trades", type: "i64" },
      { name: "mid", type: "f64" },
      { name: "one_sided", type: "bool" },
    ]);
  });

  it("refuses a file that is not a kernel library", () => {
    expect(() => native.kernelMeta(log.path)).toThrow(FeatcError);
    try {
      native.kernelMeta(log.path);
    } catch (e) {
      expect((e as FeatcError).code).toBe("KERNEL_LOAD");
      expect((e as FeatcError).message).toContain(log.path);
    }
  });

  it("refuses a shared library without the kernel ABI's symbols", () => {
    // The addon itself loads fine as a library but exports no featc_kernel_* symbols.
    const addonFile = join(REPO, "native", "featc-native.node");
    try {
      native.kernelMeta(addonFile);
      expect.unreachable("kernelMeta accepted a library without the kernel symbols");
    } catch (e) {
      expect((e as FeatcError).code).toBe("KERNEL_SYMBOL");
      expect((e as FeatcError).message).toContain("featc_kernel_abi");
    }
  });

  it("extracts jobs in parallel into Parquet that DuckDB reads with the kernel's types and provenance", async () => {
    const out = join(dir, "out");
    const reports: native.ExtractProgress[] = [];
    const results = await native.extract(
      {
        kernelPath,
        streams: [
          { files: [{ input: log.path, output: join(out, "SYN", "2024-03-05.parquet") }] },
          { files: [{ input: otherLog.path, output: join(out, "ALT", "2024-03-05.parquet") }] },
        ],
        compression: "zstd",
        rowGroupRows: 1000,
        threads: 2,
        metadata: { "featc.version": "0.0.0-test", "test.note": "host" },
      },
      (p) => reports.push(p),
    );

    expect(results.map((r) => r.input)).toEqual([log.path, otherLog.path]);
    const [syn, alt] = results;
    expect(syn.records).toBe(log.records);
    expect(syn.firstTs).toBe(log.firstTs);
    expect(syn.lastTs).toBe(log.lastTs);
    expect(syn.rows).toBeGreaterThan(0);
    expect(alt.records).toBe(otherLog.records);

    const file = syn.output;
    const columns = await duckQuery(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
    expect(columns.map((c) => [c.column_name, c.column_type])).toEqual([
      ["ingest_ts", "TIMESTAMP WITH TIME ZONE"],
      ["trades", "BIGINT"],
      ["mid", "DOUBLE"],
      ["one_sided", "BOOLEAN"],
    ]);

    const [stats] = await duckQuery(
      `SELECT count(*) AS n, sum(trades) AS trades, count(*) FILTER (WHERE (mid IS NULL) <> one_sided) AS null_mismatch,
              min(epoch_us(ingest_ts)) AS first_us
       FROM read_parquet(${sqlString(file)})`,
    );
    expect(Number(stats.n)).toBe(syn.rows);
    // The trigger fires on every packet with a trade, so each trade lands in exactly one row.
    expect(Number(stats.trades)).toBe(log.trades);
    expect(Number(stats.null_mismatch)).toBe(0);
    expect(BigInt(stats.first_us as bigint)).toBeGreaterThanOrEqual(log.firstTs / 1000n);

    const [groups] = await duckQuery(
      `SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata(${sqlString(file)})`,
    );
    expect(Number(groups.n)).toBe(Math.ceil(syn.rows / 1000));

    const kv = await kvMetadata(file);
    expect(kv["featc.version"]).toBe("0.0.0-test");
    expect(kv["featc.kernel_abi"]).toBe("4");
    expect(kv["featc.stream"]).toBe("first: no earlier file in this run; state starts empty");
    expect(kv["featc.ir_hash"]).toBe("fixture-0001");
    expect(kv["featc.spec"]).toBe("fixture_trades");
    expect(kv["featc.source"]).toBe(log.path);
    expect(kv["featc.rows"]).toBe(String(syn.rows));
    expect(kv["featc.records"]).toBe(String(log.records));
    expect(kv["featc.time_range"]).toMatch(
      /^2024-03-05T\d\d:\d\d:\d\d\.\d{9}Z\.\.2024-03-05T\d\d:\d\d:\d\d\.\d{9}Z \(\d+\.\.\d+ ns\)$/,
    );
    expect(kv["featc.time_range"]).toContain(`(${log.firstTs}..${log.lastTs} ns)`);
    expect(kv["test.note"]).toBe("host");

    expect(reports.length).toBeGreaterThan(0);
    const last = reports[reports.length - 1];
    expect(last).toEqual({
      recordsDone: log.records + otherLog.records,
      recordsTotal: log.records + otherLog.records,
      jobsDone: 2,
      jobsTotal: 2,
    });
    expect(tempFiles(join(out, "SYN"))).toEqual([]);
  });

  it("writes a valid file with the schema when no row falls in the emit window", async () => {
    const output = join(dir, "empty", "none.parquet");
    const [r] = await native.extract({
      kernelPath,
      streams: [{ files: [{ input: log.path, output }] }],
      compression: "snappy",
      emitFromNs: log.firstTs,
      emitToNs: log.firstTs,
    });
    expect(r.rows).toBe(0);
    const [count] = await duckQuery(`SELECT count(*) AS n FROM read_parquet(${sqlString(output)})`);
    expect(Number(count.n)).toBe(0);
    const columns = await duckQuery(`DESCRIBE SELECT * FROM read_parquet(${sqlString(output)})`);
    expect(columns.map((c) => c.column_name)).toEqual(["ingest_ts", "trades", "mid", "one_sided"]);
  });

  /** A one-job extraction of `input` fails with `code`, names the input and leaves no output. */
  async function expectFailedJob(input: string, code: string): Promise<void> {
    const output = join(dir, "bad-out", `${basename(input, ".q")}.parquet`);
    const error = await expectRejection(
      native.extract({ kernelPath, streams: [{ files: [{ input, output }] }] }),
      code,
    );
    expect(error.message).toContain(input);
    expect(existsSync(output)).toBe(false);
    expect(tempFiles(join(dir, "bad-out"))).toEqual([]);
  }

  it("rejects a log with a bad magic with Q_BAD_MAGIC and leaves no output", async () => {
    await expectFailedJob(withMagic(log.path, join(dir, "bad", "magic.q"), "NOTAQLOG"), "Q_BAD_MAGIC");
  });

  it("rejects a truncated log with Q_TRUNCATED and leaves no output", async () => {
    await expectFailedJob(truncatedCopy(log.path, join(dir, "bad", "cut.q"), 256 + 64 * 1000 + 17), "Q_TRUNCATED");
  });

  it("keeps the outputs of jobs that finished before another job failed", async () => {
    const bad = withMagic(log.path, join(dir, "bad", "magic2.q"), "XXXX");
    const out = join(dir, "mixed");
    const good = join(out, "good.parquet");
    // One thread runs the jobs in order: the good one finishes before the bad one starts.
    await expectRejection(
      native.extract({
        kernelPath,
        threads: 1,
        streams: [
          { files: [{ input: otherLog.path, output: good }] },
          { files: [{ input: bad, output: join(out, "bad.parquet") }] },
        ],
      }),
      "Q_BAD_MAGIC",
    );
    expect(existsSync(good)).toBe(true);
    expect(existsSync(join(out, "bad.parquet"))).toBe(false);
    expect(tempFiles(out)).toEqual([]);
  });

  it("rejects a malformed request before any work", async () => {
    await expectRejection(
      native.extract({
        kernelPath,
        streams: [{ files: [{ input: log.path, output: join(dir, "x.parquet") }] }],
        compression: "lz4" as native.Compression,
      }),
      "BAD_ARGUMENT",
    );
    expect(existsSync(join(dir, "x.parquet"))).toBe(false);
  });

  it("rejects two jobs writing the same output", async () => {
    const output = join(dir, "twice.parquet");
    await expectRejection(
      native.extract({
        kernelPath,
        streams: [{ files: [{ input: log.path, output }] }, { files: [{ input: otherLog.path, output }] }],
      }),
      "BAD_ARGUMENT",
    );
    expect(existsSync(output)).toBe(false);
  });

  it("turns a throwing progress callback into a rejection once the work has settled", async () => {
    const output = join(dir, "callback", "thrown.parquet");
    const thrown = new Error("progress consumer failed");
    const settled = await native
      .extract({ kernelPath, streams: [{ files: [{ input: otherLog.path, output }] }] }, () => {
        throw thrown;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(settled).toBe(thrown);
    // The native work itself succeeded, so its output is complete.
    expect(existsSync(output)).toBe(true);
  });

  it("inspects a log's header, counts and first records with exact 64-bit values", () => {
    const r = native.inspectLog(log.path, 3);
    expect(r.header).toMatchObject({
      symbol: "SYN",
      venue: "SYNTHETIC",
      date: "2024-03-05",
      bookKind: 1,
      sealed: true,
    });
    expect(r.header.recordCount).toBe(BigInt(log.records));
    expect(r.header.firstTs).toBe(log.firstTs);
    expect(r.header.lastTs).toBe(log.lastTs);
    expect(r.packets).toBe(log.packets);
    expect(r.countsByKind.reduce((sum, c) => sum + c.count, 0)).toBe(log.records);
    expect(r.firstRecords).toHaveLength(3);
    expect(r.firstRecords[0].exchangeTs).toBe(log.firstTs);
    expect(typeof r.firstRecords[0].orderId).toBe("bigint");
  });

  it("rejects inspecting a bad log with its code", () => {
    const bad = truncatedCopy(log.path, join(dir, "bad", "inspect.q"), 100);
    expect(() => native.inspectLog(bad, 1)).toThrow(expect.objectContaining({ code: "Q_TRUNCATED_HEADER" }));
  });

  it("reads every record in a plain pass", () => {
    const r = native.readPlain(log.path);
    expect(r.records).toBe(log.records);
    expect(typeof r.checksum).toBe("bigint");
    expect(native.readPlain(log.path).checksum).toBe(r.checksum);
  });
});

function copyInto(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** A copy of the log `from` at `to` whose first bytes are `magic`. */
function withMagic(from: string, to: string, magic: string): string {
  copyInto(from, to);
  const bytes = readFileSync(to);
  bytes.write(magic, 0, "ascii");
  writeFileSync(to, bytes);
  return to;
}

/** A copy of the log `from` at `to`, cut to `length` bytes. */
function truncatedCopy(from: string, to: string, length: number): string {
  copyInto(from, to);
  truncateSync(to, length);
  return to;
}
