// Run an extraction: one Parquet file per (symbol, day) in the dataset's Hive layout, each
// symbol's days one stream, by the native kernel library (off the JavaScript main thread,
// parallel across symbols) or by the TypeScript kernel; then the dataset manifest.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildKernel, type BuiltKernel } from "../build/buildKernel.js";
import { FEATC_VERSION } from "../build/packageRoot.js";
import { irHash } from "../ir/hash.js";
import type { IrProgram } from "../ir/types.js";
import type { KernelModule } from "../../runtime/kernel.js";
import { FeatcError } from "../../runtime/errors.js";
import { type ExtractOptions, extractSettings } from "../../runtime/batch/extractOptions.js";
import { runMetadata } from "../../runtime/batch/provenance.js";
import { sweepStaleTemps } from "../../runtime/batch/staleTemps.js";
import { checkInterrupt } from "../../runtime/interrupt.js";
import * as native from "../../runtime/native/binding.js";
import type { ExtractProgress, ExtractResult } from "../../runtime/native/binding.js";
import {
  checkIdentity,
  describeFile,
  readManifests,
  recordedFile,
  writeManifest,
  type DatasetIdentity,
  type ManifestFile,
} from "./manifest.js";
import { checkRunMemory } from "./memoryCheck.js";
import { planStreams, type ExtractStream } from "./plan.js";
import { planWarmUp } from "./warmUp.js";

export type { ExtractProgress };

/** What to extract and where, with the settings (compression, row group size, lenient mode,
 *  threads, engine) of `ExtractOptions`, each defaulting as `EXTRACT_DEFAULTS` says. */
export interface RunExtractOptions extends ExtractOptions {
  source: string;
  /** Symbols, `@file` lists and globs (compiler/extract/plan.ts, `expandSymbols`). */
  symbols: string[];
  out: string;
  fromNs?: bigint;
  toNs?: bigint;
  fromDate?: string;
  toDate?: string;
  shard?: { index: number; count: number };
  /** false: with `fromNs`, replay every first file from its first record (no warm start). */
  warmStart?: boolean;
  /** The history to replay before `fromNs` for columns whose warm-up is unbounded (docs/language.md section 4.2). */
  warmUpNs?: bigint;
  /** Timestamp columns in ns (default) or us, floored (docs/formats/parquet.md, "Timestamps"). */
  timestamps?: "ns" | "us";
  /** A lenient run fails a file that skips more records than this: a count, or a fraction (0..1). */
  maxFaults?: { count: number } | { fraction: number };
  /** Leave out the symbols whose every file a manifest of the dataset already records, unchanged on disk. */
  skipExisting?: boolean;
  cacheDir?: string;
  onProgress?: (p: ExtractProgress) => void;
}

/** One output file: the job's symbol and day, and what the run did, in the native addon's
 *  shape (`ExtractResult`, from native/addon/src/api/extract.rs) whichever engine ran it. */
export type ExtractFileResult = ExtractResult & { symbol: string; date: string };

export interface ExtractOutcome {
  kernel: BuiltKernel;
  /** The files this run wrote. */
  results: ExtractFileResult[];
  /** Files a manifest already recorded, left as they were (`skipExisting`). */
  reused: ManifestFile[];
  /** Why the run did not warm-start, or what its approximate warm start means. */
  warmUpNote?: string;
  /** What the run could not find: it goes on without (and the manifest records it). */
  warnings: string[];
  manifestPath: string;
}

export async function loadTsKernel(jsModulePath: string): Promise<KernelModule> {
  return (await import(pathToFileURL(jsModulePath).href)) as KernelModule;
}

function provenance(program: IrProgram): Record<string, string> {
  return { "featc.version": FEATC_VERSION, "featc.spec_source": program.source };
}

/** The columns every file gets after the spec's (docs/formats/parquet.md, "Layout and manifest"). */
const PARTITION_COLUMNS = ["symbol", "date"];

export async function runExtract(program: IrProgram, o: RunExtractOptions): Promise<ExtractOutcome> {
  const { engine, compression, rowGroupRows, lenient, threads, maxGapBars } = extractSettings(o);
  const clash = program.columns.find((c) => PARTITION_COLUMNS.includes(c.name));
  if (clash)
    throw new FeatcError(
      "BAD_ARGUMENT",
      `column \`${clash.name}\` of dataset \`${program.name}\` has the name of a partition column featc adds (${PARTITION_COLUMNS.join(", ")}); rename it`,
    );
  const timestamps = o.timestamps ?? "ns";
  const identity: DatasetIdentity = {
    dataset: program.name,
    irHash: irHash(program),
    emitWindow: runMetadata(o.fromNs, o.toNs, timestamps, {})["featc.emit_window"],
    timestamps,
  };
  const existing = readManifests(o.out, program.name);
  checkIdentity(existing, identity, o.out);
  const plan = planStreams({
    source: o.source,
    symbols: o.symbols,
    out: o.out,
    dataset: program.name,
    fromDate: o.fromDate,
    toDate: o.toDate,
    shard: o.shard,
  });
  const warnings = plan.missing.map((s) => `no logs for ${s} in ${join(o.source, s)} within the requested dates`);
  const datasetDir = join(o.out, program.name);
  // A symbol's days are one stream: it is skipped whole, or run whole.
  const reused: ManifestFile[] = [];
  const streams: ExtractStream[] = [];
  for (const stream of plan.streams) {
    const recorded = o.skipExisting ? stream.files.map((f) => recordedFile(existing, datasetDir, f.output)) : [];
    if (o.skipExisting && recorded.every((f) => f !== undefined))
      reused.push(...recorded.map((f) => ({ ...f!, reused: true })));
    else streams.push(stream);
  }
  const { warmUp, note: warmUpNote } = planWarmUp(program, {
    fromNs: o.fromNs,
    warmStart: o.warmStart,
    warmUpNs: o.warmUpNs,
  });
  // Refused before a kernel is built or a byte written when the states cannot fit.
  const pool = threads > 0 ? threads : availableParallelism();
  checkRunMemory(program, engine === "native" ? Math.min(pool, streams.length) : Math.min(1, streams.length));
  // Temp files of runs killed outright (kill -9) in the folders this run writes.
  const stale = sweepStaleTemps(datasetDir, 2);
  if (stale.length > 0)
    warnings.push(
      `removed ${stale.length} temp file${stale.length === 1 ? "" : "s"} left by a stopped run in ${datasetDir}`,
    );
  const kernel = buildKernel(program, { cacheDir: o.cacheDir, native: engine === "native" });
  const results =
    engine === "native"
      ? await runNative(
          kernel,
          streams,
          o,
          { compression, rowGroupRows, lenient, threads, warmUp, timestamps, maxGapBars },
          program,
        )
      : await runTs(
          kernel,
          streams,
          o,
          { compression, rowGroupRows, lenient, warmUp, timestamps, maxGapBars },
          program,
        );
  // An empty day is written (an empty file with the schema) and said.
  for (const r of results)
    if (r.firstTs === 0n && r.lastTs === 0n && r.records === 0)
      warnings.push(`${r.symbol} ${r.date}: ${r.input} holds no records; its file has no rows`);
  const manifestPath = writeManifest(
    o.out,
    {
      ...identity,
      featcVersion: FEATC_VERSION,
      specSource: program.source,
      shard: o.shard ? `${o.shard.index}/${o.shard.count}` : null,
      created: new Date().toISOString(),
      files: [
        ...reused,
        ...results.map((r) =>
          describeFile(datasetDir, {
            symbol: r.symbol,
            date: r.date,
            output: r.output,
            rows: r.rows,
            source: r.input,
            records: r.records,
            start: r.start,
            resetReason: r.resetReason ?? undefined,
            skipped: r.skippedByReason,
          }),
        ),
      ].sort((a, b) => a.path.localeCompare(b.path)),
      missing: plan.missing,
      warnings,
    },
    o.shard,
  );
  return { kernel, results, reused, warmUpNote, warnings, manifestPath };
}

interface RunSettings {
  compression: ExtractOptions["compression"];
  rowGroupRows: number;
  lenient: boolean;
  warmUp?: { ns: bigint; events: number };
  timestamps: "ns" | "us";
  maxGapBars: number;
}

async function runNative(
  kernel: BuiltKernel,
  streams: ExtractStream[],
  o: RunExtractOptions,
  s: RunSettings & { threads: number },
  program: IrProgram,
): Promise<ExtractFileResult[]> {
  if (streams.length === 0) return [];
  const files = streams.flatMap((st) => st.files);
  const byInput = new Map(files.map((j) => [j.input, j]));
  const max = o.maxFaults;
  const results = await native.extract(
    {
      kernelPath: kernel.nativeLibPath!,
      streams: streams.map((st) => ({
        files: st.files.map((j) => ({ input: j.input, output: j.output, symbol: j.symbol, date: j.date })),
      })),
      compression: s.compression,
      rowGroupRows: s.rowGroupRows,
      lenient: s.lenient,
      threads: s.threads,
      emitFromNs: o.fromNs,
      emitToNs: o.toNs,
      warmUpNs: s.warmUp?.ns,
      warmUpEvents: s.warmUp?.events,
      timestamps: s.timestamps,
      maxGapBars: s.maxGapBars,
      maxFaultsCount: max && "count" in max ? max.count : undefined,
      maxFaultsFraction: max && "fraction" in max ? max.fraction : undefined,
      metadata: provenance(program),
    },
    o.onProgress,
  );
  return results.map((r) => {
    const job = byInput.get(r.input)!;
    return { ...r, symbol: job.symbol, date: job.date };
  });
}

async function runTs(
  kernel: BuiltKernel,
  streams: ExtractStream[],
  o: RunExtractOptions,
  s: RunSettings,
  program: IrProgram,
): Promise<ExtractFileResult[]> {
  const module = await loadTsKernel(kernel.jsModulePath);
  // The TypeScript Parquet writer (apache-arrow, parquet-wasm) loads only for this engine.
  const { writeParquetStreamTs } = await import("../../runtime/batch/parquetWriter.js");
  const results: ExtractFileResult[] = [];
  for (const [i, stream] of streams.entries()) {
    // A signal is heard between streams and while a file's Parquet is written (its replay is
    // synchronous).
    await checkInterrupt(`the extraction of ${stream.files[0]?.input ?? program.name}`);
    let started = performance.now();
    const written = await writeParquetStreamTs(module, stream.files, {
      compression: s.compression,
      metadata: provenance(program),
      rowGroupRows: s.rowGroupRows,
      lenient: s.lenient,
      emitFromNs: o.fromNs,
      emitToNs: o.toNs,
      warmUp: s.warmUp,
      timestamps: s.timestamps,
      maxFaults: o.maxFaults,
      maxGapBars: s.maxGapBars,
    });
    for (const [k, r] of written.entries()) {
      const job = stream.files[k];
      const now = performance.now();
      results.push({
        ...job,
        records: r.records,
        packets: r.packets,
        rows: r.rows,
        firstTs: r.firstTs,
        lastTs: r.lastTs,
        skipped: Object.values(r.faults).reduce((sum, n) => sum + n, 0),
        skippedByReason: r.faults,
        seconds: (now - started) / 1000,
        start: r.start,
        resetReason: r.resetReason,
        warmStartTs: r.warmStart?.asOfTs,
        warmStartRecord: r.warmStart?.record,
      });
      started = now;
    }
    o.onProgress?.({ recordsDone: 0, recordsTotal: 0, jobsDone: i + 1, jobsTotal: streams.length });
  }
  return results;
}
