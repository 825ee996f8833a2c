// The featc command line as a user runs it (node bin/featc.js, the built package): help for
// every command, `check` printing the golden diagnostics with exit code 1, `gen` and
// `inspect` on a synthetic day, and clean one-line errors (never a stack trace) on bad logs.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, scratchDir } from "../support/paths.js";

function featc(...args: string[]) {
  const r = spawnSync("node", [join(REPO, "bin", "featc.js"), ...args], { cwd: REPO, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("featc CLI", () => {
  it.each([
    [],
    ["check"],
    ["build"],
    ["extract"],
    ["explain"],
    ["import"],
    ["import", "lobster"],
    ["gen"],
    ["inspect"],
  ])("featc %s --help", (...cmd) => {
    const r = featc(...(cmd as string[]), "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/featc/);
    expect(r.out).toMatch(/--help/);
  });

  it("check prints rustc-style diagnostics (the golden text) and exits 1", () => {
    const spec = "test/golden/diagnostics/unknown_identifier.feat";
    const r = featc("check", spec);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd()).toBe(
      readFileSync(join(REPO, "test/golden/diagnostics/unknown_identifier.expected"), "utf8").trimEnd(),
    );
  });

  it("check passes a good spec with exit 0", () => {
    const r = featc("check", "examples/goog_1s.feat");
    expect(r.code).toBe(0);
    expect(r.out).toContain("examples/goog_1s.feat: ok");
  });

  it("gen writes a seeded day that inspect describes", () => {
    const dir = scratchDir("cli");
    const g = featc("gen", "--symbol", "SYN", "--events", "20000", "--seed", "3", "--date", "2024-02-01", "--out", dir);
    expect(g.code).toBe(0);
    const i = featc("inspect", join(dir, "SYN", "2024-02-01.q"), "--records", "3");
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/symbol SYN\s+venue SYNTHETIC\s+date 2024-02-01\s+book L3/);
    expect(i.out).toMatch(/records 20,000/);
    expect(i.out).toMatch(/by kind: ADD [\d,]+, CANCEL/);
    expect(i.out.split("\n").filter((l) => /^\s{4}2024-02-01T/.test(l))).toHaveLength(3);
  });

  it("gen writes several continuous days with book snapshots that inspect reports", () => {
    const dir = scratchDir("cli-days");
    const g = featc(
      "gen",
      ...["--events", "5000", "--seed", "4", "--date", "2024-02-28", "--out", dir],
      ...["--days", "3", "--session", "continuous", "--snapshot-every", "1.5h"],
    );
    expect(g.code).toBe(0);
    expect(g.out).toMatch(/SYN\/2024-02-28\.q: 5,000 records/);
    expect(g.out).toMatch(/SYN\/2024-03-01\.q: [\d,]+ records/);
    expect(g.out).toMatch(/^3 days, /m);
    const i = featc("inspect", join(dir, "SYN", "2024-02-29.q"), "--records", "1");
    expect(i.code).toBe(0);
    // 00:00 to about 21:30 UTC: a snapshot at each 1.5-hour boundary the flow passes.
    // As of the last record before each boundary: 01:29:xx first.
    expect(i.out).toMatch(/snapshots 1[34]\s+as of 2024-02-29T01:[0-2]\d:\S+ \.\. 2024-02-29T(19|20|21):/);
    // The day opens with the book the day before closed with.
    expect(i.out).toMatch(/2024-02-29T\S+ CLEAR .* SNAPSHOT\n/);
    const none = featc("gen", "--events", "5000", "--out", join(dir, "none"), "--snapshot-every", "0");
    expect(none.code).toBe(0);
    expect(featc("inspect", join(dir, "none", "SYN", "2024-01-02.q")).out).toMatch(/snapshots 0\n/);
  });

  it.each([["ten"], ["5"], ["1.5ns"], ["-1m"]])("gen --snapshot-every %s is a one-line BAD_ARGUMENT", (every) => {
    const r = featc("gen", "--events", "10", "--out", scratchDir("cli-every"), `--snapshot-every=${every}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[BAD_ARGUMENT\]: --snapshot-every /);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("a log with a bad magic number is a one-line error with its code, not a crash", () => {
    const dir = scratchDir("cli-bad");
    const path = join(dir, "bad.q");
    writeFileSync(path, Buffer.alloc(512, 0x41));
    const r = featc("inspect", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[Q_BAD_MAGIC\]: .*bad\.q/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("extract names the missing symbol folder", () => {
    const dir = scratchDir("cli-missing");
    const r = featc(
      "extract",
      "examples/goog_1s.feat",
      "--source",
      dir,
      "--symbols",
      "NOPE",
      "--out",
      join(dir, "out"),
      "--engine",
      "ts",
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no logs for NOPE/);
  });
});
