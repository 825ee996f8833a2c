//! DBN inputs merged by ts_recv, trades in two inputs written once, and the vendor's quality
//! marks as q flags (docs/formats/dbn.md, "Several inputs", "Trades in two files", "Flags"),
//! on the CME ESU4 sample: an MBP-1 file of 2,288 records and the trades file of its 120 `T`
//! actions, 2024-07-01 23:58 to 2024-07-02 00:02 UTC.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::log::{flag, kind, LogReader, Record};
use featc_import::dbn::{self, DbnOptions, MARKED_BAD_BOOK, MARKED_BAD_TS, TIME_RAISED, TRADE_IN_TWO_INPUTS};
use featc_import::report::ImportReport;

const MBP1: &str = "databento/cme-esu4/futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst";
const TRADES: &str = "databento/cme-esu4/futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn.zst";

fn run(inputs: Vec<PathBuf>, out: &Path) -> ImportReport {
    dbn::import(&DbnOptions {
        inputs,
        out_dir: out.to_path_buf(),
        symbol: None,
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
    })
    .expect("import")
}

/// Every record of the import's logs, day by day.
fn records(r: &ImportReport) -> Vec<Record> {
    r.files
        .iter()
        .flat_map(|f| {
            let log = LogReader::open(&f.path).unwrap();
            (0..log.len()).map(|i| log.record(i)).collect::<Vec<_>>()
        })
        .collect()
}

fn count(pairs: &[(String, u64)], name: &str) -> u64 {
    pairs.iter().find(|(k, _)| k == name).map_or(0, |(_, n)| *n)
}

/// The decoded bytes of a zstd DBN sample: (prelude and metadata, records).
fn decoded(rel: &str) -> (Vec<u8>, Vec<Vec<u8>>) {
    let bytes = zstd::decode_all(fs::File::open(data(rel)).unwrap()).unwrap();
    let meta_len = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    let (head, mut rest) = bytes.split_at(8 + meta_len);
    let mut recs = Vec::new();
    while !rest.is_empty() {
        let len = rest[0] as usize * 4;
        recs.push(rest[..len].to_vec());
        rest = &rest[len..];
    }
    (head.to_vec(), recs)
}

fn write_dbn(path: &Path, head: &[u8], recs: &[Vec<u8>]) {
    let mut b = head.to_vec();
    for r in recs {
        b.extend_from_slice(r);
    }
    fs::write(path, b).unwrap();
}

#[test]
fn mbp1_and_its_trades_file_write_each_trade_once() {
    let mbp = run(vec![data(MBP1)], &scratch("mbp1-alone"));
    let trades = run(vec![data(TRADES)], &scratch("trades-alone"));
    let both = run(vec![data(MBP1), data(TRADES)], &scratch("both"));
    let reversed = run(vec![data(TRADES), data(MBP1)], &scratch("reversed"));
    let n_trades = |r: &ImportReport| records(r).iter().filter(|x| x.kind == kind::TRADE).count();
    assert_eq!((n_trades(&mbp), n_trades(&trades)), (120, 120));
    for r in [&both, &reversed] {
        assert_eq!(n_trades(r), 120, "each trade once");
        assert_eq!(r.deduplicated, vec![(TRADE_IN_TWO_INPUTS.to_string(), 120)]);
        assert!(r.log_counts().contains(&(format!("deduplicated: {TRADE_IN_TWO_INPUTS}"), 120)));
        assert_eq!(count(&r.adjusted, TIME_RAISED), 0, "merged by ts_recv: nothing out of order");
        // Every trade of the trades file is in the MBP-1 file: the logs are the MBP-1 import's.
        assert_eq!(records(r), records(&mbp));
        assert_eq!(
            r.files.iter().map(|f| f.packets).collect::<Vec<_>>(),
            mbp.files.iter().map(|f| f.packets).collect::<Vec<_>>()
        );
    }
    // Alone, a trades file's trades at one ts_event are one packet (the file has no F_LAST).
    let trade_packets: u64 = trades.files.iter().map(|f| f.packets).sum();
    assert!(trade_packets <= 120 && trade_packets > 0);
    eprintln!("trades file alone: 120 trades in {trade_packets} packets");
}

#[test]
fn a_trade_only_in_the_trades_file_is_written_in_its_place() {
    let dir = scratch("missing-trade");
    let (head, mut recs) = decoded(MBP1);
    // Take the 60th T out of the MBP-1 file (rtype 0x01, action at byte 28).
    let t: Vec<usize> = (0..recs.len()).filter(|&i| recs[i][28] == b'T').collect();
    assert_eq!(t.len(), 120);
    let removed = recs.remove(t[59]);
    let ts_recv = u64::from_le_bytes(removed[32..40].try_into().unwrap()) as i64;
    let cut = dir.join("mbp-1-without-one-trade.dbn");
    write_dbn(&cut, &head, &recs);
    let r = run(vec![cut, data(TRADES)], &dir.join("out"));
    assert_eq!(r.deduplicated, vec![(TRADE_IN_TWO_INPUTS.to_string(), 119)]);
    let all = records(&r);
    let trades: Vec<&Record> = all.iter().filter(|x| x.kind == kind::TRADE).collect();
    assert_eq!(trades.len(), 120);
    // The one left comes from the trades file, at its own time: ingest times never go back.
    assert!(trades.iter().any(|x| x.ingest_ts == ts_recv));
    assert!(all.windows(2).all(|w| w[0].ingest_ts <= w[1].ingest_ts));
    assert_eq!(count(&r.adjusted, TIME_RAISED), 0);
}

#[test]
fn the_vendors_marks_become_bad_ts_and_bad_book_flags() {
    // CME ESH4: every MBO snapshot record carries F_BAD_TS_RECV (8,725 a file), no live one.
    let esh4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"];
    let r = run(esh4.iter().map(|f| data(&format!("databento/cme-esh4/{f}"))).collect(), &scratch("marks"));
    let all = records(&r);
    let bad_ts = all.iter().filter(|x| x.flags & flag::BAD_TS != 0).count() as u64;
    // The snapshot adds, and the CLEAR the second snapshot writes first.
    assert_eq!(count(&r.marked, MARKED_BAD_TS), 2 * 8_725);
    assert_eq!(bad_ts, 2 * 8_725 + 1);
    assert!(all.iter().filter(|x| x.flags & flag::BAD_TS != 0).all(|x| x.flags & flag::SNAPSHOT != 0));
    assert!(all.iter().all(|x| x.flags & flag::BAD_BOOK == 0));
    // ESU4's one F_BAD_TS_RECV record (the midnight snapshot, flags 0xA8) repeats the levels
    // shown: it writes nothing, so nothing is marked.
    let r = run(vec![data(MBP1)], &scratch("marks-esu4"));
    assert!(r.marked.is_empty());
    // No sample carries F_MAYBE_BAD_BOOK: set it on records 100..110 of a copy.
    let dir = scratch("marks-bad-book");
    let (head, mut recs) = decoded(MBP1);
    let marked: Vec<u32> = (100..110).map(|i| u32::from_le_bytes(recs[i][44..48].try_into().unwrap())).collect();
    for rec in &mut recs[100..110] {
        rec[30] |= 0x04;
    }
    let copy = dir.join("marked.dbn");
    write_dbn(&copy, &head, &recs);
    let r = run(vec![copy], &dir.join("out"));
    assert_eq!(count(&r.marked, MARKED_BAD_BOOK), 10);
    let all = records(&r);
    let flagged: Vec<&Record> = all.iter().filter(|x| x.flags & flag::BAD_BOOK != 0).collect();
    assert!(!flagged.is_empty());
    assert!(flagged.iter().all(|x| marked.contains(&(x.seq as u32))), "only the marked records' own");
    // The readers take the bits as they are: the log replays.
    let log = LogReader::open(&r.files[0].path).unwrap();
    let mut book = featc_core::book::BookL2::new();
    for i in 0..log.len() {
        book.apply(&log.record(i)).expect("replays");
    }
}

#[test]
fn two_book_schemas_of_one_symbol_and_day_are_refused() {
    // The GLBX.MDP3 ESH1 test files: MBP-1 and MBP-10 of the same instrument and day.
    let out = scratch("two-books");
    let e = dbn::import(&DbnOptions {
        inputs: vec![data("databento/dbn-tests/test_data.mbp-1.dbn"), data("databento/dbn-tests/test_data.mbp-10.dbn")],
        out_dir: out.clone(),
        symbol: None,
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
    })
    .unwrap_err();
    assert_eq!(e.code, "IMPORT_OUTPUT_CONFLICT");
    for part in
        ["test_data.mbp-1.dbn (mbp-1)", "test_data.mbp-10.dbn (mbp-10)", "both hold the book of ESH1 on 2020-12-28"]
    {
        assert!(e.message.contains(part), "{}", e.message);
    }
    assert!(files_under(&out).is_empty());
    // MBP-1 with its trades file is fine: trades go with any book.
    let r = run(
        vec![data("databento/dbn-tests/test_data.mbp-1.dbn"), data("databento/dbn-tests/test_data.trades.dbn")],
        &scratch("book-and-trades"),
    );
    assert!(!r.files.is_empty());
}

#[test]
fn an_instrument_from_two_publishers_is_refused_not_mixed_into_one_book() {
    let (head, mut recs) = decoded(MBP1);
    // Record 10 as another venue's: bytes 2..4 of the header are the publisher id.
    let publisher = u16::from_le_bytes([recs[10][2], recs[10][3]]);
    recs[10][2..4].copy_from_slice(&(publisher + 1).to_le_bytes());
    let dir = scratch("two-publishers");
    let input = dir.join("two.dbn");
    write_dbn(&input, &head, &recs);
    let out = dir.join("out");
    let e = dbn::import(&DbnOptions {
        inputs: vec![input],
        out_dir: out.clone(),
        symbol: None,
        lenient: true,
        snapshot_every_ns: 0,
        force: false,
    })
    .unwrap_err();
    assert_eq!(e.code, "IMPORT_OUTPUT_CONFLICT");
    assert!(e.message.contains(&format!("come from publishers {publisher} and {}", publisher + 1)), "{}", e.message);
    assert!(files_under(&out).is_empty());
}
