// The online engine: a live strategy pushes events as they arrive and reads the newest rows
// from a ring buffer. It runs the same packet driver as the batch path, so given the same
// records it computes the same rows, bit for bit.

import { BookL2 } from "../book/bookL2.js";
import { PacketDriver } from "../engine/driver.js";
import { FeatcError } from "../errors.js";
import type { KernelMeta, KernelModule } from "../kernel.js";
import * as F from "../log/format.js";
import type { LogHeader, LogReader, SnapshotEntry } from "../log/reader.js";
import { continuity, type ResetReason } from "../engine/continuity.js";
import { chooseSnapshot, type WarmUp } from "../engine/warmStart.js";
import { type EventInput, encodeEvent } from "./eventInput.js";
import { type Row, RingBuffer } from "./ringBuffer.js";

export interface OnlineOptions {
  /** Rows kept in the ring buffer. */
  capacity: number;
  priceDecimals: number;
  sizeDecimals: number;
  /** `1` L3, `2` L2; default L3, or the book kind of the first log given to `pushLog`. */
  bookKind?: number;
  /** Count and skip book faults instead of throwing. */
  lenient?: boolean;
  /**
   * The most time bars one gap between packets may close (docs/language.md section 8; default
   * 1,000,000, as `featc extract --max-gap-bars`): a push that would close more throws
   * `GAP_TOO_LONG` and emits none of them.
   */
  maxGapBars?: number;
}

export type RowListener = (row: Row) => void;

export class OnlineEngine {
  readonly rows: RingBuffer;
  readonly meta: KernelMeta;
  private driver: PacketDriver;
  private readonly options: OnlineOptions;
  private readonly module: KernelModule;
  private readonly listeners: RowListener[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(F.RECORD_LEN));
  private sequence = 0n;
  /** The header of the last log replayed, to tell whether the next one continues it. */
  private lastLog: LogHeader | null = null;

  constructor(module: KernelModule, options: OnlineOptions) {
    // Labels need the future (docs/language.md section 10); the compiler rejects them for the
    // online target (E0037), and a kernel built for batch is refused here.
    if (module.meta.labels !== undefined) {
      throw new FeatcError(
        "BAD_ARGUMENT",
        `kernel \`${module.meta.name}\` has labels, which the online engine cannot compute; serve a dataset without labels`,
      );
    }
    this.meta = module.meta;
    this.options = options;
    this.module = module;
    this.rows = new RingBuffer(module.meta, options.capacity);
    this.driver = this.createDriver(options.bookKind ?? F.BOOK_L3);
  }

  /** Hash of the kernel's IR: compare it with `featc.ir_hash` of the training data. */
  get irHash(): string {
    return this.meta.irHash;
  }

  /** Book faults counted under lenient mode, by error code. */
  get faults(): Record<string, number> {
    return this.driver.faults();
  }

  /** Call `listener` with each new row, after it is in `rows`. */
  onRow(listener: RowListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Push one record in .q layout at `offset` of `view`. Allocates nothing without listeners;
   * with listeners, each row it emits is handed to them, all of them even when they are more
   * than the ring buffer holds (several time bars after a quiet gap).
   */
  pushRecord(view: DataView, offset: number): void {
    if (this.listeners.length === 0) {
      this.driver.pushRecord(view, offset);
      return;
    }
    const outer = this.rows.collector;
    const rows: Row[] = [];
    this.rows.collector = rows;
    try {
      this.driver.pushRecord(view, offset);
    } finally {
      this.rows.collector = outer;
      // Rows emitted before a record failed were emitted: their listeners see them.
      this.notify(rows);
    }
  }

  /** Push one live event. */
  push(event: EventInput): void {
    encodeEvent(this.scratch, event, this.sequence++);
    this.pushRecord(this.scratch, 0);
  }

  /**
   * Replay the records of a log from record `from` (default: all of them). The end of the log
   * ends its last packet, with or without LAST, as in the batch path. A log after
   * another is the next day of one stream, as in the batch path (docs/language.md section
   * 4.1): the previous log's last packet ends; a log that continues it skips its opening
   * snapshot, and any other resets the engine's book and state first. Says which.
   */
  pushLog(reader: LogReader, from = 0): { start: "first" | "continued" | "reset"; resetReason?: ResetReason } {
    let outcome: { start: "first" | "continued" | "reset"; resetReason?: ResetReason } = { start: "first" };
    if (this.lastLog !== null && from === 0) {
      this.collecting(() => this.driver.endFile());
      const c = continuity(this.lastLog, reader, this.driver.book);
      if (c.continues) {
        from = c.skip;
        outcome = { start: "continued" };
      } else {
        this.driver = this.createDriver(reader.header.bookKind, true);
        outcome = { start: "reset", resetReason: c.reason };
      }
    }
    this.lastLog = reader.header;
    this.adoptLog(reader);
    const h = reader.header;
    const previousSource = this.driver.source;
    const previousNumber = this.driver.recordNumber;
    // Errors inside the replay name the file and its own record numbers; a record outside the
    // log's time range is damaged, as in the batch path.
    this.driver.source = reader.name;
    this.driver.recordNumber = from;
    this.driver.setTimeRange(h.firstTs, h.lastTs);
    try {
      for (let i = from; i < h.recordCount;) {
        const w = reader.recordWindow(i);
        for (; i < w.end; i++) this.pushRecord(w.view, w.base + F.RECORD_LEN * i);
      }
      // The end of a log ends its packet (docs/formats/q.md, "Packets"), as in the batch path: a
      // last record without LAST (a damaged or cut log) must not leave its packet open, or the
      // packet's row would wait for a later log or flush() and the rows differ from the batch
      // path's until then.
      this.collecting(() => this.driver.endFile());
    } finally {
      this.driver.source = previousSource;
      this.driver.recordNumber = previousNumber + this.driver.recordNumber - from;
      this.driver.setTimeRange(null, null);
    }
    return outcome;
  }

  /**
   * Seeds a fresh engine with the book of one of `reader`'s snapshots (docs/formats/q.md,
   * "Snapshots"): the book becomes the snapshot, nothing is stepped, and the records to push
   * next are the log's from `snapshot.record` on (`pushLog(reader, snapshot.record)`).
   */
  seedFromSnapshot(reader: LogReader, snapshot: SnapshotEntry): void {
    if (this.driver.recordNumber !== 0 || this.driver.packets !== 0)
      throw new FeatcError("BAD_ARGUMENT", "an engine is seeded from a snapshot before any event is pushed");
    this.adoptLog(reader);
    const body = reader.snapshotBody(snapshot);
    const bad = this.driver.loadSnapshot(body.view, body.at, snapshot.bodyCount, snapshot.asOfTs);
    if (bad >= 0)
      throw new FeatcError(
        "Q_BAD_SNAPSHOT",
        `${reader.name}: snapshot before record ${snapshot.record}: body record ${bad}: the book rejects it`,
      );
  }

  /**
   * A warm start (docs/language.md section 4.2): seeds a fresh engine from the last snapshot of
   * `reader` that leaves `warmUp` of history before `fromNs` (the spec's warm-up horizon,
   * `featc explain`) and replays the log from there, or the whole log when no snapshot is early
   * enough. Rows from `fromNs` on are the rows a full replay computes, bit for bit, for a spec
   * whose horizon is bounded; earlier rows are warm-up. Returns the snapshot used, or null.
   */
  warmStart(reader: LogReader, fromNs: bigint, warmUp: WarmUp): SnapshotEntry | null {
    const snapshot = chooseSnapshot(reader, fromNs, warmUp);
    if (snapshot === null) {
      this.pushLog(reader);
      return null;
    }
    this.seedFromSnapshot(reader, snapshot);
    this.pushLog(reader, snapshot.record);
    return snapshot;
  }

  /** Checks that `reader` fits the engine; an engine that has seen nothing yet takes its book kind. */
  private adoptLog(reader: LogReader): void {
    const h = reader.header;
    // Without an explicit book kind, an engine that has seen nothing yet takes the log's.
    if (this.options.bookKind === undefined && this.driver.recordNumber === 0 && this.driver.packets === 0) {
      if (h.bookKind !== F.BOOK_L3 && !(this.driver.book instanceof BookL2))
        this.driver = this.createDriver(h.bookKind);
    }
    const bookKind = this.driver.book instanceof BookL2 ? F.BOOK_L2 : F.BOOK_L3;
    if (
      h.priceDecimals !== this.options.priceDecimals ||
      h.sizeDecimals !== this.options.sizeDecimals ||
      h.bookKind !== bookKind
    ) {
      throw new FeatcError(
        "BAD_ARGUMENT",
        `${reader.name}: decimals ${h.priceDecimals}/${h.sizeDecimals} and book kind ${h.bookKind} differ from the engine's ${this.options.priceDecimals}/${this.options.sizeDecimals} and ${bookKind}`,
      );
    }
  }

  /** End of input: close a packet left open by a record without LAST. */
  flush(): void {
    this.collecting(() => this.driver.finish());
  }

  /** `reset`: the stream was reset before it, so its first row reads `quality.reset` true. */
  private createDriver(bookKind: number, reset = false): PacketDriver {
    return new PacketDriver(this.module, this.rows, {
      priceDecimals: this.options.priceDecimals,
      sizeDecimals: this.options.sizeDecimals,
      bookKind,
      lenient: this.options.lenient,
      source: "online",
      reset,
      maxGapBars: this.options.maxGapBars,
    });
  }

  /** Runs `work`, then hands every row it emitted to the listeners (see `pushRecord`). */
  private collecting(work: () => void): void {
    if (this.listeners.length === 0) {
      work();
      return;
    }
    const outer = this.rows.collector;
    const rows: Row[] = [];
    this.rows.collector = rows;
    try {
      work();
    } finally {
      this.rows.collector = outer;
      this.notify(rows);
    }
  }

  private notify(rows: Row[]): void {
    if (rows.length === 0) return;
    // Over a copy, skipping the unsubscribed: a listener may unsubscribe itself, or another,
    // while rows are handed out, and then gets no further row.
    const listeners = this.listeners.slice();
    for (const row of rows) for (const listener of listeners) if (this.listeners.includes(listener)) listener(row);
  }
}
