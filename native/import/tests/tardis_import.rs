//! The Tardis importer on the real samples in ../shared/data/tardis: counts per data type,
//! logs that replay without a fault, and a book that is never crossed at a packet's end where
//! the data is consistent.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::book::BookL2;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{flag, kind, LogReader, DEFAULT_SNAPSHOT_EVERY_NS};
use featc_import::tardis::{import, TardisKind, TardisOptions, BAD_LINE, BEFORE_SNAPSHOT};

fn data(name: &str) -> PathBuf {
    common::data(&format!("tardis/{name}"))
}

fn run(file: &str, kind: TardisKind, symbol: &str, tag: &str) -> (featc_import::tardis::TardisReport, PathBuf) {
    let out = std::env::temp_dir().join(format!("featc-tardis-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    let opts = TardisOptions {
        inputs: vec![data(file)],
        kind: Some(kind),
        out_dir: out.clone(),
        symbol: symbol.into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    (import(&opts).expect("import"), out)
}

/// (packets, packets ending crossed or locked, trades) over every record of the log.
fn replay(path: &Path) -> (u64, u64, u64) {
    let log = LogReader::open(path).expect("open");
    let mut book = BookL2::new();
    let (mut packets, mut crossed, mut trades) = (0, 0, 0);
    for i in 0..log.len() {
        let r = log.record(i);
        book.apply(&r).expect("no fault");
        trades += (r.kind == kind::TRADE) as u64;
        if r.flags & flag::LAST != 0 {
            packets += 1;
            let both = book.levels(Side::Bid) > 0 && book.levels(Side::Ask) > 0;
            crossed += (both && book.price_at(Side::Bid, 0) >= book.price_at(Side::Ask, 0)) as u64;
        }
    }
    (packets, crossed, trades)
}

#[test]
fn quotes_become_a_one_level_book_that_is_never_crossed() {
    let (r, out) = run("tardis_quotes.csv", TardisKind::Quotes, "BTCUSDT", "quotes");
    eprintln!("{r:#?}");
    assert_eq!(r.rows, 9999);
    assert_eq!(r.packets, 9999);
    assert_eq!(r.venue, "BINANCE-FUTURES");
    let (packets, crossed, _) = replay(&r.files[0].path);
    assert_eq!((packets, crossed), (9999, 0));
    let log = LogReader::open(&r.files[0].path).unwrap();
    let mut book = BookL2::new();
    for i in 0..log.len() {
        book.apply(&log.record(i)).unwrap();
    }
    assert_eq!((book.levels(Side::Bid), book.levels(Side::Ask)), (1, 1), "level 1 only");
    let _ = fs::remove_dir_all(out);
}

#[test]
fn trades_keep_their_aggressor() {
    let (r, out) = run("tardis_trades.csv", TardisKind::Trades, "BTCUSDT", "trades");
    assert_eq!((r.rows, r.records, r.packets), (9999, 9999, 9999));
    assert_eq!(replay(&r.files[0].path).2, 9999);
    let _ = fs::remove_dir_all(out);
    let (r, out) = run("bitmex_trades_XBTUSD.csv", TardisKind::Trades, "XBTUSD", "bitmex");
    assert_eq!(r.records, 10, "uuid trade ids: the line number stands in");
    let _ = fs::remove_dir_all(out);
}

#[test]
fn snapshots_and_incremental_rows_replay_uncrossed() {
    for (file, symbol, rows, packets) in [
        ("binance-futures_book_snapshot_25_BTCUSDT.csv", "BTCUSDT", 10, 10),
        ("binance-futures_book_snapshot_5_BTCUSDT.csv", "BTCUSDT", 10, 10),
    ] {
        let (r, out) = run(file, TardisKind::Snapshot, symbol, "snap");
        assert_eq!((r.rows, r.packets), (rows, packets), "{file}");
        assert_eq!(replay(&r.files[0].path).1, 0, "{file}");
        let _ = fs::remove_dir_all(out);
    }
    let (r, out) =
        run("deribit_incremental_book_L2_BTC-PERPETUAL.csv", TardisKind::Incremental, "BTC-PERPETUAL", "incr");
    assert_eq!(
        (r.rows, r.records, r.packets),
        (15, 16, 1),
        "15 snapshot rows sharing a local timestamp, after a CLEAR"
    );
    assert_eq!(replay(&r.files[0].path).1, 0);
    let _ = fs::remove_dir_all(out);
}

#[test]
fn the_wrong_kind_or_a_bad_row_is_an_error_naming_the_line() {
    let out = std::env::temp_dir().join(format!("featc-tardis-bad-{}", std::process::id()));
    let opts = TardisOptions {
        inputs: vec![data("tardis_trades.csv")],
        kind: Some(TardisKind::Quotes),
        out_dir: out.clone(),
        symbol: "BTCUSDT".into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let err = import(&opts).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert!(err.message.contains("line 1") && err.message.contains("bid_price"), "{}", err.message);
    let dir = std::env::temp_dir().join(format!("featc-tardis-badrow-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let text = fs::read_to_string(data("huobi-dm-swap_quotes_BTC-USD.csv")).unwrap().replacen("8629.2", "86x9.2", 1);
    fs::write(dir.join("q.csv"), text).unwrap();
    let mut opts = TardisOptions {
        inputs: vec![dir.join("q.csv")],
        kind: Some(TardisKind::Quotes),
        out_dir: out.clone(),
        symbol: "BTC-USD".into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let err = import(&opts).unwrap_err();
    assert!(err.message.contains("q.csv: line 2"), "{}", err.message);
    assert!(!out.exists() || fs::read_dir(&out).unwrap().next().is_none());
    opts.lenient = true;
    let r = import(&opts).expect("lenient");
    assert_eq!(r.rows, 9);
    assert_eq!(r.skipped_by_reason.iter().map(|(_, n)| n).sum::<u64>(), 1);
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn broken_csv_never_panics_hangs_or_leaves_a_partial_file() {
    let dir = scratch("fuzz");
    let text: String =
        fs::read_to_string(data("tardis_quotes.csv")).unwrap().lines().take(400).map(|l| format!("{l}\n")).collect();
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    let mut next = move || rng.next();
    for case in 0..60 {
        let mut bytes = text.clone().into_bytes();
        match case % 3 {
            0 => bytes.truncate(next() as usize % bytes.len()),
            1 => {
                for _ in 0..1 + next() % 8 {
                    let i = next() as usize % bytes.len();
                    bytes[i] = next() as u8;
                }
            }
            _ => {
                let mut lines: Vec<&str> = text.lines().collect();
                for i in (2..lines.len()).rev() {
                    lines.swap(i, 1 + next() as usize % i);
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
        let input = dir.join("q.csv");
        fs::write(&input, &bytes).unwrap();
        for lenient in [false, true] {
            let out = dir.join(format!("out-{case}-{lenient}"));
            let opts = TardisOptions {
                inputs: vec![input.clone()],
                kind: Some(TardisKind::Quotes),
                out_dir: out.clone(),
                symbol: "BTCUSDT".into(),
                lenient,
                snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
                force: false,
            };
            let imported = import(&opts).map(|r| r.files.into_iter().map(|f| f.path).collect());
            assert_all_or_nothing(&out, imported.map_err(|e| e.to_string()), case);
        }
    }
    let _ = fs::remove_dir_all(&dir);
}

/// Quotes and trades of one symbol, merged by `local_timestamp` into one log.
fn merged(
    inputs: Vec<PathBuf>,
    out: &Path,
    kind: Option<TardisKind>,
) -> Result<featc_import::tardis::TardisReport, featc_core::error::FeatcError> {
    import(&TardisOptions {
        inputs,
        kind,
        out_dir: out.to_path_buf(),
        symbol: "BTCUSDT".into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
}

/// The data rows of a CSV sample, split into fields.
fn rows(name: &str) -> Vec<Vec<String>> {
    fs::read_to_string(data(name)).unwrap().lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect()
}

#[test]
fn quotes_and_trades_merge_into_one_log_each_row_once_in_time_order() {
    let out = scratch("merged");
    let r = merged(vec![data("tardis_quotes.csv"), data("tardis_trades.csv")], &out, None).expect("import");
    eprintln!("{r:#?}");
    // The sample: binance-futures BTCUSDT, quotes 00:00:03-00:03:47 and trades 00:00:02-02:05.
    assert_eq!(r.files.len(), 1);
    assert_eq!(r.rows, 9_999 + 9_999);
    assert_eq!(
        r.rows_by_input,
        vec![("tardis_quotes.csv (quotes)".to_string(), 9_999), ("tardis_trades.csv (trades)".to_string(), 9_999)]
    );
    // Quotes alone write 25,625 records (their own test); every trade adds one.
    assert_eq!((r.records, r.packets), (25_625 + 9_999, 9_999 + 9_999));
    let log = LogReader::open(&r.files[0].path).unwrap();
    let (mut quote_lines, mut trade_ids) = (Vec::new(), Vec::new());
    let mut trades = Vec::new();
    let mut prev_ingest = i64::MIN;
    for i in 0..log.len() {
        let rec = log.record(i);
        // Merged by local_timestamp: the ingest times never go back.
        assert!(rec.ingest_ts >= prev_ingest, "record {i}");
        prev_ingest = rec.ingest_ts;
        if rec.kind == kind::TRADE {
            trade_ids.push(rec.seq);
            trades.push((rec.seq, rec.ingest_ts, rec.price, rec.size, rec.aggressor));
        } else if rec.flags & flag::LAST != 0 {
            quote_lines.push(rec.seq);
        }
    }
    // Every quote row is one packet (its records carry the row's line number), every trade one
    // TRADE (its id): each exactly once.
    assert_eq!(quote_lines, (2..=10_000).collect::<Vec<u64>>());
    let want_ids: Vec<u64> = rows("tardis_trades.csv").iter().map(|f| f[4].parse().unwrap()).collect();
    assert_eq!(trade_ids, want_ids);
    // And as the file has them: local time, price and size (at the decimals the survey found),
    // aggressor side.
    let (pd, sd) = (log.header().price_decimals as u32, log.header().size_decimals as u32);
    for (t, f) in trades.iter().zip(rows("tardis_trades.csv")) {
        let fixed = |s: &str, d: u32| -> i64 {
            let (w, frac) = s.split_once('.').unwrap_or((s, ""));
            (w.to_string() + &format!("{frac:0<width$}", width = d as usize)).parse().unwrap()
        };
        let aggressor = if f[5] == "buy" { 1 } else { 2 };
        assert_eq!(
            *t,
            (f[4].parse().unwrap(), f[3].parse::<i64>().unwrap() * 1000, fixed(&f[6], pd), fixed(&f[7], sd), aggressor)
        );
    }
    // The book replays without a fault, uncrossed; the trades interleave with the quotes.
    let (packets, crossed, n) = replay(&r.files[0].path);
    assert_eq!((packets, crossed, n), (19_998, 0, 9_999));
    let first_quote = (0..log.len()).find(|&i| log.record(i).kind == kind::LEVEL).unwrap();
    let last_quote = (0..log.len()).rev().find(|&i| log.record(i).kind == kind::LEVEL).unwrap();
    let inside = (first_quote..last_quote).filter(|&i| log.record(i).kind == kind::TRADE).count();
    assert_eq!(inside, 497, "the trades received while quotes were");
    assert!(r.log_counts.contains(&("merged: rows of tardis_trades.csv (trades)".to_string(), 9_999)));
    // One --kind for both: the trades file's header is not a quotes header.
    let e = merged(
        vec![data("tardis_quotes.csv"), data("tardis_trades.csv")],
        &scratch("merged-kind"),
        Some(TardisKind::Quotes),
    )
    .unwrap_err();
    assert!(e.message.contains("tardis_trades.csv: line 1: the header has no `bid_price`"), "{}", e.message);
    let _ = fs::remove_dir_all(out);
}

#[test]
fn at_one_local_timestamp_the_book_comes_before_the_trade() {
    let dir = scratch("ties");
    let quotes: Vec<String> =
        fs::read_to_string(data("tardis_quotes.csv")).unwrap().lines().take(4).map(String::from).collect();
    let trades: Vec<String> =
        fs::read_to_string(data("tardis_trades.csv")).unwrap().lines().take(3).map(String::from).collect();
    // Trade 2 received at quote 2's local timestamp, listed first on the command line.
    let quote2_local = quotes[2].split(',').nth(3).unwrap().to_string();
    let mut t: Vec<String> = trades[2].split(',').map(String::from).collect();
    t[3] = quote2_local.clone();
    let trades = [trades[0].clone(), trades[1].clone(), t.join(",")].join("\n");
    fs::write(dir.join("t.csv"), trades).unwrap();
    fs::write(dir.join("q.csv"), quotes.join("\n")).unwrap();
    let out = dir.join("out");
    let r = merged(vec![dir.join("t.csv"), dir.join("q.csv")], &out, None).expect("import");
    let log = LogReader::open(&r.files[0].path).unwrap();
    let at: Vec<(u8, i64)> = (0..log.len()).map(|i| (log.record(i).kind, log.record(i).ingest_ts)).collect();
    let tie = quote2_local.parse::<i64>().unwrap() * 1000;
    let first_at_tie = at.iter().position(|&(_, ts)| ts == tie).unwrap();
    assert_eq!(at[first_at_tie].0, kind::LEVEL, "the quote first: {at:?}");
    assert_eq!(at.iter().rposition(|&(_, ts)| ts == tie).map(|i| at[i].0), Some(kind::TRADE));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn two_book_data_types_are_refused() {
    let out = scratch("two-books");
    let e = import(&TardisOptions {
        inputs: vec![data("binance-futures_book_snapshot_5_BTCUSDT.csv"), data("tardis_quotes.csv")],
        kind: None,
        out_dir: out.clone(),
        symbol: "BTCUSDT".into(),
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
    })
    .unwrap_err();
    assert_eq!(e.code, featc_core::error::code::BAD_ARGUMENT);
    assert!(e.message.contains("book_snapshot and tardis_quotes.csv is quotes"), "{}", e.message);
    assert!(files_under(&out).is_empty());
}

const INCREMENTAL_HEADER: &str = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount";

/// An incremental_book_L2 row of deribit BTC-PERPETUAL, `us` microseconds after 2020-04-01
/// 00:00 UTC (exchange time; received 100 us later).
fn incremental_row(us: i64, snapshot: bool, side: &str, price: &str, amount: &str) -> String {
    let t = 1_585_699_200_000_000 + us;
    format!("deribit,BTC-PERPETUAL,{t},{},{snapshot},{side},{price},{amount}", t + 100)
}

/// Imports `files` (name, rows) written under `dir`, of symbol BTC-PERPETUAL, into `dir/out`.
fn import_csvs(dir: &Path, out: &str, files: &[(&str, &[String])]) -> featc_import::tardis::TardisReport {
    let inputs: Vec<PathBuf> = files
        .iter()
        .map(|(name, rows)| {
            let path = dir.join(name);
            fs::write(&path, rows.join("\n") + "\n").unwrap();
            path
        })
        .collect();
    import(&TardisOptions {
        inputs,
        kind: None,
        out_dir: dir.join(out),
        symbol: "BTC-PERPETUAL".into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
    .expect("import")
}

fn records_of(path: &Path) -> Vec<featc_core::log::Record> {
    let log = LogReader::open(path).unwrap();
    (0..log.len()).map(|i| log.record(i)).collect()
}

#[test]
fn incremental_updates_before_the_files_first_snapshot_are_skipped_and_counted() {
    let dir = scratch("before-snapshot");
    // Three updates before the first snapshot (one with more price decimals than the rest),
    // then a snapshot of two levels a side, then updates and a second snapshot.
    let leading = vec![
        incremental_row(0, false, "bid", "6400.125", "5"),
        incremental_row(10, false, "ask", "6425", "7"),
        incremental_row(10, false, "bid", "6400.5", "0"),
    ];
    let body = vec![
        incremental_row(100, true, "bid", "6420", "10"),
        incremental_row(100, true, "bid", "6419.5", "20"),
        incremental_row(100, true, "ask", "6421.5", "30"),
        incremental_row(100, true, "ask", "6422", "40"),
        incremental_row(200, false, "bid", "6420", "0"),
        incremental_row(200, false, "bid", "6420.5", "3"),
        incremental_row(300, false, "ask", "6421", "4"),
        incremental_row(400, true, "bid", "6418", "1"),
        incremental_row(400, true, "ask", "6423", "2"),
        incremental_row(500, false, "ask", "6423", "0"),
    ];
    let full: Vec<String> = [vec![INCREMENTAL_HEADER.to_string()], leading.clone(), body.clone()].concat();
    let trimmed: Vec<String> = [vec![INCREMENTAL_HEADER.to_string()], body.clone()].concat();
    let a = import_csvs(&dir, "full", &[("full.csv", &full)]);
    let b = import_csvs(&dir, "trimmed", &[("trimmed.csv", &trimmed)]);
    assert_eq!(a.skipped_by_reason, vec![(BEFORE_SNAPSHOT.to_string(), 3)]);
    assert_eq!(
        a.log_counts,
        vec![(
            "skipped: update before the file's first snapshot (Tardis: skip until the first is_snapshot row)"
                .to_string(),
            3
        )]
    );
    assert!(b.skipped_by_reason.is_empty() && b.log_counts.is_empty());
    assert_eq!((a.rows, a.records, a.packets), (b.rows, b.records, b.packets));
    assert_eq!((a.rows, a.records, a.packets), (10, 12, 5), "two snapshots, each after a CLEAR");
    assert_eq!((a.price_decimals, a.size_decimals), (b.price_decimals, b.size_decimals));
    assert_eq!(a.price_decimals, 1, "the skipped rows' decimals are not surveyed");
    // The same log but for `seq`, the line number: three lines later in the full file.
    assert_eq!(a.files.len(), 1);
    let (ra, rb) = (records_of(&a.files[0].path), records_of(&b.files[0].path));
    let shifted: Vec<_> = rb.iter().map(|r| featc_core::log::Record { seq: r.seq + 3, ..*r }).collect();
    assert_eq!(ra, shifted);
    assert_eq!((ra[0].kind, ra[0].seq), (kind::CLEAR, 5), "the log starts with the first snapshot's CLEAR");
    let (ha, hb) = (LogReader::open(&a.files[0].path).unwrap(), LogReader::open(&b.files[0].path).unwrap());
    let header =
        |h: &featc_core::log::LogHeader| (h.first_ts, h.last_ts, h.record_count, h.price_decimals, h.size_decimals);
    assert_eq!(header(ha.header()), header(hb.header()));
    assert_eq!(replay(&a.files[0].path).1, 0);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn each_book_file_skips_until_its_own_first_snapshot_and_trades_are_kept() {
    let dir = scratch("before-snapshot-days");
    let day = 86_400_000_000;
    // Day 1: an update, then a snapshot, then an update. Day 2 (the next UTC day): two
    // updates at a price no kept row has, then its snapshot. A trade received before day 1's
    // first snapshot.
    let day1 = vec![
        INCREMENTAL_HEADER.to_string(),
        incremental_row(0, false, "bid", "6377.7", "9"),
        incremental_row(100, true, "bid", "6420", "10"),
        incremental_row(100, true, "ask", "6421", "10"),
        incremental_row(200, false, "bid", "6420", "5"),
    ];
    let day2 = vec![
        INCREMENTAL_HEADER.to_string(),
        incremental_row(day, false, "ask", "6377.7", "9"),
        incremental_row(day + 10, false, "bid", "6420", "0"),
        incremental_row(day + 100, true, "bid", "6430", "1"),
        incremental_row(day + 100, true, "ask", "6431", "2"),
    ];
    let trades = vec![
        "exchange,symbol,timestamp,local_timestamp,id,side,price,amount".to_string(),
        "deribit,BTC-PERPETUAL,1585699200000005,1585699200000050,1,buy,6421,10".to_string(),
    ];
    let r = import_csvs(&dir, "out", &[("day1.csv", &day1), ("day2.csv", &day2), ("trades.csv", &trades)]);
    assert_eq!(r.skipped_by_reason, vec![(BEFORE_SNAPSHOT.to_string(), 3)], "1 of day 1, 2 of day 2");
    assert_eq!(
        r.rows_by_input,
        vec![
            ("day1.csv (incremental_book_L2)".to_string(), 3),
            ("day2.csv (incremental_book_L2)".to_string(), 2),
            ("trades.csv (trades)".to_string(), 1),
        ]
    );
    assert_eq!(r.files.len(), 2, "a log per UTC day");
    let all: Vec<_> = r.files.iter().flat_map(|f| records_of(&f.path)).collect();
    assert_eq!(all.iter().filter(|x| x.kind == kind::TRADE).count(), 1, "the trade before the snapshot is kept");
    // No skipped update reaches a log, nor its decimals (the kept prices are whole).
    assert_eq!(r.price_decimals, 0);
    let kept = [0, 6420, 6421, 6430, 6431];
    assert!(all.iter().all(|x| kept.contains(&x.price)), "{all:?}");
    // Day 2: the carried book, then day 2's snapshot after a CLEAR, so the book is day 2's.
    let day2_log = records_of(&r.files[1].path);
    let clear = day2_log.iter().rposition(|x| x.kind == kind::CLEAR).unwrap();
    assert_eq!(day2_log[clear].seq, 4, "day2.csv line 4, its first snapshot row");
    let mut book = BookL2::new();
    for x in &day2_log {
        book.apply(x).unwrap();
    }
    assert_eq!((book.levels(Side::Bid), book.levels(Side::Ask)), (1, 1));
    assert_eq!((book.price_at(Side::Bid, 0), book.price_at(Side::Ask, 0)), (6430, 6431));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_liquidations_file_is_not_taken_for_trades() {
    // Tardis names its files <exchange>_<data type>_<date>_<symbol>.csv.gz; liquidations have
    // the trades header.
    let dir = scratch("tardis-liquidations");
    let input = dir.join("binance-futures_liquidations_2024-03-01_BTCUSDT.csv");
    fs::copy(data("tardis_trades.csv"), &input).unwrap();
    let opts = |kind| TardisOptions {
        inputs: vec![input.clone()],
        kind,
        out_dir: dir.join("out"),
        symbol: "BTCUSDT".into(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let e = import(&opts(None)).unwrap_err();
    assert_eq!(e.code, BAD_LINE);
    assert!(e.message.contains("line 1") && e.message.contains("a Tardis liquidations file"), "{}", e.message);
    assert!(files_under(&dir.join("out")).is_empty());
    // Asked for by name, it is read as trades.
    assert_eq!(import(&opts(Some(TardisKind::Trades))).unwrap().records, 9999);
    let _ = fs::remove_dir_all(&dir);
}
