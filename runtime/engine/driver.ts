// The packet driver: docs/language.md section 4, implemented once for the online engine and
// the batch path. Records arrive one at a time in .q layout; the driver checks them, applies
// them to the book, closes packets at LAST, steps the kernel and fires triggers. Nothing on
// the per-record path allocates: timestamps stay (hi, lo) words, faults are small integers,
// and errors are built only when thrown.

import { BookL2 } from "../book/bookL2.js";
import { BookL3 } from "../book/bookL3.js";
import type { BookModel } from "../book/bookModel.js";
import { FAULT_CODES, FAULT_COUNT, FAULT_NONE, FAULT_OVERSIZE } from "../book/faults.js";
import { FeatcError, recordError } from "../errors.js";
import { type Kernel, type KernelModule, ROW_TRIGGER, type RowSink, StepContext } from "../kernel.js";
import * as F from "../log/format.js";
import { bigIntHi, bigIntLo, exactNumber, pairToBigInt } from "../log/int64.js";
import { BarClock } from "./barClock.js";
import { DiscardRows } from "./discardRows.js";
import { LabelQueue } from "./labelQueue.js";
import { checkMaxGapBars, DEFAULT_MAX_GAP_BARS } from "./maxGapBars.js";
import { TopLevels } from "./topLevels.js";

export interface DriverOptions {
  priceDecimals: number;
  sizeDecimals: number;
  /** `1` L3 (default), `2` L2, as in the log header. */
  bookKind?: number;
  /** Count and skip book faults instead of throwing. */
  lenient?: boolean;
  /** Deliver only rows whose trigger time is in [emitFromNs, emitToNs). */
  emitFromNs?: bigint;
  emitToNs?: bigint;
  /** Names the input in error messages. */
  source?: string;
  /**
   * The stream was reset before this driver's first record (docs/language.md section 4.1): its
   * first row reads `quality.reset` true. False for the first file of a run.
   */
  reset?: boolean;
  /**
   * The most time bars one gap between packets may close (`--max-gap-bars`, docs/language.md
   * section 8; default `DEFAULT_MAX_GAP_BARS`): a packet that would close more throws
   * `GAP_TOO_LONG` before any of them is emitted. A whole number from 1 to 2^53 - 1.
   */
  maxGapBars?: number;
}

export { checkMaxGapBars, DEFAULT_MAX_GAP_BARS };

const INT64_MIN_HI = -2147483648;
const INT64_MAX_HI = 2147483647;
const UINT32_MAX = 4294967295;

export class PacketDriver {
  readonly book: BookModel;
  readonly kernel: Kernel;
  readonly ctx = new StepContext();
  /** Where delivered rows go. */
  sink: RowSink;
  /** Names the input in error messages; records are numbered from `recordBase`. */
  source: string;
  /** Records read so far: the next record's number in error messages. */
  recordNumber = 0;
  rowsDelivered = 0;
  rowsComputed = 0;
  packets = 0;
  /**
   * The day file being replayed, the first file of this driver's stream segment, and the
   * exchange time of each file's first record as (hi, lo): where rows are routed
   * (docs/language.md section 4.1). One file, index 0, outside a stream.
   */
  file = 0;
  segmentFirst = 0;
  /**
   * A packet started at or after the emit window's end with no row waiting for a label: no
   * row can come any more, and the caller may stop feeding records (the native driver stops).
   */
  finished = false;
  private readonly fileStartHi: number[] = [];
  private readonly fileStartLo: number[] = [];
  readonly faultCounts = new Float64Array(FAULT_COUNT);

  private readonly discard = new DiscardRows();
  /** Rows waiting for their labels (docs/language.md section 10); null without labels. */
  private readonly labels: LabelQueue | null;
  private readonly lenient: boolean;
  private readonly everyEvent: boolean;
  private readonly onTrade: boolean;
  private readonly everyEvents: number;
  private readonly everyVolume: number;
  private readonly bookChange: TopLevels | null;
  private readonly bars: BarClock | null;
  private readonly maxGapBars: number;
  private readonly barNs: bigint;
  private readonly hasFrom: boolean;
  private readonly fromHi: number;
  private readonly fromLo: number;
  private readonly hasTo: boolean;
  private readonly toHi: number;
  private readonly toLo: number;

  private inPacket = false;
  private packetsSinceRow = 0;
  /** Raw traded size since the last firing, for `every V volume` (exact: below 2^53). */
  private volumeSinceRow = 0;
  // The previous record's exchange timestamp, for the time-order check.
  private prevTsHi = INT64_MIN_HI;
  private prevTsLo = 0;
  // The log's first and last exchange times, from its header (`setTimeRange`): a record outside
  // them is damaged. The whole int64 range for live events.
  private minTsHi = INT64_MIN_HI;
  private minTsLo = 0;
  private maxTsHi = INT64_MAX_HI;
  private maxTsLo = UINT32_MAX;
  // The packet so far: its last record, its trades and its order flow.
  private lastTsHi = 0;
  private lastTsLo = 0;
  private lastIngestHi = 0;
  private lastIngestLo = 0;
  private lastPrice = 0;
  private lastSize = 0;
  private lastSide = 0;
  private lastKind = 0;
  private tradeCount = 0;
  private tradeSize = 0;
  private tradeSignedSize = 0;
  private tradeLastPrice = 0;
  /**
   * Order flow (docs/language.md section 4, step 2), indexed by side code (0 none, 1 bid,
   * 2 ask) so the count is one indexed add; slot 0 collects what has no side and is unread.
   */
  private readonly adds = new Float64Array(3);
  private readonly cancels = new Float64Array(3);

  constructor(module: KernelModule, sink: RowSink, options: DriverOptions) {
    const trigger = module.meta.trigger;
    this.kernel = module.createKernel();
    this.sink = sink;
    this.source = options.source ?? "input";
    this.lenient = options.lenient ?? false;
    this.everyEvent = trigger.everyEvent;
    this.onTrade = trigger.trade;
    this.everyEvents = trigger.everyEvents;
    this.everyVolume = trigger.everyVolume ?? 0;
    this.bars = trigger.barNs > 0n ? new BarClock(trigger.barNs) : null;
    this.barNs = trigger.barNs;
    this.maxGapBars = checkMaxGapBars(options.maxGapBars ?? DEFAULT_MAX_GAP_BARS);
    const bookKind = options.bookKind ?? F.BOOK_L3;
    this.book = bookKind === F.BOOK_L2 ? new BookL2() : new BookL3();
    this.labels =
      module.meta.labels !== undefined && module.meta.labels.count > 0 ? new LabelQueue(module.meta.labels) : null;
    this.bookChange = (trigger.bookChange ?? 0) > 0 ? new TopLevels(trigger.bookChange!) : null;
    this.ctx.priceScale = scaleOf(options.priceDecimals);
    this.ctx.sizeScale = scaleOf(options.sizeDecimals);
    this.ctx.resetSinceRow = options.reset ?? false;
    this.hasFrom = options.emitFromNs !== undefined;
    this.fromHi = this.hasFrom ? bigIntHi(options.emitFromNs!) : 0;
    this.fromLo = this.hasFrom ? bigIntLo(options.emitFromNs!) : 0;
    this.hasTo = options.emitToNs !== undefined;
    this.toHi = this.hasTo ? bigIntHi(options.emitToNs!) : 0;
    this.toLo = this.hasTo ? bigIntLo(options.emitToNs!) : 0;
  }

  /** Feed one record in .q layout at `offset` of `view`. */
  pushRecord(view: DataView, offset: number): void {
    const tsLo = view.getUint32(offset, true);
    const tsHi = view.getInt32(offset + 4, true);
    const codes = view.getUint32(offset + F.R_KIND, true);
    const kind = codes & 0xff;
    const side = (codes >>> 8) & 0xff;
    const aggressor = codes >>> 24;
    if (kind === 0 || kind > F.KIND_MAX || side > F.SIDE_ASK || aggressor > F.AGGRESSOR_SELL) {
      throw this.badCodes(kind, side, aggressor);
    }
    if (tsHi < this.prevTsHi || (tsHi === this.prevTsHi && tsLo < this.prevTsLo)) {
      throw this.timeOrder(tsHi, tsLo);
    }
    if (
      tsHi < this.minTsHi ||
      (tsHi === this.minTsHi && tsLo < this.minTsLo) ||
      tsHi > this.maxTsHi ||
      (tsHi === this.maxTsHi && tsLo > this.maxTsLo)
    ) {
      throw this.outsideRange(tsHi, tsLo);
    }
    const price = exactNumber(view.getInt32(offset + F.R_PRICE + 4, true), view.getUint32(offset + F.R_PRICE, true));
    const size = exactNumber(view.getInt32(offset + F.R_SIZE + 4, true), view.getUint32(offset + F.R_SIZE, true));
    if (price !== price || size !== size) throw this.outOfRange(view, offset, price);
    const beforeHi = this.prevTsHi;
    const beforeLo = this.prevTsLo;
    this.prevTsHi = tsHi;
    this.prevTsLo = tsLo;

    if (!this.inPacket) {
      this.startPacket(tsHi, tsLo, beforeHi, beforeLo);
      if (this.finished) return;
    }
    // `quality.*` since the last row: every record read counts, one the book rejects too
    // (docs/language.md section 5.1). After step 1, so a bar row before this
    // packet does not see it.
    this.ctx.flagsSinceRow |= (codes >>> 16) & 0xff;

    const idLo = view.getUint32(offset + F.R_ORDER_ID, true);
    const idHi = view.getUint32(offset + F.R_ORDER_ID + 4, true);
    const fault = this.book.apply(kind, side, idHi, idLo, price, size);
    if (fault !== FAULT_NONE) {
      if (!this.lenient) throw this.bookFault(fault, kind, side, idHi, idLo, size);
      this.faultCounts[fault] += 1;
    } else {
      // Order flow: SNAPSHOT records rebuild the book and are no market activity. A removal
      // without a side takes the side of the resting order it reduced.
      if (((codes >>> 16) & F.FLAG_SNAPSHOT) === 0) {
        if (kind === F.KIND_ADD) this.adds[side] += 1;
        else if (kind === F.KIND_CANCEL || kind === F.KIND_DELETE)
          this.cancels[side === F.SIDE_NONE ? this.book.removedSide : side] += 1;
      }
      if (kind === F.KIND_EXECUTE || kind === F.KIND_TRADE) {
        this.tradeCount += 1;
        this.tradeSize += size;
        this.tradeLastPrice = price;
        // EXECUTE without an aggressor: the aggressor is opposite the resting order.
        const buyer =
          aggressor === F.AGGRESSOR_BUY ||
          (aggressor === F.AGGRESSOR_NONE && kind === F.KIND_EXECUTE && this.book.executedSide === F.SIDE_ASK);
        const seller =
          aggressor === F.AGGRESSOR_SELL ||
          (aggressor === F.AGGRESSOR_NONE && kind === F.KIND_EXECUTE && this.book.executedSide === F.SIDE_BID);
        if (buyer) this.tradeSignedSize += size;
        else if (seller) this.tradeSignedSize -= size;
      }
    }

    this.lastTsHi = tsHi;
    this.lastTsLo = tsLo;
    this.lastIngestLo = view.getUint32(offset + F.R_INGEST_TS, true);
    this.lastIngestHi = view.getInt32(offset + F.R_INGEST_TS + 4, true);
    this.lastPrice = price;
    this.lastSize = size;
    this.lastSide = side;
    this.lastKind = kind;
    this.recordNumber++;
    if (((codes >>> 16) & F.FLAG_LAST) !== 0) this.endPacket();
  }

  /** End of input (batch): a trailing run of records without LAST is a packet too. */
  finish(): void {
    this.endFile();
    if (this.labels !== null) this.labels.finish(this.kernel, this.sink);
  }

  /** The end of a day file ends its packet (docs/formats/q.md, "Packets"). */
  endFile(): void {
    if (this.inPacket) this.endPacket();
  }

  /**
   * Day file `file` of a stream starts, its first record at exchange time `firstTs` and its last
   * at `lastTs` (its header's): records outside them are refused (`setTimeRange`).
   */
  startFile(file: number, firstTs: bigint, lastTs: bigint): void {
    this.file = file;
    this.fileStartHi[file] = bigIntHi(firstTs);
    this.fileStartLo[file] = bigIntLo(firstTs);
    this.setTimeRange(firstTs, lastTs);
  }

  /**
   * The records to come are a log's whose header gives `firstTs` and `lastTs`: one outside them
   * is a format fault (`Q_BAD_RECORD`, docs/formats/q.md). `null`: any time (live events).
   */
  setTimeRange(firstTs: bigint | null, lastTs: bigint | null): void {
    this.minTsHi = firstTs === null ? INT64_MIN_HI : bigIntHi(firstTs);
    this.minTsLo = firstTs === null ? 0 : bigIntLo(firstTs);
    this.maxTsHi = lastTs === null ? INT64_MAX_HI : bigIntHi(lastTs);
    this.maxTsLo = lastTs === null ? UINT32_MAX : bigIntLo(lastTs);
  }

  /**
   * A warm start (docs/language.md section 4.2): the book becomes the snapshot of `count`
   * records at `offset` of `view`, as of exchange time `asOfTs`; nothing is stepped.
   * Returns the index of the first body record the book rejects, or -1.
   */
  loadSnapshot(view: DataView, offset: number, count: number, asOfTs: bigint): number {
    for (let j = 0; j < count; j++) {
      const at = offset + F.RECORD_LEN * j;
      const codes = view.getUint32(at + F.R_KIND, true);
      const price = exactNumber(view.getInt32(at + F.R_PRICE + 4, true), view.getUint32(at + F.R_PRICE, true));
      const size = exactNumber(view.getInt32(at + F.R_SIZE + 4, true), view.getUint32(at + F.R_SIZE, true));
      const idLo = view.getUint32(at + F.R_ORDER_ID, true);
      const idHi = view.getUint32(at + F.R_ORDER_ID + 4, true);
      if (this.book.apply(codes & 0xff, (codes >>> 8) & 0xff, idHi, idLo, price, size) !== FAULT_NONE) return j;
    }
    // `book_change(n)` compares with the previous packet's book: the snapshot's.
    this.bookChange?.changed(this.book);
    this.prevTsHi = bigIntHi(asOfTs);
    this.prevTsLo = bigIntLo(asOfTs);
    return -1;
  }

  /** The file a row at (hi, lo) goes to: an event row to its packet's, a bar row to the last file of the segment whose first record is before the boundary. */
  private route(hi: number, lo: number, cause: number): number {
    let f = this.file;
    if (cause === ROW_TRIGGER.bar) {
      while (
        f > this.segmentFirst &&
        (this.fileStartHi[f] > hi || (this.fileStartHi[f] === hi && this.fileStartLo[f] >= lo))
      )
        f--;
    }
    return f;
  }

  /** Book faults counted under lenient mode, by error code. */
  faults(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (let f = 1; f < FAULT_COUNT; f++) if (this.faultCounts[f] > 0) counts[FAULT_CODES[f]] = this.faultCounts[f];
    return counts;
  }

  /**
   * Step 1: time bars (and label captures), before the packet's records are applied. `before`
   * is the previous record's exchange time, for the message of a gap too long.
   */
  private startPacket(t0Hi: number, t0Lo: number, beforeHi: number, beforeLo: number): void {
    const bars = this.bars;
    if (bars !== null) {
      if (!bars.started) {
        bars.start(t0Hi, t0Lo);
      } else if (bars.reached(t0Hi, t0Lo)) {
        // Counted before any is emitted: a gap of decades costs one division. The count is
        // within one of exact, so only a gap near the limit is counted exactly (a bigint).
        if (bars.barsTo(t0Hi, t0Lo) + 2 > this.maxGapBars) {
          const count = bars.exactBarsTo(t0Hi, t0Lo);
          if (count > BigInt(this.maxGapBars)) throw this.gapTooLong(count, t0Hi, t0Lo, beforeHi, beforeLo);
        }
        while (bars.reached(t0Hi, t0Lo)) {
          // Label futures due before a boundary are captured before its row (section 10).
          if (this.labels !== null) this.labels.capture(this.kernel, this.book, this.ctx, bars.hi, bars.lo);
          this.emitRow(bars.hi, bars.lo, ROW_TRIGGER.bar);
          bars.advance();
        }
      }
    }
    if (this.labels !== null) {
      // Futures due at or before t0: their value is the state before this packet.
      this.labels.capture(this.kernel, this.book, this.ctx, t0Hi, t0Lo);
      this.labels.deliverReady(this.kernel, this.sink);
    }
    if (
      this.hasTo &&
      (t0Hi > this.toHi || (t0Hi === this.toHi && t0Lo >= this.toLo)) &&
      (this.labels === null || this.labels.empty)
    ) {
      this.finished = true;
      return;
    }
    this.inPacket = true;
    this.tradeCount = 0;
    this.tradeSize = 0;
    this.tradeSignedSize = 0;
    this.tradeLastPrice = 0;
    this.adds.fill(0);
    this.cancels.fill(0);
  }

  /** Steps 3 and 4: step the kernel on the finished packet, then the event triggers. */
  private endPacket(): void {
    const ctx = this.ctx;
    ctx.exchangeTsHi = this.lastTsHi;
    ctx.exchangeTsLo = this.lastTsLo;
    ctx.ingestTsHi = this.lastIngestHi;
    ctx.ingestTsLo = this.lastIngestLo;
    ctx.price = this.lastPrice;
    ctx.size = this.lastSize;
    ctx.side = this.lastSide === F.SIDE_BID ? 1 : this.lastSide === F.SIDE_ASK ? -1 : 0;
    ctx.kind = this.lastKind;
    ctx.tradeCount = this.tradeCount;
    ctx.tradeSize = this.tradeSize;
    ctx.tradeSignedSize = this.tradeSignedSize;
    ctx.tradeLastPrice = this.tradeLastPrice;
    ctx.flowAddsBid = this.adds[F.SIDE_BID];
    ctx.flowAddsAsk = this.adds[F.SIDE_ASK];
    ctx.flowCancelsBid = this.cancels[F.SIDE_BID];
    ctx.flowCancelsAsk = this.cancels[F.SIDE_ASK];
    this.kernel.step(this.book, ctx);
    if (this.kernel.overflow !== undefined) {
      const what = this.kernel.overflow();
      // Named by the packet's last record, as the native driver names it.
      if (what !== null) throw recordError("WINDOW_OVERFLOW", this.source, this.recordNumber - 1, what);
    }
    this.inPacket = false;
    this.packets++;
    this.packetsSinceRow++;
    this.volumeSinceRow += this.tradeSize;
    // Compared after every packet, so the snapshot is always the previous packet's.
    const bookChanged = this.bookChange !== null && this.bookChange.changed(this.book);
    // The first condition that holds names the row (docs/language.md section 4).
    const cause = this.everyEvent
      ? ROW_TRIGGER.event
      : this.everyEvents > 0 && this.packetsSinceRow >= this.everyEvents
        ? ROW_TRIGGER.events
        : this.onTrade && this.tradeCount > 0
          ? ROW_TRIGGER.trade
          : bookChanged
            ? ROW_TRIGGER.book_change
            : this.everyVolume > 0 && this.volumeSinceRow / ctx.sizeScale >= this.everyVolume
              ? ROW_TRIGGER.volume
              : 0;
    if (cause !== 0) this.emitRow(this.lastTsHi, this.lastTsLo, cause);
  }

  /**
   * A firing at time (hi, lo): resets the trigger's counters; unless the trigger's `when`
   * rejects it, computes a row and delivers it when inside the emit window.
   */
  private emitRow(hi: number, lo: number, cause: number): void {
    this.packetsSinceRow = 0;
    this.volumeSinceRow = 0;
    this.ctx.rowTsHi = hi;
    this.ctx.rowTsLo = lo;
    this.ctx.rowTrigger = cause;
    if (this.kernel.filter !== undefined && !this.kernel.filter(this.book, this.ctx)) return;
    const deliver =
      (!this.hasFrom || hi > this.fromHi || (hi === this.fromHi && lo >= this.fromLo)) &&
      (!this.hasTo || hi < this.toHi || (hi === this.toHi && lo < this.toLo));
    if (deliver && this.labels !== null) {
      const file = this.route(hi, lo, cause);
      this.kernel.emit(this.book, this.ctx, this.labels.hold(this.kernel, this.book, this.ctx, hi, lo, file));
      this.labels.deliverReady(this.kernel, this.sink);
    } else if (deliver) {
      this.sink.route?.(this.route(hi, lo, cause));
      this.kernel.emit(this.book, this.ctx, this.sink);
    } else {
      this.kernel.emit(this.book, this.ctx, this.discard);
    }
    // After a row (one outside the emit window too): the `quality.*` fields start over.
    this.ctx.flagsSinceRow = 0;
    this.ctx.resetSinceRow = false;
    this.rowsComputed++;
    if (deliver) this.rowsDelivered++;
  }

  private badCodes(kind: number, side: number, aggressor: number): FeatcError {
    return recordError(
      "Q_BAD_RECORD",
      this.source,
      this.recordNumber,
      // Worded as the native driver words it.
      `${kind === 0 || kind > F.KIND_MAX ? "unknown kind" : side > F.SIDE_ASK ? "unknown side" : "unknown aggressor side"} (kind ${kind}, side ${side}, aggressor ${aggressor})`,
    );
  }

  private outsideRange(tsHi: number, tsLo: number): FeatcError {
    const first = pairToBigInt(this.minTsHi, this.minTsLo);
    const last = pairToBigInt(this.maxTsHi, this.maxTsLo);
    return recordError(
      "Q_BAD_RECORD",
      this.source,
      this.recordNumber,
      `exchange time ${pairToBigInt(tsHi, tsLo)} is outside the log's range ${first}..${last} (its header's first and last exchange times)`,
    );
  }

  private gapTooLong(count: bigint, t0Hi: number, t0Lo: number, beforeHi: number, beforeLo: number): FeatcError {
    return recordError(
      "GAP_TOO_LONG",
      this.source,
      this.recordNumber,
      `the packet at exchange time ${pairToBigInt(t0Hi, t0Lo)} closes ${count} time bars of ${this.barNs} ns since the previous record at ${pairToBigInt(beforeHi, beforeLo)}, more than the --max-gap-bars limit of ${this.maxGapBars}`,
    );
  }

  private timeOrder(tsHi: number, tsLo: number): FeatcError {
    return recordError(
      "Q_TIME_ORDER",
      this.source,
      this.recordNumber,
      `exchange time ${pairToBigInt(tsHi, tsLo)} is before the previous record's ${pairToBigInt(this.prevTsHi, this.prevTsLo)}`,
    );
  }

  private outOfRange(view: DataView, offset: number, price: number): FeatcError {
    const field = price !== price ? F.R_PRICE : F.R_SIZE;
    const what = field === F.R_PRICE ? "price" : "size";
    return recordError(
      "Q_BAD_RECORD",
      this.source,
      this.recordNumber,
      `${what} ${view.getBigInt64(offset + field, true)} is outside +-2^53 and cannot be held exactly`,
    );
  }

  // Reasons worded as the native driver words them (native/core/src/book/fault.rs).
  private bookFault(fault: number, kind: number, side: number, idHi: number, idLo: number, size: number): FeatcError {
    const id = pairToBigInt(idHi, idLo) & 0xffffffffffffffffn;
    const what = F.KIND_NAMES[kind];
    let reason: string;
    switch (FAULT_CODES[fault]) {
      case "BOOK_UNKNOWN_ORDER":
        reason = `${what} of unknown order ${id}`;
        break;
      case "BOOK_DUPLICATE_ORDER":
        reason = `add of order ${id}, which is already resting`;
        break;
      case "BOOK_OVERSIZE":
        reason = `${what} of ${size} on order ${id}${this.remainingText(idHi, idLo, fault)}`;
        break;
      case "BOOK_BAD_SIZE":
        reason = `${what} of order ${id} with size ${size} (must be > 0)`;
        break;
      case "BOOK_BAD_SIDE":
        reason = `${what} of order ${id} with side ${side} (must be 1 bid or 2 ask)`;
        break;
      default:
        reason = `${what.toUpperCase()} record in an ${this.book instanceof BookL3 ? "L3 (order by order)" : "L2 (price level)"} book`;
    }
    return recordError(FAULT_CODES[fault], this.source, this.recordNumber, reason);
  }

  private remainingText(idHi: number, idLo: number, fault: number): string {
    if (fault !== FAULT_OVERSIZE || !(this.book instanceof BookL3)) return "";
    const slot = this.book.orders.find(idHi, idLo);
    return slot >= 0 ? `, which has only ${this.book.orders.size[slot]} left` : "";
  }
}

function scaleOf(decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) {
    throw new FeatcError("BAD_ARGUMENT", `decimals ${decimals} is outside 0..18`);
  }
  return POWERS_OF_TEN[decimals];
}

/** Exact literals: `10 ** d` goes through pow, which need not be correctly rounded. */
const POWERS_OF_TEN = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
];
