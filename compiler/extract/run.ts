// Run an extraction: one Parquet file per (symbol, day), each symbol's days one stream, by the
// native kernel library (off the JavaScript main thread, parallel across symbols) or by the
// TypeScript kernel.
import { pathToFileURL } from "node:url";
import { buildKernel, type BuiltKernel } from "../build/buildKernel.js";
import { FEATC_VERSION } from "../build/packageRoot.js";
import type { IrProgram } from "../ir/types.js";
import type { KernelModule } from "../../runtime/kernel.js";
import { type ExtractOptions, extractSettings, writeParquetStreamTs } from "../../runtime/batch/index.js";
import * as native from "../../runtime/native/binding.js";
import type { ExtractProgress, ExtractResult } from "../../runtime/native/binding.js";
import { planStreams } from "./plan.js";
import { planWarmUp } from "./warmUp.js";

export type { ExtractProgress };

/** What to extract and where, with the settings (compression, row group size, lenient mode,
 *  threads, engine) of `ExtractOptions`, each defaulting as `EXTRACT_DEFAULTS` says. */
export interface RunExtractOptions extends ExtractOptions {
  source: string;
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
  cacheDir?: string;
  onProgress?: (p: ExtractProgress) => void;
}

/** One output file: the job's symbol and day, and what the run did, in the native addon's
 *  shape (`ExtractResult`, from native/addon/src/api/extract.rs) whichever engine ran it. */
export type ExtractFileResult = ExtractResult & { symbol: string; date: string };

export interface ExtractOutcome {
  kernel: BuiltKernel;
  results: ExtractFileResult[];
  /** Why the run did not warm-start, or what its approximate warm start means. */
  warmUpNote?: string;
}

export async function loadTsKernel(jsModulePath: string): Promise<KernelModule> {
  return (await import(pathToFileURL(jsModulePath).href)) as KernelModule;
}

function provenance(program: IrProgram): Record<string, string> {
  return { "featc.version": FEATC_VERSION, "featc.spec_source": program.source };
}

export async function runExtract(program: IrProgram, o: RunExtractOptions): Promise<ExtractOutcome> {
  const { engine, compression, rowGroupRows, lenient, threads } = extractSettings(o);
  const streams = planStreams({
    source: o.source,
    symbols: o.symbols,
    out: o.out,
    fromDate: o.fromDate,
    toDate: o.toDate,
    shard: o.shard,
  });
  const { warmUp, note: warmUpNote } = planWarmUp(program, {
    fromNs: o.fromNs,
    warmStart: o.warmStart,
    warmUpNs: o.warmUpNs,
  });
  const kernel = buildKernel(program, { cacheDir: o.cacheDir, native: engine === "native" });
  const files = streams.flatMap((s) => s.files);
  const byInput = new Map(files.map((j) => [j.input, j]));

  if (engine === "native") {
    const results = await native.extract(
      {
        kernelPath: kernel.nativeLibPath!,
        streams: streams.map((s) => ({ files: s.files.map((j) => ({ input: j.input, output: j.output })) })),
        compression,
        rowGroupRows,
        lenient,
        threads,
        emitFromNs: o.fromNs,
        emitToNs: o.toNs,
        warmUpNs: warmUp?.ns,
        warmUpEvents: warmUp?.events,
        metadata: provenance(program),
      },
      o.onProgress,
    );
    return {
      kernel,
      warmUpNote,
      results: results.map((r) => {
        const job = byInput.get(r.input)!;
        return { ...r, symbol: job.symbol, date: job.date };
      }),
    };
  }

  const module = await loadTsKernel(kernel.jsModulePath);
  const results: ExtractFileResult[] = [];
  for (const [i, stream] of streams.entries()) {
    let started = performance.now();
    const written = writeParquetStreamTs(module, stream.files, {
      compression,
      metadata: provenance(program),
      rowGroupRows,
      lenient,
      emitFromNs: o.fromNs,
      emitToNs: o.toNs,
      warmUp,
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
  return { kernel, warmUpNote, results };
}
