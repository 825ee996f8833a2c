// A run whose states cannot fit in the memory it may use is refused before it allocates, with
// OUT_OF_MEMORY and the figures (compiler/extract/memoryCheck.ts, docs/security.md): a spec of
// windows adding up to more than this machine has once aborted natively (exit 134) and left a
// 0-byte temp file.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/compile.js";
import { checkRunMemory, memoryAvailable } from "../../compiler/extract/memoryCheck.js";
import { FeatcError } from "../../runtime/errors.js";
import { REPO, scratchDir } from "../support/paths.js";

const FEATC = join(REPO, "bin", "featc.js");

/** A window of about 1,000,000 f64 steps keeps about 9 MB; each column's differs (equal states are shared). */
const WINDOW_BYTES = 9_000_024;

function windows(n: number): string {
  const columns = Array.from({ length: n }, (_, i) => `  w${i} = rolling_sum(book.mid, ${1_000_000 - i})`).join("\n");
  return `dataset big {\n  trigger trade\n${columns}\n}\n`;
}

function program(n: number) {
  const compiled = compileSource(windows(n), "big.feat", { maxStateBytes: 2 ** 50 });
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return compiled.program!;
}

function thrown(body: () => void): FeatcError {
  try {
    body();
  } catch (error) {
    return error as FeatcError;
  }
  throw new Error("nothing was thrown");
}

describe("the memory a run may use", () => {
  it("is the smallest of what limits it, with where it came from", () => {
    const available = memoryAvailable();
    expect(available.bytes).toBeGreaterThan(0);
    expect(available.source).toMatch(/MemAvailable|cgroup|ulimit|free memory/);
  });

  it("refuses states that would not fit, naming the figures and what to change", () => {
    const p = program(200); // about 1.8 GB of state a symbol
    const small = { bytes: 3e9, source: "a test's figure" };
    checkRunMemory(p, 1, small);
    const twoAtOnce = thrown(() => checkRunMemory(p, 2, small));
    expect(twoAtOnce.code).toBe("OUT_OF_MEMORY");
    expect(twoAtOnce.message).toMatch(
      /keeps 1,799,825,700 B \(1\.7 GiB\) of state per symbol and this run computes 2 symbols at once/,
    );
    expect(twoAtOnce.message).toMatch(/a test's figure/);
    expect(twoAtOnce.message).toMatch(/--threads 1/);
    const one = thrown(() => checkRunMemory(p, 1, { bytes: 1e9, source: "x" }));
    expect(one.message).not.toMatch(/--threads/);
    expect(one.message).toMatch(/featc explain/);
  });

  // Windows enough to pass this machine's memory, within the 1 MiB a spec may have.
  const needed = Math.ceil(memoryAvailable().bytes / WINDOW_BYTES) + 100;
  it.skipIf(needed > 20_000)(
    "makes featc extract exit 1 with OUT_OF_MEMORY before it builds or writes anything",
    () => {
      const dir = scratchDir("memory");
      mkdirSync(join(dir, "q", "GOOG"), { recursive: true });
      writeFileSync(join(dir, "q", "GOOG", "2012-06-21.q"), "");
      const spec = join(dir, "big.feat");
      writeFileSync(spec, windows(needed));
      const out = join(dir, "out");
      const started = performance.now();
      const r = spawnSync(
        "node",
        [
          ...[FEATC, "extract", spec, "--source", join(dir, "q"), "--symbols", "GOOG"],
          ...["--out", out, "--max-state-bytes", "1000TB", "--cache-dir", join(dir, "cache")],
        ],
        { cwd: dir, encoding: "utf8", timeout: 120_000 },
      );
      expect(r.stderr).toMatch(
        /^error\[OUT_OF_MEMORY\]: dataset `big` keeps [\d,]+ B \([\d.]+ GiB\) of state per symbol/,
      );
      expect(r.status).toBe(1);
      // Refused before a kernel is built: a cargo build of this spec would take minutes.
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(() => readdirSync(out, { recursive: true })).toThrow(/ENOENT/);
    },
    130_000,
  );
});
