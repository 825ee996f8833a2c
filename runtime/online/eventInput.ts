// Live events as plain objects, encoded into the .q record layout so that they take exactly
// the path logged records take (one driver, one meaning).

import { FeatcError } from "../errors.js";
import * as F from "../log/format.js";

export interface EventInput {
  kind: "add" | "cancel" | "delete" | "modify" | "execute" | "trade" | "clear" | "level" | "status";
  exchangeTs: bigint;
  /** Defaults to `exchangeTs`. */
  ingestTs?: bigint;
  orderId?: bigint;
  side?: "bid" | "ask";
  /** Raw fixed point (`real * 10^priceDecimals`), an integer. */
  price?: number;
  size?: number;
  aggressor?: "buy" | "sell";
  /** Last record of its packet (default true): rows are computed only at packet ends. */
  last?: boolean;
  /** STATUS: the status code. */
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

/** Write `event` as one 64-byte record at offset 0 of `view`. */
export function encodeEvent(view: DataView, event: EventInput, sequence: bigint): void {
  const kind = KIND_CODES[event.kind];
  if (kind === undefined) throw new FeatcError("BAD_ARGUMENT", `unknown event kind ${JSON.stringify(event.kind)}`);
  const price = event.price ?? 0;
  const size = event.size ?? 0;
  if (!Number.isSafeInteger(price) || !Number.isSafeInteger(size)) {
    throw new FeatcError("BAD_ARGUMENT", `price ${price} and size ${size} must be raw fixed-point safe integers`);
  }
  view.setBigInt64(F.R_EXCHANGE_TS, event.exchangeTs, true);
  view.setBigInt64(F.R_INGEST_TS, event.ingestTs ?? event.exchangeTs, true);
  view.setBigUint64(F.R_SEQUENCE, sequence, true);
  view.setBigUint64(F.R_ORDER_ID, event.orderId ?? 0n, true);
  view.setBigInt64(F.R_PRICE, BigInt(price), true);
  view.setBigInt64(F.R_SIZE, BigInt(size), true);
  view.setUint8(F.R_KIND, kind);
  view.setUint8(F.R_SIDE, event.side === "bid" ? F.SIDE_BID : event.side === "ask" ? F.SIDE_ASK : F.SIDE_NONE);
  view.setUint8(F.R_FLAGS, event.last === false ? 0 : F.FLAG_LAST);
  view.setUint8(
    F.R_AGGRESSOR,
    event.aggressor === "buy" ? F.AGGRESSOR_BUY : event.aggressor === "sell" ? F.AGGRESSOR_SELL : F.AGGRESSOR_NONE,
  );
  view.setUint32(52, 0, true);
  view.setBigInt64(F.R_AUX, event.aux ?? 0n, true);
}
