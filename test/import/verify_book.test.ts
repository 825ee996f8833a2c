// featc verify-book's verdict: --min-agreement (default 100 % for checks against exact ground
// truth, none for consistency checks, never for the figures that only explain another) and
// --lenient, run as a user runs them (exit code, the line naming the agreement).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../../compiler/cli/main.js";
import * as native from "../../runtime/native/binding.js";
import { REPO, scratchDir } from "../support/paths.js";

const DATA = join(REPO, "..", "shared", "data");
const ESH4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"].map((f) =>
  join(DATA, "databento", "cme-esh4", f),
);
const ESH1 = ["test_data.mbo.v3.dbn.zst", "test_data.mbp-10.v3.dbn.zst"].map((f) =>
  join(DATA, "databento", "dbn-tests", f),
);
const AAPL = ["message", "orderbook"].map((k) =>
  join(DATA, "lobster", `AAPL_2012-06-21_34200000_57600000_${k}_10.first999.csv`),
);

async function featc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await run(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("featc verify-book", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("holds a consistency check to no minimum unless given one, and names the agreement when below", async () => {
    const [r] = native.verifyBook("dbn-mbo", ESH4);
    expect([r.role, r.rowsCompared, r.rowsEqual]).toEqual(["consistency", 47_023, 46_132]);
    expect((await featc("verify-book", "dbn-mbo", ...ESH4)).code).toBe(0);
    const below = await featc("verify-book", "dbn-mbo", ...ESH4, "--min-agreement", "99");
    expect(below.code).toBe(1);
    expect(below.err).toContain("agreement 98.11% (46,132 of 47,023 rows) is below --min-agreement 99%");
    expect(below.out).toContain("rows equal 46,132 (98.11%), minimum 99%");
    process.exitCode = undefined;
    expect((await featc("verify-book", "dbn-mbo", ...ESH4, "--min-agreement", "98")).code).toBe(0);
  });

  it("holds an exact check to 100 % by default", async () => {
    // ESH1: the two MBO records cancel orders from before the file, so the one MBP-10 row cannot agree.
    const failed = await featc("verify-book", "dbn-mbp10", ...ESH1);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/agreement 0\.00% \(0 of 1 rows\) is below --min-agreement 100%/);
    process.exitCode = undefined;
    expect((await featc("verify-book", "dbn-mbp10", ...ESH1, "--min-agreement", "0")).code).toBe(0);
    // LOBSTER: the reconciled book is exact (100 %); the two explaining figures are not held to it.
    const checks = native.verifyBook("lobster", AAPL);
    expect(checks.map((c) => [c.role, c.rowsEqual])).toEqual([
      ["exact", 999],
      ["detail", expect.any(Number)],
      ["detail", 0],
    ]);
    expect((await featc("verify-book", "lobster", ...AAPL)).code).toBe(0);
    const bad = await featc("verify-book", "lobster", ...AAPL, "--min-agreement", "101");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error\[BAD_ARGUMENT\]: --min-agreement 101/);
  });

  it("--lenient skips what the importer skips instead of failing", async () => {
    const dir = scratchDir("verify-lenient");
    const message = join(dir, "AAPL_2012-06-21_34200000_57600000_message_10.csv");
    const lines = readFileSync(AAPL[0], "utf8").split("\n");
    lines[500] = "34215.5,1,oops,100,5800000,1";
    writeFileSync(message, lines.join("\n"));
    const strict = await featc("verify-book", "lobster", message, AAPL[1]);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/^error\[LOBSTER_BAD_LINE\]: .*message_10\.csv:501: order id "oops"/);
    const [exact] = native.verifyBook("lobster", [message, AAPL[1]], { lenient: true });
    expect(exact.notes[0]).toContain("1 malformed line");
    expect(exact.rowsEqual).toBeLessThan(999);
    const lenient = await featc("verify-book", "lobster", message, AAPL[1], "--lenient", "--min-agreement", "90");
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain("1 malformed line");
  });
});
