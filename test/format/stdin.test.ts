// featc fmt --stdin, as an editor or a pre-commit hook runs it (node bin/featc.js, the built
// package): the spec on stdin, formatted, on stdout; --check writes nothing and exits 1 when it
// would change; problems are diagnostics on stderr naming --stdin-filepath (default <stdin>),
// and nothing reaches stdout then, so an editor never replaces a buffer with nothing.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../support/paths.js";

function fmt(input: string | Buffer, ...args: string[]) {
  const r = spawnSync("node", [join(REPO, "bin", "featc.js"), "fmt", ...args], {
    cwd: REPO,
    input,
    encoding: "utf8",
    maxBuffer: 8 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const golden = (name: string) => readFileSync(join(REPO, "test", "golden", "fmt", name), "utf8");
const BROKEN = "dataset d {\n  trigger trade\n  x = (book.mid\n}\n";

describe("featc fmt --stdin", () => {
  it("writes the spec on stdin formatted to stdout, comments kept", () => {
    for (const name of ["messy_layout", "comments_everywhere", "triggers_and_filters"]) {
      const r = fmt(golden(`${name}.input.feat`), "--stdin");
      expect(r.err, name).toBe("");
      expect(r.code, name).toBe(0);
      expect(r.out, name).toBe(golden(`${name}.output.feat`));
    }
  });

  it("gives back every spec of the standard library as it is, and --check passes on them writing nothing", () => {
    const std = join(REPO, "specs", "std");
    for (const file of readdirSync(std).filter((name) => name.endsWith(".feat"))) {
      const text = readFileSync(join(std, file), "utf8");
      expect(fmt(text, "--stdin").out, file).toBe(text);
      expect(fmt(text, "--stdin", "--check"), file).toEqual({ code: 0, out: "", err: "" });
    }
  });

  it("--check exits 1 when the spec would change, naming it by --stdin-filepath", () => {
    const messy = golden("messy_layout.input.feat");
    expect(fmt(messy, "--stdin", "--check")).toEqual({ code: 1, out: "would reformat <stdin>\n", err: "" });
    const named = fmt(messy, "--stdin", "--check", "--stdin-filepath", "specs/mine.feat");
    expect(named).toEqual({ code: 1, out: "would reformat specs/mine.feat\n", err: "" });
    // Windows line endings and a byte-order mark are not canonical: the formatted text drops them.
    const canonical = golden("messy_layout.output.feat");
    const windows = "\uFEFF" + canonical.replace(/\n/g, "\r\n");
    expect(fmt(windows, "--stdin", "--check").code).toBe(1);
    expect(fmt(windows, "--stdin").out).toBe(canonical);
  });

  it("tells a syntax error as a diagnostic naming <stdin> or --stdin-filepath, and writes nothing to stdout", () => {
    const r = fmt(BROKEN, "--stdin");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^error\[E0001\]: expected `\)`, found `\}`\n --> <stdin>:4:1\n/);
    const named = fmt(BROKEN, "--stdin", "--stdin-filepath", "specs/mine.feat");
    expect(named.code).toBe(1);
    expect(named.out).toBe("");
    expect(named.err).toContain(" --> specs/mine.feat:4:1\n");
    expect(fmt(BROKEN, "--stdin", "--check").out).toBe("");
  });

  it("refuses more than a spec file may hold (1 MiB) without formatting any of it", () => {
    const r = fmt(Buffer.alloc(2 << 20, " "), "--stdin");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(
      /^error\[E0042\]: cannot read `<stdin>`: it has more than [\d,]+ bytes, more than the 1,048,576 a spec file may have\n$/,
    );
  });

  it("refuses files beside --stdin, and fmt with neither, naming the mistake", () => {
    const both = fmt("", "--stdin", "specs/std/book.feat");
    expect(both.code).toBe(1);
    expect(both.err).toBe("error[BAD_ARGUMENT]: --stdin formats the spec on stdin: give no files with it\n");
    expect(fmt("").err).toBe("error[BAD_ARGUMENT]: name the .feat files to format, or give --stdin\n");
    expect(fmt("", "specs/std/book.feat", "--stdin-filepath", "x.feat").err).toBe(
      "error[BAD_ARGUMENT]: --stdin-filepath goes with --stdin\n",
    );
  });
});
