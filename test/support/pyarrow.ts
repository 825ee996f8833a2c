// pyarrow as a second independent Parquet reader: unlike DuckDB, it keeps TIMESTAMP(NANOS, UTC)
// at full nanosecond precision. It runs in the project's venv, which test/support/python-env.sh
// makes before `npm test` runs the tests.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./paths.js";

const PYTHON = join(REPO, ".venv", "bin", "python");

/** Runs a Python snippet with `path` bound to the file; returns its JSON output. */
export function pyarrowQuery(path: string, body: string): unknown {
  const script = `import json, sys\nimport pyarrow.parquet as pq\npath = sys.argv[1]\n${body}\n`;
  const r = spawnSync(PYTHON, ["-c", script, path], { encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `pyarrow query failed (make the venv with: bash test/support/python-env.sh):\n${r.error ?? r.stderr}`,
    );
  return JSON.parse(r.stdout);
}
