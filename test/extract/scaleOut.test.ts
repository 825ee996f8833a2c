// Scale-out a scheduler can drive (docs/scale-out.md): N shards given the symbols in different
// orders write, together, exactly the files of one sequential run, byte for byte, none twice;
// `--shard env/N` takes the 0-based index of a Kubernetes Indexed Job or a Slurm array;
// `--skip-existing` resumes from the manifests; `@file` lists and globs name symbols; a missing
// symbol is a warning and a manifest entry; a dataset never mixes two specs.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile, compileSource } from "../../compiler/compile.js";
import { runExtract, type RunExtractOptions } from "../../compiler/extract/run.js";
import { readManifests } from "../../compiler/extract/manifest.js";
import { parseShard } from "../../compiler/extract/plan.js";
import type { IrProgram } from "../../compiler/ir/types.js";
import * as native from "../../runtime/native/binding.js";
import { LogWriter } from "../../runtime/log/writer.js";
import { mkdirSync } from "node:fs";
import { GOOG_SPEC, KERNEL_CACHE, scratchDir } from "../support/paths.js";

const SYMBOLS = ["AAA", "BBB", "CCC", "DDD", "EEE"];

describe("shards, resumes and symbol lists", () => {
  const dir = scratchDir("scale-out");
  const q = join(dir, "q");
  let program: IrProgram;

  beforeAll(() => {
    SYMBOLS.forEach((symbol, i) =>
      native.generateSynthetic({ symbol, events: 20_000, seed: 11 + i, date: "2024-05-06", days: 2, outDir: q }),
    );
    program = compileFile(GOOG_SPEC).program!;
  }, 120_000);

  const run = (out: string, more: Partial<RunExtractOptions> = {}) =>
    runExtract(program, { source: q, symbols: SYMBOLS, out, cacheDir: KERNEL_CACHE, ...more });
  const bytesOf = (out: string, files: { output: string }[]) =>
    new Map(files.map((f) => [relative(out, f.output), readFileSync(f.output).toString("base64")]));

  it("three shards with permuted symbol lists write exactly the sequential run's files, none twice", async () => {
    const sequential = await run(join(dir, "seq"));
    const reference = bytesOf(join(dir, "seq"), sequential.results);
    expect(reference.size).toBe(10);
    const out = join(dir, "sharded");
    const written: string[] = [];
    const orders = [SYMBOLS, [...SYMBOLS].reverse(), ["CCC", "AAA", "EEE", "BBB", "DDD"]];
    for (let k = 1; k <= 3; k++) {
      const shard = await run(out, { symbols: orders[k - 1], shard: { index: k, count: 3 } });
      written.push(...shard.results.map((r) => relative(out, r.output)));
    }
    expect(written.sort()).toEqual([...reference.keys()].sort());
    for (const [path, bytes] of reference) expect(readFileSync(join(out, path)).toString("base64")).toBe(bytes);
    const manifests = readManifests(out, "goog_1s");
    expect(manifests.map((m) => m.shard)).toEqual(["1/3", "2/3", "3/3"]);
    expect(manifests.flatMap((m) => m.files.map((f) => f.path)).sort()).toEqual(
      [...reference.keys()].map((p) => relative("goog_1s", p)).sort(),
    );
  });

  it("--shard env/N reads JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, 0-based", () => {
    expect(parseShard("env/4", { JOB_COMPLETION_INDEX: "0" })).toEqual({ index: 1, count: 4 });
    expect(parseShard("env/4", { SLURM_ARRAY_TASK_ID: "3" })).toEqual({ index: 4, count: 4 });
    expect(() => parseShard("env/4", {})).toThrow(/JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard("env/4", { JOB_COMPLETION_INDEX: "4" })).toThrow(/1 <= K <= N/);
  });

  it("--skip-existing reruns only the symbols whose files are not all recorded and unchanged", async () => {
    const out = join(dir, "resume");
    const first = await run(out);
    const victim = first.results.find((r) => r.symbol === "CCC" && r.date === "2024-05-07")!;
    rmSync(victim.output);
    const again = await run(out, { skipExisting: true });
    expect([...new Set(again.results.map((r) => r.symbol))]).toEqual(["CCC"]);
    expect(again.reused.map((f) => f.symbol).filter((s) => s === "CCC")).toEqual([]);
    expect(again.reused).toHaveLength(8);
    expect(readFileSync(victim.output).equals(readFileSync(join(dir, "seq", relative(out, victim.output))))).toBe(true);
  });

  it("names symbols by @file and glob, and a missing one is a warning and a manifest entry", async () => {
    const list = join(dir, "symbols.txt");
    writeFileSync(list, "# the first two\nAAA\nBBB\n\nZZZ\n");
    const out = join(dir, "lists");
    const r = await run(out, { symbols: [`@${list}`, "D*"] });
    expect([...new Set(r.results.map((x) => x.symbol))]).toEqual(["AAA", "BBB", "DDD"]);
    expect(r.warnings).toEqual([`no logs for ZZZ in ${join(q, "ZZZ")} within the requested dates`]);
    expect(readManifests(out, "goog_1s")[0].missing).toEqual(["ZZZ"]);
  });

  it("writes an empty day as an empty file and says so", async () => {
    mkdirSync(join(q, "EMPTY"), { recursive: true });
    LogWriter.create(join(q, "EMPTY", "2024-05-06.q"), {
      symbol: "EMPTY",
      venue: "SYNTHETIC",
      date: "2024-05-06",
      priceDecimals: 2,
      sizeDecimals: 0,
    }).close();
    const r = await run(join(dir, "empty"), { symbols: ["EMPTY", "AAA"] });
    expect(r.results.find((f) => f.symbol === "EMPTY")!.rows).toBe(0);
    expect(r.warnings).toEqual([
      expect.stringMatching(/^EMPTY 2024-05-06: .* holds no records; its file has no rows$/),
    ]);
    rmSync(join(q, "EMPTY"), { recursive: true });
  });

  it("refuses a symbol that is not one folder of the source", async () => {
    await expect(run(join(dir, "escape"), { symbols: ["../q/AAA"] })).rejects.toThrow(/not a folder name/);
  });

  it("refuses to mix another spec's rows into a dataset", async () => {
    const out = join(dir, "mix");
    await run(out, { symbols: ["AAA"] });
    const other = compileSource(
      readFileSync(GOOG_SPEC, "utf8").replace("mid         = book.mid", "mid         = book.mid * 2"),
      GOOG_SPEC,
    ).program!;
    await expect(runExtract(other, { source: q, symbols: ["AAA"], out, cacheDir: KERNEL_CACHE })).rejects.toMatchObject(
      { code: "DATASET_MISMATCH" },
    );
  });
});
