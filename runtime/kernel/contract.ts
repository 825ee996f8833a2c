// The contract between generated TypeScript kernels (compiler/codegen/ts) and the packet
// driver (runtime/engine/driver.ts). Twin: native/core/src/kernel/contract.rs; the semantics of a
// step and a row are docs/language.md, section 4.

/**
 * The codes of `row.trigger` (docs/language.md section 4): the condition that emitted a row, the
 * first of this order when a packet fulfils several. Twin: native/core/src/kernel/contract.rs
 * `row_trigger`; the compiler's names: compiler/check/fields.ts `ROW_TRIGGERS`.
 */
export const ROW_TRIGGER = { event: 1, events: 2, trade: 3, book_change: 4, volume: 5, bar: 6 } as const;

/** Book side codes, as in the log's side byte. */
export const BID = 1;
export const ASK = 2;
export type SideCode = typeof BID | typeof ASK;

/**
 * Read access to a book at a packet's end. Levels are 0-based (0 is the best). Prices and
 * sizes are the log's raw fixed-point integers, held exactly in a number (|raw| < 2^53).
 */
export interface BookView {
  levels(side: SideCode): number;
  /** Callers check `i < levels(side)` first. */
  priceAt(side: SideCode, i: number): number;
  sizeAt(side: SideCode, i: number): number;
  countAt(side: SideCode, i: number): number;
  /** Sum of sizes over the best `n` levels (fewer when the side is shorter). */
  depth(side: SideCode, n: number): number;
}

/**
 * The packet just applied (`event.*`, `trade.*`, `flow.*`). Timestamps are (hi, lo) words of the int64:
 * `hi` the signed high 32 bits, `lo` the unsigned low 32 bits, so no int64 is ever rounded
 * through a number.
 */
export class StepContext {
  exchangeTsHi = 0;
  exchangeTsLo = 0;
  ingestTsHi = 0;
  ingestTsLo = 0;
  price = 0;
  size = 0;
  /** 1 bid, -1 ask, 0 none. */
  side = 0;
  /** The record kind code (docs/formats/q.md). */
  kind = 0;
  tradeCount = 0;
  tradeSize = 0;
  tradeSignedSize = 0;
  tradeLastPrice = 0;
  /**
   * Order flow in the packet (`flow.*`): ADD records, and CANCEL or DELETE records, by side,
   * not counting SNAPSHOT records (docs/language.md section 4, step 2).
   */
  flowAddsBid = 0;
  flowAddsAsk = 0;
  flowCancelsBid = 0;
  flowCancelsAsk = 0;
  /** `10^price_decimals`, `10^size_decimals` of the log. */
  priceScale = 1;
  sizeScale = 1;
  /**
   * The time of the row being emitted (valid in `emit` only): the packet's exchange time for
   * an event row, the boundary for a time-bar row. Time windows and `time_since` are read
   * as of this time (docs/language.md section 7).
   */
  rowTsHi = 0;
  rowTsLo = 0;
  /** Why the row being emitted was emitted (valid in `emit` only): a code of `ROW_TRIGGER`. */
  rowTrigger = 0;
  /**
   * The OR of the flags byte of every record read since the last emitted row (rows outside the
   * emit window included, firings the `when` rejects not): `quality.gap`, `bad_book`, `bad_ts`
   * test its `FLAG_*` bits (docs/language.md section 5.1). The driver ORs each
   * record in and clears it after every row.
   */
  flagsSinceRow = 0;
  /**
   * The stream was reset before the current segment (docs/language.md section 4.1) and no row
   * has been emitted since: `quality.reset`.
   */
  resetSinceRow = false;
}

/** Receives one row, one `put*` per column in order. */
export interface RowSink {
  /**
   * The next row goes to day file `file` of a stream (docs/language.md section 4.1). Called by
   * the driver, never by a kernel; a sink of one output ignores it.
   */
  route?(file: number): void;
  putF64(value: number, valid: boolean): void;
  putI64(value: number, valid: boolean): void;
  putBool(value: boolean, valid: boolean): void;
  putTimestamp(hi: number, lo: number, valid: boolean): void;
}

export type ColumnTypeName = "f64" | "i64" | "bool" | "timestamp";

export interface KernelMeta {
  name: string;
  irHash: string;
  /** Every output column in order; with labels, the labels are the last `labels.count`. */
  columns: { name: string; type: ColumnTypeName }[];
  /**
   * Labels (docs/language.md section 10): `count` label columns, `nowSlots` values of the
   * present captured at the row, and the horizon of each future slot in ns. Absent without labels.
   */
  labels?: { count: number; nowSlots: number; horizonsNs: bigint[] };
  /** `bookChange`, `everyVolume`: absent when off (docs/language.md section 8). */
  trigger: {
    everyEvent: boolean;
    trade: boolean;
    everyEvents: number;
    barNs: bigint;
    bookChange?: number;
    everyVolume?: number;
  };
}

/** One generated kernel instance: the temporal state of one symbol stream. */
export interface Kernel {
  /** Update every temporal operator from the packet just applied. */
  step(book: BookView, ctx: StepContext): void;
  /** Evaluate the columns into `row`, then reset the since-emit state. */
  emit(book: BookView, ctx: StepContext, row: RowSink): void;
  /**
   * After `step`: why the kernel can no longer compute its columns as written, or null (a time
   * window holding more steps than its `max_events`, docs/language.md section 7.4). Absent when
   * the kernel has no time window. The driver stops the run with this message.
   */
  overflow?(): string | null;
  /**
   * The trigger's `when`: whether a firing emits a row; runs before `emit` with the row's
   * time set, changes no state a later row could see. Absent when the trigger has none.
   */
  filter?(book: BookView, ctx: StepContext): boolean;
  // With labels (meta.labels). A label slot holds an f64, an i64, or 0/1 for a bool.
  /** At a delivered row, after `filter` and before `emit`: fills the now slots; changes no state. */
  labelNow?(book: BookView, ctx: StepContext, now: Float64Array, nowValid: Uint8Array): void;
  /** Future slot `slot` as of now into `out[slot]`, with the row time set to the capture time; changes no state. */
  future?(slot: number, book: BookView, ctx: StepContext, out: Float64Array, outValid: Uint8Array): void;
  /** The label columns into `row`, in order; a label whose futures are not all `known` (1) is null. */
  labels?(
    now: Float64Array,
    nowValid: Uint8Array,
    fut: Float64Array,
    futValid: Uint8Array,
    known: Uint8Array,
    row: RowSink,
  ): void;
}

/** What a generated kernel module exports. */
export interface KernelModule {
  meta: KernelMeta;
  createKernel(): Kernel;
}

/** Largest integer an `i64` value may hold (docs/language.md section 6). */
export const I64_SAFE_MAX = 2 ** 53 - 1;
