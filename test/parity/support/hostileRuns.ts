// Small real logs to damage and one engine's run over a log: the part of ./hostileLogs.ts that
// needs no test runner, so the fuzzing campaign (test/fuzz/reader.ts, run by vite-node) uses it
// too. ./hostileLogs.ts adds the assertions the vitest tests make.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { writeParquetStreamTs } from "../../../runtime/batch/parquetWriter.js";
import type { KernelModule } from "../../../runtime/kernel.js";
import * as native from "../../../runtime/native/binding.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, REPO } from "../../support/paths.js";

/** The Binance spot capture that ends 2024-08-08 (docs/formats/binance.md), shared test data. */
export const BINANCE_SPOT = join(REPO, "..", "shared", "data", "binance", "spot_btcusdt_20240808.gz");

/** `trigger trade or every 1s` over the book, trades and a rolling window: bars cross every gap. */
export const HOSTILE_SPEC = join(REPO, "test", "parity", "specs", "hostile_1s.feat");

/** A log to damage: its symbol and date (where it goes under a source root) and its bytes. */
export interface BaseLog {
  name: string;
  symbol: string;
  date: string;
  bytes: Uint8Array;
}

function firstLines(gz: string, n: number): string {
  return gunzipSync(readFileSync(gz)).toString("utf8").split("\n").slice(0, n).join("\n") + "\n";
}

/**
 * The first `lines` messages of the bundled LOBSTER GOOG 2012-06-21 day, imported with a
 * snapshot a minute: an L3 log with a time index, snapshots and an import report.
 */
export function googSlice(dir: string, lines = 6000): BaseLog {
  mkdirSync(dir, { recursive: true });
  const message = join(dir, "GOOG_2012-06-21_34200000_57600000_message_10.csv");
  const orderbook = join(dir, "GOOG_2012-06-21_34200000_57600000_orderbook_10.csv");
  writeFileSync(message, firstLines(GOOG_MESSAGE, lines));
  writeFileSync(orderbook, firstLines(GOOG_ORDERBOOK, lines));
  const path = native.importLobster({
    message,
    orderbook,
    symbol: "GOOG",
    outDir: join(dir, "q"),
    lenient: false,
    snapshotEveryNs: 60e9,
  }).path;
  return { name: "goog", symbol: "GOOG", date: "2012-06-21", bytes: new Uint8Array(readFileSync(path)) };
}

/**
 * The first `lines` lines of the Binance BTCUSDT spot capture of 2024-08-08 (13 s of depth
 * updates and trades), imported with a snapshot every 5 s: an L2 log.
 */
export function binanceSlice(dir: string, lines = 1500): BaseLog {
  mkdirSync(dir, { recursive: true });
  const capture = join(dir, "spot_btcusdt_20240808");
  writeFileSync(capture, firstLines(BINANCE_SPOT, lines));
  const files = native.importBinance({ inputs: [capture], outDir: join(dir, "q"), snapshotEveryNs: 5e9 }).files;
  const day = files.find((f) => f.path.endsWith("2024-08-08.q"))!;
  return { name: "binance", symbol: "BTCUSDT", date: "2024-08-08", bytes: new Uint8Array(readFileSync(day.path)) };
}

/** The kernels of HOSTILE_SPEC: the native library and the TypeScript module. */
export interface Kernels {
  nativeLibPath: string;
  module: KernelModule;
}

/** Writes `bytes` as `base`'s day file under `<dir>/q`; returns that source root. */
export function writeCase(dir: string, base: BaseLog, bytes: Uint8Array): string {
  const source = join(dir, "q");
  mkdirSync(join(source, base.symbol), { recursive: true });
  writeFileSync(join(source, base.symbol, `${base.date}.q`), bytes);
  return source;
}

/** What one engine made of a log: its rows' file, or its error. */
export type Outcome =
  { ok: true; output: string; seconds: number } | { ok: false; code: string; message: string; seconds: number };

export interface RunSettings {
  maxGapBars?: number;
  /** Count and skip book faults (`--lenient`). */
  lenient?: boolean;
}

/** Every file under `dir`, recursively (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function failure(e: unknown, started: number): Outcome {
  const err = e as { code?: unknown; message?: unknown };
  return {
    ok: false,
    code: typeof err.code === "string" ? err.code : "THROWN",
    message: String(err.message),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The log at `input` extracted by `engine` into `output` (a Parquet file path). */
export async function runEngine(
  engine: "native" | "ts",
  kernels: Kernels,
  input: string,
  output: string,
  settings: RunSettings = {},
): Promise<Outcome> {
  const started = performance.now();
  try {
    if (engine === "native") {
      await native.extract({
        kernelPath: kernels.nativeLibPath,
        streams: [{ files: [{ input, output }] }],
        maxGapBars: settings.maxGapBars,
        lenient: settings.lenient,
      });
    } else {
      await writeParquetStreamTs(kernels.module, [{ input, output }], {
        maxGapBars: settings.maxGapBars,
        lenient: settings.lenient,
      });
    }
    return { ok: true, output, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    return failure(e, started);
  }
}

/** The part of an error message after the file's name: the two readers name a file differently. */
export function reason(message: string): string {
  const at = message.search(/: (byte \d+|record \d+ \(byte \d+\)): /);
  return at < 0 ? message : message.slice(at + 2);
}

/** Removes a case's folder once it has been checked, so a run of many keeps little on disk. */
export function clean(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
