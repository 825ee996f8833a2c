// Live events as plain objects, encoded into the .q record layout so that they take exactly
// the path logged records take (one driver, one meaning). Every field of a record can be given
// (docs/formats/q.md, "Record"), and every field given is checked: a value the record cannot
// hold is a BAD_ARGUMENT, never wrapped or dropped.

import { FeatcError } from "../errors.js";
import * as F from "../log/format.js";

export interface EventInput {
  kind: "add" | "cancel" | "delete" | "modify" | "execute" | "trade" | "clear" | "level" | "status";
  /** Nanoseconds since the epoch, a signed 64-bit integer. */
  exchangeTs: bigint;
  /** Defaults to `exchangeTs`. */
  ingestTs?: bigint;
  /** The venue's sequence number (unsigned 64-bit); defaults to the engine's count of events pushed. */
  sequence?: bigint;
  /** Unsigned 64-bit. */
  orderId?: bigint;
  side?: "bid" | "ask";
  /** Raw fixed point (`real * 10^priceDecimals`), an integer. */
  price?: number;
  size?: number;
  aggressor?: "buy" | "sell";
  /** Last record of its packet (default true): rows are computed only at packet ends. */
  last?: boolean;
  /**
   * Part of a book snapshot (flag `SNAPSHOT`): it rebuilds or corrects the book and is no order
   * flow (docs/language.md section 4, step 2).
   */
  snapshot?: boolean;
  /** Quality marks (flags `GAP`, `BAD_BOOK`, `BAD_TS`; docs/language.md section 5.1). */
  gap?: boolean;
  badBook?: boolean;
  badTs?: boolean;
  /** STATUS: the status code (signed 64-bit). */
  aux?: bigint;
}

const KIND_CODES: Record<EventInput["kind"], number> = {
  add: F.KIND_ADD,
  cancel: F.KIND_CANCEL,
  delete: F.KIND_DELETE,
  modify: F.KIND_MODIFY,
  execute: F.KIND_EXECUTE,
  trade: F.KIND_TRADE,
  level: F.KIND_LEVEL,
  clear: F.KIND_CLEAR,
  status: F.KIND_STATUS,
};

const SIDE_CODES: Record<string, number> = { bid: F.SIDE_BID, ask: F.SIDE_ASK };
const AGGRESSOR_CODES: Record<string, number> = { buy: F.AGGRESSOR_BUY, sell: F.AGGRESSOR_SELL };
const FLAG_FIELDS = [
  ["last", F.FLAG_LAST],
  ["snapshot", F.FLAG_SNAPSHOT],
  ["gap", F.FLAG_GAP],
  ["badBook", F.FLAG_BAD_BOOK],
  ["badTs", F.FLAG_BAD_TS],
] as const;

const bad = (reason: string) => new FeatcError("BAD_ARGUMENT", `event: ${reason}`);

function int64(value: unknown, field: string, signed: boolean): bigint {
  if (typeof value !== "bigint") throw bad(`${field} must be a bigint, got ${typeof value}`);
  const fits = signed ? BigInt.asIntN(64, value) === value : BigInt.asUintN(64, value) === value;
  if (!fits) throw bad(`${field} ${value} does not fit ${signed ? "a signed" : "an unsigned"} 64-bit integer`);
  return value;
}

function code(table: Record<string, number>, value: unknown, field: string, names: string): number {
  if (value === undefined) return 0;
  const c = typeof value === "string" && Object.hasOwn(table, value) ? table[value] : undefined;
  if (c === undefined) throw bad(`${field} ${JSON.stringify(value)} is not one of ${names}`);
  return c;
}

/** Write `event` as one 64-byte record at offset 0 of `view`; `sequence` unless it gives its own. */
export function encodeEvent(view: DataView, event: EventInput, sequence: bigint): void {
  const kind = Object.hasOwn(KIND_CODES, event.kind) ? KIND_CODES[event.kind] : undefined;
  if (kind === undefined) throw new FeatcError("BAD_ARGUMENT", `unknown event kind ${JSON.stringify(event.kind)}`);
  const price = event.price ?? 0;
  const size = event.size ?? 0;
  if (!Number.isSafeInteger(price) || !Number.isSafeInteger(size)) {
    throw new FeatcError("BAD_ARGUMENT", `price ${price} and size ${size} must be raw fixed-point safe integers`);
  }
  let flags = 0;
  for (const [field, bit] of FLAG_FIELDS) {
    const given = event[field];
    if (given !== undefined && typeof given !== "boolean") throw bad(`${field} must be a boolean, got ${typeof given}`);
    // LAST is the one flag on by default.
    if (given ?? field === "last") flags |= bit;
  }
  const exchangeTs = int64(event.exchangeTs, "exchangeTs", true);
  view.setBigInt64(F.R_EXCHANGE_TS, exchangeTs, true);
  view.setBigInt64(
    F.R_INGEST_TS,
    event.ingestTs === undefined ? exchangeTs : int64(event.ingestTs, "ingestTs", true),
    true,
  );
  view.setBigUint64(
    F.R_SEQUENCE,
    event.sequence === undefined ? sequence : int64(event.sequence, "sequence", false),
    true,
  );
  view.setBigUint64(F.R_ORDER_ID, event.orderId === undefined ? 0n : int64(event.orderId, "orderId", false), true);
  view.setBigInt64(F.R_PRICE, BigInt(price), true);
  view.setBigInt64(F.R_SIZE, BigInt(size), true);
  view.setUint8(F.R_KIND, kind);
  view.setUint8(F.R_SIDE, code(SIDE_CODES, event.side, "side", '"bid", "ask"'));
  view.setUint8(F.R_FLAGS, flags);
  view.setUint8(F.R_AGGRESSOR, code(AGGRESSOR_CODES, event.aggressor, "aggressor", '"buy", "sell"'));
  view.setUint32(52, 0, true);
  view.setBigInt64(F.R_AUX, event.aux === undefined ? 0n : int64(event.aux, "aux", true), true);
}
