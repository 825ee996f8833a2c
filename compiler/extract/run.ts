// Run an extraction: one Parquet file per (symbol, day), by the native kernel library
// (off the JavaScript main thread, parallel across files) or by the TypeScript kernel.
import { pathToFileURL } from "node:url";
import { buildKernel, type BuiltKernel } from "../build/buildKernel.js";
import { FEATC_VERSION } from "../build/packageRoot.js";
import type { IrProgram } from "../ir/types.js";
import type { KernelModule } from "../../runtime/kernel.js";
import { type ExtractOptions, extractSettings, writeParquetTs } from "../../runtime/batch/index.js";
import * as native from "../../runtime/native/binding.js";
import type { ExtractProgress, ExtractResult } from "../../runtime/native/binding.js";
import { planJobs, type ExtractJob } from "./plan.js";

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
  cacheDir?: string;
  onProgress?: (p: ExtractProgress) => void;
}

/** One output file: the job's symbol and day, and what the run did, in the native addon's
 *  shape (`ExtractResult`, from native/addon/src/api/extract.rs) whichever engine ran it. */
export type ExtractFileResult = ExtractResult & { symbol: string; date: string };

export interface ExtractOutcome {
  kernel: BuiltKernel;
  results: ExtractFileResult[];
}

export async function loadTsKernel(jsModulePath: string): Promise<KernelModule> {
  return (await import(pathToFileURL(jsModulePath).href)) as KernelModule;
}

function provenance(program: IrProgram): Record<string, string> {
  return { "featc.version": FEATC_VERSION, "featc.spec_source": program.source };
}

export async function runExtract(program: IrProgram, o: RunExtractOptions): Promise<ExtractOutcome> {
  const { engine, compression, rowGroupRows, lenient, threads } = extractSettings(o);
  const jobs: ExtractJob[] = planJobs({
    source: o.source,
    symbols: o.symbols,
    out: o.out,
    fromDate: o.fromDate,
    toDate: o.toDate,
    shard: o.shard,
  });
  const kernel = buildKernel(program, { cacheDir: o.cacheDir, native: engine === "native" });
  const byInput = new Map(jobs.map((j) => [j.input, j]));

  if (engine === "native") {
    const results = await native.extract(
      {
        kernelPath: kernel.nativeLibPath!,
        jobs: jobs.map((j) => ({ input: j.input, output: j.output })),
        compression,
        rowGroupRows,
        lenient,
        threads,
        emitFromNs: o.fromNs,
        emitToNs: o.toNs,
        metadata: provenance(program),
      },
      o.onProgress,
    );
    return {
      kernel,
      results: results.map((r) => {
        const job = byInput.get(r.input)!;
        return { ...r, symbol: job.symbol, date: job.date };
      }),
    };
  }

  const module = await loadTsKernel(kernel.jsModulePath);
  const results: ExtractFileResult[] = [];
  for (const [i, job] of jobs.entries()) {
    const started = performance.now();
    const r = writeParquetTs(module, job.input, job.output, {
      compression,
      metadata: provenance(program),
      rowGroupRows,
      lenient,
      emitFromNs: o.fromNs,
      emitToNs: o.toNs,
    });
    results.push({
      ...job,
      records: r.records,
      packets: r.packets,
      rows: r.rows,
      firstTs: r.firstTs,
      lastTs: r.lastTs,
      skipped: Object.values(r.faults).reduce((sum, n) => sum + n, 0),
      seconds: (performance.now() - started) / 1000,
    });
    o.onProgress?.({ recordsDone: 0, recordsTotal: 0, jobsDone: i + 1, jobsTotal: jobs.length });
  }
  return { kernel, results };
}
