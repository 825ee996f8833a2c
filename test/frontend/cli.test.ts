// What reaches the top of featc is always told (compiler/cli/main.ts, compiler/compile.ts): an
// exception inside featc is the internal error E0046 with a bug-report hint and a non-zero
// status, never a stack trace or silence; `--json` failures are JSON; a closed stdout
// (`featc ... | head -1`) ends the command quietly with status 0.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { compileSource, type CompileOptions } from "../../compiler/compile.js";
import { REPO, scratchDir } from "../support/paths.js";

const compileFileMock = vi.hoisted(() => ({ fault: undefined as Error | undefined }));

vi.mock("../../compiler/compile.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../compiler/compile.js")>();
  return {
    ...actual,
    compileFile: (...args: Parameters<typeof actual.compileFile>) => {
      if (compileFileMock.fault) throw compileFileMock.fault;
      return actual.compileFile(...args);
    },
  };
});

function featc(args: string[], shell?: string) {
  const command = shell ?? [join(REPO, "bin", "featc.js"), ...args].map((a) => JSON.stringify(a)).join(" ");
  const r = spawnSync("bash", ["-o", "pipefail", "-c", shell ? command : `node ${command}`], {
    cwd: REPO,
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs the command line in this process, with stdout and stderr captured. */
async function runHere(args: string[]) {
  const { run } = await import("../../compiler/cli/main.js");
  let out = "";
  let err = "";
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  const exitCode = process.exitCode;
  try {
    const code = await run(args, { hookProcess: false });
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = exitCode;
  }
}

afterEach(() => {
  compileFileMock.fault = undefined;
});

describe("the top of featc", () => {
  it("tells an exception inside featc as E0046 with a bug-report hint and status 70", async () => {
    compileFileMock.fault = new TypeError("Cannot read properties of undefined (reading 'span')");
    const r = await runHere(["check", "examples/goog_1s.feat"]);
    expect(r.code).toBe(70);
    expect(r.err).toMatch(/^error\[E0046\]: internal error: TypeError: Cannot read properties of undefined/);
    expect(r.err).toContain("= help: this is a bug in featc");
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it("tells it as JSON with --json", async () => {
    compileFileMock.fault = new RangeError("Maximum call stack size exceeded");
    const r = await runHere(["check", "--json", "examples/goog_1s.feat"]);
    expect(r.code).toBe(70);
    const document = JSON.parse(r.out);
    expect(document.error).toMatchObject({ code: "E0046", internal: true });
    expect(document.error.message).toContain("RangeError: Maximum call stack size exceeded");
  });

  it("keeps an error with a code as one line and status 1", async () => {
    compileFileMock.fault = Object.assign(new Error("no such log"), { code: "IO" });
    const r = await runHere(["check", "examples/goog_1s.feat"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("error[IO]: no such log\n");
  });

  it("makes the library's compile never throw: an internal exception is the diagnostic E0046", () => {
    const options = {
      get target(): never {
        throw new TypeError("a fault inside featc");
      },
    } as CompileOptions;
    const result = compileSource("dataset d {\n  trigger trade\n  x = book.mid\n}\n", "t.feat", options);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E0046"]);
    expect(result.diagnostics[0].message).toContain("TypeError: a fault inside featc");
    expect(result.diagnostics[0].hint).toContain("bug in featc");
    expect(result.program).toBeUndefined();
  });

  it("ends quietly with status 0 when stdout is closed early (featc explain | head -1)", () => {
    const dir = scratchDir("cli-pipe");
    const spec = join(dir, "big.feat");
    const columns = Array.from({ length: 3000 }, (_, i) => `  w${i} = rolling_sum(book.mid + ${i}.0, 100)`);
    writeFileSync(spec, `dataset big {\n  trigger trade\n${columns.join("\n")}\n}\n`);
    const r = featc([], `node ${join(REPO, "bin", "featc.js")} explain ${spec} | head -1`);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/\/ ir hash [0-9a-f]{64}\n$/);
  });

  it("prints --json failures as one JSON document on stdout", () => {
    const broken = featc(["explain", "--json", "test/golden/diagnostics/unknown_identifier.feat"]);
    expect(broken.code).toBe(1);
    const document = JSON.parse(broken.out);
    expect(document.diagnostics.map((d: { code: string }) => d.code)).toContain("E0012");
    expect(document.diagnostics[0]).toHaveProperty("rendered");

    const missing = featc(["check", "--json", "does/not/exist.feat"]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out).specs[0]).toMatchObject({ ok: false, diagnostics: [{ code: "E0024" }] });

    const bad = featc(["explain", "--json"]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).error.code).toBe("BAD_ARGUMENT");
  });

  it("prints each dataset's state per symbol after ok, and checks /dev/zero without reading it", () => {
    const ok = featc(["check", "examples/goog_1s.feat"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^examples\/goog_1s\.feat: ok \(dataset `goog_1s`: \d+ B of state per symbol\)\n$/);
    const json = JSON.parse(featc(["check", "--json", "examples/goog_1s.feat"]).out);
    expect(json.specs[0].datasets[0]).toMatchObject({ name: "goog_1s" });
    const zero = featc(["check", "/dev/zero"]);
    expect(zero.code).toBe(1);
    expect(zero.err).toContain("error[E0041]");
  });

  it("takes --max-state-bytes on every command and refuses a size it cannot read", () => {
    expect(featc(["check", "--max-state-bytes", "64", "examples/goog_1s.feat"]).err).toContain("error[E0045]");
    const bad = featc(["check", "--max-state-bytes", "lots", "examples/goog_1s.feat"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe("error[BAD_ARGUMENT]: --max-state-bytes lots is not a size (e.g. 4096, 512MiB, 32GiB)\n");
  });
});
