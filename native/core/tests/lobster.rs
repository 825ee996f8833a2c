//! The LOBSTER importer on the bundled GOOG 2012-06-21 10-level sample: the imported log,
//! replayed through BookL3, is compared with LOBSTER's own orderbook file after every message.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use common::*;
use featc_core::book::BookL3;
use featc_core::error::code;
use featc_core::import::lobster::{import, lobster_row, parse_message, LobsterOptions, EXECUTION_AS_TRADE};
use featc_core::log::{flag, kind, side, LogReader, DEFAULT_SNAPSHOT_EVERY_NS};

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/lobster").join(name)
}

const MESSAGE: &str = "GOOG_2012-06-21_34200000_57600000_message_10.csv.gz";
const ORDERBOOK: &str = "GOOG_2012-06-21_34200000_57600000_orderbook_10.csv.gz";
#[test]
fn goog_book_agrees_with_lobster_orderbook() {
    let dir = temp_dir("lobster-goog");
    let summary = import(&LobsterOptions {
        message: sample(MESSAGE),
        orderbook: Some(sample(ORDERBOOK)),
        symbol: "GOOG".into(),
        date: None,
        out_dir: dir.clone(),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
    .unwrap();
    assert_eq!(summary.path, dir.join("GOOG/2012-06-21.q"));
    let log = LogReader::open(&summary.path).unwrap();
    assert_eq!((log.header().venue.as_str(), log.header().price_decimals), ("XNAS", 4));
    // 09:30:00.015105074 EDT.
    assert_eq!(summary.first_ts, 1_340_285_400_015_105_074);

    let rows = BufReader::new(flate2::read::GzDecoder::new(std::fs::File::open(sample(ORDERBOOK)).unwrap()));
    let mut book = BookL3::new();
    let mut got = Vec::new();
    let mut next = 0u64;
    let (mut n, mut top_ok, mut all_ok, mut top_msg_ok, mut all_msg_ok) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut first_top_miss = None;
    for (k, row) in rows.lines().enumerate() {
        let line = k as u64 + 1;
        let want: Vec<i64> = row.unwrap().split(',').map(|v| v.parse().unwrap()).collect();
        // The message's own records first (the seed before message 1 included), then the
        // importer's corrections for it: agreement is measured at both points.
        while next < log.len()
            && (log.record(next).seq < line
                || (log.record(next).seq == line && log.record(next).flags & flag::SNAPSHOT == 0))
        {
            book.apply(&log.record(next)).unwrap();
            next += 1;
        }
        lobster_row(&book, 10, &mut got);
        top_msg_ok += (got[..4] == want[..4]) as u64;
        all_msg_ok += (got == want) as u64;
        while next < log.len() && log.record(next).seq == line {
            book.apply(&log.record(next)).unwrap();
            next += 1;
        }
        lobster_row(&book, 10, &mut got);
        n += 1;
        if got[..4] == want[..4] {
            top_ok += 1;
        } else if first_top_miss.is_none() {
            first_top_miss = Some((line, got[..4].to_vec(), want[..4].to_vec()));
        }
        all_ok += (got == want) as u64;
    }
    assert_eq!(next, log.len());
    let pct = |x: u64| 100.0 * x as f64 / n as f64;
    println!(
        "LOBSTER GOOG 2012-06-21: {n} rows. From the messages alone: level 1 {:.3}%, 10 levels {:.3}%. After corrections: level 1 {:.3}%, 10 levels {:.3}%. {} seed orders; {} corrections ({} inside the window); skipped {:?}; first level-1 miss {:?}",
        pct(top_msg_ok), pct(all_msg_ok), pct(top_ok), pct(all_ok),
        summary.seeded_levels, summary.reconciled_levels, summary.reconciled_inside, summary.skipped_by_reason, first_top_miss
    );
    let (top, all, top_msg, all_msg) =
        (pct(top_ok) / 100.0, pct(all_ok) / 100.0, pct(top_msg_ok) / 100.0, pct(all_msg_ok) / 100.0);
    assert_eq!(n, 147_916);
    assert_eq!((top, all), (1.0, 1.0));
    assert!(top_msg >= LEVEL1_FROM_MESSAGES_FLOOR, "level 1 from the messages alone: {top_msg}");
    assert!(all_msg >= ALL_LEVELS_FROM_MESSAGES_FLOOR, "10 levels from the messages alone: {all_msg}");
}

/// Measured on the bundled sample (see the test's output), rounded down: floors, not targets.
const LEVEL1_FROM_MESSAGES_FLOOR: f64 = 0.998;
const ALL_LEVELS_FROM_MESSAGES_FLOOR: f64 = 0.95;

#[test]
fn message_lines_map_to_records() {
    let cases: [(&str, Result<(u8, u8, i64), &str>); 9] = [
        ("34200.015105074,1,1,100,5794000,1", Ok((kind::ADD, side::BID, 34_200_015_105_074))),
        ("34200.1,2,1,100,5794000,-1", Ok((kind::CANCEL, side::ASK, 34_200_100_000_000))),
        ("34200,5,0,1,5795100,1", Ok((kind::TRADE, side::BID, 34_200_000_000_000))),
        ("36023,7,0,0,-1,-1", Ok((kind::STATUS, side::NONE, 36_023_000_000_000))),
        ("34200.0000000001,1,1,100,5794000,1", Err("time")),
        ("34200.1,8,1,100,5794000,1", Err("unknown message type 8")),
        ("34200.1,1,1,100,5794000,0", Err("direction 0")),
        ("34200.1,1,1,0,5794000,1", Err("size 0")),
        ("34200.1,1,1,100", Err("expected 6")),
    ];
    for (line, want) in cases {
        match (parse_message(line), want) {
            (Ok(m), Ok((k, s, ns))) => assert_eq!((m.kind, m.side, m.ns), (k, s, ns), "{line}"),
            (Err(e), Err(fragment)) => assert!(e.contains(fragment), "{line}: {e}"),
            (got, want) => panic!("{line}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn malformed_lines_fail_strict_and_count_lenient() {
    let dir = temp_dir("lobster-bad");
    let message = dir.join("TEST_2012-06-21_34200000_57600000_message_1.csv");
    std::fs::write(
        &message,
        "34200.1,1,7,100,1000000,1\n34200.2,1,8,100,oops,1\n34200.3,3,7,100,1000000,1\n34200.4,4,99,5,1000000,1\n",
    )
    .unwrap();
    let opts = |lenient| LobsterOptions {
        message: message.clone(),
        orderbook: None,
        symbol: "TEST".into(),
        date: None,
        out_dir: dir.clone(),
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let e = import(&opts(false)).unwrap_err();
    assert_eq!(e.code, code::LOBSTER_BAD_LINE);
    assert_eq!(e.message, "TEST_2012-06-21_34200000_57600000_message_1.csv:2: price \"oops\" is not a number");
    let s = import(&opts(true)).unwrap();
    // The execution of never-seen order 99 is a real trade: kept as a TRADE print.
    assert_eq!(s.records, 3);
    assert_eq!(s.skipped_by_reason, vec![("malformed line".to_string(), 1), (EXECUTION_AS_TRADE.to_string(), 1)]);
    let log = featc_core::log::LogReader::open(&s.path).unwrap();
    let last = log.record(2);
    assert_eq!((last.kind, last.size, last.aggressor), (kind::TRADE, 5, featc_core::log::aggressor::SELL));

    let nameless = dir.join("messages.csv");
    std::fs::copy(&message, &nameless).unwrap();
    let e = import(&LobsterOptions { message: nameless, ..opts(true) }).unwrap_err();
    assert_eq!(e.code, code::LOBSTER_BAD_NAME);
}
