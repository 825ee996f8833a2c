// `featc preview` as a user runs it (the command line from its TypeScript sources): a table of
// the first rows and the summary by default, the same preview as one JSON document with
// --json, and coded errors for a spec that does not compile, a missing log and an empty window.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { previewProgram } from "../../compiler/preview/preview.js";
import { previewJson } from "../../compiler/preview/render.js";
import { GOOG_SPEC, KERNEL_CACHE, REPO } from "../support/paths.js";

function featc(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", join(REPO, "test/support/tsNode.mjs"), join(REPO, "test/support/featcSource.mjs"), ...args],
    { cwd: REPO, encoding: "utf8", env: { ...process.env, FEATC_CACHE_DIR: KERNEL_CACHE } },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("featc preview", () => {
  it("prints the first rows and a summary of every column on the bundled sample", () => {
    const r = featc("preview", "examples/goog_1s.feat", "--rows", "3");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(
      /^goog_1s on GOOG \(the bundled sample, LOBSTER GOOG 10 levels\): 31,382 rows from 157,136 events in [\d.]+ s$/,
    );
    const header = lines.indexOf("first 3 of 31,382 rows:");
    expect(lines[header + 1].trim().split(/\s+/)).toEqual([
      "ts",
      "ingest_ts",
      "exchange_ts",
      "mid",
      "spread_bps",
      "imbalance_5",
      "ofi",
      "trade_flow",
    ]);
    expect(lines[header + 2]).toMatch(
      /^ {2}2012-06-21T13:30:00\.015105074Z {2}2012-06-21T13:30:00\.015105074Z .* 579\.815 /,
    );
    expect(lines[header + 5]).toBe("");
    const summary = lines.indexOf("summary of 31,382 rows:");
    expect(lines[summary + 1].trim().split(/\s+/)).toEqual(["column", "type", "count", "nulls", "min", "max", "mean"]);
    expect(lines[summary + 5]).toMatch(/^ {2}mid +f64 +31,382 +0 +563\.755 +579\.815 +570\.36\d+$/);
    expect(lines.slice(summary + 2).filter((l) => l.trim() !== "")).toHaveLength(8);
  });

  it("prints with --json the preview the library gives", async () => {
    const r = featc("preview", "examples/goog_1s.feat", "--json", "--rows", "4", "--from", "2012-06-21T15:00Z");
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.out);
    const own = previewJson(
      await previewProgram(compileFile(GOOG_SPEC).program!, {
        rows: 4,
        fromNs: 1340290800000000000n,
        cacheDir: KERNEL_CACHE,
      }),
    );
    const comparable = (j: Record<string, unknown>) => ({ ...j, timings: undefined, kernelCached: undefined });
    expect(comparable(printed)).toEqual(comparable(JSON.parse(JSON.stringify(own))));
    expect(printed.head).toHaveLength(4);
    expect(printed.head[0].ts).toBe("2012-06-21T15:00:00.000000000Z");
  });

  it("prints a spec's diagnostics and exits 1, as featc check does", () => {
    const spec = "test/golden/diagnostics/unknown_identifier.feat";
    const r = featc("preview", spec);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /error\[E0012\]: cannot find `spred` in this scope\n --> test\/golden\/diagnostics\/unknown_identifier\.feat:3:3/,
    );
    const json = featc("preview", spec, "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).diagnostics.map((d: { code: string }) => d.code)).toContain("E0012");
  });

  it("names a missing log and an empty window with their codes", () => {
    const missing = featc("preview", "examples/goog_1s.feat", "--source", "test/preview/no-such-logs");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe("error[NO_LOG]: the log source `test/preview/no-such-logs` does not exist\n");
    const symbol = featc("preview", "examples/goog_1s.feat", "--source", "examples", "--symbol", "GOOG", "--json");
    expect(symbol.code).toBe(1);
    expect(JSON.parse(symbol.out).error).toMatchObject({
      code: "NO_LOG",
      message: /no \.q logs for GOOG in `examples\/GOOG`/,
    });
    const empty = featc("preview", "examples/goog_1s.feat", "--from", "2012-06-21T20:30Z");
    expect(empty.code).toBe(1);
    expect(empty.err).toMatch(
      /^error\[EMPTY_WINDOW\]: the window from 2012-06-21T20:30:00\.000000000Z to the end holds no event of GOOG's logs, which run from 2012-06-21T13:30:00\.015105074Z to 2012-06-21T19:59:59\.\d{9}Z\n$/,
    );
    const backwards = featc(
      "preview",
      "examples/goog_1s.feat",
      "--from",
      "2012-06-21T15:00Z",
      "--to",
      "2012-06-21T14:00Z",
    );
    expect(backwards.code).toBe(1);
    expect(backwards.err).toMatch(/^error\[BAD_ARGUMENT\]: --to 2012-06-21T14:00Z is not after --from/);
  });
});
