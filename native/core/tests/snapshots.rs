//! Book snapshots in the `.q` log (docs/formats/q.md, "Snapshots"): the writer takes them at
//! the packet starts its rule names, each body is exactly the book the records before it
//! build, the spool never outlives the writer, and a damaged table is refused with
//! Q_BAD_SNAPSHOT naming the byte.

mod common;

use common::*;
use featc_core::book::{BookL2, BookL3, ReplayBook};
use featc_core::error::code;
use featc_core::log::{
    flag, kind, side, LogMeta, LogReader, LogWriter, Record, BOOK_L2, HEADER_LEN, INDEX_ENTRY_LEN, RECORD_LEN,
    SNAPSHOT_ENTRY_LEN,
};
use featc_core::synth::{generate, BookShape, Session, SynthOptions};
use featc_core::time::NS_PER_SEC;

fn snapshot(book: &impl ReplayBook) -> Vec<Record> {
    let mut out = Vec::new();
    book.snapshot_into(&mut out);
    out
}

/// Where the rule of docs/formats/q.md puts snapshots in `log` for interval `every`:
/// `(record, as_of_ts)` of each.
fn expected_points(log: &LogReader, every: i64) -> Vec<(u64, i64)> {
    let mut points = Vec::new();
    let due_after = |ts: i64| ts.div_euclid(every) * every + every;
    let mut due = i64::MAX;
    for n in 0..log.len() {
        let r = log.record(n);
        if n == 0 {
            due = due_after(r.exchange_ts);
        } else {
            let prev = log.record(n - 1);
            if prev.is_last() && r.exchange_ts >= due {
                points.push((n, prev.exchange_ts));
                due = due_after(r.exchange_ts);
            }
        }
    }
    points
}

/// Checks every snapshot of `log` against a replay of the records before it.
fn check_bodies<B: ReplayBook>(log: &LogReader) {
    let mut book = B::new();
    let mut applied = 0u64;
    for e in log.snapshots() {
        while applied < e.record {
            let _ = book.apply(&log.record(applied));
            applied += 1;
        }
        let body: Vec<Record> = (0..e.body_count).map(|j| log.snapshot_record(e, j)).collect();
        let mut want = snapshot(&book);
        for r in &mut want {
            (r.exchange_ts, r.ingest_ts) = (e.as_of_ts, e.as_of_ts);
        }
        assert_eq!(body, want, "snapshot at record {}", e.record);
        for r in &body {
            assert_eq!((r.flags, r.seq, r.aggressor, r.aux), (flag::SNAPSHOT, 0, 0, 0));
        }
        // Replayed into an empty book, the body rebuilds the book.
        let mut rebuilt = B::new();
        for r in &body {
            rebuilt.apply(r).expect("a body applies to an empty book");
        }
        assert_eq!(snapshot(&rebuilt), snapshot(&book));
    }
}

#[test]
fn a_synthetic_day_snapshots_every_second_and_each_body_is_its_book() {
    let dir = temp_dir("snap-synth");
    let s = generate(&SynthOptions {
        symbol: "SYN".into(),
        events: 1_500,
        seed: 3,
        date: "2024-05-07".into(),
        days: 1,
        session: Session::Equity,
        out_dir: dir.clone(),
        snapshot_every_ns: NS_PER_SEC,
        book: BookShape::default(),
    })
    .unwrap();
    let log = LogReader::open(&s.path).unwrap();
    let points: Vec<(u64, i64)> = log.snapshots().iter().map(|e| (e.record, e.as_of_ts)).collect();
    let want = expected_points(&log, NS_PER_SEC);
    assert!(want.len() > 500, "{} snapshots", want.len());
    assert_eq!(points, want);
    assert_eq!(log.header().snapshot_count, want.len() as u64);
    // The table follows the time index; the bodies follow the table, in order.
    let h = log.header();
    let index_end = HEADER_LEN as u64 + RECORD_LEN as u64 * h.record_count + INDEX_ENTRY_LEN as u64 * h.index_count;
    assert_eq!(h.snapshot_offset, index_end);
    let mut at = index_end + SNAPSHOT_ENTRY_LEN as u64 * h.snapshot_count;
    for e in log.snapshots() {
        assert_eq!(e.body_offset, at);
        at += RECORD_LEN as u64 * e.body_count;
    }
    assert_eq!(at, std::fs::metadata(&s.path).unwrap().len());
    check_bodies::<BookL3>(&log);
    // Only the log is left: the spool went with the writer.
    let names: Vec<_> = std::fs::read_dir(dir.join("SYN")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["2024-05-07.q"]);
    let _ = std::fs::remove_dir_all(&dir);
}

fn l2_meta(every: i64) -> LogMeta {
    LogMeta { book_kind: BOOK_L2, snapshot_every_ns: every, ..meta() }
}

fn level(ts: i64, s: u8, price: i64, size: i64, last: bool) -> Record {
    let r = rec(ts, kind::LEVEL, 0, s, price, size);
    if last {
        r
    } else {
        more(r)
    }
}

/// An L2 log by hand: a packet spanning a due time is not cut, faulting records are skipped
/// as a lenient replay skips them, and levels come out best first.
#[test]
fn an_l2_log_snapshots_at_packet_starts_only() {
    let dir = temp_dir("snap-l2");
    let path = dir.join("l2.q");
    let s = NS_PER_SEC;
    let records = vec![
        level(0, side::BID, 100, 5, false),
        level(0, side::BID, 101, 7, false),
        level(0, side::ASK, 103, 2, false),
        level(0, side::ASK, 102, 1, true),
        // Due at 1 s; this packet starts before it and runs past it.
        level(s - 1, side::BID, 99, 3, false),
        level(s + 5, side::BID, 100, 0, true),
        // The first packet start at or after 1 s: a snapshot before record 6.
        level(s + 10, side::ASK, 102, 4, true),
        // An order kind is a fault in an L2 book: skipped.
        rec(s + 20, kind::ADD, 9, side::BID, 150, 1),
        level(3 * s, side::BID, 98, 1, true),
        rec(3 * s + 1, kind::CLEAR, 0, 0, 0, 0),
        level(7 * s, side::ASK, 110, 1, true),
    ];
    let mut w = LogWriter::create(&path, &l2_meta(s)).unwrap();
    for r in &records {
        w.push(r).unwrap();
    }
    let h = w.finish().unwrap();
    assert_eq!(h.snapshot_count, 3);
    let log = LogReader::open(&path).unwrap();
    let points: Vec<(u64, i64)> = log.snapshots().iter().map(|e| (e.record, e.as_of_ts)).collect();
    assert_eq!(points, [(6, s + 5), (8, s + 20), (10, 3 * s + 1)]);
    assert_eq!(points, expected_points(&log, s));
    let e = log.snapshots()[0];
    let body: Vec<(u8, i64, i64)> =
        (0..e.body_count).map(|j| log.snapshot_record(&e, j)).map(|r| (r.side, r.price, r.size)).collect();
    assert_eq!(body, [(side::BID, 101, 7), (side::BID, 99, 3), (side::ASK, 102, 1), (side::ASK, 103, 2)]);
    assert_eq!(log.snapshots()[2].body_count, 0, "after CLEAR the book is empty");
    check_bodies::<BookL2>(&log);
}

#[test]
fn no_interval_no_snapshots_and_a_dropped_writer_leaves_nothing() {
    let dir = temp_dir("snap-none");
    let records: Vec<Record> = (0..50).map(|i| add(i * NS_PER_SEC, i as u64 + 1, side::BID, 100 + i, 1)).collect();
    let path = dir.join("none.q");
    write_log(&path, &records);
    let log = LogReader::open(&path).unwrap();
    assert!(log.snapshots().is_empty());
    assert_eq!((log.header().snapshot_offset, log.header().snapshot_count), (0, 0));

    let mut w = LogWriter::create(dir.join("dropped.q"), &LogMeta { snapshot_every_ns: NS_PER_SEC, ..meta() }).unwrap();
    for r in &records {
        w.push(r).unwrap();
    }
    drop(w);
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["none.q"]);
}

/// A small L3 log with snapshots, and its bytes.
fn l3_log(dir: &std::path::Path) -> (Vec<u8>, LogReader) {
    let path = dir.join("good.q");
    let mut w = LogWriter::create(&path, &LogMeta { snapshot_every_ns: NS_PER_SEC, ..meta() }).unwrap();
    for i in 0..40i64 {
        w.push(&add(i * NS_PER_SEC / 2, i as u64 + 1, if i % 2 == 0 { side::BID } else { side::ASK }, 1000 + i, 10))
            .unwrap();
    }
    w.finish().unwrap();
    (std::fs::read(&path).unwrap(), LogReader::open(&path).unwrap())
}

#[test]
fn a_damaged_snapshot_table_is_refused_with_q_bad_snapshot() {
    let dir = temp_dir("snap-damaged");
    let (bytes, log) = l3_log(&dir);
    let h = log.header().clone();
    let table = h.snapshot_offset as usize;
    let e0 = log.snapshots()[0];
    let e1 = log.snapshots()[1];
    assert!(h.snapshot_count >= 10 && e0.body_count > 0);
    let put = |b: &mut Vec<u8>, at: usize, v: u64| b[at..at + 8].copy_from_slice(&v.to_le_bytes());
    type Damage = Box<dyn Fn(&mut Vec<u8>)>;
    let entry = move |k: usize, field: usize| table + SNAPSHOT_ENTRY_LEN * k + 8 * field;
    let cases: Vec<(&str, Damage, String)> = vec![
        (
            "record-zero",
            Box::new(move |b| put(b, entry(0, 1), 0)),
            format!("byte {table}: snapshot 0: record 0 is outside"),
        ),
        ("record-past-end", Box::new(move |b| put(b, entry(0, 1), 41)), "record 41 is outside 1..=40".into()),
        (
            "not-increasing",
            Box::new(move |b| put(b, entry(1, 1), e0.record)),
            format!("snapshot 1: record {} is not after the previous snapshot's {}", e0.record, e0.record),
        ),
        (
            "as-of",
            Box::new(move |b| put(b, entry(1, 0), 7)),
            format!("snapshot 1: as-of time 7 is not record {}'s exchange time", e1.record - 1),
        ),
        (
            "body-outside",
            Box::new(move |b| put(b, entry(0, 3), 1 << 40)),
            "snapshot 0: body of 1099511627776 records".into(),
        ),
        (
            "body-in-table",
            Box::new(move |b| put(b, entry(0, 2), table as u64)),
            format!("snapshot 0: body at byte {table}, expected {}", e0.body_offset),
        ),
        (
            "body-kind",
            Box::new(move |b| b[e0.body_offset as usize + 48] = kind::DELETE),
            format!("byte {}: snapshot 0: body record 0 is DELETE (kind 3), expected ADD", e0.body_offset),
        ),
        (
            "table-overlaps",
            Box::new(move |b| put(b, 144, 256)),
            "byte 144: snapshot table at byte 256, expected".into(),
        ),
        ("table-count", Box::new(move |b| put(b, 152, u64::MAX / 2)), "byte 144: snapshot table at byte".into()),
        ("cut", Box::new(move |b| b.truncate(table + 40)), "does not fit in the file's".into()),
    ];
    for (name, damage, want) in cases {
        let mut b = bytes.clone();
        damage(&mut b);
        let path = dir.join(format!("{name}.q"));
        std::fs::write(&path, &b).unwrap();
        let err = LogReader::open(&path).err().unwrap_or_else(|| panic!("{name}: opened"));
        assert_eq!(err.code, code::Q_BAD_SNAPSHOT, "{name}: {err}");
        assert!(err.message.starts_with(&format!("{name}.q: byte ")), "{name}: {err}");
        assert!(err.message.contains(&want), "{name}: {err}\nwanted: {want}");
    }
    // A record before a snapshot that does not end its packet.
    let mut b = bytes.clone();
    let before = HEADER_LEN + RECORD_LEN * (e0.record as usize - 1);
    b[before + 50] = 0;
    std::fs::write(dir.join("mid-packet.q"), &b).unwrap();
    let err = LogReader::open(dir.join("mid-packet.q")).err().unwrap();
    assert_eq!(err.code, code::Q_BAD_SNAPSHOT);
    assert!(err.message.contains(&format!("record {} does not end a packet", e0.record - 1)), "{err}");
}
