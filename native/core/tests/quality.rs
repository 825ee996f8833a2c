//! What the driver hands kernels for `quality.*` (docs/language.md section 5.1):
//! `StepContext::flags_since_row`, the OR of the flags of every record since the last row, and
//! `reset_since_row`, whether the stream was reset since the last row. Both start over after
//! every row, one outside the emit window too, and not after a firing the `when` rejects.

mod common;

use common::*;
use featc_core::driver::{run_log, FileReport, RunRequest, RunSink, StreamStart};
use featc_core::kernel::*;
use featc_core::log::{flag, kind, side, LogMeta, LogWriter, Record};
use featc_core::time::{Date, NS_PER_DAY};

const MS: i64 = 1_000_000;
const SEC: i64 = 1_000 * MS;
const QUALITY: u8 = flag::GAP | flag::BAD_BOOK | flag::BAD_TS;

/// Columns: the row's time, the quality bits since the last row, the reset flag.
macro_rules! probe_kernel {
    ($name:ident, $min_trade:expr) => {
        struct $name;
        impl Kernel for $name {
            const NAME: &'static str = stringify!($name);
            const IR_HASH: &'static str = "test";
            const COLUMNS: &'static [ColumnSpec] = &[
                ColumnSpec { name: "row_ts", ty: ColumnType::Timestamp },
                ColumnSpec { name: "flags", ty: ColumnType::I64 },
                ColumnSpec { name: "reset", ty: ColumnType::Bool },
            ];
            const TRIGGER: TriggerSpec = TriggerSpec { trade: true, bar_ns: SEC, ..TriggerSpec::NONE };
            fn new() -> Self {
                $name
            }
            fn step<B: BookView>(&mut self, _book: &B, _ctx: &StepContext) {}
            fn filter<B: BookView>(&mut self, _book: &B, ctx: &StepContext) -> bool {
                ctx.row_trigger == row_trigger::BAR || ctx.trade_size >= $min_trade
            }
            fn emit<B: BookView>(&mut self, _book: &B, ctx: &StepContext, row: &mut RowBatch) {
                row.put_timestamp(ctx.row_ts, true);
                row.put_i64((ctx.flags_since_row & QUALITY) as i64, true);
                row.put_bool(ctx.reset_since_row, true);
            }
        }
    };
}

probe_kernel!(Every, 0);
probe_kernel!(BigTrades, 2);

/// Per file: (row_ts, quality bits, reset).
#[derive(Default)]
struct Files {
    rows: Vec<Vec<(i64, u8, bool)>>,
    starts: Vec<StreamStart>,
}

impl RunSink for Files {
    fn batch(&mut self, file: usize, b: &RowBatch) -> bool {
        while self.rows.len() <= file {
            self.rows.push(Vec::new());
        }
        for r in 0..b.rows {
            self.rows[file].push((b.values[0][r] as i64, b.values[1][r] as u8, b.values[2][r] != 0));
        }
        true
    }
    fn file_done(&mut self, file: usize, report: &FileReport) -> bool {
        while self.rows.len() <= file {
            self.rows.push(Vec::new());
        }
        self.starts.push(report.start);
        true
    }
    fn progress(&mut self, _done: u64, _total: u64) -> bool {
        true
    }
}

fn flagged(mut r: Record, flags: u8) -> Record {
    r.flags = flags;
    r
}

fn trade(ts: i64, size: i64) -> Record {
    rec(ts, kind::TRADE, 0, side::NONE, 10_005, size)
}

/// The log of test/parity/quality.test.ts ("on a written log"), times in ms from 0.
fn flagged_log() -> Vec<Record> {
    vec![
        add(100 * MS, 1, side::BID, 10_000, 10),
        flagged(add(200 * MS, 2, side::ASK, 10_010, 10), flag::LAST | flag::GAP),
        trade(1_200 * MS, 1),
        flagged(add(1_300 * MS, 3, side::BID, 9_990, 10), flag::LAST | flag::BAD_BOOK),
        flagged(add(1_400 * MS, 4, side::ASK, 10_020, 10), flag::BAD_TS),
        trade(1_400 * MS, 2),
        flagged(add(2_500 * MS, 5, side::BID, 9_980, 10), flag::LAST | flag::GAP),
        add(3_500 * MS, 6, side::ASK, 10_030, 10),
        add(3_600 * MS, 7, side::BID, 10_010, 10),
        trade(3_700 * MS, 1),
        flagged(add(3_800 * MS, 8, side::BID, 10_015, 10), flag::LAST | flag::BAD_TS),
        trade(4_100 * MS, 3),
    ]
}

fn run<K: Kernel>(req: &RunRequest) -> Files {
    let mut sink = Files::default();
    run_log::<K>(req, &mut sink).expect("run");
    sink
}

const EVERY_ROW: [(i64, u8, bool); 8] = [
    // The bar before the packet at 1.2 s: the GAP of 0.2 s.
    (1_000 * MS, flag::GAP, false),
    (1_200 * MS, 0, false),
    // BAD_BOOK of the packet before, BAD_TS of the first record of this one.
    (1_400 * MS, flag::BAD_BOOK | flag::BAD_TS, false),
    // Emitted at the start of the packet at 2.5 s, before its GAP record is read.
    (2_000 * MS, 0, false),
    (3_000 * MS, flag::GAP, false),
    (3_700 * MS, 0, false),
    (4_000 * MS, flag::BAD_TS, false),
    (4_100 * MS, 0, false),
];

#[test]
fn flags_are_ored_since_the_last_row_and_cleared_by_every_row() {
    let path = temp_log("quality-every", &flagged_log());
    assert_eq!(run::<Every>(&RunRequest::new(&path)).rows, vec![EVERY_ROW.to_vec()]);
}

#[test]
fn a_row_outside_the_emit_window_clears_them_too() {
    let path = temp_log("quality-window", &flagged_log());
    let req = RunRequest { emit_from_ns: 1_300 * MS, ..RunRequest::new(&path) };
    let kept: Vec<_> = EVERY_ROW.iter().copied().filter(|r| r.0 >= 1_300 * MS).collect();
    assert_eq!(run::<Every>(&req).rows, vec![kept]);
}

#[test]
fn a_firing_the_when_rejects_clears_nothing() {
    let path = temp_log("quality-when", &flagged_log());
    let rows = &run::<BigTrades>(&RunRequest::new(&path)).rows[0];
    // Bars are kept; the trades of 1.2 s and 3.7 s (size 1) are rejected.
    let trades: Vec<_> = rows.iter().copied().filter(|r| r.0 % SEC != 0).collect();
    assert_eq!(trades, vec![(1_400 * MS, flag::BAD_BOOK | flag::BAD_TS, false), (4_100 * MS, 0, false)]);
    let bars: Vec<_> = rows.iter().copied().filter(|r| r.0 % SEC == 0).collect();
    assert_eq!(bars, EVERY_ROW.iter().copied().filter(|r| r.0 % SEC == 0).collect::<Vec<_>>());
}

fn day(date: &str) -> i64 {
    Date::parse(date).unwrap().days_since_epoch() * NS_PER_DAY
}

fn write_day(dir: &std::path::Path, date: &str, records: &[Record]) -> std::path::PathBuf {
    let path = dir.join(format!("{date}.q"));
    let mut w = LogWriter::create(&path, &LogMeta { date: date.into(), ..meta() }).unwrap();
    for r in records {
        w.push(r).unwrap();
    }
    w.finish().unwrap();
    path
}

#[test]
fn the_first_row_after_a_reset_says_so_and_only_it() {
    let dir = temp_dir("quality-reset");
    let paths: Vec<_> = ["2024-01-02", "2024-01-03", "2024-01-05"]
        .iter()
        .enumerate()
        .map(|(i, date)| {
            let d = day(date);
            let id = 10 * i as u64;
            write_day(
                &dir,
                date,
                &[add(d + 100 * MS, id + 1, side::BID, 100, 1), trade(d + 200 * MS, 1), trade(d + 2_500 * MS, 1)],
            )
        })
        .collect();
    let sink = run::<Every>(&RunRequest::stream(paths));
    assert_eq!(sink.starts[0], StreamStart::First);
    assert!(matches!(sink.starts[1], StreamStart::Reset(_)), "{:?}", sink.starts);
    assert!(matches!(sink.starts[2], StreamStart::Reset(_)), "{:?}", sink.starts);
    // The first file of a run is no reset; each reset file's first row is, its later rows are not.
    let resets: Vec<Vec<bool>> = sink.rows.iter().map(|f| f.iter().map(|r| r.2).collect()).collect();
    // Each day: the trade at 0.2 s, the bars of 1 s and 2 s, the trade at 2.5 s.
    assert_eq!(resets[0], vec![false, false, false, false]);
    assert_eq!(resets[1], vec![true, false, false, false]);
    assert_eq!(resets[2], vec![true, false, false, false]);
}
