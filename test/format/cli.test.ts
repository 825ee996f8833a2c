// The new commands as a user runs them (node bin/featc.js, the built package): `fmt` and
// `fmt --check`, `explain-error`, and `explain`'s per-column analysis.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, scratchDir } from "../support/paths.js";

function featc(...args: string[]) {
  const r = spawnSync("node", [join(REPO, "bin", "featc.js"), ...args], { cwd: REPO, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("featc fmt", () => {
  it("--check passes on the committed examples", () => {
    const r = featc("fmt", "--check", "examples/goog_1s.feat");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("--check lists a file that would change and exits 1; fmt then rewrites it", () => {
    const dir = scratchDir("fmt");
    const file = join(dir, "messy.feat");
    copyFileSync(join(REPO, "test/golden/fmt/messy_layout.input.feat"), file);
    const checked = featc("fmt", "--check", file);
    expect(checked.code).toBe(1);
    expect(checked.out).toContain(`would reformat ${file}`);
    expect(readFileSync(file, "utf8")).toBe(
      readFileSync(join(REPO, "test/golden/fmt/messy_layout.input.feat"), "utf8"),
    );

    const formatted = featc("fmt", file);
    expect(formatted.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(
      readFileSync(join(REPO, "test/golden/fmt/messy_layout.output.feat"), "utf8"),
    );
    expect(featc("fmt", "--check", file).code).toBe(0);
  });

  it("reports a syntax error with its span and leaves the file alone", () => {
    const file = join(scratchDir("fmt"), "broken.feat");
    writeFileSync(file, "dataset d {\n  trigger trade\n  x = (book.mid\n}\n");
    const r = featc("fmt", file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[E0001\]/);
    expect(readFileSync(file, "utf8")).toBe("dataset d {\n  trigger trade\n  x = (book.mid\n}\n");
  });
});

describe("featc explain-error", () => {
  it("explains a code with its example and fix", () => {
    const r = featc("explain-error", "W0002");
    expect(r.code).toBe(0);
    expect(r.out).toContain("W0002: divisor can be zero without a guard");
    expect(r.out).toContain("warning[W0002]");
    expect(r.out).toContain("Fixed:");
  });

  it("lists the codes without an argument and rejects an unknown code", () => {
    expect(featc("explain-error").out).toContain("E0001  syntax error");
    const r = featc("explain-error", "E9999");
    expect(r.code).toBe(1);
    expect(r.err).toContain("not a featc diagnostic code");
  });
});

describe("featc explain", () => {
  it("prints state bytes and warm-up per column", () => {
    const r = featc("explain", "examples/goog_1s.feat");
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(join(REPO, "test/golden/explain/goog_1s.expected"), "utf8"));
  });
});
