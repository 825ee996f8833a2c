// One log holding several day files' records, for the tests that hold a multi-day stream to
// "exactly as if the days were one log" (docs/language.md section 4.1): the first file's header,
// then every file's records, each later file without its opening snapshot (which restates the
// book the stream already has). No time index, no snapshots.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { openingSnapshotLength } from "../../runtime/engine/continuity.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";

export function mergeLogs(paths: string[], outPath: string): string {
  const readers = paths.map((p) => LogReader.open(p));
  const files = paths.map((p) => readFileSync(p));
  const parts = readers.map((r, k) => {
    const skip = k === 0 ? 0 : openingSnapshotLength(r);
    return files[k].subarray(F.HEADER_LEN + F.RECORD_LEN * skip, F.HEADER_LEN + F.RECORD_LEN * r.recordCount);
  });
  const records = parts.reduce((n, p) => n + p.length / F.RECORD_LEN, 0);
  const out = new Uint8Array(F.HEADER_LEN + records * F.RECORD_LEN);
  out.set(files[0].subarray(0, F.HEADER_LEN));
  const view = new DataView(out.buffer);
  view.setBigInt64(32, readers[readers.length - 1].header.lastTs, true);
  view.setBigUint64(40, BigInt(records), true);
  // No index, no snapshots, no import report (a log's sections end where its file ends).
  for (const at of [48, 56, 144, 152, 160, 168]) view.setBigUint64(at, 0n, true);
  let offset = F.HEADER_LEN;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, out);
  return outPath;
}
