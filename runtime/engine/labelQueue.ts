// Rows held back until their labels' futures are known: docs/language.md section 10, the
// mirror of `Pending` in native/core/src/driver/emitter.rs. A row's futures are captured at the start
// of the first packet at or after their due time (the row's label time plus the horizon), from
// the state after the previous packet; the row is delivered, in order, once every future of
// it is captured, or at the end of the log with the missing ones null. Label times never
// decrease, so each future slot is captured in row order and one cursor a slot suffices. The
// queue holds the rows emitted within the largest horizon.

import type { BookView, Kernel, KernelMeta, RowSink, StepContext } from "../kernel.js";
import { bigIntHi, bigIntLo, pairToBigInt } from "../log/int64.js";

const INT64_MAX = 2n ** 63n - 1n;
const F64 = 0;
const I64 = 1;
const BOOL = 2;
const TIMESTAMP = 3;

/** One held row: its columns as put by `Kernel.emit`, and its label slots. */
class HeldRow implements RowSink {
  /** The day file the row is routed to. */
  file = 0;
  private readonly kinds: number[] = [];
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly valid: boolean[] = [];
  readonly now: Float64Array;
  readonly nowValid: Uint8Array;
  readonly fut: Float64Array;
  readonly futValid: Uint8Array;
  readonly known: Uint8Array;
  /** Due time of each future slot as (hi, lo); `never` past int64. */
  readonly dueHi: Float64Array;
  readonly dueLo: Float64Array;
  readonly never: Uint8Array;

  constructor(nowSlots: number, futures: number) {
    this.now = new Float64Array(nowSlots);
    this.nowValid = new Uint8Array(nowSlots);
    this.fut = new Float64Array(futures);
    this.futValid = new Uint8Array(futures);
    this.known = new Uint8Array(futures);
    this.dueHi = new Float64Array(futures);
    this.dueLo = new Float64Array(futures);
    this.never = new Uint8Array(futures);
  }

  putF64(value: number, valid: boolean): void {
    this.hold(F64, value, 0, valid);
  }

  putI64(value: number, valid: boolean): void {
    this.hold(I64, value, 0, valid);
  }

  putBool(value: boolean, valid: boolean): void {
    this.hold(BOOL, value ? 1 : 0, 0, valid);
  }

  putTimestamp(hi: number, lo: number, valid: boolean): void {
    this.hold(TIMESTAMP, hi, lo, valid);
  }

  replay(sink: RowSink): void {
    for (let c = 0; c < this.kinds.length; c++) {
      switch (this.kinds[c]) {
        case F64:
          sink.putF64(this.a[c], this.valid[c]);
          break;
        case I64:
          sink.putI64(this.a[c], this.valid[c]);
          break;
        case BOOL:
          sink.putBool(this.a[c] !== 0, this.valid[c]);
          break;
        default:
          sink.putTimestamp(this.a[c], this.b[c], this.valid[c]);
      }
    }
  }

  private hold(kind: number, a: number, b: number, valid: boolean): void {
    this.kinds.push(kind);
    this.a.push(a);
    this.b.push(b);
    this.valid.push(valid);
  }
}

export class LabelQueue {
  private readonly nowSlots: number;
  private readonly horizons: bigint[];
  private rows: HeldRow[] = [];
  /** Index in `rows` of the oldest held row, whose absolute index is `base`. */
  private start = 0;
  private base = 0;
  /** Per future slot, the absolute index of the first row not captured yet. */
  private readonly next: number[];
  private lastTime: bigint | null = null;

  constructor(labels: NonNullable<KernelMeta["labels"]>) {
    this.nowSlots = labels.nowSlots;
    this.horizons = labels.horizonsNs;
    this.next = labels.horizonsNs.map(() => 0);
  }

  /**
   * A row at time (hi, lo) for day file `file` about to be emitted: captures its now slots;
   * `Kernel.emit` then puts its columns into the result.
   */
  hold(kernel: Kernel, book: BookView, ctx: StepContext, hi: number, lo: number, file: number): RowSink {
    const row = new HeldRow(this.nowSlots, this.horizons.length);
    row.file = file;
    kernel.labelNow!(book, ctx, row.now, row.nowValid);
    const at = pairToBigInt(hi, lo);
    const time = this.lastTime !== null && this.lastTime > at ? this.lastTime : at;
    this.lastTime = time;
    this.horizons.forEach((horizon, slot) => {
      const due = time + horizon;
      if (due > INT64_MAX) row.never[slot] = 1;
      else {
        row.dueHi[slot] = bigIntHi(due);
        row.dueLo[slot] = bigIntLo(due);
      }
    });
    this.rows.push(row);
    return row;
  }

  /**
   * Captures every future due at or before (limitHi, limitLo) from the state as it is now, in
   * order of due time (then slot), so operators read as of a time are read forward.
   */
  capture(kernel: Kernel, book: BookView, ctx: StepContext, limitHi: number, limitLo: number): void {
    const held = this.rows.length - this.start;
    for (;;) {
      let slot = -1;
      let hi = 0;
      let lo = 0;
      for (let s = 0; s < this.horizons.length; s++) {
        const index = this.next[s] - this.base;
        if (index >= held) continue;
        const row = this.rows[this.start + index];
        if (row.never[s] === 1) continue;
        const h = row.dueHi[s];
        const l = row.dueLo[s];
        if (h > limitHi || (h === limitHi && l > limitLo)) continue;
        if (slot < 0 || h < hi || (h === hi && l < lo)) {
          slot = s;
          hi = h;
          lo = l;
        }
      }
      if (slot < 0) return;
      const row = this.rows[this.start + this.next[slot] - this.base];
      ctx.rowTsHi = hi;
      ctx.rowTsLo = lo;
      kernel.future!(slot, book, ctx, row.fut, row.futValid);
      row.known[slot] = 1;
      this.next[slot]++;
    }
  }

  /** No row is held. */
  get empty(): boolean {
    return this.start === this.rows.length;
  }

  /** Delivers the oldest rows whose futures are all captured. */
  deliverReady(kernel: Kernel, sink: RowSink): void {
    while (this.start < this.rows.length && this.next.every((n) => n > this.base)) this.deliverOldest(kernel, sink);
    this.compact();
  }

  /**
   * End of the log (or of a stream segment, before a reset): every held row, its labels null
   * where a future was never captured; later rows start a fresh queue.
   */
  finish(kernel: Kernel, sink: RowSink): void {
    while (this.start < this.rows.length) this.deliverOldest(kernel, sink);
    this.compact();
    this.next.fill(this.base);
    this.lastTime = null;
  }

  private deliverOldest(kernel: Kernel, sink: RowSink): void {
    const row = this.rows[this.start];
    this.start++;
    this.base++;
    sink.route?.(row.file);
    row.replay(sink);
    kernel.labels!(row.now, row.nowValid, row.fut, row.futValid, row.known, sink);
  }

  private compact(): void {
    if (this.start > 1024 && this.start * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.start);
      this.start = 0;
    }
  }
}
