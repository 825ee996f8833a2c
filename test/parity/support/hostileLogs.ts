// Small real logs, damaged on purpose, run through both engines: what the reliability tests
// share (test/parity/logChecks.test.ts, test/parity/reliability.test.ts; docs/reliability.md).
// Each outcome is what an extraction gives, rows or an error, checked to be the same in both
// engines, never a panic, never a partial output. The logs and one engine's run are
// ./hostileRuns.ts (no test runner needed); this module adds the checks, made with vitest.
import { join } from "node:path";
import { expect } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import { loadTsKernel, runExtract } from "../../../compiler/extract/run.js";
import { firstDifference, readParquetColumns } from "../../support/parquetColumns.js";
import { KERNEL_CACHE } from "../../support/paths.js";
import {
  type BaseLog,
  filesUnder,
  HOSTILE_SPEC,
  type Kernels,
  type Outcome,
  reason,
  type RunSettings,
  runEngine,
  writeCase,
} from "./hostileRuns.js";

export * from "./hostileRuns.js";

/** The kernels of HOSTILE_SPEC, built once (and cached) by an extraction over `base`. */
export async function hostileKernels(dir: string, base: BaseLog): Promise<Kernels> {
  const compiled = compileFile(HOSTILE_SPEC);
  expect(compiled.diagnostics).toEqual([]);
  const source = writeCase(join(dir, "kernels"), base, base.bytes);
  const out = await runExtract(compiled.program!, {
    source,
    symbols: [base.symbol],
    out: join(dir, "kernels", "out"),
    cacheDir: KERNEL_CACHE,
  });
  return { nativeLibPath: out.kernel.nativeLibPath!, module: await loadTsKernel(out.kernel.jsModulePath) };
}

/**
 * Runs both engines over `bytes` (as `base`'s day file, in `dir`) and checks what every case
 * must hold: the same verdict and code (and, on a fault, the same words after the file's name);
 * no panic; nothing left behind by a refusal; the same rows when both accept. Returns the
 * native outcome.
 */
export async function bothEngines(
  dir: string,
  base: BaseLog,
  bytes: Uint8Array,
  kernels: Kernels,
  settings: RunSettings = {},
): Promise<{ native: Outcome; ts: Outcome }> {
  const source = writeCase(dir, base, bytes);
  const input = join(source, base.symbol, `${base.date}.q`);
  const outcomes = {
    native: await runEngine("native", kernels, input, join(dir, "native", "part-0.parquet"), settings),
  };
  const ts = await runEngine("ts", kernels, input, join(dir, "ts", "part-0.parquet"), settings);
  const [a, b] = [outcomes.native, ts];
  for (const o of [a, b]) if (!o.ok) expect(["PANIC", "INTERNAL", "THROWN"]).not.toContain(o.code);
  expect(b.ok ? "accepted" : `rejected ${b.code}`).toBe(a.ok ? "accepted" : `rejected ${a.code}`);
  if (!a.ok && !b.ok && a.code !== "IO") expect(reason(b.message)).toBe(reason(a.message));
  if (a.ok && b.ok) expect(firstDifference(readParquetColumns(a.output), readParquetColumns(b.output))).toBeNull();
  for (const engine of ["native", "ts"] as const) {
    const o = engine === "native" ? a : b;
    if (!o.ok) expect(filesUnder(join(dir, engine))).toEqual([]);
  }
  return { native: a, ts: b };
}
