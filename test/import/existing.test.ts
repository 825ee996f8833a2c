// An import or `featc gen` never replaces a log without being told to (docs/formats/q.md,
// "Writing"): LOG_EXISTS naming the file and --force, the existing log untouched, no temp file
// left; --force replaces. And each log's import report, read by the TypeScript reader and by
// `featc inspect`, holds the counts the import's summary reports.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { run } from "../../compiler/cli/main.js";
import { LogReader } from "../../runtime/log/reader.js";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const ESU4 = join(REPO, "..", "shared", "data", "databento", "cme-esu4");
const MBP1 = join(ESU4, "futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst");

/** Every file under `dir`, recursively, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** `featc ...args` in this process: its exit code, stdout and stderr. */
async function featc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("a log that exists", () => {
  beforeEach(() => {
    process.exitCode = undefined;
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("is refused by an import, named with --force, and left as it was; --force replaces it", () => {
    const out = scratchDir("existing-dbn");
    const first = native.importDbn({ inputs: [MBP1], outDir: out, snapshotEveryNs: 0 });
    const day = first.files[0].path;
    const bytes = readFileSync(day);
    const files = tree(out);
    expect(files).toEqual(["ESU4/2024-07-01.q", "ESU4/2024-07-02.q"]);
    expect(() => native.importDbn({ inputs: [MBP1], outDir: out })).toThrow(
      expect.objectContaining({
        code: "LOG_EXISTS",
        message: expect.stringMatching(/ESU4\/2024-07-01\.q: the log already exists; pass --force to replace it/),
      }),
    );
    expect(readFileSync(day).equals(bytes)).toBe(true);
    expect(tree(out)).toEqual(files);
    const again = native.importDbn({ inputs: [MBP1], outDir: out, snapshotEveryNs: 0, force: true });
    expect(again.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
    expect(readFileSync(day).equals(bytes)).toBe(true);
    expect(tree(out)).toEqual(files);
  });

  it("is refused by featc gen unless --force, before the day is written", () => {
    const out = scratchDir("existing-gen");
    const opts = { symbol: "SYN", events: 2_000, seed: 1, date: "2024-01-02", days: 2, outDir: out };
    const [day1, day2] = [join(out, "SYN", "2024-01-02.q"), join(out, "SYN", "2024-01-03.q")];
    native.generateSynthetic(opts);
    writeFileSync(day2, "someone's file");
    const day1Bytes = readFileSync(day1);
    expect(() => native.generateSynthetic({ ...opts, seed: 2 })).toThrow(
      expect.objectContaining({ code: "LOG_EXISTS", message: expect.stringContaining("2024-01-02.q") }),
    );
    expect(readFileSync(day1).equals(day1Bytes)).toBe(true);
    // Only day 2 taken: day 1 is written, then day 2 is refused, and day 1 goes again.
    const other = scratchDir("existing-gen-2");
    native.generateSynthetic({ ...opts, outDir: other });
    writeFileSync(join(other, "SYN", "2024-01-03.q"), "someone's file");
    rmSync(join(other, "SYN", "2024-01-02.q"));
    expect(() => native.generateSynthetic({ ...opts, outDir: other })).toThrow(
      expect.objectContaining({ code: "LOG_EXISTS", message: expect.stringContaining("2024-01-03.q") }),
    );
    expect(tree(other)).toEqual(["SYN/2024-01-03.q"]);
    expect(readFileSync(join(other, "SYN", "2024-01-03.q"), "utf8")).toBe("someone's file");
    native.generateSynthetic({ ...opts, seed: 2, force: true });
    expect(LogReader.open(day2).recordCount).toBeGreaterThan(2_000);
    expect(readFileSync(day1).equals(day1Bytes)).toBe(false);
    expect(tree(out)).toEqual(["SYN/2024-01-02.q", "SYN/2024-01-03.q"]);
  });

  it("makes featc import exit 1 with a one-line LOG_EXISTS naming --force; --force succeeds", async () => {
    const out = scratchDir("existing-cli");
    const args = ["import", "dbn", MBP1, "--out", out];
    expect((await featc(...args)).code).toBe(0);
    const refused = await featc(...args);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error\[LOG_EXISTS\]: .*ESU4\/2024-07-01\.q: the log already exists; pass --force/);
    expect(refused.err.trim().split("\n")).toHaveLength(1);
    const forced = await featc(...args, "--force");
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/ESU4\/2024-07-01\.q: [\d,]+ records/);
    expect(existsSync(join(out, "ESU4", "2024-07-02.q"))).toBe(true);
  });
});

describe("the import report", () => {
  it("holds the summary's counts, read by the TypeScript reader and featc inspect", async () => {
    const out = scratchDir("report");
    const r = native.importDbn({ inputs: [MBP1], outDir: out });
    expect(r.importReport.length).toBeGreaterThan(0);
    for (const f of r.files) {
      const log = LogReader.open(f.path);
      expect(log.importReport).toEqual(Object.fromEntries(r.importReport));
      const inspected = native.inspectLog(f.path, 0);
      expect(inspected.importReport?.map((c) => [c.reason, c.count])).toEqual(r.importReport);
    }
    const shown = await featc("inspect", r.files[0].path);
    expect(shown.out).toMatch(/import report: .*adjusted: snapshot record: ts_recv used as exchange time/);
    // featc gen writes none.
    const syn = native.generateSynthetic({ symbol: "SYN", events: 100, seed: 1, date: "2024-01-02", outDir: out });
    expect(LogReader.open(syn.path).importReport).toBeNull();
    expect((await featc("inspect", syn.path)).out).toMatch(/import report: none/);
  });

  it("pointing outside the file is Q_BAD_HEADER at byte 160, at open in both readers", () => {
    const out = scratchDir("report-bad");
    const r = native.importDbn({ inputs: [MBP1], outDir: out });
    const bytes = readFileSync(r.files[0].path);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setBigUint64(168, BigInt(bytes.length), true);
    expect(() => LogReader.fromBytes(bytes, "bad.q")).toThrow(
      /bad\.q: byte 160: import report of \d+ bytes at byte \d+, expected a section .* inside the file's \d+ bytes/,
    );
    const path = join(out, "bad.q");
    writeFileSync(path, bytes);
    expect(() => native.inspectLog(path, 0)).toThrow(expect.objectContaining({ code: "Q_BAD_HEADER" }));
  });
});
