// Every numeric flag of featc extract is checked before anything runs, with one line naming the
// flag and what it takes (BAD_ARGUMENT); the library API checks the same settings the same way
// for both engines, so a zero row group size is a clear error and not a trap in the Parquet writer.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { wholeFlag } from "../../compiler/cli/commands/extract.js";
import { run } from "../../compiler/cli/main.js";
import { runExtract } from "../../compiler/extract/run.js";
import { compileFile } from "../../compiler/compile.js";
import { extractSettings } from "../../runtime/batch/extractOptions.js";
import { FeatcError } from "../../runtime/errors.js";
import { KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

let stderr: string[] = [];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const SPEC = join(REPO, "test", "extract", "specs", "stream_1m.feat");

async function extract(...flags: string[]): Promise<{ code: number; stderr: string }> {
  const dir = scratchDir("flags");
  const code = await run(["extract", SPEC, "--source", dir, "--symbols", "X", "--out", join(dir, "out"), ...flags]);
  return { code, stderr: stderr.join("") };
}

describe("featc extract refuses a numeric flag out of its range, naming it", () => {
  const cases: [string[], RegExp][] = [
    [
      ["--threads", "-1"],
      /^error\[BAD_ARGUMENT\]: --threads takes a whole number from 0 \(all cores\) to 1,024, got "-1"\n$/,
    ],
    [["--threads", "100000"], /--threads takes a whole number from 0 \(all cores\) to 1,024, got "100000"/],
    [["--threads", "2.5"], /--threads takes a whole number .* got "2\.5"/],
    [["--threads", "abc"], /--threads takes a whole number .* got "abc"/],
    [
      ["--row-group-rows", "0"],
      /^error\[BAD_ARGUMENT\]: --row-group-rows takes a whole number from 1 to 4,294,967,295, got "0"\n$/,
    ],
    [["--row-group-rows", "1e3"], /--row-group-rows takes a whole number .* got "1e3"/],
    [["--row-group-rows", "4294967296"], /--row-group-rows takes .* got "4294967296"/],
    [["--max-gap-bars", "0"], /--max-gap-bars takes a whole number from 1 to 9,007,199,254,740,991, got "0"/],
    [["--max-gap-bars", "-5"], /--max-gap-bars takes .* got "-5"/],
    [["--max-gap-bars", "0x10"], /--max-gap-bars takes .* got "0x10"/],
    [["--from", "yesterday"], /^error\[BAD_ARGUMENT\]: --from: cannot read "yesterday" as an ISO-8601 time/],
    [["--to", "2024-13-01"], /--to: "2024-13-01": month 13 is not 1 to 12/],
    [["--from", "2024-01-02", "--to", "2024-01-01"], /--to 2024-01-01 is not after --from 2024-01-02/],
    [["--max-faults", "-3"], /--max-faults takes a record count \(100\) or a percentage \(0\.5%\), got "-3"/],
    [["--shard", "0/2"], /--shard takes K\/N with 1 <= K <= N, got "0\/2"/],
    [["--warm-up", "10 minutes"], /--warm-up takes a duration/],
  ];

  it.each(cases)("%j", async (flags, message) => {
    const out = await extract(...flags);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("takes the whole numbers in range", () => {
    expect(wholeFlag("--threads", "0", 0, 1024)).toBe(0);
    expect(wholeFlag("--threads", " 1024 ", 0, 1024)).toBe(1024);
    expect(() => wholeFlag("--threads", "", 0, 1024)).toThrow(FeatcError);
  });
});

describe("the library API checks the same settings for both engines", () => {
  it("refuses threads outside 0..1024, a row group of 0 rows and a gap limit of 0", () => {
    for (const bad of [{ threads: -1 }, { threads: 1025 }, { rowGroupRows: 0 }, { maxGapBars: 0 }]) {
      expect(() => extractSettings(bad)).toThrow(FeatcError);
    }
    expect(extractSettings({ threads: 1024 }).threads).toBe(1024);
  });

  it("refuses --row-group-rows 0 in both engines with the same error", async () => {
    const compiled = compileFile(SPEC);
    const dir = scratchDir("flags-api");
    const errors: unknown[] = [];
    for (const engine of ["native", "ts"] as const) {
      try {
        await runExtract(compiled.program!, {
          source: dir,
          symbols: ["X"],
          out: join(dir, engine),
          engine,
          rowGroupRows: 0,
          cacheDir: KERNEL_CACHE,
        });
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors.map((e) => [(e as FeatcError).code, (e as FeatcError).message])).toEqual([
      ["BAD_ARGUMENT", "rowGroupRows must be a whole number from 1 to 4294967295, got 0"],
      ["BAD_ARGUMENT", "rowGroupRows must be a whole number from 1 to 4294967295, got 0"],
    ]);
  });
});
