//! Several day files of one symbol as one stream (docs/language.md section 4.1): state carried
//! into a file that continues its predecessor, rows routed to the day they belong to, resets on
//! a gap, and warm starts from a log's book snapshots (section 4.2).

mod common;

use common::*;
use featc_core::driver::{run_log, FileReport, ResetReason, RunRequest, RunSink, StreamStart, WarmUp};
use featc_core::error::code;
use featc_core::kernel::*;
use featc_core::log::{flag, kind, side, LogMeta, LogWriter, Record};
use featc_core::time::{Date, NS_PER_DAY};

const HOUR: i64 = 3_600_000_000_000;
const MINUTE: i64 = 60_000_000_000;

/// Columns: the row's time, packets stepped since the kernel was made (state that a carried
/// stream keeps and a reset restarts), and the best bid.
struct Probe {
    steps: i64,
}

impl Kernel for Probe {
    const NAME: &'static str = "probe";
    const IR_HASH: &'static str = "test";
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec { name: "row_ts", ty: ColumnType::Timestamp },
        ColumnSpec { name: "steps", ty: ColumnType::I64 },
        ColumnSpec { name: "bid", ty: ColumnType::I64 },
    ];
    const TRIGGER: TriggerSpec = TriggerSpec {
        every_event: false,
        trade: true,
        every_events: 0,
        bar_ns: HOUR,
        book_change: 0,
        every_volume: 0.0,
    };
    fn new() -> Self {
        Probe { steps: 0 }
    }
    fn step<B: BookView>(&mut self, _book: &B, _ctx: &StepContext) {
        self.steps += 1;
    }
    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch) {
        row.put_timestamp(ctx.row_ts, true);
        row.put_i64(self.steps, true);
        let has = book.levels(Side::Bid) > 0;
        row.put_i64(if has { book.price_at(Side::Bid, 0) } else { 0 }, has);
    }
}

#[derive(Default)]
struct Files {
    /// Per file: (row_ts, steps, bid).
    rows: Vec<Vec<(i64, i64, i64)>>,
    reports: Vec<FileReport>,
}

impl RunSink for Files {
    fn batch(&mut self, file: usize, b: &RowBatch) -> bool {
        while self.rows.len() <= file {
            self.rows.push(Vec::new());
        }
        for r in 0..b.rows {
            self.rows[file].push((b.values[0][r] as i64, b.values[1][r] as i64, b.values[2][r] as i64));
        }
        true
    }
    fn file_done(&mut self, file: usize, report: &FileReport) -> bool {
        assert_eq!(file, self.reports.len(), "files are reported once, in order");
        while self.rows.len() <= file {
            self.rows.push(Vec::new());
        }
        self.reports.push(report.clone());
        true
    }
    fn progress(&mut self, _done: u64, _total: u64) -> bool {
        true
    }
}

fn day_start(date: &str) -> i64 {
    Date::parse(date).unwrap().days_since_epoch() * NS_PER_DAY
}

fn write_day(dir: &std::path::Path, date: &str, records: &[Record], snapshot_every_ns: i64) -> std::path::PathBuf {
    let path = dir.join(format!("{date}.q"));
    let meta = LogMeta { date: date.into(), snapshot_every_ns, ..meta() };
    let mut w = LogWriter::create(&path, &meta).unwrap();
    for r in records {
        w.push(r).unwrap();
    }
    w.finish().unwrap();
    path
}

fn snapshot(mut r: Record, last: bool) -> Record {
    r.flags = flag::SNAPSHOT | if last { flag::LAST } else { 0 };
    r
}

/// Day 1: bids 100 at 00:10 and 101 at 23:30. Day 2 opens at 00:05 with `opening` and adds a bid
/// of 102 at 01:30.
fn two_days(name: &str, day2: &str, opening: &[Record]) -> Vec<std::path::PathBuf> {
    let dir = temp_dir(name);
    let d1 = day_start("2024-01-02");
    let d2 = day_start(day2);
    let first = write_day(
        &dir,
        "2024-01-02",
        &[add(d1 + 10 * MINUTE, 1, side::BID, 100, 1), add(d1 + 23 * HOUR + 30 * MINUTE, 2, side::BID, 101, 1)],
        0,
    );
    let mut records: Vec<Record> =
        opening.iter().map(|r| Record { exchange_ts: d2 + 5 * MINUTE, ingest_ts: d2 + 5 * MINUTE, ..*r }).collect();
    records.push(add(d2 + 90 * MINUTE, 3, side::BID, 102, 1));
    let second = write_day(&dir, day2, &records, 0);
    vec![first, second]
}

fn restating(size_of_order_2: i64) -> Vec<Record> {
    vec![
        snapshot(rec(0, kind::CLEAR, 0, side::NONE, 0, 0), false),
        snapshot(add(0, 1, side::BID, 100, 1), false),
        snapshot(add(0, 2, side::BID, 101, size_of_order_2), true),
    ]
}

fn run(paths: Vec<std::path::PathBuf>) -> Files {
    let mut sink = Files::default();
    let summary = run_log::<Probe>(&RunRequest::stream(paths), &mut sink).expect("run");
    assert_eq!(summary.files, sink.reports);
    sink
}

#[test]
fn a_continued_day_carries_state_and_the_midnight_bar_closes_the_first_day() {
    let sink = run(two_days("continued", "2024-01-03", &restating(1)));
    let d2 = day_start("2024-01-03");
    let day1 = &sink.rows[0];
    // Bars 01:00 .. 24:00: the bar ending at midnight is the first day's last row.
    assert_eq!(day1.len(), 24);
    assert_eq!(day1.last().unwrap(), &(d2, 2, 101));
    // Day 2: the opening snapshot is no step; the 01:00 bar sees both of day 1's packets.
    assert_eq!(sink.rows[1], vec![(d2 + HOUR, 2, 101)]);
    assert_eq!(sink.reports[0].start, StreamStart::First);
    assert_eq!(sink.reports[1].start, StreamStart::Continued);
    assert_eq!((sink.reports[1].counts.records, sink.reports[1].counts.packets), (1, 1));
    assert_eq!(sink.reports[0].counts.rows + sink.reports[1].counts.rows, 25);
}

#[test]
fn a_day_whose_book_differs_resets_and_replays_as_if_alone() {
    let paths = two_days("book-differs", "2024-01-03", &restating(5));
    let sink = run(paths.clone());
    assert_eq!(sink.reports[1].start, StreamStart::Reset(ResetReason::Book));
    // The first day ends as a single log does: its bar in progress (24:00) is not written.
    assert_eq!(sink.rows[0].len(), 23);
    let alone = run(vec![paths[1].clone()]);
    assert_eq!(sink.rows[1], alone.rows[0]);
}

#[test]
fn a_missing_day_resets_even_when_the_book_continues() {
    let sink = run(two_days("missing-day", "2024-01-04", &restating(1)));
    assert_eq!(sink.reports[1].start, StreamStart::Reset(ResetReason::MissingDay));
    let d3 = day_start("2024-01-04");
    // Fresh state: the snapshot packet is a step of the new segment.
    assert_eq!(sink.rows[1], vec![(d3 + HOUR, 1, 101)]);
}

#[test]
fn overlapping_day_files_are_an_error() {
    let dir = temp_dir("overlap");
    let d1 = day_start("2024-01-02");
    let a = write_day(&dir, "2024-01-02", &[add(d1 + HOUR, 1, side::BID, 100, 1)], 0);
    let b = write_day(&dir, "2024-01-03", &[add(d1 + 30 * MINUTE, 2, side::BID, 100, 1)], 0);
    let err = run_log::<Probe>(&RunRequest::stream(vec![a, b]), &mut Files::default()).unwrap_err();
    assert_eq!(err.code, code::Q_TIME_ORDER);
    assert!(err.message.contains("overlap"), "{}", err.message);
}

#[test]
fn a_warm_start_loads_a_snapshot_and_emits_the_full_runs_rows() {
    // One bid change a minute for six hours, snapshots every 30 minutes.
    let dir = temp_dir("warm");
    let d = day_start("2024-01-02");
    let records: Vec<Record> =
        (0..360).map(|i| add(d + i * MINUTE + 1, i as u64 + 1, side::BID, 1000 + i, 1)).collect();
    let path = write_day(&dir, "2024-01-02", &records, 30 * MINUTE);
    let from = d + 4 * HOUR;
    let request = |warm: Option<WarmUp>| RunRequest { emit_from_ns: from, warm_start: warm, ..RunRequest::new(&path) };
    let mut full = Files::default();
    run_log::<Probe>(&request(None), &mut full).unwrap();
    let mut warm = Files::default();
    run_log::<Probe>(&request(Some(WarmUp { ns: HOUR, events: 0 })), &mut warm).unwrap();
    // The snapshot as of 03:00 at the latest (the last record at or before 03:00).
    let start = warm.reports[0].warm_start.expect("warm-started");
    assert!(start.as_of_ts <= from - HOUR && start.as_of_ts > from - HOUR - 30 * MINUTE, "{start:?}");
    // `steps` counts from the start of the replay, so it differs; time and book agree.
    let strip = |f: &Files| f.rows[0].iter().map(|r| (r.0, r.2)).collect::<Vec<_>>();
    assert_eq!(strip(&warm), strip(&full));
    assert_eq!(warm.reports[0].counts.records, 360 - start.record);
    assert!(start.record >= 150, "{start:?}");
}
