//! The importers and book checks on the real samples in ../shared/data (INDEX.md there).

mod common;

use std::path::Path;

use common::{data, scratch};
use featc_core::log::{kind, LogReader, DEFAULT_SNAPSHOT_EVERY_NS};
use featc_import::dbn::{self, DbnOptions};
use featc_import::itch::{self, ItchOptions};
use featc_import::verify;

/// The ITCH sample's import into `out`, every stock or only `symbol`.
fn itch_sample(out: &Path, symbol: Option<&str>) -> ItchOptions {
    ItchOptions {
        input: data("itch/ex20101224.TEST_ITCH_50.gz"),
        out_dir: out.to_path_buf(),
        date: None,
        symbol: symbol.map(str::to_string),
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    }
}

#[test]
fn itch_sample_counts_match_the_published_figures() {
    let r = verify::verify_itch_counts(&data("itch/ex20101224.TEST_ITCH_50.gz"), false).unwrap();
    println!("{r:?}");
    assert_eq!((r.events, r.rows_compared, r.rows_equal), (12_012, 10, 10));
}

#[test]
fn itch_sample_imports_per_stock() {
    let out = scratch("itch");
    let opts = itch_sample(&out, None);
    let r = itch::import(&opts).unwrap();
    println!("{r:#?}");
    assert_eq!(r.messages_in, 12_012);
    assert!(!r.files.is_empty());
    for f in &r.files {
        let log = LogReader::open(&f.path).unwrap();
        assert_eq!(log.header().date, "2010-12-24");
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn xnas_mbo_reproduces_mbp10() {
    let d = "databento/xnas-itch/";
    let r = verify::verify_dbn_mbo_vs_mbp10(
        &data(&format!("{d}test_data.mbo.dbn.zst")),
        &data(&format!("{d}test_data.mbp-10.dbn.zst")),
        false,
    )
    .unwrap();
    println!("{r:?}");
    assert!(r.rows_compared > 0);
    assert_eq!(r.rows_equal, r.rows_compared);
}

#[test]
fn dbn_test_files_mbo_vs_mbp10() {
    let d = "databento/dbn-tests/";
    for (mbo, mbp) in [
        ("test_data.mbo.dbn", "test_data.mbp-10.dbn"),
        ("test_data.mbo.v1.dbn.zst", "test_data.mbp-10.v1.dbn.zst"),
        ("test_data.mbo.v2.dbn.zst", "test_data.mbp-10.v2.dbn.zst"),
        ("test_data.mbo.v3.dbn.zst", "test_data.mbp-10.v3.dbn.zst"),
    ] {
        let r =
            verify::verify_dbn_mbo_vs_mbp10(&data(&format!("{d}{mbo}")), &data(&format!("{d}{mbp}")), false).unwrap();
        println!("{r:?}");
        assert_eq!(r.events, 2);
    }
}

#[test]
fn esh4_book_is_consistent() {
    let d = "databento/cme-esh4/";
    let r = verify::verify_cme_esh4(
        &[
            data(&format!("{d}esh4-glbx-mdp3-20231224.mbo.dbn.zst")),
            data(&format!("{d}esh4-glbx-mdp3-20231225.mbo.dbn.zst")),
        ],
        false,
    )
    .unwrap();
    println!("{r:#?}");
    assert_eq!(r.events, 8_725 + 68_792);
    assert_eq!(r.rows_compared, 47_023);
    // Every crossed state is in the pre-open, before the first trade; no record is rejected.
    assert!(r.notes[0].contains("(0 of them after the first trade"), "{}", r.notes[0]);
    assert!(r.notes[0].contains(", 0 records rejected"), "{}", r.notes[0]);
    assert!(r.notes.iter().any(|n| n == "cancel: 17999 of 17999 name a resting order"));
    assert!(r.notes.iter().any(|n| n == "modify: 12233 of 12233 name a resting order"));
}

#[test]
fn esh4_imports_per_day() {
    let out = scratch("esh4");
    let d = "databento/cme-esh4/";
    let opts = DbnOptions {
        inputs: vec![
            data(&format!("{d}esh4-glbx-mdp3-20231224.mbo.dbn.zst")),
            data(&format!("{d}esh4-glbx-mdp3-20231225.mbo.dbn.zst")),
        ],
        out_dir: out.clone(),
        symbol: None,
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let r = dbn::import(&opts).unwrap();
    println!("{r:#?}");
    assert_eq!(r.messages_in, 8_725 + 68_792);
    let names: Vec<String> = r.files.iter().map(|f| format!("{}/{}", f.symbol, f.date)).collect();
    assert_eq!(names, ["ESH4/2023-12-24", "ESH4/2023-12-25"]);
    let log = LogReader::open(&r.files[1].path).unwrap();
    let trades = (0..log.len()).filter(|&i| log.record(i).kind == kind::TRADE).count();
    assert_eq!(trades, 1_430 + 1_542 + 1);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn every_dbn_sample_imports() {
    for dir in ["dbn-tests", "xnas-itch", "glbx-mdp3", "ifeu-impact", "ndex-impact", "cme-esu4"] {
        for entry in std::fs::read_dir(data(&format!("databento/{dir}"))).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".frag") || name.ends_with(".dbz") {
                continue;
            }
            let out = scratch(&format!("all-{dir}-{name}"));
            let opts = DbnOptions {
                inputs: vec![path.clone()],
                out_dir: out.clone(),
                symbol: None,
                lenient: false,
                snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
                force: false,
            };
            let r = dbn::import(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
            println!(
                "{dir}/{name}: {} in, {:?} files, {:?}",
                r.messages_in,
                r.files.iter().map(|f| (&f.symbol, f.records)).collect::<Vec<_>>(),
                r.messages_by_type
            );
            let _ = std::fs::remove_dir_all(out);
        }
    }
}

/// The L2 log written from MBP-10, replayed by featc-core's `BookL2`, shows the levels of every
/// MBP-10 record at that record's packet end (all 10 a side, price and size).
#[test]
fn mbp10_levels_replay_exactly_in_the_l2_book() {
    use featc_core::book::BookL2;
    use featc_core::kernel::{BookView, Side};
    use featc_import::dbn::records;
    for dir in ["xnas-itch", "glbx-mdp3", "ndex-impact", "ifeu-impact"] {
        let input = data(&format!("databento/{dir}/test_data.mbp-10.dbn.zst"));
        let raw = zstd_records(&input);
        let out = scratch(&format!("l2-{dir}"));
        let r = import_dbn(input, &out);
        let log = LogReader::open(&r.files[0].path).unwrap();
        let mut book = BookL2::new();
        let mut ends = Vec::new();
        for i in 0..log.len() {
            let rec = log.record(i);
            book.apply(&rec).unwrap();
            if rec.is_last() {
                let side = |s| {
                    (0..10)
                        .map(|k| if k < book.levels(s) { (book.price_at(s, k), book.size_at(s, k)) } else { (0, 0) })
                        .collect::<Vec<_>>()
                };
                ends.push((side(Side::Bid), side(Side::Ask)));
            }
        }
        let want: Vec<_> = raw
            .iter()
            .filter(|b| records::mbp(b, 10).flags & records::F_LAST != 0)
            .map(|b| {
                let m = records::mbp(b, 10);
                let side = |f: &dyn Fn(&records::BidAsk) -> (i64, u32)| {
                    m.levels
                        .iter()
                        .map(f)
                        .map(|(p, z)| if z == 0 || p == records::UNDEF_PRICE { (0, 0) } else { (p, z as i64) })
                        .collect::<Vec<_>>()
                };
                (side(&|l| (l.bid_px, l.bid_sz)), side(&|l| (l.ask_px, l.ask_sz)))
            })
            .collect();
        // A trailing run without F_LAST is written as a packet of its own: at most one more end.
        assert!(ends.len() == want.len() || ends.len() == want.len() + 1, "{dir}");
        assert_eq!(ends[..want.len()], want[..], "{dir}");
        std::fs::remove_dir_all(out).unwrap();
    }
}

/// TBBO (each record a trade and the best bid and offer just before it; the samples' records
/// carry no F_LAST): every trade is a packet of its own, or shares one with the trades of the
/// same instrument and ts_event, and its levels come before it, so at the trade the book shows
/// the record's bid and offer.
#[test]
fn tbbo_trades_are_packets_with_the_book_before_them() {
    use featc_core::book::BookL2;
    use featc_core::kernel::{BookView, Side};
    use featc_import::dbn::records;
    for dir in ["glbx-mdp3", "ndex-impact", "ifeu-impact", "xnas-itch"] {
        let input = data(&format!("databento/{dir}/test_data.tbbo.dbn.zst"));
        let raw = zstd_records(&input);
        let out = scratch(&format!("tbbo-{dir}"));
        let r = import_dbn(input, &out);
        let trades: Vec<_> = raw.iter().map(|b| records::mbp(b, 1)).filter(|m| m.action == b'T').collect();
        assert!(trades.len() > 1, "{dir}");
        let distinct_events = {
            let mut keys: Vec<_> =
                raw.iter().map(|b| (records::header(b).instrument_id, records::header(b).ts_event)).collect();
            keys.dedup();
            keys.len() as u64
        };
        assert_eq!(r.files.iter().map(|f| f.packets).sum::<u64>(), distinct_events, "{dir}");
        println!("{dir}: {} TBBO records, {distinct_events} packets", raw.len());
        let log = LogReader::open(&r.files[0].path).unwrap();
        let mut book = BookL2::new();
        let mut seen = Vec::new();
        for i in 0..log.len() {
            let rec = log.record(i);
            if rec.kind == kind::TRADE {
                let top = |s| if book.levels(s) > 0 { (book.price_at(s, 0), book.size_at(s, 0)) } else { (0, 0) };
                seen.push((rec.price, top(Side::Bid), top(Side::Ask)));
            }
            book.apply(&rec).unwrap();
        }
        let want: Vec<_> = trades
            .iter()
            .map(|m| {
                let l = &m.levels[0];
                let shown = |p: i64, z: u32| if z == 0 || p == records::UNDEF_PRICE { (0, 0) } else { (p, z as i64) };
                (m.price, shown(l.bid_px, l.bid_sz), shown(l.ask_px, l.ask_sz))
            })
            .collect();
        assert_eq!(seen, want, "{dir}");
        std::fs::remove_dir_all(out).unwrap();
    }
}

/// `input` imported alone into `out`, strict, with the default snapshots.
fn import_dbn(input: std::path::PathBuf, out: &Path) -> featc_import::report::ImportReport {
    dbn::import(&DbnOptions {
        inputs: vec![input],
        out_dir: out.to_path_buf(),
        symbol: None,
        lenient: false,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
    .unwrap()
}

/// A DBN file's records, after its metadata.
fn zstd_records(path: &std::path::Path) -> Vec<Vec<u8>> {
    use std::io::Read;
    let mut b = Vec::new();
    zstd::stream::read::Decoder::new(std::fs::File::open(path).unwrap()).unwrap().read_to_end(&mut b).unwrap();
    let mut at = 8 + u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
    let mut out = Vec::new();
    while at < b.len() {
        let len = b[at] as usize * 4;
        out.push(b[at..at + len].to_vec());
        at += len;
    }
    out
}

#[test]
fn itch_symbol_filter_counts_other_stocks_apart() {
    let out = scratch("itch-one");
    let opts = itch_sample(&out, Some("BOB"));
    let r = itch::import(&opts).unwrap();
    assert_eq!(r.files.iter().map(|f| f.symbol.as_str()).collect::<Vec<_>>(), ["BOB"]);
    let all = itch::import(&ItchOptions { symbol: None, out_dir: out.join("all"), ..opts }).unwrap();
    let unknown = |r: &featc_import::report::ImportReport| {
        r.skipped_by_reason.iter().find(|(k, _)| k == itch::UNKNOWN_ORDER).map_or(0, |x| x.1)
    };
    // Filtering never turns another stock's order into an "unknown order".
    assert!(unknown(&r) <= unknown(&all));
    assert_eq!(r.files[0].records, all.files.iter().find(|f| f.symbol == "BOB").unwrap().records);
    std::fs::remove_dir_all(out).unwrap();
}
