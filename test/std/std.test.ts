// The standard library against an independent calculation: LOBSTER's own orderbook file.
// test/std/goog_every_packet.feat computes every specs/std feature at every packet of the
// GOOG 2012-06-21 day; the importer tags each record with its message line, and LOBSTER's
// orderbook row for that line is the book after the message. Each feature is recomputed here
// from that row (and the previous packet's row, and the message itself) with plain
// arithmetic, and compared; the native rows are also checked bit for bit against the online
// engine. A packet is the messages after the previous packet's line up to its own: one message,
// or the executions of one sweep (docs/formats/lobster.md, "Packets"), whose trades add up. Order-flow counts (`flow.*`) and the rates built on them are recomputed from the
// message file itself: type 1 is an add, types 2 and 3 a cancel or delete, on the side of the
// message's direction.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadTsKernel, runExtract } from "../../compiler/extract/run.js";
import * as native from "../../runtime/native/binding.js";
import { onlineColumns } from "../support/onlineColumns.js";
import { firstDifference, readParquetColumns, type Columns } from "../support/parquetColumns.js";
import {
  close,
  lines,
  midOf,
  packetMessageLines,
  parseBook,
  present,
  timeNs,
  toNumber,
  type BookRow,
} from "../support/lobsterFiles.js";
import { GOOG_MESSAGE, GOOG_ORDERBOOK, KERNEL_CACHE, REPO, scratchDir } from "../support/paths.js";

const sum = (xs: number[], n: number) => xs.slice(0, n).reduce((a, b) => a + b, 0);

const isTradeMessage = (msg: string[]) => msg[1] === "4" || msg[1] === "5" || msg[1] === "6";

/** The features of specs/std, from a LOBSTER book row (prices in 1e-4 dollars) and the
 *  packet's messages (the last one is the row's). */
function expected(b: BookRow, p: BookRow | null, msgs: string[][]) {
  const bid = present(b.bidPx[0]) ? b.bidPx[0] / 1e4 : null;
  const ask = present(b.askPx[0]) ? b.askPx[0] / 1e4 : null;
  const mid = bid !== null && ask !== null ? (bid + ask) / 2 : null;
  const bidSz = bid !== null ? b.bidSz[0] : null;
  const askSz = ask !== null ? b.askSz[0] : null;
  const ofiLevel = (k: number): number | null => {
    if (!p) return null;
    const have = [b.bidPx[k], b.askPx[k], p.bidPx[k], p.askPx[k]].every(present);
    if (!have) return null;
    const eBid = b.bidPx[k] > p.bidPx[k] ? b.bidSz[k] : b.bidPx[k] < p.bidPx[k] ? -p.bidSz[k] : b.bidSz[k] - p.bidSz[k];
    const eAsk = b.askPx[k] < p.askPx[k] ? b.askSz[k] : b.askPx[k] > p.askPx[k] ? -p.askSz[k] : b.askSz[k] - p.askSz[k];
    return eBid - eAsk;
  };
  const ofis = [0, 1, 2, 3, 4].map(ofiLevel);
  const trades = msgs.filter(isTradeMessage);
  const size = trades.reduce((a, m) => a + Number(m[3]), 0);
  // Direction is the resting order's side: executing a buy order is a seller-initiated trade.
  const flow = trades.reduce((a, m) => a + (m[1] === "6" ? 0 : -Number(m[5])) * Number(m[3]), 0);
  const tradePx = trades.length > 0 ? Number(trades[trades.length - 1][4]) / 1e4 : null;
  const prevMid = p && present(p.bidPx[0]) && present(p.askPx[0]) ? (p.bidPx[0] + p.askPx[0]) / 2 / 1e4 : null;
  const ret = mid !== null && prevMid !== null ? mid / prevMid - 1 : null;
  const logRet = mid !== null && prevMid !== null ? Math.log(mid / prevMid) : null;
  const bd10 = sum(b.bidSz, 10);
  const ad10 = sum(b.askSz, 10);
  return {
    mid,
    spread: mid !== null ? ask! - bid! : null,
    spread_bps: mid !== null ? ((ask! - bid!) / mid) * 1e4 : null,
    microprice: mid !== null ? (bid! * askSz! + ask! * bidSz!) / (bidSz! + askSz!) : null,
    weighted_mid_5: (() => {
      const side = (px: number[], sz: number[]) => {
        let value = 0;
        let size = 0;
        for (let i = 0; i < 5; i++) if (present(px[i])) [value, size] = [value + (px[i] / 1e4) * sz[i], size + sz[i]];
        return size > 0 ? value / size : null;
      };
      const [bw, aw] = [side(b.bidPx, b.bidSz), side(b.askPx, b.askSz)];
      return bw !== null && aw !== null ? (bw + aw) / 2 : null;
    })(),
    bid_depth_5: sum(b.bidSz, 5),
    ask_depth_5: sum(b.askSz, 5),
    imbalance_10: bd10 + ad10 > 0 ? (bd10 - ad10) / (bd10 + ad10) : null,
    queue_imbalance: mid !== null ? (bidSz! - askSz!) / (bidSz! + askSz!) : null,
    ofi: ofis[0],
    ofi_5: ofis.some((o) => o === null) ? null : ofis.reduce((a, o) => a! + o!, 0),
    trade_flow: flow,
    trade_volume: size,
    trade_count: trades.length,
    last_trade_price: tradePx,
    trade_mid_distance_bps: tradePx !== null && mid !== null ? ((tradePx - mid) / mid) * 1e4 : null,
    mid_return: ret,
    mid_return_sq: ret !== null ? ret * ret : null,
    log_return: logRet,
    log_return_sq: logRet !== null ? logRet * logRet : null,
  };
}

interface Packet {
  t: number;
  mid: number | null;
  ret: number | null;
  logRet: number | null;
  trade: boolean;
  tradePx: number | null;
  /** The packet's trade messages. */
  tradeCount: number;
}

/** Features over a packet's history: windows, emas, time since, recomputed with plain loops. */
function sequenceFeatures(packets: Packet[]): Record<string, number | null>[] {
  const out: Record<string, number | null>[] = [];
  let ema: number | null = null;
  let emaT = 0;
  let lastTrade: number | null = null;
  for (let r = 0; r < packets.length; r++) {
    const p = packets[r];
    const inWindow: Packet[] = [];
    for (let q = r; q >= 0 && packets[q].t > p.t - 30e9; q--) inWindow.push(packets[q]);
    const rets: number[] = [];
    for (let q = Math.max(0, r - 99); q <= r; q++) if (packets[q].ret !== null) rets.push(packets[q].ret!);
    let std: number | null = null;
    if (rets.length >= 2) {
      const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
      std = Math.sqrt(rets.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (rets.length - 1));
    }
    if (p.mid !== null) {
      ema = ema === null ? p.mid : p.mid + Math.pow(2, -(p.t - emaT) / 10e9) * (ema - p.mid);
      emaT = p.t;
    }
    if (p.trade) lastTrade = p.t;
    out.push({
      trade_intensity_30s: inWindow.reduce((a, q) => a + q.tradeCount, 0) / 30,
      time_since_last_trade: lastTrade === null ? null : (p.t - lastTrade) / 1e9,
      // A packet's trades are one print to the spec: trade.price is the last one's, trade.size
      // their sum (docs/language.md), so the packet's VWAP and OHLC are its last price.
      vwap_since_emit: p.tradePx,
      rolling_volatility: std,
      realized_variance: inWindow.reduce((a, q) => a + (q.ret === null ? 0 : q.ret * q.ret), 0),
      realized_variance_log: inWindow.reduce((a, q) => a + (q.logRet === null ? 0 : q.logRet * q.logRet), 0),
      ema_mid: ema,
      mid_open: p.mid,
      mid_high: p.mid,
      mid_low: p.mid,
      mid_close: p.mid,
      trade_open: p.tradePx,
      trade_high: p.tradePx,
      trade_low: p.tradePx,
      trade_close: p.tradePx,
    });
  }
  return out;
}

/** The messages of packet `r >= 1`: the lines after the previous packet's, up to its own. */
function packetMessages(messages: string[][], packetLines: number[], r: number): string[][] {
  return messages.slice(Math.max(packetLines[r - 1], 0), packetLines[r]);
}

/** The `flow.*` count columns of test/std/goog_every_packet.feat, and the rates built on them. */
const FLOW_COUNTS = ["adds_bid", "adds_ask", "cancels_bid", "cancels_ask"] as const;
const FLOW_RATES = [
  "bid_add_rate_30s",
  "ask_add_rate_30s",
  "bid_cancel_rate_30s",
  "ask_cancel_rate_30s",
  "cancel_to_trade_30s",
] as const;
const FLOW_COLUMNS = new Set<string>([...FLOW_COUNTS, ...FLOW_RATES]);

/** A packet's order flow from its LOBSTER message: `[adds bid, adds ask, cancels bid, cancels ask]`. */
function messageFlow(msg: string[]): number[] {
  const counts = [0, 0, 0, 0];
  const bid = msg[5] === "1" ? 0 : msg[5] === "-1" ? 1 : -1;
  if (bid < 0) return counts;
  if (msg[1] === "1") counts[bid] = 1;
  else if (msg[1] === "2" || msg[1] === "3") counts[2 + bid] = 1;
  return counts;
}

/** The flow rates over the 30 s ending at each packet (the window of `trade_intensity_30s`), by a two-pointer sweep. */
function flowRates(t: number[], flow: number[][], trades: number[]): Record<string, number | null>[] {
  const out: Record<string, number | null>[] = [];
  const sums = [0, 0, 0, 0];
  let tradesIn = 0;
  let first = 0;
  for (let r = 0; r < t.length; r++) {
    for (let k = 0; k < 4; k++) sums[k] += flow[r][k];
    tradesIn += trades[r];
    while (t[first] <= t[r] - 30e9) {
      for (let k = 0; k < 4; k++) sums[k] -= flow[first][k];
      tradesIn -= trades[first];
      first++;
    }
    out.push({
      bid_add_rate_30s: sums[0] / 30,
      ask_add_rate_30s: sums[1] / 30,
      bid_cancel_rate_30s: sums[2] / 30,
      ask_cancel_rate_30s: sums[3] / 30,
      cancel_to_trade_30s: tradesIn > 0 ? (sums[2] + sums[3]) / tradesIn : null,
    });
  }
  return out;
}

describe("specs/std on LOBSTER GOOG 2012-06-21, every packet, against the orderbook file", () => {
  const dir = scratchDir("std");
  let rows: Columns;
  let packetLines: number[];
  let online: Columns;
  let bars: Columns;
  /** Messages the importer dropped as `unknown order outside the seeded book`. */
  let droppedUnknown: number;

  beforeAll(async () => {
    const compiled = compileFile(join("test", "std", "goog_every_packet.feat"));
    expect(compiled.diagnostics).toEqual([]);
    const log = native.importLobster({
      message: GOOG_MESSAGE,
      orderbook: GOOG_ORDERBOOK,
      symbol: "GOOG",
      outDir: join(dir, "q"),
      lenient: false,
    });
    droppedUnknown =
      log.skippedByReason.find(([reason]) => reason === "unknown order outside the seeded book")?.[1] ?? 0;
    const out = await runExtract(compiled.program!, {
      source: join(dir, "q"),
      symbols: ["GOOG"],
      out: join(dir, "out"),
      engine: "native",
      cacheDir: KERNEL_CACHE,
    });
    rows = readParquetColumns(out.results[0].output);
    const barSpec = compileFile(join("test", "std", "goog_bars.feat")).program!;
    const barOut = await runExtract(barSpec, {
      source: join(dir, "q"),
      symbols: ["GOOG"],
      out: join(dir, "bars"),
      engine: "native",
      cacheDir: KERNEL_CACHE,
    });
    bars = readParquetColumns(barOut.results[0].output);
    online = onlineColumns(await loadTsKernel(out.kernel.jsModulePath), log.path);
    packetLines = packetMessageLines(log.path);
  });

  it("emits one row per packet, bit-identical to the online engine", () => {
    expect(rows.rows).toBe(packetLines.length);
    expect(rows.rows).toBeGreaterThan(140_000);
    expect(firstDifference(rows, online)).toBeNull();
  });

  it("every feature equals the independent calculation at every packet", () => {
    const book = lines(GOOG_ORDERBOOK).map(parseBook);
    const messages = lines(GOOG_MESSAGE).map((l) => l.split(","));
    // The opening seed packet has message 1's time and, message 1 being a partial execution
    // inside the best bid, the best prices of orderbook row 1.
    expect(messages[0][1]).toBe("4");
    const packets: Packet[] = packetLines.map((line, r) => {
      const l = Math.max(line, 1);
      const msg = messages[l - 1];
      const trades = r > 0 ? packetMessages(messages, packetLines, r).filter(isTradeMessage) : [];
      return {
        t: timeNs(msg[0]),
        mid: midOf(book[l - 1]),
        ret: null,
        logRet: null,
        trade: trades.length > 0,
        tradePx: trades.length > 0 ? Number(trades[trades.length - 1][4]) / 1e4 : null,
        tradeCount: trades.length,
      };
    });
    for (let r = 1; r < packets.length; r++) {
      const [m, pm] = [packets[r].mid, packets[r - 1].mid];
      packets[r].ret = m !== null && pm !== null ? m / pm - 1 : null;
      packets[r].logRet = m !== null && pm !== null ? Math.log(m / pm) : null;
    }
    const sequence = sequenceFeatures(packets);
    const mismatches = new Map<string, { count: number; first: string }>();
    let compared = 0;
    // Packet 0 is the opening seed (the book before message 1); packet r >= 1 is message line L.
    for (let r = 1; r < rows.rows; r++) {
      const line = packetLines[r];
      const prevLine = packetLines[r - 1];
      const want = {
        ...(expected(
          book[line - 1],
          prevLine >= 1 ? book[prevLine - 1] : null,
          packetMessages(messages, packetLines, r),
        ) as Record<string, number | null>),
        ...sequence[r],
      };
      for (let c = 0; c < rows.names.length; c++) {
        const name = rows.names[c];
        // The first message's previous book is the seed, which the file has no row for.
        if (prevLine < 1 && (name.startsWith("ofi") || name.startsWith("mid_return") || name.startsWith("log_return")))
          continue;
        // Order flow has its own test below.
        if (FLOW_COLUMNS.has(name)) continue;
        const got = toNumber(rows.columns[c][r], rows.types[c]);
        compared++;
        if (!close(got, want[name])) {
          const m = mismatches.get(name) ?? {
            count: 0,
            first: `packet ${r} (line ${line}): got ${got}, want ${want[name]}`,
          };
          m.count++;
          mismatches.set(name, m);
        }
      }
    }
    expect(compared).toBeGreaterThan(4_000_000);
    expect(Object.fromEntries(mismatches)).toEqual({});
  });

  it("order-flow counts and rates equal the message file's adds and cancels, up to the importer's dropped messages", () => {
    const messages = lines(GOOG_MESSAGE).map((l) => l.split(","));
    const column = (name: string) => {
      const c = rows.names.indexOf(name);
      expect(c, name).toBeGreaterThanOrEqual(0);
      return (r: number) => toNumber(rows.columns[c][r], rows.types[c]);
    };
    const t: number[] = [];
    const want: number[][] = [];
    const trades: number[] = [];
    // Packet 0 is the opening seed: SNAPSHOT records, no order flow.
    packetLines.forEach((line, r) => {
      const msg = messages[Math.max(line, 1) - 1];
      t.push(timeNs(msg[0]));
      want.push(r === 0 ? [0, 0, 0, 0] : messageFlow(msg));
      trades.push(r > 0 ? packetMessages(messages, packetLines, r).filter(isTradeMessage).length : 0);
    });
    const counts = FLOW_COUNTS.map(column);
    const mismatched: number[] = [];
    for (let r = 0; r < rows.rows; r++) {
      if (counts.some((get, k) => get(r) !== want[r][k])) mismatched.push(r);
    }
    const totals = FLOW_COUNTS.map((_, k) => want.reduce((a, w) => a + w[k], 0));
    console.log(
      `flow counts: ${mismatched.length} of ${rows.rows} packets differ from the message file; ` +
        `the importer dropped ${droppedUnknown} messages as unknown orders outside the seeded book; ` +
        `file totals adds ${totals[0]}/${totals[1]}, cancels ${totals[2]}/${totals[3]} (bid/ask)`,
    );
    expect(totals[0] + totals[1]).toBeGreaterThan(50_000);
    expect(totals[2] + totals[3]).toBeGreaterThan(50_000);
    expect(mismatched.length).toBeLessThanOrEqual(droppedUnknown);
    // A mismatching packet is a cancel or delete the importer could not place.
    for (const r of mismatched) expect(["2", "3"], `packet ${r}`).toContain(messages[packetLines[r] - 1][1]);

    // The rates, from the file's counts: exact wherever no mismatching packet is in the window.
    const rates = flowRates(t, want, trades);
    const getRate = FLOW_RATES.map(column);
    let tainted = 0;
    let compared = 0;
    let m = 0;
    for (let r = 0; r < rows.rows; r++) {
      while (m < mismatched.length && mismatched[m] <= r && t[mismatched[m]] <= t[r] - 30e9) m++;
      if (m < mismatched.length && mismatched[m] <= r) {
        tainted++;
        continue;
      }
      FLOW_RATES.forEach((name, k) => {
        const got = getRate[k](r);
        if (!close(got, rates[r][name])) expect.fail(`${name} at packet ${r}: ${got} vs ${rates[r][name]}`);
        compared++;
      });
    }
    console.log(
      `flow rates: ${compared} values compared; ${tainted} packets skipped, a mismatching packet being in their 30 s window`,
    );
    expect(compared).toBeGreaterThan(5 * 50_000);
    // Those windows too, from the log's own counts: the rates are the window sums of the counts.
    const own = flowRates(
      t,
      want.map((_, r) => counts.map((get) => get(r)!)),
      trades,
    );
    for (let r = 0; r < rows.rows; r++) {
      FLOW_RATES.forEach((name, k) => {
        const got = getRate[k](r);
        if (!close(got, own[r][name]))
          expect.fail(`${name} at packet ${r}, from the log's counts: ${got} vs ${own[r][name]}`);
      });
    }
  });

  it("one-second OHLC bars of the mid and of trades, and Parkinson's variance, equal the per-second groups of the files", () => {
    const book = lines(GOOG_ORDERBOOK).map(parseBook);
    const messages = lines(GOOG_MESSAGE).map((l) => l.split(","));
    // Group the packets by exchange second; the bar at boundary B holds the packets of [B-1s, B).
    const bySecond = new Map<number, { mids: number[]; trades: number[] }>();
    packetLines.forEach((line, r) => {
      const l = Math.max(line, 1);
      const msg = messages[l - 1];
      const second = Math.floor(timeNs(msg[0]) / 1e9);
      const g = bySecond.get(second) ?? { mids: [], trades: [] };
      const mid = midOf(book[l - 1]);
      if (mid !== null) g.mids.push(mid);
      if (r > 0 && (msg[1] === "4" || msg[1] === "5" || msg[1] === "6")) g.trades.push(Number(msg[4]) / 1e4);
      bySecond.set(second, g);
    });
    const first = Math.floor(timeNs(messages[0][0]) / 1e9);
    const last = Math.floor(timeNs(messages[messages.length - 1][0]) / 1e9);
    expect(bars.rows).toBe(last - first);
    const ohlc = (xs: number[]) =>
      xs.length ? [xs[0], Math.max(...xs), Math.min(...xs), xs[xs.length - 1]] : [null, null, null, null];
    // Parkinson (1980): log(high / low)^2 / (4 log 2).
    const parkinson = (xs: number[]) =>
      xs.length ? Math.log(Math.max(...xs) / Math.min(...xs)) ** 2 / (4 * Math.log(2)) : null;
    let compared = 0;
    for (let k = 0; k < bars.rows; k++) {
      const g = bySecond.get(first + k) ?? { mids: [], trades: [] };
      const want = [...ohlc(g.mids), ...ohlc(g.trades), parkinson(g.mids)];
      for (let c = 0; c < want.length; c++) {
        const got = toNumber(bars.columns[c][k], bars.types[c]);
        expect(close(got, want[c]), `${bars.names[c]} in bar ${k}: ${got} vs ${want[c]}`).toBe(true);
        compared++;
      }
    }
    expect(bars.names).toHaveLength(9);
    expect(compared).toBeGreaterThan(200_000);
  });

  it("covers every function of specs/std", () => {
    const defined = ["book", "flow", "trades", "volatility", "bars"].flatMap((f) =>
      [...readFileSync(join(REPO, "specs", "std", `${f}.feat`), "utf8").matchAll(/^fn (\w+)/gm)].map((m) => m[1]),
    );
    const spec = ["goog_every_packet", "goog_bars"]
      .map((f) => readFileSync(join(REPO, "test", "std", `${f}.feat`), "utf8"))
      .join("\n");
    for (const fn of defined.filter((f) => !["ofi_level", "bid_level_value", "ask_level_value"].includes(f)))
      expect(spec, fn).toContain(`${fn}(`);
  });
});
