//! `inspectLog(path, first)`: a log's header, its record counts by kind, its packet count and
//! its first records, for `featc inspect`. 64-bit fields cross as BigInt so nothing rounds.

use std::path::Path;

use featc_core::inspect::inspect;
use featc_core::log::{aggressor, kind_name, read_import_report, side, LogHeader, Record};
use napi::bindgen_prelude::BigInt;
use napi::Env;
use napi_derive::napi;

use crate::host_error::HostError;
use crate::panic_guard::guard;

#[napi(object)]
pub struct LogHeaderInfo {
    pub symbol: String,
    pub venue: String,
    pub date: String,
    /// The header's code: 1 L3 (order by order), 2 L2 (price levels).
    pub book_kind: u32,
    pub price_decimals: u32,
    pub size_decimals: u32,
    pub record_count: BigInt,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
    pub sealed: bool,
    pub index_count: BigInt,
    /// Book snapshots in the file (docs/formats/q.md, "Snapshots").
    pub snapshot_count: BigInt,
    /// SHA-256 of the record section as the writer recorded it (lowercase hex); absent in a
    /// log written before logs carried it.
    pub records_sha256: Option<String>,
}

#[napi(object)]
pub struct KindCount {
    pub kind: String,
    pub count: f64,
}

#[napi(object)]
pub struct LogRecordInfo {
    pub exchange_ts: BigInt,
    pub ingest_ts: BigInt,
    pub seq: BigInt,
    pub order_id: BigInt,
    pub price: BigInt,
    pub size: BigInt,
    /// `ADD`, `CANCEL`, ... as in docs/formats/q.md.
    pub kind: String,
    #[napi(ts_type = "'bid' | 'ask' | 'none'")]
    pub side: String,
    /// Bit 0 `LAST`, bit 1 `SNAPSHOT`, bit 2 `GAP`, bit 3 `BAD_BOOK`, bit 4 `BAD_TS` (docs/formats/q.md).
    pub flags: u32,
    #[napi(ts_type = "'buy' | 'sell' | 'none'")]
    pub aggressor: String,
    pub aux: BigInt,
}

#[napi(object)]
pub struct InspectResult {
    pub header: LogHeaderInfo,
    pub counts_by_kind: Vec<KindCount>,
    pub packets: f64,
    /// As-of exchange times of the first and last book snapshot (absent when there are none).
    pub first_snapshot_ts: Option<BigInt>,
    pub last_snapshot_ts: Option<BigInt>,
    pub first_records: Vec<LogRecordInfo>,
    /// The import report's counts by reason, in the file's order (docs/formats/q.md, "Import
    /// report"); absent when the log has none.
    pub import_report: Option<Vec<super::import_report::SkipCount>>,
}

#[napi]
pub fn inspect_log(env: Env, path: String, first: u32) -> napi::Result<InspectResult> {
    guard(|| {
        let report = inspect(Path::new(&path), first as usize).map_err(HostError::from)?;
        let import_report = read_import_report(Path::new(&path), &report.header).map_err(HostError::from)?;
        Ok(InspectResult {
            header: header_info(&report.header),
            counts_by_kind: report
                .counts_by_kind
                .iter()
                .map(|(kind, count)| KindCount { kind: kind.to_string(), count: *count as f64 })
                .collect(),
            packets: report.packets as f64,
            first_snapshot_ts: report.snapshot_times.map(|(a, _)| BigInt::from(a)),
            last_snapshot_ts: report.snapshot_times.map(|(_, b)| BigInt::from(b)),
            first_records: report.first_records.iter().map(record_info).collect(),
            import_report: import_report.map(|c| super::import_report::counts(&c)),
        })
    })
    .map_err(|e| e.into_js(&env))
}

fn header_info(h: &LogHeader) -> LogHeaderInfo {
    LogHeaderInfo {
        symbol: h.symbol.clone(),
        venue: h.venue.clone(),
        date: h.date.clone(),
        book_kind: h.book_kind.into(),
        price_decimals: h.price_decimals.into(),
        size_decimals: h.size_decimals.into(),
        record_count: BigInt::from(h.record_count),
        first_ts: BigInt::from(h.first_ts),
        last_ts: BigInt::from(h.last_ts),
        sealed: h.is_sealed(),
        index_count: BigInt::from(h.index_count),
        snapshot_count: BigInt::from(h.snapshot_count),
        records_sha256: h.records_sha256_hex(),
    }
}

fn record_info(r: &Record) -> LogRecordInfo {
    LogRecordInfo {
        exchange_ts: BigInt::from(r.exchange_ts),
        ingest_ts: BigInt::from(r.ingest_ts),
        seq: BigInt::from(r.seq),
        order_id: BigInt::from(r.order_id),
        price: BigInt::from(r.price),
        size: BigInt::from(r.size),
        kind: kind_name(r.kind).to_string(),
        side: side_name(r.side).to_string(),
        flags: r.flags.into(),
        aggressor: aggressor_name(r.aggressor).to_string(),
        aux: BigInt::from(r.aux),
    }
}

fn side_name(code: u8) -> &'static str {
    match code {
        side::BID => "bid",
        side::ASK => "ask",
        _ => "none",
    }
}

fn aggressor_name(code: u8) -> &'static str {
    match code {
        aggressor::BUY => "buy",
        aggressor::SELL => "sell",
        _ => "none",
    }
}
