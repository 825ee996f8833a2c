//! An import never replaces a log by accident (docs/formats/q.md, "Writing"): a log that
//! exists is refused before anything is written (`LOG_EXISTS`, naming the file and `--force`)
//! and left as it was; `force` replaces it; a log that appears while another writer of the same
//! name is busy is not clobbered; temp files are hidden, unique and never left behind. And every
//! log records its import's counts in its import report.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::error::code;
use featc_core::log::{read_import_report, Existing, LogMeta, LogReader, LogWriter, Record, BOOK_L2};
use featc_import::binance::{self, BinanceOptions};
use featc_import::dbn::{self, DbnOptions};

fn esu4() -> Vec<PathBuf> {
    ["futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst"]
        .iter()
        .map(|f| data(&format!("databento/cme-esu4/{f}")))
        .collect()
}

fn dbn_opts(out: &Path, force: bool) -> DbnOptions {
    DbnOptions { inputs: esu4(), out_dir: out.to_path_buf(), symbol: None, lenient: false, snapshot_every_ns: 0, force }
}

fn binance_opts(out: &Path, force: bool) -> BinanceOptions {
    BinanceOptions {
        inputs: vec![data("binance/spot_btcusdt_20240808.gz"), data("binance/spot_btcusdt_20240809.gz")],
        out_dir: out.to_path_buf(),
        market: None,
        lenient: false,
        snapshot_every_ns: 0,
        force,
    }
}

fn meta() -> LogMeta {
    LogMeta {
        symbol: "T".into(),
        venue: "TEST".into(),
        date: "2024-01-02".into(),
        book_kind: BOOK_L2,
        price_decimals: 2,
        size_decimals: 0,
        snapshot_every_ns: 0,
    }
}

fn level(ts: i64, price: i64) -> Record {
    Record { exchange_ts: ts, kind: 7, side: 1, price, size: 1, flags: 1, ..Record::default() }
}

#[test]
fn a_second_import_is_refused_and_leaves_the_first_as_it_was() {
    let out = scratch("refused");
    let first = dbn::import(&dbn_opts(&out, false)).expect("first import");
    // 2024-07-01 23:58 to 00:02 UTC: two days.
    let paths: Vec<PathBuf> = first.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(paths.len(), 2);
    let before: Vec<Vec<u8>> = paths.iter().map(|p| fs::read(p).unwrap()).collect();
    let e = dbn::import(&dbn_opts(&out, false)).expect_err("the log exists");
    assert_eq!(e.code, code::LOG_EXISTS);
    assert!(e.message.contains(&paths[0].display().to_string()), "{}", e.message);
    assert!(e.message.contains("--force"), "{}", e.message);
    for (p, b) in paths.iter().zip(&before) {
        assert_eq!(&fs::read(p).unwrap(), b, "the existing log is untouched");
    }
    assert_eq!(files_under(&out), paths, "no temp file left");
    // --force replaces them (same input, so the same bytes).
    let again = dbn::import(&dbn_opts(&out, true)).expect("forced import");
    assert_eq!(again.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(), paths);
    for (p, b) in paths.iter().zip(&before) {
        assert_eq!(&fs::read(p).unwrap(), b);
    }
    assert_eq!(files_under(&out), paths);
    let _ = fs::remove_dir_all(out);
}

#[test]
fn a_later_day_that_exists_fails_the_import_and_leaves_no_earlier_day() {
    let out = scratch("later-day");
    let day2 = out.join("BTCUSDT").join("2024-08-09.q");
    fs::create_dir_all(day2.parent().unwrap()).unwrap();
    fs::write(&day2, b"not a log, but someone's file").unwrap();
    let e = binance::import(&binance_opts(&out, false)).expect_err("day 2 exists");
    assert_eq!(e.code, code::LOG_EXISTS);
    assert!(e.message.contains("2024-08-09.q"), "{}", e.message);
    assert_eq!(files_under(&out), vec![day2.clone()], "day 1 is not left, day 2 is untouched");
    assert_eq!(fs::read(&day2).unwrap(), b"not a log, but someone's file");
    let r = binance::import(&binance_opts(&out, true)).expect("forced");
    assert_eq!(r.files.len(), 2);
    LogReader::open(&day2).expect("day 2 replaced by a log");
    let _ = fs::remove_dir_all(out);
}

#[test]
fn a_log_that_appears_while_another_is_written_is_not_clobbered() {
    let dir = scratch("race");
    let path = dir.join("T").join("2024-01-02.q");
    let mut slow = LogWriter::create(&path, &meta()).unwrap();
    slow.push(&level(1, 100)).unwrap();
    // Its temp file is hidden and unique to it.
    let temps: Vec<String> = fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(temps.len(), 1);
    assert!(temps[0].starts_with(".2024-01-02.q.tmp-"), "{temps:?}");
    // Another writer of the same name finishes first.
    let mut fast = LogWriter::create(&path, &meta()).unwrap();
    fast.push(&level(1, 200)).unwrap();
    fast.finish().unwrap();
    let e = slow.finish().expect_err("the name was taken meanwhile");
    assert_eq!(e.code, code::LOG_EXISTS);
    assert!(e.message.contains("appeared while this one was written"), "{}", e.message);
    assert_eq!(LogReader::open(&path).unwrap().record(0).price, 200, "the first log stays");
    assert_eq!(files_under(&dir), vec![path.clone()], "the loser's temp file is gone");
    // Replace: the later writer wins, atomically.
    let mut forced = LogWriter::create_with(&path, &meta(), Existing::Replace).unwrap();
    forced.push(&level(1, 300)).unwrap();
    forced.finish().unwrap();
    assert_eq!(LogReader::open(&path).unwrap().record(0).price, 300);
    assert_eq!(files_under(&dir), vec![path]);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn every_log_holds_its_imports_counts() {
    let out = scratch("report");
    let r = dbn::import(&dbn_opts(&out, false)).expect("import");
    let log = LogReader::open(&r.files[0].path).unwrap();
    let counts = read_import_report(&r.files[0].path, log.header()).unwrap().expect("a report");
    assert_eq!(counts, r.log_counts());
    // The snapshot record's ts_recv stands in for its ts_event: one adjustment.
    assert!(counts.contains(&(format!("adjusted: {}", dbn::SNAPSHOT_TS_RECV), 1)), "{counts:?}");
    // A log written without a report has none.
    let path = out.join("plain.q");
    let mut w = LogWriter::create(&path, &meta()).unwrap();
    w.push(&level(1, 1)).unwrap();
    let h = w.finish().unwrap();
    assert_eq!((h.report_offset, h.report_len), (0, 0));
    assert_eq!(read_import_report(&path, &h).unwrap(), None);
    // A report that points outside the file is an error naming byte 160.
    let bad = featc_core::log::LogHeader { report_offset: 1 << 40, report_len: 10, ..h };
    let e = read_import_report(&path, &bad).unwrap_err();
    assert_eq!(e.code, code::Q_BAD_HEADER);
    assert!(e.message.contains("byte 160"), "{}", e.message);
    let _ = fs::remove_dir_all(out);
}
