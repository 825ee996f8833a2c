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
        packet_per_message: false,
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
    let cases: [(&str, Result<(u8, u8, i64), &str>); 13] = [
        ("34200.015105074,1,1,100,5794000,1", Ok((kind::ADD, side::BID, 34_200_015_105_074))),
        ("34200.1,2,1,100,5794000,-1", Ok((kind::CANCEL, side::ASK, 34_200_100_000_000))),
        ("34200,5,0,1,5795100,1", Ok((kind::TRADE, side::BID, 34_200_000_000_000))),
        ("36023,7,0,0,-1,-1", Ok((kind::STATUS, side::NONE, 36_023_000_000_000))),
        // More than 9 decimals (a floating-point export): the nearest nanosecond.
        ("34200.0000000001,1,1,100,5794000,1", Ok((kind::ADD, side::BID, 34_200_000_000_000))),
        ("43002.632812672004,4,1,100,5794000,1", Ok((kind::EXECUTE, side::BID, 43_002_632_812_672))),
        ("43002.6328126725,4,1,100,5794000,1", Ok((kind::EXECUTE, side::BID, 43_002_632_812_673))),
        ("34200.9999999999,3,1,100,5794000,-1", Ok((kind::DELETE, side::ASK, 34_201_000_000_000))),
        ("34200.1e5,1,1,100,5794000,1", Err("time")),
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
        packet_per_message: false,
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

/// The GOOG day's message lines (gzip), as text.
fn goog_messages() -> Vec<String> {
    let f = flate2::read::GzDecoder::new(std::fs::File::open(sample(MESSAGE)).unwrap());
    BufReader::new(f).lines().map(Result::unwrap).collect()
}

fn goog(dir: &std::path::Path, packet_per_message: bool) -> featc_core::import::ImportSummary {
    import(&LobsterOptions {
        message: sample(MESSAGE),
        orderbook: Some(sample(ORDERBOOK)),
        symbol: "GOOG".into(),
        date: None,
        out_dir: dir.to_path_buf(),
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
        packet_per_message,
    })
    .unwrap()
}

#[test]
fn executions_of_one_sweep_are_one_packet() {
    // The evidence, from the message file alone: runs of executions (types 4, 5) with one
    // timestamp and one direction. On GOOG 2012-06-21 they are always consecutive and never
    // mix directions: 2,191 timestamps have several executions, 5,886 executions in all.
    let lines = goog_messages();
    let f: Vec<Vec<&str>> = lines.iter().map(|l| l.split(',').collect()).collect();
    let (mut runs, mut in_runs, mut run) = (0u64, 0u64, 0u64);
    for k in 0..f.len() {
        let exec = |k: usize| f[k][1] == "4" || f[k][1] == "5";
        let joins = k > 0 && exec(k) && exec(k - 1) && f[k][0] == f[k - 1][0] && f[k][5] == f[k - 1][5];
        if joins {
            run += 1;
        } else {
            if run > 1 {
                runs += 1;
                in_runs += run;
            }
            run = exec(k) as u64;
        }
    }
    if run > 1 {
        runs += 1;
        in_runs += run;
    }
    assert_eq!((runs, in_runs), (2_191, 5_886));

    let dir = temp_dir("lobster-sweeps");
    let grouped = goog(&dir.join("grouped"), false);
    let single = goog(&dir.join("single"), true);
    // One packet per message (and the seed) with --packet-per-message; a sweep's executions
    // join the first one's packet by default.
    assert_eq!(single.packets, 147_916 + 1);
    assert_eq!(grouped.sweep_messages_merged, in_runs - runs);
    assert_eq!(grouped.packets, single.packets - (in_runs - runs));
    assert_eq!(single.sweep_messages_merged, 0);
    assert!(grouped.log_counts.iter().any(|(k, n)| k.starts_with("merged: execution at the time") && *n == 3_695));
    // The same records, only the packet ends differ; in a packet, the trades share time and side.
    let (a, b) = (LogReader::open(&grouped.path).unwrap(), LogReader::open(&single.path).unwrap());
    assert_eq!(a.len(), b.len());
    let mut packet: Vec<featc_core::log::Record> = Vec::new();
    let mut multi = 0;
    for i in 0..a.len() {
        let (x, y) = (a.record(i), b.record(i));
        assert_eq!(featc_core::log::Record { flags: 0, ..x }, featc_core::log::Record { flags: 0, ..y });
        packet.push(x);
        if x.is_last() {
            let trades: Vec<_> = packet.iter().filter(|r| r.kind == kind::EXECUTE || r.kind == kind::TRADE).collect();
            let lines: std::collections::BTreeSet<u64> = trades.iter().map(|r| r.seq).collect();
            if lines.len() > 1 {
                multi += 1;
                let first = trades[0];
                assert!(trades.iter().all(|r| r.exchange_ts == first.exchange_ts && r.aggressor == first.aggressor));
            }
            packet.clear();
        }
    }
    assert_eq!(multi, runs);
}

#[test]
fn times_with_more_than_nine_decimals_round_to_the_nearest_nanosecond() {
    // The first 2,000 GOOG messages with their times as a floating-point export writes them:
    // every 9-decimal time gets 4 more digits, 0004 (rounds down to itself) for an even ns and
    // 9996 (up by 1 ns) for an odd one, so equal times stay equal and the order holds.
    let dir = temp_dir("lobster-round");
    let lines = goog_messages();
    let mut text = String::new();
    let mut want = Vec::new();
    for l in lines.iter().take(2_000) {
        let (t, rest) = l.split_once(',').unwrap();
        let frac = t.split_once('.').map_or(0, |(_, f)| f.len());
        let ns = (t.split('.').next().unwrap().parse::<i64>().unwrap()) * 1_000_000_000
            + t.split_once('.').map_or(0, |(_, f)| format!("{f:0<9}").parse::<i64>().unwrap());
        if frac == 9 {
            let digits = if ns % 2 == 0 { "0004" } else { "9996" };
            text.push_str(&format!("{t}{digits},{rest}\n"));
            want.push(ns + ns % 2);
        } else {
            text.push_str(&format!("{l}\n"));
            want.push(ns);
        }
    }
    let message = dir.join("GOOG_2012-06-21_34200000_57600000_message_10.csv");
    std::fs::write(&message, &text).unwrap();
    let s = import(&LobsterOptions {
        message,
        orderbook: None,
        symbol: "GOOG".into(),
        date: None,
        out_dir: dir.join("q"),
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
        packet_per_message: true,
    })
    .unwrap();
    let nine = lines
        .iter()
        .take(2_000)
        .filter(|l| l.split(',').next().unwrap().split_once('.').is_some_and(|(_, f)| f.len() == 9))
        .count() as u64;
    assert_eq!(nine, 1_768, "the others have trailing zeros left out");
    assert_eq!(s.rounded_times, nine);
    assert!(s
        .log_counts
        .contains(&("rounded: time with more than 9 decimals, rounded to the nearest ns".to_string(), nine)));
    // Each record's time is its message's, rounded: back to New York midnight + ns.
    let log = LogReader::open(&s.path).unwrap();
    let midnight = s.first_ts - want[0];
    for i in 0..log.len() {
        let r = log.record(i);
        assert_eq!(r.exchange_ts - midnight, want[r.seq as usize - 1], "record {i} (line {})", r.seq);
    }
}
