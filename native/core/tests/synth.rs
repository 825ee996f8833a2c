//! The synthetic generator: same options give the same bytes, and every record applies to
//! BookL3 without a fault, with the book never crossed or locked at a packet's end; days after
//! the first continue the market, each file opening with the book the previous one closed with.

mod common;

use common::*;
use featc_core::book::{BookL3, ReplayBook};
use featc_core::kernel::{BookView, Side};
use featc_core::log::{flag, kind, LogReader, Record, DEFAULT_SNAPSHOT_EVERY_NS, HEADER_LEN, RECORD_LEN};
use featc_core::synth::{generate, BookShape, Session, SynthOptions};
use featc_core::time::NS_PER_DAY;

fn options(dir: &std::path::Path, events: u64, seed: u64) -> SynthOptions {
    SynthOptions {
        symbol: "SYN".into(),
        events,
        seed,
        date: "2024-03-12".into(),
        days: 1,
        session: Session::Equity,
        out_dir: dir.to_path_buf(),
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        book: BookShape::default(),
    }
}

/// FNV-1a over `bytes`: a fingerprint to pin generated records without a hashing crate.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// The book a log leaves after its records `[0, to)`, every one applied without a fault.
fn replay(log: &LogReader, to: u64) -> BookL3 {
    let mut book = BookL3::new();
    for i in 0..to {
        let r = log.record(i);
        book.apply(&r).unwrap_or_else(|f| {
            panic!("{} record {i}: {}", log.name(), f.describe(featc_core::log::kind_name(r.kind)))
        });
    }
    book
}

fn snapshot(book: &impl ReplayBook) -> Vec<Record> {
    let mut out = Vec::new();
    book.snapshot_into(&mut out);
    out
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

/// One day of the equity session keeps the records it had before days and snapshots existed
/// (benchmarks and parity tests hash them); without snapshots the file is byte for byte the
/// same, header included.
#[test]
fn the_first_equity_day_keeps_its_records() {
    let dir = temp_dir("synth-pinned");
    let s = generate(&options(&dir, 50_000, 7)).unwrap();
    let bytes = std::fs::read(&s.path).unwrap();
    let records = &bytes[HEADER_LEN..HEADER_LEN + 50_000 * RECORD_LEN];
    assert_eq!(fnv1a(records), 0x8100_c05a_ef4f_1b37);
    assert!(!LogReader::open(&s.path).unwrap().snapshots().is_empty());

    let plain = temp_dir("synth-pinned-plain");
    let s = generate(&SynthOptions { snapshot_every_ns: 0, ..options(&plain, 50_000, 7) }).unwrap();
    let bytes = std::fs::read(&s.path).unwrap();
    assert_eq!(bytes.len(), 3_200_464, "records and time index only");
    // No snapshot table and no import report; the records' SHA-256 at 176 (docs/formats/q.md).
    assert!(bytes[144..176].iter().all(|&b| b == 0) && bytes[208..HEADER_LEN].iter().all(|&b| b == 0));
    use sha2::Digest;
    let records = &bytes[HEADER_LEN..HEADER_LEN + 50_000 * RECORD_LEN];
    assert_eq!(&bytes[176..208], sha2::Sha256::digest(records).as_slice());
    assert_eq!(fnv1a(&bytes[HEADER_LEN..HEADER_LEN + 50_000 * RECORD_LEN]), 0x8100_c05a_ef4f_1b37);
}

#[test]
fn continuous_days_carry_the_book_from_file_to_file() {
    let dir = temp_dir("synth-days");
    let events = 30_000;
    let s = generate(&SynthOptions {
        days: 3,
        session: Session::Continuous,
        date: "2024-02-28".into(),
        ..options(&dir, events, 5)
    })
    .unwrap();
    let dates: Vec<&str> = s.days.iter().map(|d| d.date.as_str()).collect();
    assert_eq!(dates, ["2024-02-28", "2024-02-29", "2024-03-01"]);
    assert_eq!(s.path, dir.join("SYN/2024-02-28.q"));
    assert_eq!(s.records, s.days.iter().map(|d| d.records).sum::<u64>());
    let logs: Vec<LogReader> = s.days.iter().map(|d| LogReader::open(&d.path).unwrap()).collect();
    for (k, (day, log)) in s.days.iter().zip(&logs).enumerate() {
        assert_eq!(log.header().date, day.date);
        // The whole UTC day, and the flow reaches its evening.
        let midnight = featc_core::time::Date::parse(&day.date).unwrap().days_since_epoch() * NS_PER_DAY;
        assert!(day.first_ts >= midnight && day.last_ts < midnight + NS_PER_DAY, "day {k}");
        assert!(day.last_ts > midnight + NS_PER_DAY * 3 / 4, "day {k} ends at {}", day.last_ts - midnight);
        // Every file replays on its own, from an empty book.
        let book = replay(log, log.len());
        let (b, a) = (book.price_at(Side::Bid, 0), book.price_at(Side::Ask, 0));
        assert!(b < a);
        let written: Vec<u64> = (0..log.len()).map(|i| log.record(i).seq).collect();
        assert!(written.iter().enumerate().all(|(i, &seq)| seq == i as u64), "day {k}: seq is the record number");
    }
    assert_eq!(s.days[0].records, events);
    for k in 1..logs.len() {
        let (prev, next) = (&logs[k - 1], &logs[k]);
        let closing = snapshot(&replay(prev, prev.len()));
        // The opening packet: CLEAR, then the closing book's canonical snapshot.
        let first = next.record(0);
        assert_eq!((first.kind, first.flags), (kind::CLEAR, flag::SNAPSHOT));
        let len = (0..next.len()).position(|i| next.record(i).is_last()).unwrap() as u64 + 1;
        assert_eq!(len, 1 + closing.len() as u64);
        assert_eq!(s.days[k].records, events + len);
        let first_event = next.record(len);
        assert_eq!(first_event.flags & flag::SNAPSHOT, 0);
        for i in 1..len {
            let r = next.record(i);
            let want = closing[i as usize - 1];
            assert_eq!(
                (r.kind, r.side, r.order_id, r.price, r.size),
                (want.kind, want.side, want.order_id, want.price, want.size)
            );
            let last = if i + 1 == len { flag::LAST } else { 0 };
            assert_eq!(r.flags, flag::SNAPSHOT | last, "record {i}");
            assert_eq!((r.exchange_ts, r.ingest_ts), (first_event.exchange_ts, first_event.ingest_ts));
        }
        assert_eq!(snapshot(&replay(next, len)), closing);
        assert!(first_event.exchange_ts > prev.header().last_ts);
    }
    // The same options, the same bytes.
    let again = temp_dir("synth-days-again");
    let t = generate(&SynthOptions {
        days: 3,
        session: Session::Continuous,
        date: "2024-02-28".into(),
        ..options(&again, events, 5)
    })
    .unwrap();
    for (a, b) in s.days.iter().zip(&t.days) {
        assert_eq!(std::fs::read(&a.path).unwrap(), std::fs::read(&b.path).unwrap());
    }
}

#[test]
fn equity_days_follow_the_calendar_and_the_first_is_unchanged() {
    let one = temp_dir("synth-eq-1");
    let many = temp_dir("synth-eq-3");
    let a = generate(&options(&one, 20_000, 9)).unwrap();
    let b = generate(&SynthOptions { days: 3, ..options(&many, 20_000, 9) }).unwrap();
    assert_eq!(std::fs::read(&a.path).unwrap(), std::fs::read(&b.days[0].path).unwrap());
    // 2024-03-12 is a Tuesday in daylight time: 09:30 EDT = 13:30 UTC, each day.
    for (k, d) in b.days.iter().enumerate() {
        let open = 1_710_250_200_000_000_000i64 + k as i64 * NS_PER_DAY;
        assert!(d.first_ts >= open && d.last_ts < open + 23_400_000_000_000, "day {k}");
    }
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
    let mut o = options(&dir, 10, 1);
    o.days = 0;
    assert_eq!(generate(&o).unwrap_err().code, "BAD_ARGUMENT");
    let mut o = options(&dir, 10, 1);
    o.snapshot_every_ns = -1;
    assert_eq!(generate(&o).unwrap_err().code, "BAD_ARGUMENT");
    assert_eq!("weekly".parse::<Session>().unwrap_err().code, "BAD_ARGUMENT");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a refused day leaves nothing");
}

/// The 10 M figure of the report: `cargo test --release -- --ignored synth_10m --nocapture`.
#[test]
#[ignore]
fn synth_10m_timing() {
    let plain = temp_dir("synth-10m-plain");
    let t = std::time::Instant::now();
    generate(&SynthOptions { snapshot_every_ns: 0, ..options(&plain, 10_000_000, 1) }).unwrap();
    let without = t.elapsed();
    std::fs::remove_dir_all(plain).ok();
    let dir = temp_dir("synth-10m");
    let t = std::time::Instant::now();
    let s = generate(&options(&dir, 10_000_000, 1)).unwrap();
    let gen = t.elapsed();
    let snapshots = LogReader::open(&s.path).unwrap().snapshots().len();
    println!("10M synthetic: {without:.2?} without snapshots, {gen:.2?} with {snapshots} (every 10 minutes)");
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

/// `BookShape`: the first day opens with the orders asked for (a CLEAR, then one ADD each in
/// the canonical order, all SNAPSHOT, the last also LAST), spread over the levels asked for,
/// and the flow keeps the book near that size, valid under BookL3 and never crossed.
#[test]
fn a_large_book_opens_with_its_orders_and_stays_near_them() {
    let dir = temp_dir("synth-large-book");
    let (orders, levels) = (20_000u64, 2_000u32);
    let book = BookShape { orders: Some(orders), levels: Some(levels) };
    let s = generate(&SynthOptions { book, snapshot_every_ns: 0, ..options(&dir, 200_000, 5) }).unwrap();
    assert_eq!(s.records, 200_000 + orders + 1, "the flow, then the opening packet");
    let log = LogReader::open(&s.path).unwrap();
    let first = log.record(0);
    assert_eq!((first.kind, first.flags), (kind::CLEAR, flag::SNAPSHOT));
    let opening = replay(&log, orders + 1);
    assert_eq!(opening.order_count() as u64, orders);
    let key = |r: &Record| (r.kind, r.order_id, r.side, r.price, r.size, r.flags & flag::SNAPSHOT);
    let written: Vec<_> = (1..=orders).map(|i| key(&log.record(i))).collect();
    assert!(snapshot(&opening).iter().map(key).eq(written), "the opening packet is the book's canonical snapshot");
    assert!(log.record(orders).is_last() && !log.record(orders - 1).is_last());
    for side in [Side::Bid, Side::Ask] {
        let n = opening.levels(side);
        assert!(n > levels as usize * 9 / 10 && n <= levels as usize, "{side:?}: {n} levels");
    }

    let mut book = opening;
    for i in orders + 1..log.len() {
        let r = log.record(i);
        book.apply(&r).unwrap_or_else(|f| panic!("record {i}: {}", f.describe(featc_core::log::kind_name(r.kind))));
        if r.is_last() && book.levels(Side::Bid) > 0 && book.levels(Side::Ask) > 0 {
            let (b, a) = (book.price_at(Side::Bid, 0), book.price_at(Side::Ask, 0));
            assert!(b < a, "record {i}: book crossed or locked: bid {b} ask {a}");
        }
    }
    let left = book.order_count() as f64 / orders as f64;
    assert!((0.7..1.3).contains(&left), "{} orders at the end of the day", book.order_count());
    assert!(book.levels(Side::Bid) > levels as usize / 2, "the deep book stays: {}", book.levels(Side::Bid));

    for bad in [BookShape { orders: Some(0), levels: None }, BookShape { orders: None, levels: Some(0) }] {
        let refused = generate(&SynthOptions { book: bad, ..options(&temp_dir("synth-bad-book"), 10, 1) });
        assert_eq!(refused.unwrap_err().code, "BAD_ARGUMENT");
    }
}
