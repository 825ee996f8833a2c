//! The LOBSTER importer on the bundled GOOG 2012-06-21 10-level sample: the imported log,
//! replayed through BookL3, is compared with LOBSTER's own orderbook file after every message.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use common::*;
use featc_core::book::BookL3;
use featc_core::error::code;
use featc_core::import::lobster::{
    import, lobster_row, parse_message, LobsterOptions, CROSS_TRADE, EXECUTION_AS_TRADE, SWEEP_MERGED,
};
use featc_core::log::{aggressor, flag, kind, side, LogReader, Record, DEFAULT_SNAPSHOT_EVERY_NS};

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
    let cases: [(&str, Result<(u8, u8, i64), &str>); 17] = [
        ("34200.015105074,1,1,100,5794000,1", Ok((kind::ADD, side::BID, 34_200_015_105_074))),
        ("34200.1,2,1,100,5794000,-1", Ok((kind::CANCEL, side::ASK, 34_200_100_000_000))),
        ("34200,5,0,1,5795100,1", Ok((kind::TRADE, side::BID, 34_200_000_000_000))),
        ("36023,7,0,0,-1,-1", Ok((kind::STATUS, side::NONE, 36_023_000_000_000))),
        // A cross trade's order id is negative (-1 opening, -2 closing, -3/-4 other): it parses.
        ("34200.5,6,-1,500,5795000,-1", Ok((kind::TRADE, side::NONE, 34_200_500_000_000))),
        ("57600,6,-2,800,5800000,1", Ok((kind::TRADE, side::NONE, 57_600_000_000_000))),
        // Anywhere else a negative order id is an error.
        ("34200.5,4,-1,100,5794000,1", Err("order id -1 is negative (only a type 6 cross trade has one), in a type 4")),
        ("34200.5,6,x,500,5795000,-1", Err("order id \"x\" is not a number")),
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

/// A small LOBSTER pair, `TEST_<date>_34200000_57600000_{message,orderbook}_1.csv` under `dir`,
/// from (message line, orderbook row) pairs, imported strictly with the orderbook.
fn small_import(dir: &std::path::Path, date: &str, lines: &[(&str, &str)]) -> featc_core::import::ImportSummary {
    std::fs::create_dir_all(dir).unwrap();
    let name = |which: &str| dir.join(format!("TEST_{date}_34200000_57600000_{which}_1.csv"));
    let text = |k: usize| lines.iter().map(|l| if k == 0 { l.0 } else { l.1 }).collect::<Vec<_>>().join("\n") + "\n";
    std::fs::write(name("message"), text(0)).unwrap();
    std::fs::write(name("orderbook"), text(1)).unwrap();
    import(&LobsterOptions {
        message: name("message"),
        orderbook: Some(name("orderbook")),
        symbol: "TEST".into(),
        date: None,
        out_dir: dir.join("q"),
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
        packet_per_message: false,
    })
    .unwrap()
}

fn all_records(path: &std::path::Path) -> Vec<Record> {
    let log = LogReader::open(path).unwrap();
    (0..log.len()).map(|i| log.record(i)).collect()
}

/// A bid executed at 34200.5 (type 4, direction 1: seller-initiated), then two hidden
/// executions at the same time, direction 1 as LOBSTER writes every one from 2014-07-14; with
/// the orderbook row after each message (1 level: ask price, ask size, bid price, bid size).
const HIDDEN_DAY: [(&str, &str); 6] = [
    ("34200.000000001,1,11,100,5800000,-1", "5800000,100,-9999999999,0"),
    ("34200.000000001,1,12,100,5790000,1", "5800000,100,5790000,100"),
    ("34200.5,4,12,30,5790000,1", "5800000,100,5790000,70"),
    ("34200.5,5,0,20,5785000,1", "5800000,100,5790000,70"),
    ("34200.5,5,0,25,5785000,1", "5800000,100,5790000,70"),
    ("34201,3,11,100,5800000,-1", "9999999999,0,5790000,70"),
];

#[test]
fn hidden_executions_from_2014_07_14_have_no_aggressor_and_join_no_sweep() {
    let dir = temp_dir("lobster-hidden");
    let hidden = |s: &featc_core::import::ImportSummary| -> Vec<Record> {
        all_records(&s.path).into_iter().filter(|r| r.seq == 4 || r.seq == 5).collect()
    };
    // Before 2014-07-14 (the bundled sample's 2012 included): as before, the direction is the
    // hidden order's side, the aggressor the other, and the hidden executions join the sweep
    // of the bid execution at their time and direction.
    for date in ["2012-06-21", "2014-07-11"] {
        let s = small_import(&dir.join(date), date, &HIDDEN_DAY);
        assert_eq!((s.records, s.reconciled_levels, s.seeded_levels), (6, 0, 0), "{date}");
        for r in hidden(&s) {
            assert_eq!((r.kind, r.side, r.aggressor), (kind::TRADE, side::BID, aggressor::SELL), "{date}");
        }
        assert_eq!((s.packets, s.sweep_messages_merged), (4, 2), "{date}");
        assert!(s.log_counts.contains(&(format!("merged: {SWEEP_MERGED}"), 2)), "{date}");
    }
    // From 2014-07-14 the direction is masked: aggressor (and side) unknown, each hidden
    // execution its own packet.
    let old = small_import(&dir.join("old"), "2014-07-11", &HIDDEN_DAY);
    for date in ["2014-07-14", "2015-01-05"] {
        let s = small_import(&dir.join(date), date, &HIDDEN_DAY);
        assert_eq!((s.records, s.reconciled_levels, s.seeded_levels), (6, 0, 0), "{date}");
        for r in hidden(&s) {
            assert_eq!((r.kind, r.side, r.aggressor), (kind::TRADE, side::NONE, aggressor::UNKNOWN), "{date}");
        }
        assert_eq!((s.packets, s.sweep_messages_merged), (6, 0), "{date}");
        assert!(!s.log_counts.iter().any(|(k, _)| k.starts_with("merged:")), "{date}");
        // Every other record is unchanged; only the day (the timestamps' date) differs.
        let (a, b) = (all_records(&old.path), all_records(&s.path));
        for (x, y) in a.iter().zip(&b).filter(|(x, _)| x.seq != 4 && x.seq != 5) {
            let same = |r: &Record| Record { exchange_ts: 0, ingest_ts: 0, flags: r.flags & !flag::LAST, ..*r };
            assert_eq!(same(x), same(y), "{date}");
        }
        let execute = b.iter().find(|r| r.kind == kind::EXECUTE).unwrap();
        assert_eq!((execute.seq, execute.aggressor), (3, aggressor::SELL), "{date}: a type 4 keeps its aggressor");
        assert!(b.iter().all(|r| r.is_last()), "{date}: one record per packet");
    }
}

#[test]
fn cross_trades_are_counted_and_write_nothing() {
    let dir = temp_dir("lobster-cross");
    let plain = small_import(&dir.join("plain"), "2012-06-21", &HIDDEN_DAY);
    // An opening cross (order id -1) inside the sweep at 34200.5, its orderbook row repeating
    // the one before: the import succeeds, counts it, and writes the records of the file
    // without it (one line number later after it; the sweep stays one packet).
    let mut lines = HIDDEN_DAY.to_vec();
    lines.insert(3, ("34200.5,6,-1,500,5790000,-1", "5800000,100,5790000,70"));
    let cross = small_import(&dir.join("cross"), "2012-06-21", &lines);
    assert_eq!(cross.skipped_by_reason, vec![(CROSS_TRADE.to_string(), 1)]);
    assert_eq!(CROSS_TRADE, "cross trade (type 6): its executions are the type 4/5 messages");
    assert!(cross.log_counts.contains(&(format!("skipped: {CROSS_TRADE}"), 1)));
    assert_eq!((cross.records, cross.packets, cross.sweep_messages_merged), (plain.records, plain.packets, 2));
    let (a, b) = (all_records(&plain.path), all_records(&cross.path));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(y.seq, if x.seq >= 4 { x.seq + 1 } else { x.seq });
        assert_eq!(Record { seq: 0, ..*x }, Record { seq: 0, ..*y });
    }
    // The trade volume is that of the executions alone: 30 + 20 + 25.
    let volume: i64 = b.iter().filter(|r| r.kind == kind::EXECUTE || r.kind == kind::TRADE).map(|r| r.size).sum();
    assert_eq!(volume, 75);

    // A negative order id on any other type is a bad line naming file and line.
    let mut bad = HIDDEN_DAY.to_vec();
    bad[2].0 = "34200.5,4,-12,30,5790000,1";
    let d = dir.join("bad");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("TEST_2012-06-21_34200000_57600000_message_1.csv"),
        bad.iter().map(|l| l.0).collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    let e = import(&LobsterOptions {
        message: d.join("TEST_2012-06-21_34200000_57600000_message_1.csv"),
        orderbook: None,
        symbol: "TEST".into(),
        date: None,
        out_dir: d.join("q"),
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
        packet_per_message: false,
    })
    .unwrap_err();
    assert_eq!(e.code, code::LOBSTER_BAD_LINE);
    assert_eq!(
        e.message,
        "TEST_2012-06-21_34200000_57600000_message_1.csv:3: order id -12 is negative (only a type 6 cross trade has one), in a type 4 message"
    );
}
