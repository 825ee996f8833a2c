// The summary `featc extract` prints after a run reads the file's footer and first rows through
// the native addon (compiler/cli/parquetSummary.ts): on the GOOG day it is the text decoding the
// whole file with parquet-wasm and apache-arrow gives (how the summary was made before, at a
// second of CPU for five rows and 20 s for a file of 9.65 M rows), and a file written with
// microsecond timestamps shows the same times, floored to the microsecond. Without the addon
// (a TypeScript-engine run alone), parquet-wasm reads the file and the text is the same.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { parquetHeadWasm } from "../../compiler/cli/parquetHeadWasm.js";
import { isoNs, summarizeParquet, summaryText } from "../../compiler/cli/parquetSummary.js";
import { compileFile } from "../../compiler/compile.js";
import { runExtract } from "../../compiler/extract/run.js";
import { importGoogDay } from "../support/parity.js";
import { GOOG_SPEC, KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

/** The summary's text from the whole file, decoded by parquet-wasm and read through apache-arrow. */
function decodedSummary(path: string, head = 5): string {
  const table = tableFromIPC(readParquet(new Uint8Array(readFileSync(path))).intoIPCStream());
  const names = table.schema.fields.map((f) => f.name);
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? "null"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? String(v)
          : v.toPrecision(8)
        : String(v);
  const shown = Array.from({ length: Math.min(head, table.numRows) }, (_, r) =>
    names.map((_, c) => {
      const vec = table.getChildAt(c)!;
      if (String(vec.type).startsWith("Timestamp") && vec.isValid(r))
        return isoNs((vec.data[0].values as BigInt64Array)[r]);
      return cell(vec.get(r));
    }),
  );
  const widths = names.map((n, c) => Math.max(n.length, ...shown.map((row) => row[c].length)));
  return [
    `${path}: ${table.numRows} rows, ${names.length} columns`,
    "  " + table.schema.fields.map((f) => `${f.name}: ${f.type}`).join(", "),
    "  " + names.map((n, c) => n.padStart(widths[c])).join("  "),
    ...shown.map((row) => "  " + row.map((v, c) => v.padStart(widths[c])).join("  ")),
  ].join("\n");
}

describe("the extract summary", () => {
  const dir = scratchDir("summary");
  const files: Record<"ns" | "us", string> = { ns: "", us: "" };
  let rows = 0;

  beforeAll(async () => {
    importGoogDay(join(dir, "q"));
    const { program } = compileFile(GOOG_SPEC);
    for (const timestamps of ["ns", "us"] as const) {
      const out = await runExtract(program!, {
        source: join(dir, "q"),
        symbols: ["GOOG"],
        out: join(dir, timestamps),
        cacheDir: KERNEL_CACHE,
        timestamps,
      });
      files[timestamps] = out.results[0].output;
      rows = out.results[0].rows;
    }
  }, 300_000);

  it("is the text of the whole file decoded, from the footer and the first rows", async () => {
    const text = await summarizeParquet(files.ns);
    expect(text).toBe(decodedSummary(files.ns));
    expect(text.split("\n")[0]).toBe(`${files.ns}: ${rows} rows, 10 columns`);
    expect(text.split("\n")).toHaveLength(2 + 1 + 5);
  });

  it("shows microsecond timestamps as times, not as nanoseconds", async () => {
    const ns = (await summarizeParquet(files.ns)).split("\n");
    const us = (await summarizeParquet(files.us)).split("\n");
    expect(us[1]).toContain("ts: Timestamp<MICROSECOND, UTC>");
    // Row 1: its times floored to the microsecond; the floats are the same.
    const floor = (line: string) => line.replace(/(\.\d{6})\d{3}Z/g, "$1000Z");
    expect(us[3]).toBe(floor(ns[3]));
    expect(us[3]).toMatch(/2012-06-21T13:30:0\d\.\d{6}000Z/);
  });

  it("shows as many rows as a short file has", async () => {
    expect((await summarizeParquet(files.ns, 2)).split("\n")).toHaveLength(2 + 1 + 2);
  });

  it("is the same text where the addon is missing and parquet-wasm reads the file", async () => {
    for (const file of [files.ns, files.us])
      for (const head of [5, 2])
        expect(summaryText(file, await parquetHeadWasm(file, head), head)).toBe(await summarizeParquet(file, head));
  });

  it("is printed by `featc extract --engine ts` on a machine without the addon", async () => {
    const out = join(dir, "no-addon");
    const run = spawnSync(
      process.execPath,
      [join(REPO, "bin", "featc.js"), "extract", GOOG_SPEC, "--source", join(dir, "q"), "--symbols", "GOOG"].concat([
        "--out",
        out,
        "--engine",
        "ts",
        "--cache-dir",
        KERNEL_CACHE,
      ]),
      { encoding: "utf8", env: { ...process.env, FEATC_NATIVE_ADDON: join(dir, "absent", "featc-native.node") } },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const file = join(out, "goog_1s", "symbol=GOOG", "date=2012-06-21", "part-0.parquet");
    expect(run.stdout).toContain((await summarizeParquet(file)) + "\n");
  });
});
