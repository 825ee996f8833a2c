// push(EventInput) takes every field of a .q record (docs/online.md): a live feed that pushes
// snapshot records, quality marks, its own ingest times and sequence numbers gets the rows the
// native engine writes for the same records in a log, bit for bit (a SNAPSHOT add is book, not
// order flow). Columns named `__proto__` and `constructor` are plain own fields of a row.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel } from "../../compiler/extract/run.js";
import type { KernelModule } from "../../runtime/kernel.js";
import * as F from "../../runtime/log/format.js";
import { encodeLog, type LogRecord } from "../../runtime/log/writer.js";
import { OnlineEngine } from "../../runtime/online/engine.js";
import type { EventInput } from "../../runtime/online/eventInput.js";
import type { Row } from "../../runtime/online/ringBuffer.js";
import { extract } from "../support/parity.js";
import { type Cell, type Columns, f64Bits, firstDifference, readParquetColumns } from "../support/parquetColumns.js";
import { scratchDir } from "../support/paths.js";

const SPEC = `dataset online_fields {
  trigger event
  ts          = row.ts
  __proto__   = book.mid
  constructor = flow.adds.bid
  adds_ask    = flow.adds.ask
  cancels     = flow.cancels.bid
  gap         = quality.gap
  bad_book    = quality.bad_book
  bad_ts      = quality.bad_ts
  ingest      = event.ingest_ts
}
`;

const T0 = 1_723_161_600_000_000_000n;
const MS = 1_000_000n;
const KINDS = ["", "add", "cancel", "delete", "modify", "execute", "trade", "level", "clear", "status"] as const;

/** An opening snapshot, then live order flow with the venue's quality marks. */
const RECORDS: LogRecord[] = [
  { kind: F.KIND_ADD, exchangeTs: T0, orderId: 1n, side: F.SIDE_BID, price: 100_00, size: 5, flags: F.FLAG_SNAPSHOT },
  { kind: F.KIND_ADD, exchangeTs: T0, orderId: 2n, side: F.SIDE_ASK, price: 101_00, size: 5, flags: F.FLAG_SNAPSHOT },
  {
    kind: F.KIND_ADD,
    exchangeTs: T0,
    orderId: 3n,
    side: F.SIDE_BID,
    price: 99_00,
    size: 5,
    flags: F.FLAG_SNAPSHOT | F.FLAG_LAST,
  },
  {
    kind: F.KIND_ADD,
    exchangeTs: T0 + MS,
    ingestTs: T0 + 3n * MS,
    sequence: 77n,
    orderId: 4n,
    side: F.SIDE_BID,
    price: 100_50,
    size: 1,
    flags: F.FLAG_LAST | F.FLAG_BAD_TS,
  },
  {
    kind: F.KIND_CANCEL,
    exchangeTs: T0 + 2n * MS,
    sequence: 78n,
    orderId: 1n,
    side: F.SIDE_BID,
    size: 2,
    flags: F.FLAG_GAP,
  },
  {
    kind: F.KIND_ADD,
    exchangeTs: T0 + 2n * MS,
    sequence: 79n,
    orderId: 5n,
    side: F.SIDE_ASK,
    price: 100_90,
    size: 3,
    flags: F.FLAG_LAST | F.FLAG_BAD_BOOK,
  },
  { kind: F.KIND_DELETE, exchangeTs: T0 + 5n * MS, sequence: 80n, orderId: 3n, flags: F.FLAG_LAST },
  {
    kind: F.KIND_TRADE,
    exchangeTs: T0 + 6n * MS,
    price: 100_70,
    size: 1,
    aggressor: F.AGGRESSOR_BUY,
    flags: F.FLAG_LAST,
  },
  { kind: F.KIND_STATUS, exchangeTs: T0 + 7n * MS, aux: -1n, flags: F.FLAG_LAST },
];

/** The record as a live event: every field given. */
function asEvent(r: LogRecord, i: number): EventInput {
  const f = r.flags ?? 0;
  return {
    kind: KINDS[r.kind] as EventInput["kind"],
    exchangeTs: r.exchangeTs,
    ingestTs: r.ingestTs ?? r.exchangeTs,
    sequence: r.sequence ?? BigInt(i),
    orderId: r.orderId ?? 0n,
    side: r.side === F.SIDE_BID ? "bid" : r.side === F.SIDE_ASK ? "ask" : undefined,
    price: Number(r.price ?? 0),
    size: Number(r.size ?? 0),
    aggressor: r.aggressor === F.AGGRESSOR_BUY ? "buy" : r.aggressor === F.AGGRESSOR_SELL ? "sell" : undefined,
    last: (f & F.FLAG_LAST) !== 0,
    snapshot: (f & F.FLAG_SNAPSHOT) !== 0,
    gap: (f & F.FLAG_GAP) !== 0,
    badBook: (f & F.FLAG_BAD_BOOK) !== 0,
    badTs: (f & F.FLAG_BAD_TS) !== 0,
    aux: r.aux ?? 0n,
  };
}

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

describe("push(EventInput) with every record field", () => {
  const dir = scratchDir("online-events");
  let module: KernelModule;
  let nativeRows: Columns;

  beforeAll(async () => {
    mkdirSync(join(dir, "q", "SYN"), { recursive: true });
    const header = { symbol: "SYN", venue: "SYNTHETIC", date: "2024-08-09", priceDecimals: 2, sizeDecimals: 0 };
    writeFileSync(join(dir, "q", "SYN", "2024-08-09.q"), encodeLog(header, RECORDS));
    writeFileSync(join(dir, "online_fields.feat"), SPEC);
    const compiled = compileFile(join(dir, "online_fields.feat"));
    expect(compiled.diagnostics).toEqual([]);
    const out = await extract(compiled.program!, "native", join(dir, "q"), "SYN", join(dir, "native"));
    nativeRows = readParquetColumns(out.results[0].output);
    module = await loadTsKernel(out.kernel.jsModulePath);
  }, 300_000);

  it("gives the native rows: snapshots are no order flow, quality marks and ingest times arrive", () => {
    const engine = new OnlineEngine(module, { capacity: 2, priceDecimals: 2, sizeDecimals: 0 });
    const seen: Row[] = [];
    engine.onRow((row) => seen.push(row));
    RECORDS.forEach((r, i) => engine.push(asEvent(r, i)));
    engine.flush();
    expect(seen.length).toBe(nativeRows.rows);
    expect(firstDifference(nativeRows, asColumns(module.meta.columns, seen))).toBeNull();
    // The opening snapshot's three adds are book: its row counts none of them.
    expect(seen[0].constructor).toBe(0);
    expect(seen[1]).toMatchObject({ constructor: 1, bad_ts: true, ingest: T0 + 3n * MS });
    expect(seen[2]).toMatchObject({ adds_ask: 1, cancels: 1, gap: true, bad_book: true });
  });

  it("keeps columns named __proto__ and constructor as own fields of null-prototype rows", () => {
    const engine = new OnlineEngine(module, { capacity: 4, priceDecimals: 2, sizeDecimals: 0 });
    RECORDS.forEach((r, i) => engine.push(asEvent(r, i)));
    const [row] = engine.rows.latest(1);
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.keys(row)).toEqual(module.meta.columns.map((c) => c.name));
    expect(Object.hasOwn(row, "__proto__")).toBe(true);
    expect(row["__proto__"]).toBe(100.7);
    expect(typeof row.constructor).toBe("number");
    expect(JSON.parse(JSON.stringify(row, (_, v) => (typeof v === "bigint" ? String(v) : v)))).toHaveProperty(
      ["__proto__"],
      100.7,
    );
  });

  it("refuses a field the record cannot hold, naming it", () => {
    const engine = new OnlineEngine(module, { capacity: 4, priceDecimals: 2, sizeDecimals: 0 });
    const base: EventInput = { kind: "add", exchangeTs: T0, orderId: 1n, side: "bid", price: 1, size: 1 };
    const bad: [Partial<EventInput> | Record<string, unknown>, RegExp][] = [
      [{ exchangeTs: 2n ** 63n }, /^event: exchangeTs 9223372036854775808 does not fit a signed 64-bit integer$/],
      [{ orderId: -1n }, /^event: orderId -1 does not fit an unsigned 64-bit integer$/],
      [{ sequence: 2n ** 64n }, /sequence 18446744073709551616 does not fit/],
      [{ side: "buy" }, /^event: side "buy" is not one of "bid", "ask"$/],
      [{ aggressor: "bid" }, /aggressor "bid" is not one of "buy", "sell"/],
      [{ snapshot: 1 }, /^event: snapshot must be a boolean, got number$/],
      [{ exchangeTs: 5 }, /^event: exchangeTs must be a bigint, got number$/],
      [{ kind: "__proto__" }, /unknown event kind "__proto__"/],
    ];
    for (const [change, message] of bad)
      expect(() => engine.push({ ...base, ...change } as EventInput)).toThrowError(message);
    expect(engine.rows.totalRows).toBe(0);
  });
});
