// Builders for test logs: readable record constructors and an in-memory log reader.

import * as F from "../../../runtime/log/format.js";
import { LogReader } from "../../../runtime/log/reader.js";
import { encodeLog, type LogFileHeader, type LogRecord } from "../../../runtime/log/writer.js";

export const SEC = 1_000_000_000n;
/** 2012-06-21T13:30:00Z, a trading morning. */
export const T0 = 1_340_285_400n * SEC;

export const HEADER: LogFileHeader = {
  symbol: "TEST",
  venue: "SYNTHETIC",
  date: "2012-06-21",
  priceDecimals: 4,
  sizeDecimals: 0,
};

type Fields = Omit<LogRecord, "kind" | "exchangeTs"> & { last?: boolean };

function make(kind: number, ts: bigint, f: Fields): LogRecord {
  const { last, ...rest } = f;
  return { ...rest, kind, exchangeTs: ts, flags: (f.flags ?? 0) | (last === false ? 0 : F.FLAG_LAST) };
}

export const add = (ts: bigint, orderId: bigint, side: "bid" | "ask", price: number, size: number, f: Fields = {}) =>
  make(F.KIND_ADD, ts, { orderId, side: side === "bid" ? F.SIDE_BID : F.SIDE_ASK, price, size, ...f });
export const cancel = (ts: bigint, orderId: bigint, size: number, f: Fields = {}) =>
  make(F.KIND_CANCEL, ts, { orderId, size, ...f });
export const del = (ts: bigint, orderId: bigint, f: Fields = {}) => make(F.KIND_DELETE, ts, { orderId, ...f });
export const modify = (ts: bigint, orderId: bigint, price: number, size: number, f: Fields = {}) =>
  make(F.KIND_MODIFY, ts, { orderId, price, size, ...f });
export const execute = (ts: bigint, orderId: bigint, price: number, size: number, f: Fields = {}) =>
  make(F.KIND_EXECUTE, ts, { orderId, price, size, ...f });
export const trade = (ts: bigint, price: number, size: number, aggressor: number, f: Fields = {}) =>
  make(F.KIND_TRADE, ts, { price, size, aggressor, ...f });
export const clear = (ts: bigint, f: Fields = {}) => make(F.KIND_CLEAR, ts, f);
export const status = (ts: bigint, code: bigint, f: Fields = {}) => make(F.KIND_STATUS, ts, { aux: code, ...f });

export function logOf(records: LogRecord[], header: LogFileHeader = HEADER, name = "TEST/2012-06-21.q"): LogReader {
  return LogReader.fromBytes(encodeLog(header, records), name);
}
