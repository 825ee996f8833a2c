//! One segment of a stream: the files from the first (or from a reset) on, replayed record by
//! record through one book and one kernel, until the stream ends or a file does not continue it
//! (docs/language.md sections 4 and 4.1).

use super::continuity;
use super::emitter::Emitter;
use super::warm_start;
use super::{cancelled, Progress, ResetReason, RunRequest, StreamStart, WarmStart, PROGRESS_EVERY};
use crate::book::ReplayBook;
use crate::error::{code, FeatcError};
use crate::kernel::{row_trigger, Kernel, StepContext, TopLevels};
use crate::log::{aggressor, flag, kind, kind_name, side, LogReader, Record};

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

/// Prices and sizes must be below this in magnitude: 2^53, the first integer a TypeScript
/// number cannot tell from its neighbour (docs/formats/q.md, "Validity and errors").
const EXACT_LIMIT: u64 = 1 << 53;

/// How many records ahead the book is asked to prefetch an order (`ReplayBook::prefetch`):
/// about a memory latency's worth of replay.
const PREFETCH_AHEAD: u64 = 8;

/// `event.side`: 1 bid, -1 ask, 0 none.
#[inline(always)]
fn side_sign(s: u8) -> i64 {
    match s {
        side::BID => 1,
        side::ASK => -1,
        _ => 0,
    }
}

/// Everything that carries from one file of a segment to the next.
struct State<K, B> {
    book: B,
    kernel: K,
    ctx: StepContext,
    /// The next time-bar boundary `B` (docs/language.md section 4, step 1), once the first
    /// packet set it. Wider than i64: a boundary past the last representable time is never
    /// reached, rather than saturated and reached again and again.
    next_bar: Option<i128>,
    packets_since_row: u64,
    /// `every V volume` and `book_change(n)` (docs/language.md section 8).
    volume_since_row: i64,
    top: TopLevels,
    trades: PacketTrades,
    packet_open: bool,
    prev_ts: i64,
}

/// Replays `logs[first..]` while each file continues the one before it. `Some((k, reason))`:
/// file `k` does not, and starts a new segment; `None`: the stream ended.
pub(super) fn segment<K: Kernel, B: ReplayBook>(
    logs: &[LogReader],
    first: usize,
    start: StreamStart,
    req: &RunRequest,
    out: &mut Emitter<'_>,
    progress: &mut Progress,
) -> Result<Option<(usize, ResetReason)>, FeatcError> {
    let header = logs[first].header();
    let mut st = State {
        book: B::new(),
        kernel: K::new(),
        ctx: StepContext {
            price_scale: header.price_scale(),
            size_scale: header.size_scale(),
            // `quality.reset`: the first row of a segment after a reset says so (docs/language.md section 5).
            reset_since_row: matches!(start, StreamStart::Reset(_)),
            ..StepContext::default()
        },
        next_bar: None,
        packets_since_row: 0,
        volume_since_row: 0,
        top: TopLevels::new(K::TRIGGER.book_change),
        trades: PacketTrades::default(),
        packet_open: false,
        prev_ts: i64::MIN,
    };
    out.segment_first = first;
    for (k, log) in logs.iter().enumerate().skip(first) {
        let mut begin = 0u64;
        if k == first {
            out.files[k].start = start;
            if let (0, Some(warm)) = (k, req.warm_start) {
                if let Some(snapshot) = warm_start::choose(log, req.emit_from_ns, warm) {
                    for j in 0..snapshot.body_count {
                        let r = log.snapshot_record(&snapshot, j);
                        if let Err(fault) = st.book.apply(&r) {
                            let what = kind_name(r.kind).to_ascii_lowercase();
                            return Err(FeatcError::new(
                                code::Q_BAD_SNAPSHOT,
                                format!(
                                    "{}: snapshot before record {}: body record {j}: {}",
                                    log.name(),
                                    snapshot.record,
                                    fault.describe(&what)
                                ),
                            ));
                        }
                    }
                    // `book_change(n)` compares with the previous packet's book: the snapshot's.
                    st.top.changed(&st.book);
                    st.prev_ts = snapshot.as_of_ts;
                    begin = snapshot.record;
                    out.files[k].warm_start = Some(WarmStart { as_of_ts: snapshot.as_of_ts, record: snapshot.record });
                }
            }
        } else {
            match continuity::continues(logs[k - 1].header(), log, &st.book) {
                Ok(skip) => {
                    out.files[k].start = StreamStart::Continued;
                    begin = skip;
                }
                Err(reason) => {
                    // The segment ends as a stream's end does: held rows go out with the
                    // futures they have; the bar in progress is not written.
                    out.finish_labels(&st.kernel)?;
                    return Ok(Some((k, reason)));
                }
            }
        }
        out.file_starts[k] = log.header().first_ts;
        out.current = k;
        if replay_file(log, k, begin, &mut st, req, out, progress)? {
            // The files after it are not read: they could only hold rows after the window.
            for later in &logs[k + 1..] {
                progress.done += later.len();
            }
            break;
        }
    }
    out.finish_labels(&st.kernel)?;
    Ok(None)
}

/// Records `[begin, len)` of file `k`. The end of the file ends a packet. `Ok(true)`: the
/// replay stopped after the emit window, and the stream needs no more records.
fn replay_file<K: Kernel, B: ReplayBook>(
    log: &LogReader,
    k: usize,
    begin: u64,
    st: &mut State<K, B>,
    req: &RunRequest,
    out: &mut Emitter<'_>,
    progress: &mut Progress,
) -> Result<bool, FeatcError> {
    let total = log.len();
    let trigger = K::TRIGGER;
    let bar = trigger.bar_ns;
    let mut skipped: Vec<(&'static str, u64)> = Vec::new();
    let mut packets = 0u64;
    // Where the replay stopped: the end of the file, or a packet after the emit window.
    let mut end = total;
    let (first_ts, last_ts) = (log.header().first_ts, log.header().last_ts);
    let State { book, kernel, ctx, next_bar, packets_since_row, volume_since_row, top, trades, packet_open, prev_ts } =
        st;
    // `next_bar` as an i64 the packets are compared with: i64::MIN before the first packet
    // sets it, i64::MAX when it lies past every time (the i128 test then decides).
    let due = |next: &Option<i128>| next.map_or(i64::MIN, |b| b.min(i64::MAX as i128) as i64);
    let mut bar_due = due(next_bar);
    // Whether the book is large enough for a look ahead to pay (asked again at every progress call).
    let mut prefetching = book.prefetches();
    for i in begin..total {
        // On a large book the order's slot is a cache miss: ask for the one PREFETCH_AHEAD
        // records on, so that it arrives while the records before it are replayed.
        if prefetching && i + PREFETCH_AHEAD < total {
            book.prefetch(log.order_id(i + PREFETCH_AHEAD));
        }
        let r: Record = log.record(i);
        // Every check of `refusal` in one test (a sound record passes them all), so the loop
        // branches once here; which one failed is worked out only then.
        let unsound = (r.kind.wrapping_sub(kind::ADD) > kind::STATUS - kind::ADD)
            | (r.side > side::ASK)
            | (r.aggressor > aggressor::SELL)
            | (r.exchange_ts < *prev_ts)
            | (r.exchange_ts < first_ts)
            | (r.exchange_ts > last_ts)
            | ((r.price.unsigned_abs() | r.size.unsigned_abs()) >= EXACT_LIMIT);
        if unsound {
            return Err(refusal(log, i, &r, *prev_ts));
        }
        let before = *prev_ts;
        *prev_ts = r.exchange_ts;

        if !*packet_open {
            *packet_open = true;
            let t0 = r.exchange_ts;
            // Step 1: time bars, from the packet's first record. Label futures due before a
            // boundary are captured before its row (docs/language.md section 10).
            if bar > 0 && t0 >= bar_due {
                let period = bar as i128;
                match *next_bar {
                    None => *next_bar = Some(t0.div_euclid(bar) as i128 * period + period),
                    Some(mut b) if t0 as i128 >= b => {
                        // Counted before any is emitted: a gap of decades costs one division.
                        let bars = (t0 as i128 - b) / period + 1;
                        if bars > req.max_gap_bars as i128 {
                            return Err(record_error(
                                log,
                                code::GAP_TOO_LONG,
                                i,
                                &format!(
                                    "the packet at exchange time {t0} closes {bars} time bars of {bar} ns since the previous record at {before}, more than the --max-gap-bars limit of {}",
                                    req.max_gap_bars
                                ),
                            ));
                        }
                        for _ in 0..bars {
                            // b <= t0 here, so it is an i64.
                            let at = b as i64;
                            if K::LABELS > 0 {
                                out.capture(kernel, &*book, ctx, at);
                            }
                            if out.emit(kernel, &*book, ctx, at, row_trigger::BAR)? {
                                clear_since_row(ctx);
                            }
                            *packets_since_row = 0;
                            *volume_since_row = 0;
                            b += period;
                        }
                        *next_bar = Some(b);
                    }
                    Some(_) => {}
                }
                bar_due = due(next_bar);
            }
            // Futures due at or before t0: their value is the state before this packet.
            if K::LABELS > 0 {
                out.capture(kernel, &*book, ctx, t0);
                out.deliver_ready(&*kernel)?;
            }
            if out.past_window(t0) {
                *packet_open = false;
                end = i;
                break;
            }
        }

        // `quality.*` since the last row: every record read counts, one the book rejects too
        // (docs/language.md section 5.1). After step 1, so a bar row before this
        // packet does not see it.
        ctx.flags_since_row |= r.flags;

        // Step 2: apply, and gather the packet's trades and order flow. The resting order's
        // side (`touched`: as the book found it, by the lookup that applied the record) is used
        // only where the record lacks one.
        match book.apply_touching(&r) {
            Ok(touched) => {
                if r.flags & flag::SNAPSHOT == 0 {
                    // Side codes are checked to be at most 2 above; an applied ADD has a side.
                    if r.kind == kind::ADD {
                        trades.adds[r.side as usize] += 1;
                    } else if r.kind == kind::CANCEL || r.kind == kind::DELETE {
                        // The record's side, else the resting order's.
                        trades.cancels[if r.side == side::NONE { touched } else { r.side } as usize] += 1;
                    }
                }
                if r.kind == kind::EXECUTE || r.kind == kind::TRADE {
                    // An execution without an aggressor: the side opposite the resting order.
                    let who = match (r.aggressor, r.kind, touched) {
                        (aggressor::UNKNOWN, kind::EXECUTE, side::BID) => aggressor::SELL,
                        (aggressor::UNKNOWN, kind::EXECUTE, side::ASK) => aggressor::BUY,
                        (a, _, _) => a,
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
                out.files[k].counts.skipped += 1;
                match skipped.iter_mut().find(|(c, _)| *c == fault.code()) {
                    Some((_, n)) => *n += 1,
                    None => skipped.push((fault.code(), 1)),
                }
            }
        }

        if r.is_last() || i + 1 == total {
            *packet_open = false;
            packets += 1;
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
            *trades = PacketTrades::default();
            // Step 3.
            kernel.step(&*book, ctx);
            if let Some(what) = kernel.overflow() {
                return Err(record_error(log, code::WINDOW_OVERFLOW, i, what));
            }
            // Step 4: at most one event row per packet.
            *packets_since_row += 1;
            *volume_since_row += ctx.trade_size;
            // Compared after every packet, so the snapshot is always the previous packet's.
            let book_changed = trigger.book_change > 0 && top.changed(&*book);
            // The first condition that holds names the row (docs/language.md section 4).
            let cause = if trigger.every_event {
                row_trigger::EVENT
            } else if trigger.every_events > 0 && *packets_since_row >= trigger.every_events {
                row_trigger::EVENTS
            } else if trigger.trade && ctx.trade_count > 0 {
                row_trigger::TRADE
            } else if book_changed {
                row_trigger::BOOK_CHANGE
            } else if trigger.every_volume > 0.0 && *volume_since_row as f64 / ctx.size_scale >= trigger.every_volume {
                row_trigger::VOLUME
            } else {
                0
            };
            if cause != 0 {
                if out.emit(kernel, &*book, ctx, r.exchange_ts, cause)? {
                    clear_since_row(ctx);
                }
                *packets_since_row = 0;
                *volume_since_row = 0;
            }
        }

        progress.done += 1;
        if progress.done % PROGRESS_EVERY == 0 {
            if !out.sink.progress(progress.done, progress.total) {
                return Err(cancelled());
            }
            prefetching = book.prefetches();
            log.release_before(i);
        }
    }
    let report = &mut out.files[k];
    report.counts.records = end - begin;
    report.counts.packets = packets;
    if total > 0 {
        report.counts.first_ts = log.header().first_ts;
        report.counts.last_ts = log.header().last_ts;
    }
    report.skipped_by_reason = skipped;
    // Records skipped at the start (a warm start's, a continued file's opening snapshot) or after the window still count as done.
    progress.done += begin + (total - end);
    Ok(end < total)
}

/// After a row (one outside the emit window too): the `quality.*` fields start over.
#[inline(always)]
fn clear_since_row(ctx: &mut StepContext) {
    ctx.flags_since_row = 0;
    ctx.reset_since_row = false;
}

/// Why record `i` is refused: the first of the checks, in this order, that it fails.
#[cold]
#[inline(never)]
fn refusal(log: &LogReader, i: u64, r: &Record, prev_ts: i64) -> FeatcError {
    let (first_ts, last_ts) = (log.header().first_ts, log.header().last_ts);
    if let Some(reason) = r.code_error() {
        return record_error(
            log,
            code::Q_BAD_RECORD,
            i,
            &format!("{reason} (kind {}, side {}, aggressor {})", r.kind, r.side, r.aggressor),
        );
    }
    if r.exchange_ts < prev_ts {
        return record_error(
            log,
            code::Q_TIME_ORDER,
            i,
            &format!("exchange time {} is before the previous record's {prev_ts}", r.exchange_ts),
        );
    }
    // The header's range was checked against the first and last record at open; a record
    // outside it is damaged (docs/formats/q.md, "Validity and errors").
    if r.exchange_ts < first_ts || r.exchange_ts > last_ts {
        return record_error(
            log,
            code::Q_BAD_RECORD,
            i,
            &format!(
                "exchange time {} is outside the log's range {first_ts}..{last_ts} (its header's first and last exchange times)",
                r.exchange_ts
            ),
        );
    }
    // A value the TypeScript runtime cannot hold exactly is refused here too, so a log gives
    // the same rows, or the same error, in both runtimes.
    let (what, value) = if r.price.unsigned_abs() >= EXACT_LIMIT { ("price", r.price) } else { ("size", r.size) };
    record_error(log, code::Q_BAD_RECORD, i, &format!("{what} {value} is outside +-2^53 and cannot be held exactly"))
}

fn record_error(log: &LogReader, code: &'static str, i: u64, reason: &str) -> FeatcError {
    FeatcError::new(code, format!("{}: record {i} (byte {}): {reason}", log.name(), LogReader::record_offset(i)))
}
