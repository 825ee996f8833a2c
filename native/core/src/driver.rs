//! The packet driver: replays one `.q` log into a book and runs a kernel over it, exactly as
//! docs/language.md section 4 says (the TypeScript runtime implements the same text; the two
//! must produce bit-identical rows).
//!
//! One choice that section leaves open, made here: under `lenient`, a skipped record changes
//! neither the book nor the packet's trades, but still ends its packet when it has `LAST` and
//! still supplies the packet's `event.*` fields when it is the packet's last record.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::book::{BookL2, BookL3, ReplayBook};
use crate::error::{code, FeatcError};
use crate::ffi::RunCounts;
use crate::kernel::{row_trigger, Kernel, RowBatch, StepContext};
use crate::log::{aggressor, flag, kind, kind_name, side, LogReader, Record, BOOK_L2, BOOK_L3};

pub struct RunRequest {
    pub path: PathBuf,
    /// Count and skip book faults instead of failing.
    pub lenient: bool,
    /// Rows per batch handed to the sink (0 means 8192).
    pub batch_rows: usize,
    /// Keep only rows whose trigger time is in `[emit_from_ns, emit_to_ns)`.
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
}

impl RunRequest {
    /// Every row, strict, 8192 rows per batch.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        RunRequest { path: path.into(), lenient: false, batch_rows: 8192, emit_from_ns: i64::MIN, emit_to_ns: i64::MAX }
    }
}

/// Where rows and progress go. Returning false cancels the run (error `CANCELLED`).
pub trait RunSink {
    fn batch(&mut self, b: &RowBatch) -> bool;
    fn progress(&mut self, done: u64, total: u64) -> bool;
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// The counts, as the C ABI carries them to the host (`skipped`: records skipped under
    /// `lenient`, in total).
    pub counts: RunCounts,
    /// Records skipped under `lenient`, by error code.
    pub skipped_by_reason: Vec<(&'static str, u64)>,
}

/// Progress is reported every this many records.
const PROGRESS_EVERY: u64 = 1 << 20;

/// The trades and order flow of the packet being applied (docs/language.md section 4, step 2).
#[derive(Default)]
struct PacketTrades {
    count: i64,
    size: i64,
    signed_size: i64,
    last_price: i64,
    /// Order flow (docs/language.md section 4, step 2), indexed by side code (0 none, 1 bid,
    /// 2 ask) so the count is one indexed add; slot 0 collects what has no side and is unread.
    adds: [i64; 3],
    cancels: [i64; 3],
}

/// Rows and batches: applies the emit window and flushes full batches.
struct Emitter<'a> {
    batch: RowBatch,
    /// Receives the rows outside the emit window, so the kernel's emit (and its since-emit
    /// resets) runs the same whether or not a row is kept.
    discard: RowBatch,
    batch_rows: usize,
    from: i64,
    to: i64,
    rows: u64,
    sink: &'a mut dyn RunSink,
    /// Rows waiting for their labels' futures; `None` without labels.
    pending: Option<Pending>,
}

/// A delivered row whose labels wait for their futures (docs/language.md section 10).
struct PendingRow {
    /// The columns as `RowBatch` stores them.
    bits: Vec<u64>,
    valid: Vec<u8>,
    now: Vec<u64>,
    now_valid: Vec<bool>,
    fut: Vec<u64>,
    fut_valid: Vec<bool>,
    known: Vec<bool>,
    /// Capture time of each future slot: the label time plus the horizon (`None` past i64).
    due: Vec<Option<i64>>,
}

/// The rows held for labels, oldest first. Every future slot is captured in row order (label
/// times never decrease), so one cursor a slot finds the next capture. The queue holds the rows
/// emitted within the largest horizon.
struct Pending {
    rows: VecDeque<PendingRow>,
    /// Number of rows already delivered: the absolute index of `rows[0]`.
    base: u64,
    /// Per future slot, the absolute index of the first row not captured yet.
    next: Vec<u64>,
    /// The label time of the last row held (section 10: a row's label time is at least its predecessor's).
    last_time: i64,
    /// Receives one row's columns from `Kernel::emit`.
    scratch: RowBatch,
}

impl Emitter<'_> {
    #[inline]
    fn emit<K: Kernel, B: ReplayBook>(
        &mut self,
        kernel: &mut K,
        book: &B,
        ctx: &StepContext,
        at: i64,
        cause: i64,
    ) -> Result<(), FeatcError> {
        // The row's time, for operators read as of it, and why it fires (`StepContext::row_ts`, `row_trigger`).
        let ctx = &StepContext { row_ts: at, row_trigger: cause, ..*ctx };
        // The trigger's `when`: a firing it rejects is no row at all (docs/language.md section 8).
        if !kernel.filter(book, ctx) {
            return Ok(());
        }
        if at < self.from || at >= self.to {
            kernel.emit(book, ctx, &mut self.discard);
            self.discard.clear();
            return Ok(());
        }
        self.rows += 1;
        if let Some(p) = self.pending.as_mut() {
            let mut now = vec![0u64; K::NOW_SLOTS];
            let mut now_valid = vec![false; K::NOW_SLOTS];
            kernel.label_now(book, ctx, &mut now, &mut now_valid);
            kernel.emit(book, ctx, &mut p.scratch);
            let bits = p.scratch.values.iter().map(|c| c[0]).collect();
            let valid = p.scratch.valid.iter().map(|c| c[0]).collect();
            p.scratch.clear();
            let time = at.max(p.last_time);
            p.last_time = time;
            let futures = K::FUTURE_HORIZONS_NS.len();
            p.rows.push_back(PendingRow {
                bits,
                valid,
                now,
                now_valid,
                fut: vec![0; futures],
                fut_valid: vec![false; futures],
                known: vec![false; futures],
                due: K::FUTURE_HORIZONS_NS.iter().map(|h| time.checked_add(*h)).collect(),
            });
            return self.deliver_ready(kernel);
        }
        kernel.emit(book, ctx, &mut self.batch);
        if self.batch.rows >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// Captures every future due at or before `limit`, from the state as it is now: after every
    /// packet whose first record is before `limit` (docs/language.md section 10). Futures are
    /// taken in order of due time (then slot), so operators read as of a time are read forward.
    fn capture<K: Kernel, B: ReplayBook>(&mut self, kernel: &mut K, book: &B, ctx: &StepContext, limit: i64) {
        let Some(p) = self.pending.as_mut() else { return };
        loop {
            let mut earliest: Option<(i64, usize)> = None;
            for slot in 0..K::FUTURE_HORIZONS_NS.len() {
                let Some(row) = p.rows.get((p.next[slot] - p.base) as usize) else { continue };
                if let Some(due) = row.due[slot] {
                    if due <= limit && earliest.map_or(true, |(first, _)| due < first) {
                        earliest = Some((due, slot));
                    }
                }
            }
            let Some((due, slot)) = earliest else { return };
            let row = &mut p.rows[(p.next[slot] - p.base) as usize];
            let (bits, valid) = kernel.future(slot, book, &StepContext { row_ts: due, ..*ctx });
            row.fut[slot] = bits;
            row.fut_valid[slot] = valid;
            row.known[slot] = true;
            p.next[slot] += 1;
        }
    }

    /// Delivers the oldest rows whose futures are all captured.
    fn deliver_ready<K: Kernel>(&mut self, kernel: &K) -> Result<(), FeatcError> {
        loop {
            let Some(p) = self.pending.as_mut() else { return Ok(()) };
            if p.rows.is_empty() || p.next.iter().any(|&n| n <= p.base) {
                return Ok(());
            }
            let row = p.rows.pop_front().expect("checked above");
            p.base += 1;
            self.put_labelled::<K>(kernel, &row)?;
        }
    }

    /// End of the log: every held row, its labels null where a future was never captured.
    fn finish_labels<K: Kernel>(&mut self, kernel: &K) -> Result<(), FeatcError> {
        while let Some(row) = self.pending.as_mut().and_then(|p| p.rows.pop_front()) {
            self.put_labelled::<K>(kernel, &row)?;
        }
        Ok(())
    }

    fn put_labelled<K: Kernel>(&mut self, kernel: &K, row: &PendingRow) -> Result<(), FeatcError> {
        for (bits, valid) in row.bits.iter().zip(&row.valid) {
            self.batch.put_raw(*bits, *valid != 0);
        }
        kernel.labels(&row.now, &row.now_valid, &row.fut, &row.fut_valid, &row.known, &mut self.batch);
        if self.batch.rows >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), FeatcError> {
        if self.batch.rows > 0 {
            if !self.sink.batch(&self.batch) {
                return Err(cancelled());
            }
            self.batch.clear();
        }
        Ok(())
    }
}

fn cancelled() -> FeatcError {
    FeatcError::new(code::CANCELLED, "the run was cancelled")
}

/// `event.side`: 1 bid, -1 ask, 0 none.
#[inline(always)]
fn side_sign(s: u8) -> i64 {
    match s {
        side::BID => 1,
        side::ASK => -1,
        _ => 0,
    }
}

/// Replays the log at `req.path` through `K`, in the book its header names. The book kind is
/// matched once here; each kind runs its own monomorphised loop (no dynamic dispatch per record).
pub fn run_log<K: Kernel>(req: &RunRequest, sink: &mut dyn RunSink) -> Result<RunSummary, FeatcError> {
    let log = LogReader::open(&req.path)?;
    match log.header().book_kind {
        BOOK_L3 => replay::<K, BookL3>(&log, req, sink),
        BOOK_L2 => replay::<K, BookL2>(&log, req, sink),
        other => Err(FeatcError::new(
            code::Q_UNSUPPORTED_BOOK,
            format!("{}: book kind {other} cannot be replayed by this build (1 L3, 2 L2)", log.name()),
        )),
    }
}

fn replay<K: Kernel, B: ReplayBook>(
    log: &LogReader,
    req: &RunRequest,
    sink: &mut dyn RunSink,
) -> Result<RunSummary, FeatcError> {
    let header = log.header().clone();
    let total = log.len();
    let batch_rows = if req.batch_rows == 0 { 8192 } else { req.batch_rows };
    let columns = K::COLUMNS.len();
    let trigger = K::TRIGGER;
    let mut out = Emitter {
        batch: RowBatch::new(columns, batch_rows),
        discard: RowBatch::new(columns, 1),
        batch_rows,
        from: req.emit_from_ns,
        to: req.emit_to_ns,
        rows: 0,
        sink,
        pending: (K::LABELS > 0).then(|| Pending {
            rows: VecDeque::new(),
            base: 0,
            next: vec![0; K::FUTURE_HORIZONS_NS.len()],
            last_time: i64::MIN,
            scratch: RowBatch::new(columns - K::LABELS, 1),
        }),
    };
    let mut book = B::new();
    let mut kernel = K::new();
    let mut ctx =
        StepContext { price_scale: header.price_scale(), size_scale: header.size_scale(), ..StepContext::default() };
    let mut summary = RunSummary::default();
    let mut skipped: Vec<(&'static str, u64)> = Vec::new();

    let bar = trigger.bar_ns;
    let mut next_bar: Option<i64> = None;
    let mut packets_since_row: u64 = 0;
    // `every V volume` and `book_change(n)` (docs/language.md section 8).
    let mut volume_since_row: i64 = 0;
    let mut top = crate::kernel::TopLevels::new(trigger.book_change);
    let mut trades = PacketTrades::default();
    let mut packet_open = false;
    let mut prev_ts = i64::MIN;

    for i in 0..total {
        let r: Record = log.record(i);
        if let Some(reason) = r.code_error() {
            return Err(record_error(
                log,
                code::Q_BAD_RECORD,
                i,
                &format!("{reason} (kind {}, side {}, aggressor {})", r.kind, r.side, r.aggressor),
            ));
        }
        if r.exchange_ts < prev_ts {
            return Err(record_error(
                log,
                code::Q_TIME_ORDER,
                i,
                &format!("exchange time {} is before the previous record's {prev_ts}", r.exchange_ts),
            ));
        }
        prev_ts = r.exchange_ts;
        if i == 0 {
            summary.counts.first_ts = r.exchange_ts;
        }

        if !packet_open {
            packet_open = true;
            let t0 = r.exchange_ts;
            // Step 1: time bars, from the packet's first record. Label futures due before a
            // boundary are captured before its row (docs/language.md section 10).
            if bar > 0 {
                match next_bar {
                    None => next_bar = Some(t0.div_euclid(bar).saturating_mul(bar).saturating_add(bar)),
                    Some(mut b) => {
                        while t0 >= b {
                            out.capture(&mut kernel, &book, &ctx, b);
                            out.emit(&mut kernel, &book, &ctx, b, row_trigger::BAR)?;
                            packets_since_row = 0;
                            volume_since_row = 0;
                            b = b.saturating_add(bar);
                        }
                        next_bar = Some(b);
                    }
                }
            }
            // Futures due at or before t0: their value is the state before this packet.
            out.capture(&mut kernel, &book, &ctx, t0);
            out.deliver_ready(&kernel)?;
        }

        // Step 2: apply, and gather the packet's trades and order flow. The resting order's
        // side is looked up (before the record removes it) only where the record lacks one.
        let removal = r.kind == kind::CANCEL || r.kind == kind::DELETE;
        let resting_side =
            if (r.kind == kind::EXECUTE && r.aggressor == aggressor::UNKNOWN) || (removal && r.side == side::NONE) {
                book.resting_side(r.order_id)
            } else {
                side::NONE
            };
        match book.apply(&r) {
            Ok(()) => {
                if r.flags & flag::SNAPSHOT == 0 {
                    // Side codes are checked to be at most 2 above; an applied ADD has a side.
                    if r.kind == kind::ADD {
                        trades.adds[r.side as usize] += 1;
                    } else if removal {
                        // The record's side, else the resting order's (looked up only then).
                        trades.cancels[(r.side | resting_side) as usize] += 1;
                    }
                }
                if r.kind == kind::EXECUTE || r.kind == kind::TRADE {
                    let who = match (r.aggressor, resting_side) {
                        (aggressor::UNKNOWN, side::BID) => aggressor::SELL,
                        (aggressor::UNKNOWN, side::ASK) => aggressor::BUY,
                        (a, _) => a,
                    };
                    trades.count += 1;
                    trades.size += r.size;
                    trades.signed_size += match who {
                        aggressor::BUY => r.size,
                        aggressor::SELL => -r.size,
                        _ => 0,
                    };
                    trades.last_price = r.price;
                }
            }
            Err(fault) => {
                if !req.lenient {
                    let what = kind_name(r.kind).to_ascii_lowercase();
                    return Err(record_error(log, fault.code(), i, &fault.describe(&what)));
                }
                summary.counts.skipped += 1;
                match skipped.iter_mut().find(|(c, _)| *c == fault.code()) {
                    Some((_, n)) => *n += 1,
                    None => skipped.push((fault.code(), 1)),
                }
            }
        }

        if r.is_last() || i + 1 == total {
            packet_open = false;
            summary.counts.packets += 1;
            ctx.exchange_ts = r.exchange_ts;
            ctx.ingest_ts = r.ingest_ts;
            ctx.price = r.price;
            ctx.size = r.size;
            ctx.side = side_sign(r.side);
            ctx.kind = r.kind as i64;
            ctx.trade_count = trades.count;
            ctx.trade_size = trades.size;
            ctx.trade_signed_size = trades.signed_size;
            ctx.trade_last_price = trades.last_price;
            ctx.flow_adds_bid = trades.adds[side::BID as usize];
            ctx.flow_adds_ask = trades.adds[side::ASK as usize];
            ctx.flow_cancels_bid = trades.cancels[side::BID as usize];
            ctx.flow_cancels_ask = trades.cancels[side::ASK as usize];
            trades = PacketTrades::default();
            // Step 3.
            kernel.step(&book, &ctx);
            if let Some(what) = kernel.overflow() {
                return Err(record_error(log, code::WINDOW_OVERFLOW, i, what));
            }
            // Step 4: at most one event row per packet.
            packets_since_row += 1;
            volume_since_row += ctx.trade_size;
            // Compared after every packet, so the snapshot is always the previous packet's.
            let book_changed = trigger.book_change > 0 && top.changed(&book);
            // The first condition that holds names the row (docs/language.md section 4).
            let cause = if trigger.every_event {
                row_trigger::EVENT
            } else if trigger.every_events > 0 && packets_since_row >= trigger.every_events {
                row_trigger::EVENTS
            } else if trigger.trade && ctx.trade_count > 0 {
                row_trigger::TRADE
            } else if book_changed {
                row_trigger::BOOK_CHANGE
            } else if trigger.every_volume > 0.0 && volume_since_row as f64 / ctx.size_scale >= trigger.every_volume {
                row_trigger::VOLUME
            } else {
                0
            };
            if cause != 0 {
                out.emit(&mut kernel, &book, &ctx, r.exchange_ts, cause)?;
                packets_since_row = 0;
                volume_since_row = 0;
            }
        }

        if (i + 1) % PROGRESS_EVERY == 0 && !out.sink.progress(i + 1, total) {
            return Err(cancelled());
        }
    }
    out.finish_labels(&kernel)?;
    out.flush()?;
    if !out.sink.progress(total, total) {
        return Err(cancelled());
    }
    summary.counts.records = total;
    summary.counts.last_ts = prev_ts.max(summary.counts.first_ts);
    if total == 0 {
        summary.counts.last_ts = 0;
    }
    summary.counts.rows = out.rows;
    summary.skipped_by_reason = skipped;
    Ok(summary)
}

fn record_error(log: &LogReader, code: &'static str, i: u64, reason: &str) -> FeatcError {
    FeatcError::new(code, format!("{}: record {i} (byte {}): {reason}", log.name(), LogReader::record_offset(i)))
}
