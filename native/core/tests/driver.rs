//! The packet driver against docs/language.md section 4, with a hand-written kernel whose
//! columns expose what the driver handed it: time bars (including empty bars crossed in a
//! gap), trade rows, multi-record packets, `every N events`, the emit window, batching,
//! cancellation, and strict / lenient faults.

mod common;

use common::*;
use featc_core::driver::{run_log, FileReport, RunRequest, RunSink, RunSummary};
use featc_core::error::code;
use featc_core::kernel::*;
use featc_core::log::{aggressor, kind, side, LogReader, Record, HEADER_LEN, RECORD_LEN};

/// Columns: event time, best bid (null when empty), packets stepped since the last row,
/// trades since the last row, signed trade size of the last packet, last trade price.
macro_rules! probe_kernel {
    ($name:ident, $trigger:expr) => {
        struct $name {
            steps: i64,
            trades: i64,
        }
        impl Kernel for $name {
            const NAME: &'static str = stringify!($name);
            const IR_HASH: &'static str = "test";
            const COLUMNS: &'static [ColumnSpec] = &[
                ColumnSpec { name: "ts", ty: ColumnType::Timestamp },
                ColumnSpec { name: "bid", ty: ColumnType::F64 },
                ColumnSpec { name: "steps", ty: ColumnType::I64 },
                ColumnSpec { name: "trades", ty: ColumnType::I64 },
                ColumnSpec { name: "signed", ty: ColumnType::F64 },
                ColumnSpec { name: "trade_price", ty: ColumnType::F64 },
            ];
            const TRIGGER: TriggerSpec = $trigger;
            fn new() -> Self {
                $name { steps: 0, trades: 0 }
            }
            fn step<B: BookView>(&mut self, _book: &B, ctx: &StepContext) {
                self.steps += 1;
                self.trades += ctx.trade_count;
            }
            fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch) {
                row.put_timestamp(ctx.exchange_ts, true);
                let has_bid = book.levels(Side::Bid) > 0;
                let bid = if has_bid { book.price_at(Side::Bid, 0) as f64 / ctx.price_scale } else { 0.0 };
                row.put_f64(bid, has_bid);
                row.put_i64(self.steps, true);
                row.put_i64(self.trades, true);
                row.put_f64(ctx.trade_signed_size as f64 / ctx.size_scale, true);
                row.put_f64(ctx.trade_last_price as f64 / ctx.price_scale, ctx.trade_count > 0);
                self.steps = 0;
                self.trades = 0;
            }
        }
    };
}

const OFF: TriggerSpec =
    TriggerSpec { every_event: false, trade: false, every_events: 0, bar_ns: 0, book_change: 0, every_volume: 0.0 };
probe_kernel!(Bars10, TriggerSpec { bar_ns: 10, ..OFF });
probe_kernel!(Trades, TriggerSpec { trade: true, ..OFF });
probe_kernel!(Every3AndBars, TriggerSpec { every_events: 3, bar_ns: 10, ..OFF });
probe_kernel!(Events, TriggerSpec { every_event: true, ..OFF });

/// Collects rows as (ts, bid or None, steps, trades, signed, trade price or None).
type Row = (i64, Option<f64>, i64, i64, f64, Option<f64>);

#[derive(Default)]
struct Collect {
    rows: Vec<Row>,
    batch_sizes: Vec<usize>,
    progress_calls: u64,
    cancel_after_batches: Option<usize>,
}

impl RunSink for Collect {
    fn batch(&mut self, _file: usize, b: &RowBatch) -> bool {
        self.batch_sizes.push(b.rows);
        let f = |c: usize, r: usize| f64::from_bits(b.values[c][r]);
        for r in 0..b.rows {
            self.rows.push((
                b.values[0][r] as i64,
                (b.valid[1][r] == 1).then(|| f(1, r)),
                b.values[2][r] as i64,
                b.values[3][r] as i64,
                f(4, r),
                (b.valid[5][r] == 1).then(|| f(5, r)),
            ));
        }
        self.cancel_after_batches.is_none_or(|n| self.batch_sizes.len() < n)
    }
    fn file_done(&mut self, _file: usize, _report: &FileReport) -> bool {
        true
    }
    fn progress(&mut self, _done: u64, _total: u64) -> bool {
        self.progress_calls += 1;
        true
    }
}

/// Runs `K` over a log of `records` into `sink`, the request changed by `tweak` first.
fn run_into<K: Kernel, S: RunSink>(
    name: &str,
    records: &[Record],
    tweak: impl FnOnce(&mut RunRequest),
    mut sink: S,
) -> (Result<RunSummary, featc_core::FeatcError>, S) {
    let mut req = RunRequest::new(temp_log(name, records));
    tweak(&mut req);
    let result = run_log::<K>(&req, &mut sink);
    (result, sink)
}

fn run<K: Kernel>(
    name: &str,
    records: &[Record],
    tweak: impl FnOnce(&mut RunRequest),
) -> (Result<RunSummary, featc_core::FeatcError>, Collect) {
    run_into::<K, _>(name, records, tweak, Collect::default())
}

const B: u8 = side::BID;
const A: u8 = side::ASK;

/// Packets at 3, 5, 12, 45 and 46, each adding a better bid (100 .. 104).
fn rising_bids() -> [Record; 5] {
    [add(3, 1, B, 100, 1), add(5, 2, B, 101, 1), add(12, 3, B, 102, 1), add(45, 4, B, 103, 1), add(46, 5, B, 104, 1)]
}

#[test]
fn bars_emit_passed_boundaries_including_empty_ones() {
    // Packets at 3, 5, 12, 45 and 46 with bars of 10 ns: bars 10, 20, 30, 40 are proved
    // passed; 50 is the last partial bar and is not emitted.
    let (res, sink) = run::<Bars10>("bars", &rising_bids(), |_| {});
    let s = res.unwrap().counts;
    assert_eq!((s.records, s.packets, s.rows, s.first_ts, s.last_ts), (5, 5, 4, 3, 46));
    let got: Vec<(i64, Option<f64>, i64)> = sink.rows.iter().map(|r| (r.0, r.1, r.2)).collect();
    assert_eq!(got, vec![(5, Some(1.01), 2), (12, Some(1.02), 1), (12, Some(1.02), 0), (12, Some(1.02), 0)]);
}

#[test]
fn bars_before_the_epoch_use_floor_division() {
    // t0 = -5 -> first boundary 0; the packet at 0 proves it passed.
    let records = [add(-5, 1, B, 100, 1), add(0, 2, B, 101, 1)];
    let (res, sink) = run::<Bars10>("bars-negative", &records, |r| r.emit_from_ns = 0);
    assert_eq!(res.unwrap().counts.rows, 1);
    assert_eq!(sink.rows[0].0, -5);
}

#[test]
fn trade_rows_cover_whole_packets() {
    let mut buy = rec(20, kind::EXECUTE, 10, 0, 101, 3);
    buy.aggressor = aggressor::BUY;
    // Aggressor unknown on a resting bid: a sell.
    let sell_into_bid = rec(30, kind::EXECUTE, 1, 0, 100, 2);
    let hidden_unknown = rec(30, kind::TRADE, 0, 0, 99, 7);
    let records = [
        add(1, 1, B, 100, 5),
        add(2, 10, A, 101, 3),
        add(3, 11, A, 102, 4),
        // One multi-record packet: a sweep of two asks, LAST only on the second fill.
        more(buy),
        {
            let mut r = rec(20, kind::EXECUTE, 11, 0, 102, 1);
            r.aggressor = aggressor::BUY;
            r
        },
        add(25, 12, A, 105, 1),
        more(sell_into_bid),
        hidden_unknown,
    ];
    let (res, sink) = run::<Trades>("trades", &records, |_| {});
    let s = res.unwrap().counts;
    assert_eq!((s.records, s.packets, s.rows), (8, 6, 2));
    assert_eq!(sink.rows[0], (20, Some(1.00), 4, 2, 4.0, Some(1.02)));
    assert_eq!(sink.rows[1], (30, Some(1.00), 2, 2, -2.0, Some(0.99)));
}

#[test]
fn a_trailing_packet_without_last_still_counts() {
    let records = [add(1, 1, B, 100, 5), more(add(2, 2, B, 100, 5)), more(add(3, 3, B, 100, 5))];
    let (res, sink) = run::<Events>("trailing", &records, |_| {});
    let s = res.unwrap().counts;
    assert_eq!((s.packets, s.rows), (2, 2));
    assert_eq!(sink.rows[1].0, 3);
}

#[test]
fn every_n_events_counts_packets_since_any_row() {
    // Bars of 10 and every 3 packets. Packets at 1,2,3 -> event row (3 packets);
    // 4,5 -> bar 10 at packet 11 resets the count; 11,12 + 13 -> event row at 13.
    let ts = [1, 2, 3, 4, 5, 11, 12, 13, 14];
    let records: Vec<Record> = ts.iter().enumerate().map(|(i, &t)| add(t, i as u64 + 1, B, 100, 1)).collect();
    let (res, sink) = run::<Every3AndBars>("every3", &records, |_| {});
    res.unwrap();
    let got: Vec<(i64, i64)> = sink.rows.iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(got, vec![(3, 3), (5, 2), (13, 3)]);
}

#[test]
fn emit_window_drops_rows_but_still_resets() {
    let records: Vec<Record> = (0..6).map(|i| add(10 * i, i as u64 + 1, B, 100 + i, 1)).collect();
    let (res, sink) = run::<Events>("window", &records, |r| {
        r.emit_from_ns = 20;
        r.emit_to_ns = 40;
    });
    assert_eq!(res.unwrap().counts.rows, 2);
    // Each kept row saw one step: the rows outside the window reset the accumulators too.
    assert_eq!(sink.rows.iter().map(|r| (r.0, r.2)).collect::<Vec<_>>(), vec![(20, 1), (30, 1)]);
}

#[test]
fn batches_flush_at_batch_rows_and_at_the_end() {
    let records: Vec<Record> = (0..5).map(|i| add(i, i as u64 + 1, B, 100, 1)).collect();
    let (res, sink) = run::<Events>("batches", &records, |r| r.batch_rows = 2);
    assert_eq!(res.unwrap().counts.rows, 5);
    assert_eq!(sink.batch_sizes, vec![2, 2, 1]);
    assert_eq!(sink.progress_calls, 1);
}

#[test]
fn a_sink_returning_false_cancels() {
    let records: Vec<Record> = (0..5).map(|i| add(i, i as u64 + 1, B, 100, 1)).collect();
    let cancelling = Collect { cancel_after_batches: Some(1), ..Collect::default() };
    let (res, _) = run_into::<Events, _>("cancel", &records, |r| r.batch_rows = 2, cancelling);
    assert_eq!(res.unwrap_err().code, code::CANCELLED);
}

#[test]
fn strict_fails_on_a_fault_and_lenient_counts_it() {
    let records = [
        add(1, 1, B, 100, 5),
        rec(2, kind::CANCEL, 15818974, 0, 0, 1),
        rec(3, kind::CANCEL, 1, 0, 0, 9),
        add(4, 1, A, 101, 1),
        add(5, 2, A, 101, 1),
    ];
    let (res, _) = run::<Events>("strict", &records, |_| {});
    let e = res.unwrap_err();
    assert_eq!(e.code, code::BOOK_UNKNOWN_ORDER);
    assert_eq!(e.message, "t.q: record 1 (byte 320): cancel of unknown order 15818974");

    let (res, sink) = run::<Events>("lenient", &records, |r| r.lenient = true);
    let s = res.unwrap();
    assert_eq!((s.counts.skipped, s.counts.packets, s.counts.rows), (3, 5, 5));
    assert_eq!(
        s.skipped_by_reason,
        vec![(code::BOOK_UNKNOWN_ORDER, 1), (code::BOOK_OVERSIZE, 1), (code::BOOK_DUPLICATE_ORDER, 1)]
    );
    assert_eq!(sink.rows.last().map(|r| r.1), Some(Some(1.00)));
}

/// Format faults are errors in either mode: they mean the file is wrong, not the book.
#[test]
fn bad_codes_and_time_order_are_errors_even_when_lenient() {
    let dir = temp_dir("format-faults");
    let records: Vec<Record> = (0..4).map(|i| add(10 + i, i as u64 + 1, B, 100, 1)).collect();
    // Record 2's time becomes 10 (before record 1's 11) or 200 (after the log's last, 13).
    let cases: [(&str, usize, u8, &str); 4] = [
        ("bad-kind.q", 48, 42, code::Q_BAD_RECORD),
        ("bad-side.q", 49, 7, code::Q_BAD_RECORD),
        ("time.q", 0, 10, code::Q_TIME_ORDER),
        ("range.q", 0, 200, code::Q_BAD_RECORD),
    ];
    for (name, field, value, want) in cases {
        let path = dir.join(name);
        write_log(&path, &records);
        let mut bytes = std::fs::read(&path).unwrap();
        // Damage record 2.
        bytes[HEADER_LEN + 2 * RECORD_LEN + field] = value;
        if field == 0 {
            bytes[HEADER_LEN + 2 * RECORD_LEN + 1..HEADER_LEN + 2 * RECORD_LEN + 8].fill(0);
        }
        std::fs::write(&path, bytes).unwrap();
        let mut req = RunRequest::new(&path);
        req.lenient = true;
        let e = run_log::<Events>(&req, &mut Collect::default()).unwrap_err();
        assert_eq!(e.code, want, "{name}");
        assert!(e.message.starts_with(&format!("{name}: record 2 (byte {})", LogReader::record_offset(2))), "{e}");
    }
}

/// Labels (docs/language.md section 10): a column `ts` (the row's time) and three labels: the
/// best bid 10 ns after the row, the time a 25 ns future is taken at, and the bid at the row.
macro_rules! label_kernel {
    ($name:ident, $trigger:expr) => {
        struct $name;
        impl Kernel for $name {
            const NAME: &'static str = stringify!($name);
            const IR_HASH: &'static str = "test";
            const COLUMNS: &'static [ColumnSpec] = &[
                ColumnSpec { name: "ts", ty: ColumnType::Timestamp },
                ColumnSpec { name: "later_bid", ty: ColumnType::F64 },
                ColumnSpec { name: "due", ty: ColumnType::I64 },
                ColumnSpec { name: "bid_now", ty: ColumnType::F64 },
            ];
            const TRIGGER: TriggerSpec = $trigger;
            const LABELS: usize = 3;
            const NOW_SLOTS: usize = 1;
            const FUTURE_HORIZONS_NS: &'static [i64] = &[10, 25];
            fn new() -> Self {
                $name
            }
            fn step<B: BookView>(&mut self, _book: &B, _ctx: &StepContext) {}
            fn emit<B: BookView>(&mut self, _book: &B, ctx: &StepContext, row: &mut RowBatch) {
                row.put_timestamp(ctx.row_ts, true);
            }
            fn label_now<B: BookView>(
                &mut self,
                book: &B,
                _ctx: &StepContext,
                now: &mut [u64],
                now_valid: &mut [bool],
            ) {
                now_valid[0] = book.levels(Side::Bid) > 0;
                now[0] = if now_valid[0] { book.price_at(Side::Bid, 0) as u64 } else { 0 };
            }
            fn future<B: BookView>(&mut self, slot: usize, book: &B, ctx: &StepContext) -> (u64, bool) {
                match slot {
                    0 => (
                        if book.levels(Side::Bid) > 0 { book.price_at(Side::Bid, 0) as u64 } else { 0 },
                        book.levels(Side::Bid) > 0,
                    ),
                    _ => (ctx.row_ts as u64, true),
                }
            }
            fn labels(
                &self,
                now: &[u64],
                now_valid: &[bool],
                fut: &[u64],
                fut_valid: &[bool],
                known: &[bool],
                row: &mut RowBatch,
            ) {
                row.put_f64(fut[0] as f64, fut_valid[0] && known[0]);
                row.put_i64(fut[1] as i64, fut_valid[1] && known[1]);
                row.put_f64(now[0] as f64, now_valid[0]);
            }
        }
    };
}

label_kernel!(LabelEvents, TriggerSpec { every_event: true, ..OFF });
label_kernel!(LabelBars, TriggerSpec { bar_ns: 10, ..OFF });

/// Rows as (ts, later_bid, due, bid_now), `None` for null.
#[derive(Default)]
struct LabelRows(Vec<(i64, Option<i64>, Option<i64>, Option<i64>)>);

impl RunSink for LabelRows {
    fn batch(&mut self, _file: usize, b: &RowBatch) -> bool {
        let f = |c: usize, r: usize| (b.valid[c][r] == 1).then(|| f64::from_bits(b.values[c][r]) as i64);
        for r in 0..b.rows {
            self.0.push((b.values[0][r] as i64, f(1, r), (b.valid[2][r] == 1).then(|| b.values[2][r] as i64), f(3, r)));
        }
        true
    }
    fn file_done(&mut self, _file: usize, _report: &FileReport) -> bool {
        true
    }
    fn progress(&mut self, _done: u64, _total: u64) -> bool {
        true
    }
}

fn run_labels<K: Kernel>(
    name: &str,
    records: &[Record],
    batch_rows: usize,
) -> (RunSummary, Vec<(i64, Option<i64>, Option<i64>, Option<i64>)>) {
    let (result, sink) = run_into::<K, _>(name, records, |r| r.batch_rows = batch_rows, LabelRows::default());
    (result.unwrap(), sink.0)
}

#[test]
fn labels_take_the_state_before_the_first_packet_at_or_after_the_horizon() {
    for batch_rows in [1, 8192] {
        let (summary, rows) = run_labels::<LabelEvents>("labels-events", &rising_bids(), batch_rows);
        assert_eq!(summary.counts.rows, 5);
        // Row at 3: due 13 and 28, both first reached by the packet at 45, so the bid after 12.
        // Rows at 45 and 46: no packet at or after 55 / 70 follows, so their labels are null.
        assert_eq!(
            rows,
            vec![
                (3, Some(102), Some(28), Some(100)),
                (5, Some(102), Some(30), Some(101)),
                (12, Some(102), Some(37), Some(102)),
                (45, None, None, Some(103)),
                (46, None, None, Some(104)),
            ]
        );
    }
}

#[test]
fn labels_of_time_bars_are_taken_before_later_boundaries_and_end_null() {
    let (summary, rows) = run_labels::<LabelBars>("labels-bars", &rising_bids(), 8192);
    assert_eq!(summary.counts.rows, 4);
    // Bars 10, 20, 30 and 40 (emitted at the packets 12 and 45); the 10 ns future of bar 30 is
    // due at 40, before the packet at 45: the bid after 12. Bar 40's is due at 50: never reached.
    assert_eq!(
        rows,
        vec![
            (10, Some(102), Some(35), Some(101)),
            (20, Some(102), Some(45), Some(102)),
            (30, Some(102), None, Some(102)),
            (40, None, None, Some(102)),
        ]
    );
}

/// `--max-gap-bars` (docs/language.md section 8): the bars one gap closes are counted before any
/// is emitted, so a gap of centuries fails at once, and a gap of exactly the limit passes.
#[test]
fn a_gap_closing_more_bars_than_the_limit_fails_at_once() {
    // 10 ns bars: the packet at 12 closes the bar 10, the one at 45 the bars 20, 30 and 40.
    let (ok, sink) = run::<Bars10>("gap-at-limit", &rising_bids(), |r| r.max_gap_bars = 3);
    assert!(ok.is_ok(), "{ok:?}");
    assert_eq!(sink.rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![5, 12, 12, 12], "event times of the bars");
    let (e, sink) = run::<Bars10>("gap-over-limit", &rising_bids(), |r| r.max_gap_bars = 2);
    let e = e.unwrap_err();
    assert_eq!(e.code, code::GAP_TOO_LONG);
    assert_eq!(
        e.message,
        format!(
            "t.q: record 3 (byte {}): the packet at exchange time 45 closes 3 time bars of 10 ns since the previous record at 12, more than the --max-gap-bars limit of 2",
            LogReader::record_offset(3)
        )
    );
    assert_eq!(sink.rows.len(), 0, "no batch handed over");
    // A first record at 0 and a second at the end of time: 9.2e17 bars of 10 ns, refused in no time.
    let started = std::time::Instant::now();
    let far = [add(0, 1, B, 100, 1), add(i64::MAX, 2, B, 101, 1)];
    let (e, _) = run::<Bars10>("gap-far", &far, |_| {});
    let e = e.unwrap_err();
    assert_eq!(e.code, code::GAP_TOO_LONG, "{e}");
    assert!(e.message.contains("closes 922337203685477580 time bars of 10 ns"), "{e}");
    assert!(started.elapsed().as_secs() < 5);
}

/// Boundaries past the last representable time are never reached: packets at `i64::MAX` end.
#[test]
fn bars_at_the_end_of_time_end() {
    let end = i64::MAX;
    let records = [add(end - 25, 1, B, 100, 1), add(end, 2, B, 101, 1), add(end, 3, B, 102, 1)];
    let (ok, sink) = run::<Bars10>("gap-end-of-time", &records, |_| {});
    assert!(ok.is_ok(), "{ok:?}");
    // The first packet sets the boundary ...790; the packet at MAX (...807) closes ...790 and
    // ...800; the next, ...810, is past i64::MAX, so the second packet at MAX closes none.
    assert_eq!(sink.rows.len(), 2);
}
