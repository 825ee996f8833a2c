// The end of a log ends its last packet, with or without LAST (docs/formats/q.md, "Packets"),
// in every engine: over a GOOG slice whose last record lost its LAST flag, the online engine's
// `pushLog` alone (no `flush()`) gives the native rows, the trailing packet's row included, as
// the TypeScript batch engine does. Before, that packet stayed open in the online engine until a
// later log or `flush()`, and a random spec's online rows under --lenient on a damaged log were
// one row short of the native rows (test/fuzz/parity-regressions/trailing-packet.feat).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import * as F from "../../runtime/log/format.js";
import { LogReader } from "../../runtime/log/reader.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { Row } from "../../runtime/online/ringBuffer.js";
import { extract } from "../support/parity.js";
import { type Cell, type Columns, f64Bits, firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { REPO, scratchDir } from "../support/paths.js";
import { googSlice, writeCase } from "./support/hostileRuns.js";

const SPEC = join(REPO, "test", "parity", "specs", "trailing_packet.feat");

function asColumns(meta: { name: string; type: string }[], rows: Row[]): Columns {
  const columns: Cell[][] = meta.map((col) =>
    rows.map((row) => {
      const v = row[col.name];
      if (v === null) return null;
      return col.type === "f64" ? f64Bits(v as number) : col.type === "bool" ? (v as boolean) : BigInt(v as number);
    }),
  );
  return {
    names: meta.map((c) => c.name),
    types: meta.map((c) => c.type),
    rows: rows.length,
    columns,
    metadata: new Map(),
  };
}

describe("a log whose last record lacks LAST", () => {
  const dir = scratchDir("trailing-packet");
  let input: string;
  let lastTs: bigint;
  let nativeRows: Columns;
  let tsRows: Columns;
  let jsModulePath: string;

  beforeAll(async () => {
    const base = googSlice(join(dir, "base"));
    const bytes = Uint8Array.from(base.bytes);
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(F.H_RECORD_COUNT, true));
    const last = F.HEADER_LEN + F.RECORD_LEN * (n - 1);
    expect(bytes[last + F.R_FLAGS] & F.FLAG_LAST).toBe(F.FLAG_LAST);
    bytes[last + F.R_FLAGS] &= ~F.FLAG_LAST;
    lastTs = view.getBigInt64(last + F.R_EXCHANGE_TS, true);
    const source = writeCase(join(dir, "case"), base, bytes);
    input = join(source, base.symbol, `${base.date}.q`);
    const compiled = compileFile(SPEC);
    expect(compiled.diagnostics).toEqual([]);
    const native = await extract(compiled.program!, "native", source, base.symbol, join(dir, "native"));
    nativeRows = readParquetColumns(native.results[0].output);
    const ts = await extract(compiled.program!, "ts", source, base.symbol, join(dir, "ts"));
    tsRows = readParquetColumns(ts.results[0].output);
    jsModulePath = native.kernel.jsModulePath;
  }, 300_000);

  it("ends its last packet with the file in the batch engines: the last row is that packet's", () => {
    const ts = nativeRows.columns[nativeRows.names.indexOf("ts")];
    expect(ts[nativeRows.rows - 1]).toBe(lastTs);
    expect(firstDifference(nativeRows, tsRows)).toBeNull();
  });

  it("and in the online engine's pushLog, without flush(): the native rows, bit for bit", async () => {
    const module = await loadTsKernel(jsModulePath);
    const reader = LogReader.open(input);
    const engine = new OnlineEngine(module, { capacity: 8, priceDecimals: 4, sizeDecimals: 0 });
    const rows: Row[] = [];
    engine.onRow((row) => rows.push(row));
    engine.pushLog(reader);
    expect(firstDifference(nativeRows, asColumns(module.meta.columns, rows))).toBeNull();
    // flush() then has nothing left to close.
    engine.flush();
    expect(rows.length).toBe(nativeRows.rows);
  });
});
