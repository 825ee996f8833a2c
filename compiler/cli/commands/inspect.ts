// featc inspect FILE: header, counts by kind, time range, book snapshots and the first records
// of a .q log.
import * as native from "../../../runtime/native/binding.js";
import type { ArgsOf } from "../command.js";
import { isoNs as iso } from "../isoNs.js";
import type { inspectOptions } from "../options.js";

export function runInspect(argv: ArgsOf<typeof inspectOptions>): void {
  const r = native.inspectLog(argv.file as string, argv.records);
  const h = r.header;
  const out = [
    `${argv.file}`,
    `  symbol ${h.symbol}  venue ${h.venue}  date ${h.date}  book ${h.bookKind === 1 ? "L3" : "L2"}`,
    `  price decimals ${h.priceDecimals}  size decimals ${h.sizeDecimals}`,
    `  records ${h.recordCount.toLocaleString("en-US")}  packets ${r.packets.toLocaleString("en-US")}`,
    `  time ${iso(h.firstTs)} .. ${iso(h.lastTs)}`,
    `  records sha-256 ${h.recordsSha256 ?? "not recorded"}`,
    r.firstSnapshotTs === undefined || r.lastSnapshotTs === undefined
      ? "  snapshots 0"
      : `  snapshots ${h.snapshotCount.toLocaleString("en-US")}  as of ${iso(r.firstSnapshotTs)} .. ${iso(r.lastSnapshotTs)}`,
    r.importReport === undefined || r.importReport === null
      ? "  import report: none"
      : `  import report: ${r.importReport.length === 0 ? "nothing skipped, merged, rounded or de-duplicated" : r.importReport.map((c) => `${c.reason} ${c.count.toLocaleString("en-US")}`).join("; ")}`,
    `  by kind: ${r.countsByKind.map((c) => `${c.kind} ${c.count.toLocaleString("en-US")}`).join(", ")}`,
    `  first ${r.firstRecords.length} records:`,
    ...r.firstRecords.map(
      (rec) =>
        `    ${iso(rec.exchangeTs)} ${rec.kind.padEnd(7)} ${rec.side.padEnd(4)} id ${String(rec.orderId).padStart(12)} px ${String(rec.price).padStart(12)} sz ${String(rec.size).padStart(8)}${rec.flags & 1 ? " LAST" : ""}${rec.flags & 2 ? " SNAPSHOT" : ""}${rec.flags & 4 ? " GAP" : ""}${rec.flags & 8 ? " BAD_BOOK" : ""}${rec.flags & 16 ? " BAD_TS" : ""}`,
    ),
  ];
  process.stdout.write(out.join("\n") + "\n");
}
