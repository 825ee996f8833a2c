// SIGTERM, SIGHUP and SIGINT end a command cleanly (docs/security.md, "Interrupted runs"): the
// running import or extract stops with INTERRUPTED, removes its temp file and exits with 128 +
// the signal's number, leaving no file under a final name; and the temp files of a run killed
// outright are removed by the next run that writes into the same folders, while a live
// process's are left alone. The command line is run as a user runs it (bin/featc.js).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:os";
import { describe, expect, it } from "vitest";
import { sweepStaleTemps, tempFileOwner } from "../../runtime/batch/staleTemps.js";
import { REPO, scratchDir } from "../support/paths.js";

const FEATC = join(REPO, "bin", "featc.js");

/** A process id no process has: above the kernel's largest. */
const DEAD_PID = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8").trim()) + 1;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Runs featc, sends `signal` once `ready()` holds, and resolves with its exit status and stderr. */
function interrupted(
  args: string[],
  signal: NodeJS.Signals,
  ready: () => boolean,
): Promise<{ status: number | null; stderr: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", [FEATC, ...args], { cwd: REPO });
    let stderr = "";
    let sentAt = 0;
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const poll = setInterval(() => {
      if (sentAt === 0 && ready()) {
        sentAt = performance.now();
        child.kill(signal);
      }
    }, 20);
    child.on("error", reject);
    child.on("exit", (status) => {
      clearInterval(poll);
      resolve({ status, stderr, afterSignalMs: sentAt ? performance.now() - sentAt : -1 });
    });
  });
}

describe("a command stopped by a signal", () => {
  it.each(["SIGTERM", "SIGHUP", "SIGINT"] as const)(
    "%s stops featc gen within a second, with its status, no log and no temp file",
    async (signal) => {
      const out = scratchDir(`interrupt-gen-${signal}`);
      const day = join(out, "SYN");
      // 40 M events take several seconds; the signal comes once the temp file has grown.
      const r = await interrupted(["gen", "--events", "40000000", "--out", out], signal, () =>
        files(day).some((f) => f.includes(".tmp-")),
      );
      expect(r.afterSignalMs).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/^error\[INTERRUPTED\]: .*2024-01-02\.q.*: interrupted/m);
      expect(r.status).toBe(128 + constants.signals[signal]);
      expect(r.afterSignalMs).toBeLessThan(2_000);
      expect(files(out)).toEqual([]);
    },
    60_000,
  );

  it("SIGTERM stops a native extract, whose Parquet temp file is removed", async () => {
    const dir = scratchDir("interrupt-extract");
    const gen = spawnSync("node", [FEATC, "gen", "--events", "6000000", "--out", join(dir, "q")], { encoding: "utf8" });
    expect(gen.status, gen.stderr).toBe(0);
    // A row per event and a wide window make the run last several seconds.
    const spec = join(dir, "slow.feat");
    writeFileSync(
      spec,
      "dataset slow {\n  trigger event\n  q = rolling_quantile(book.mid, 0.9, 1000)\n  m = book.mid\n}\n",
    );
    const out = join(dir, "out");
    const args = ["extract", spec, "--source", join(dir, "q"), "--symbols", "SYN", "--out", out, "--no-summary"];
    // Built first, so the signal meets the run and not cargo.
    const build = spawnSync("node", [FEATC, "build", spec], { cwd: REPO, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
    const started = performance.now();
    const r = await interrupted([...args], "SIGTERM", () => performance.now() - started > 2_000);
    expect(r.stderr).toMatch(/error\[INTERRUPTED\]/);
    expect(r.status).toBe(143);
    expect(r.afterSignalMs).toBeLessThan(2_000);
    expect(files(out)).toEqual([]);
  }, 120_000);

  it("SIGTERM stops a TypeScript extract before it encodes, and its rows' spill is removed", async () => {
    const dir = scratchDir("interrupt-extract-ts");
    const gen = spawnSync("node", [FEATC, "gen", "--events", "1000000", "--out", join(dir, "q")], { encoding: "utf8" });
    expect(gen.status, gen.stderr).toBe(0);
    const spec = join(dir, "per_packet.feat");
    writeFileSync(spec, "dataset per_packet {\n  trigger event\n  m = book.mid\n  s = book.spread\n}\n");
    const out = join(dir, "out");
    const args = ["extract", spec, "--source", join(dir, "q"), "--symbols", "SYN", "--out", out];
    // The replay is synchronous: the signal is heard once it ends, before the first row group
    // is encoded, so the spill has grown and no Parquet is written.
    const r = await interrupted([...args, "--engine", "ts", "--no-summary"], "SIGTERM", () =>
      files(out).some((f) => f.includes(".rows.tmp-")),
    );
    expect(r.stderr).toMatch(/error\[INTERRUPTED\]: the extraction of .*2024-01-02\.q: interrupted by SIGTERM/);
    expect(r.status).toBe(143);
    expect(files(out)).toEqual([]);
  }, 120_000);
});

describe("temp files of runs killed outright", () => {
  it("are named with their writer's process id", () => {
    expect(tempFileOwner(".2024-01-02.q.tmp-4242-0")).toBe(4242);
    expect(tempFileOwner(".2024-01-02.q.tmp-4242-0.4242-3.snapshots.tmp")).toBe(4242);
    expect(tempFileOwner(".part-0.parquet.tmp-77")).toBe(77);
    expect(tempFileOwner(".part-0.parquet.rows.tmp-77")).toBe(77);
    expect(tempFileOwner("part-0.parquet")).toBeUndefined();
    expect(tempFileOwner(".hidden")).toBeUndefined();
  });

  it("are removed when their process is gone, and kept while it lives", () => {
    const dir = scratchDir("stale-temps");
    const deep = join(dir, "d", "symbol=X", "date=2024-01-02");
    mkdirSync(deep, { recursive: true });
    const dead = [join(deep, `.part-0.parquet.tmp-${DEAD_PID}`), join(dir, `.m.json.tmp-${DEAD_PID}`)];
    const live = join(deep, `.part-0.parquet.tmp-${process.pid}`);
    const other = join(deep, "part-0.parquet");
    for (const f of [...dead, live, other]) writeFileSync(f, "x");
    expect(sweepStaleTemps(dir, 1)).toEqual([join(dir, `.m.json.tmp-${DEAD_PID}`)]);
    expect(sweepStaleTemps(dir, 3)).toEqual([dead[0]]);
    expect(files(dir)).toEqual(
      [
        join("d", "symbol=X", "date=2024-01-02", `.part-0.parquet.tmp-${process.pid}`),
        join("d", "symbol=X", "date=2024-01-02", "part-0.parquet"),
      ].sort(),
    );
  });

  it("are removed by the next featc gen into the folder, which says so", () => {
    const out = scratchDir("stale-gen");
    mkdirSync(join(out, "SYN"), { recursive: true });
    const stale = join(out, "SYN", `.2024-01-02.q.tmp-${DEAD_PID}-0`);
    writeFileSync(stale, "half a log");
    const r = spawnSync("node", [FEATC, "gen", "--events", "1000", "--out", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed 1 temp file left by a stopped run/);
    expect(files(out)).toEqual([join("SYN", "2024-01-02.q")]);
  });
});
