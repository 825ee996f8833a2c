//! The `.q` reader and writer against docs/formats/q.md: roundtrip, the time index, and each
//! rejected file giving its code without a panic.

mod common;

use common::*;
use featc_core::error::code;
use featc_core::log::{kind, side, LogReader, Record, HEADER_LEN, INDEX_STRIDE, RECORD_LEN};

fn sample(n: u64) -> Vec<Record> {
    (0..n)
        .map(|i| Record {
            exchange_ts: 1_000 + (i as i64) * 3,
            ingest_ts: 2_000 + i as i64,
            seq: i,
            order_id: i * 7 + 1,
            price: -5 + i as i64,
            size: 100 + i as i64,
            kind: kind::ADD,
            side: side::BID,
            flags: (i % 2) as u8,
            aggressor: (i % 3) as u8,
            aux: -(i as i64),
        })
        .collect()
}

#[test]
fn roundtrip_keeps_every_field_and_the_header() {
    let dir = temp_dir("roundtrip");
    let path = dir.join("TEST/2024-01-02.q");
    let records = sample(10_000);
    write_log(&path, &records);
    assert!(!dir.join("TEST/2024-01-02.q.tmp").exists());
    let log = LogReader::open(&path).unwrap();
    let h = log.header();
    assert_eq!((h.symbol.as_str(), h.venue.as_str(), h.date.as_str()), ("TEST", "SYNTHETIC", "2024-01-02"));
    assert_eq!((h.record_count, h.first_ts, h.last_ts), (10_000, 1_000, 1_000 + 9_999 * 3));
    assert_eq!(h.index_count, 10_000u64.div_ceil(INDEX_STRIDE));
    for (i, r) in records.iter().enumerate() {
        assert_eq!(log.record(i as u64), *r);
    }
    for k in 0..h.index_count {
        assert_eq!(log.index_entry(k), (records[(k * INDEX_STRIDE) as usize].exchange_ts, k * INDEX_STRIDE));
    }
    assert_eq!(log.seek_time(i64::MIN), 0);
    assert_eq!(log.seek_time(1_000 + 5_000 * 3), 5_000);
    assert_eq!(log.seek_time(1_000 + 5_000 * 3 + 1), 5_001);
    assert_eq!(log.seek_time(i64::MAX), 10_000);
}

#[test]
fn a_peeked_header_is_the_one_open_checks() {
    let dir = temp_dir("peek");
    let path = dir.join("p.q");
    write_log(&path, &sample(3_000));
    let peeked = featc_core::log::LogHeader::peek(&path).expect("a log's header");
    let opened = LogReader::open(&path).unwrap().header().clone();
    assert_eq!(peeked, opened);
    assert_eq!(peeked.record_count, 3_000);
    // Not a log, too short, or absent: nothing.
    std::fs::write(dir.join("text.q"), vec![b'x'; 512]).unwrap();
    std::fs::write(dir.join("short.q"), &std::fs::read(&path).unwrap()[..100]).unwrap();
    for name in ["text.q", "short.q", "missing.q"] {
        assert!(featc_core::log::LogHeader::peek(&dir.join(name)).is_none(), "{name}");
    }
    // A directory, or a FIFO (whose open would wait for a writer forever): nothing, at once.
    assert!(featc_core::log::LogHeader::peek(&dir).is_none());
    #[cfg(unix)]
    {
        let fifo = dir.join("fifo.q");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
        if made {
            assert!(featc_core::log::LogHeader::peek(&fifo).is_none());
        }
    }
}

#[test]
fn empty_log_is_valid() {
    let dir = temp_dir("empty");
    let path = dir.join("e.q");
    write_log(&path, &[]);
    let log = LogReader::open(&path).unwrap();
    assert_eq!((log.len(), log.header().first_ts, log.header().index_count), (0, 0, 0));
}

#[test]
fn writer_rejects_time_going_backwards() {
    let dir = temp_dir("writer-order");
    let mut w = featc_core::log::LogWriter::create(dir.join("x.q"), &meta()).unwrap();
    w.push(&add(10, 1, side::BID, 1, 1)).unwrap();
    let e = w.push(&add(9, 2, side::BID, 1, 1)).unwrap_err();
    assert_eq!(e.code, code::Q_TIME_ORDER);
}

/// Each case damages a good file and names the code and a fragment of the message.
#[test]
fn damaged_files_are_rejected_with_their_code() {
    let dir = temp_dir("damaged");
    let good = dir.join("good.q");
    write_log(&good, &sample(5_000));
    let bytes = std::fs::read(&good).unwrap();
    let records_end = HEADER_LEN + 5_000 * RECORD_LEN;
    type Damage = fn(&mut Vec<u8>);
    let cases: Vec<(&str, Damage, &str, &str)> = vec![
        ("empty", |b| b.clear(), code::Q_TRUNCATED_HEADER, "0 bytes"),
        ("short-header", |b| b.truncate(100), code::Q_TRUNCATED_HEADER, "100 bytes"),
        ("magic", |b| b[0] = b'X', code::Q_BAD_MAGIC, "byte 0"),
        ("version", |b| b[8] = 2, code::Q_BAD_VERSION, "version 2"),
        ("record-len", |b| b[12] = 32, code::Q_BAD_VERSION, "record 32 B"),
        ("book-kind", |b| b[14] = 9, code::Q_BAD_HEADER, "book kind 9"),
        ("unsealed", |b| b[15] = 0, code::Q_NOT_SEALED, "SEALED"),
        (
            "cut-in-records",
            |b| b.truncate(HEADER_LEN + 1234 * RECORD_LEN + 10),
            code::Q_TRUNCATED,
            "record 1234 (byte 79232)",
        ),
        ("cut-in-index", |b| b.truncate(HEADER_LEN + 5_000 * RECORD_LEN + 8), code::Q_TRUNCATED, "time-index"),
        ("huge-count", |b| b[40..48].copy_from_slice(&u64::MAX.to_le_bytes()), code::Q_TRUNCATED, "counts"),
    ];
    assert!(bytes.len() > records_end);
    for (name, damage, want_code, want_text) in cases {
        let mut b = bytes.clone();
        damage(&mut b);
        let path = dir.join(format!("{name}.q"));
        std::fs::write(&path, &b).unwrap();
        let err = LogReader::open(&path).err().unwrap_or_else(|| panic!("{name}: opened"));
        assert_eq!(err.code, want_code, "{name}: {err}");
        assert!(err.message.contains(want_text), "{name}: {err}");
        assert!(err.message.starts_with(&format!("{name}.q: ")), "{name}: {err}");
    }
}

#[test]
fn missing_file_is_an_io_error() {
    let e = LogReader::open("/nonexistent/featc/x.q").err().unwrap();
    assert_eq!(e.code, code::IO);
}

#[test]
fn inspect_counts_kinds_and_packets() {
    let dir = temp_dir("inspect");
    let path = dir.join("i.q");
    let mut trailing = rec(5, kind::TRADE, 0, 0, 100, 1);
    trailing.flags = 0;
    write_log(
        &path,
        &[more(add(1, 1, side::BID, 100, 1)), add(2, 2, side::ASK, 101, 1), rec(3, kind::DELETE, 1, 0, 0, 0), trailing],
    );
    let report = featc_core::inspect::inspect(&path, 2).unwrap();
    assert_eq!(report.packets, 3);
    assert_eq!(report.first_records.len(), 2);
    let counts: Vec<_> = report.counts_by_kind.iter().filter(|(_, n)| *n > 0).cloned().collect();
    assert_eq!(counts, vec![("ADD", 2), ("DELETE", 1), ("TRADE", 1)]);
    assert_eq!(report.counts_by_kind.len(), 9);
}
