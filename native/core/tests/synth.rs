//! The synthetic generator: same options give the same bytes, and every record applies to
//! BookL3 without a fault, with the book never crossed or locked at a packet's end.

mod common;

use common::*;
use featc_core::book::BookL3;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{kind, LogReader, DEFAULT_SNAPSHOT_EVERY_NS};
use featc_core::synth::{generate, SynthOptions};

fn options(dir: &std::path::Path, events: u64, seed: u64) -> SynthOptions {
    SynthOptions {
        symbol: "SYN".into(),
        events,
        seed,
        date: "2024-03-12".into(),
        out_dir: dir.to_path_buf(),
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
    }
}

#[test]
fn same_options_same_bytes() {
    let a = temp_dir("synth-a");
    let b = temp_dir("synth-b");
    let sa = generate(&options(&a, 50_000, 42)).unwrap();
    let sb = generate(&options(&b, 50_000, 42)).unwrap();
    assert_eq!(sa.path, a.join("SYN/2024-03-12.q"));
    assert_eq!(std::fs::read(&sa.path).unwrap(), std::fs::read(&sb.path).unwrap());
    let c = temp_dir("synth-c");
    let sc = generate(&options(&c, 50_000, 43)).unwrap();
    assert_ne!(std::fs::read(&sa.path).unwrap(), std::fs::read(&sc.path).unwrap());
}

#[test]
fn a_day_is_valid_under_book_l3() {
    let dir = temp_dir("synth-valid");
    let s = generate(&options(&dir, 300_000, 7)).unwrap();
    assert_eq!(s.records, 300_000);
    let log = LogReader::open(&s.path).unwrap();
    let h = log.header();
    assert_eq!(
        (h.venue.as_str(), h.symbol.as_str(), h.date.as_str(), h.price_decimals),
        ("SYNTHETIC", "SYN", "2024-03-12", 2)
    );
    // 2024-03-12 is in daylight time: 09:30 EDT = 13:30 UTC.
    let open = 1_710_250_200_000_000_000i64;
    assert!(s.first_ts >= open && s.last_ts < open + 23_400_000_000_000, "{} {}", s.first_ts, s.last_ts);
    assert!(s.last_ts > open + 20_000_000_000_000, "the flow should reach the late afternoon");

    let mut book = BookL3::new();
    let (mut packets, mut trades, mut multi_fill, mut fills_in_packet, mut hidden) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut prev_ts = i64::MIN;
    let mut mids = Vec::new();
    for i in 0..log.len() {
        let r = log.record(i);
        assert!(r.code_error().is_none());
        assert!(r.exchange_ts >= prev_ts);
        if fills_in_packet > 0 {
            assert_eq!(r.exchange_ts, prev_ts, "record {i}: fills of one sweep share a timestamp");
        }
        prev_ts = r.exchange_ts;
        book.apply(&r).unwrap_or_else(|f| panic!("record {i}: {}", f.describe(featc_core::log::kind_name(r.kind))));
        if r.kind == kind::EXECUTE || r.kind == kind::TRADE {
            trades += 1;
        }
        hidden += (r.kind == kind::TRADE) as u64;
        fills_in_packet += (r.kind == kind::EXECUTE) as u64;
        if r.is_last() {
            packets += 1;
            multi_fill += (fills_in_packet > 1) as u64;
            fills_in_packet = 0;
            let (nb, na) = (book.levels(Side::Bid), book.levels(Side::Ask));
            if nb > 0 && na > 0 {
                let (b, a) = (book.price_at(Side::Bid, 0), book.price_at(Side::Ask, 0));
                assert!(b < a, "record {i}: book crossed or locked: bid {b} ask {a}");
                if i % 1000 == 0 {
                    mids.push(b + a);
                }
            }
        } else {
            assert_eq!(r.kind, kind::EXECUTE, "record {i}: only sweeps span several records");
        }
    }
    assert_eq!((packets, trades), (s.packets, s.trades));
    assert!(multi_fill > 100, "multi-fill packets: {multi_fill}");
    assert!(hidden > 100, "hidden prints: {hidden}");
    // The price moves, but stays a plausible equity price around 100.00.
    let (lo, hi) = (mids.iter().min().unwrap(), mids.iter().max().unwrap());
    assert!(hi - lo >= 10, "mid range {lo}..{hi} (in half ticks)");
    assert!(*lo > 2 * 8_000 && *hi < 2 * 12_000, "mid range {lo}..{hi}");
}

#[test]
fn bad_options_are_refused() {
    let dir = temp_dir("synth-bad");
    let mut o = options(&dir, 10, 1);
    o.date = "2024-02-30".into();
    assert_eq!(generate(&o).unwrap_err().code, "BAD_ARGUMENT");
    let mut o = options(&dir, 10, 1);
    o.symbol = "../x".into();
    assert_eq!(generate(&o).unwrap_err().code, "BAD_ARGUMENT");
}

/// The 10 M figure of the report: `cargo test --release -- --ignored synth_10m --nocapture`.
#[test]
#[ignore]
fn synth_10m_timing() {
    let dir = temp_dir("synth-10m");
    let t = std::time::Instant::now();
    let s = generate(&options(&dir, 10_000_000, 1)).unwrap();
    let gen = t.elapsed();
    let t = std::time::Instant::now();
    let log = LogReader::open(&s.path).unwrap();
    let mut book = BookL3::new();
    for i in 0..log.len() {
        book.apply(&log.record(i)).unwrap();
    }
    println!(
        "10M synthetic: generate {:.2?} ({} records, {} packets, {} trades); BookL3 replay {:.2?}; {} orders resting at the end",
        gen, s.records, s.packets, s.trades, t.elapsed(), book.order_count()
    );
    std::fs::remove_dir_all(dir).ok();
}
