// pyarrow as a second independent Parquet reader (installed by .ci/run): unlike DuckDB, it
// keeps TIMESTAMP(NANOS, UTC) at full nanosecond precision.
import { spawnSync } from "node:child_process";

/** Runs a Python snippet with `path` bound to the file; returns its JSON output. */
export function pyarrowQuery(path: string, body: string): unknown {
  const script = `import json, sys\nimport pyarrow.parquet as pq\npath = sys.argv[1]\n${body}\n`;
  const r = spawnSync("python3", ["-c", script, path], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pyarrow query failed (install it with: pip install pyarrow):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}
