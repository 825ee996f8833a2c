//! Helpers shared by the integration tests: temporary folders and small logs written from
//! record lists.
#![allow(dead_code)]

use std::path::PathBuf;

use featc_core::log::{flag, kind, LogMeta, LogWriter, Record, BOOK_L3};

/// A fresh folder under the system temp dir, named after the test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("featc-core-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn meta() -> LogMeta {
    LogMeta {
        symbol: "TEST".into(),
        venue: "SYNTHETIC".into(),
        date: "2024-01-02".into(),
        book_kind: BOOK_L3,
        price_decimals: 2,
        size_decimals: 0,
        snapshot_every_ns: 0,
    }
}

pub fn write_log(path: &std::path::Path, records: &[Record]) {
    let mut w = LogWriter::create(path, &meta()).expect("create");
    for r in records {
        w.push(r).expect("push");
    }
    w.finish().expect("finish");
}

/// A log of `records` at `t.q` in a fresh folder named after the test.
pub fn temp_log(name: &str, records: &[Record]) -> PathBuf {
    let path = temp_dir(name).join("t.q");
    write_log(&path, records);
    path
}

/// A single-record packet (LAST set).
pub fn rec(ts: i64, k: u8, id: u64, side: u8, price: i64, size: i64) -> Record {
    Record {
        exchange_ts: ts,
        ingest_ts: ts,
        seq: 0,
        order_id: id,
        price,
        size,
        kind: k,
        side,
        flags: flag::LAST,
        aggressor: 0,
        aux: 0,
    }
}

pub fn add(ts: i64, id: u64, side: u8, price: i64, size: i64) -> Record {
    rec(ts, kind::ADD, id, side, price, size)
}

/// The same record without LAST: the packet goes on.
pub fn more(mut r: Record) -> Record {
    r.flags &= !flag::LAST;
    r
}
