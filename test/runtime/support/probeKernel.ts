// A hand-written kernel module that records what the driver showed it: the packet's context,
// the touch of the book, and since-emit counts. Driver tests read its rows to check the
// evaluation model (docs/language.md section 4) without the compiler.

import {
  ASK,
  BID,
  type BookView,
  type Kernel,
  type KernelModule,
  type RowSink,
  type StepContext,
} from "../../../runtime/kernel.js";

export interface ProbeTrigger {
  everyEvent?: boolean;
  trade?: boolean;
  everyEvents?: number;
  barNs?: bigint;
}

export const PROBE_COLUMNS = [
  { name: "ts", type: "timestamp" },
  { name: "bid", type: "f64" },
  { name: "ask", type: "f64" },
  { name: "bid_size", type: "f64" },
  { name: "bid_count", type: "i64" },
  { name: "levels", type: "i64" },
  { name: "steps", type: "i64" },
  { name: "trades", type: "i64" },
  { name: "signed", type: "f64" },
  { name: "trade_price", type: "f64" },
  { name: "traded", type: "bool" },
  { name: "side", type: "i64" },
  { name: "ingest_ts", type: "timestamp" },
] as const;

class ProbeKernel implements Kernel {
  private steps = 0;
  private trades = 0;
  private signed = 0;

  step(_book: BookView, ctx: StepContext): void {
    this.steps += 1;
    this.trades += ctx.tradeCount;
    this.signed += ctx.tradeSignedSize;
  }

  emit(book: BookView, ctx: StepContext, row: RowSink): void {
    const bids = book.levels(BID);
    const asks = book.levels(ASK);
    row.putTimestamp(ctx.exchangeTsHi, ctx.exchangeTsLo, true);
    row.putF64(bids > 0 ? book.priceAt(BID, 0) / ctx.priceScale : 0, bids > 0);
    row.putF64(asks > 0 ? book.priceAt(ASK, 0) / ctx.priceScale : 0, asks > 0);
    row.putF64(bids > 0 ? book.sizeAt(BID, 0) / ctx.sizeScale : 0, bids > 0);
    row.putI64(bids > 0 ? book.countAt(BID, 0) : 0, bids > 0);
    row.putI64(bids + asks, true);
    row.putI64(this.steps, true);
    row.putI64(this.trades, true);
    row.putF64(this.signed / ctx.sizeScale, true);
    row.putF64(ctx.tradeLastPrice / ctx.priceScale, ctx.tradeCount > 0);
    row.putBool(ctx.tradeCount > 0, true);
    row.putI64(ctx.side, true);
    row.putTimestamp(ctx.ingestTsHi, ctx.ingestTsLo, true);
    this.steps = 0;
    this.trades = 0;
    this.signed = 0;
  }
}

export function probeModule(trigger: ProbeTrigger, name = "probe"): KernelModule {
  return {
    meta: {
      name,
      irHash: `hash-of-${name}`,
      columns: PROBE_COLUMNS.map((c) => ({ name: c.name, type: c.type })),
      trigger: {
        everyEvent: trigger.everyEvent ?? false,
        trade: trigger.trade ?? false,
        everyEvents: trigger.everyEvents ?? 0,
        barNs: trigger.barNs ?? 0n,
      },
    },
    createKernel: () => new ProbeKernel(),
  };
}

/** A kernel with one column of each type whose values the test chooses per row. */
export function scriptedModule(
  values: { f: number; i: number; b: boolean; t: bigint; valid: boolean }[],
): KernelModule {
  return {
    meta: {
      name: "scripted",
      irHash: "scripted-hash",
      columns: [
        { name: "f", type: "f64" },
        { name: "i", type: "i64" },
        { name: "b", type: "bool" },
        { name: "t", type: "timestamp" },
      ],
      trigger: { everyEvent: true, trade: false, everyEvents: 0, barNs: 0n },
    },
    createKernel: () => {
      let n = 0;
      return {
        step: () => {},
        emit: (_book, _ctx, row) => {
          const v = values[n++ % values.length];
          row.putF64(v.f, v.valid);
          row.putI64(v.i, v.valid);
          row.putBool(v.b, v.valid);
          row.putTimestamp(Number(BigInt.asIntN(32, v.t >> 32n)), Number(BigInt.asUintN(32, v.t)), v.valid);
        },
      };
    },
  };
}
