//! `importLobster(opts, onProgress?)`: a LOBSTER message file (and optionally its orderbook file, which
//! seeds the book) into a `.q` log, via featc-core's importer.

use std::path::PathBuf;

use featc_core::import::lobster::{import_with_progress, LobsterOptions};
use featc_core::import::ImportSummary;
use napi::bindgen_prelude::BigInt;
use napi_derive::napi;

use super::import_report::{counts, import_fn, snapshot_every, SkipCount};
use crate::host_error::HostError;

#[napi(object)]
pub struct LobsterImportOptions {
    /// `<TICKER>_<date>_<start>_<end>_message_<levels>.csv`
    pub message: String,
    /// The matching `..._orderbook_<levels>.csv`, when there is one.
    pub orderbook: Option<String>,
    pub symbol: String,
    /// `YYYY-MM-DD`; taken from the message file's name when absent.
    pub date: Option<String>,
    pub out_dir: String,
    /// Count and skip bad lines instead of failing.
    pub lenient: Option<bool>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
    /// One packet per message: executions of one sweep (same time and direction) are then
    /// several packets instead of one (`--packet-per-message`).
    pub packet_per_message: Option<bool>,
}

#[napi(object)]
pub struct LobsterImportSummary {
    pub path: String,
    pub records: f64,
    pub packets: f64,
    pub skipped_by_reason: Vec<SkipCount>,
    /// Input written in a changed form, by what was done (docs/formats/lobster.md).
    pub adjusted: Vec<SkipCount>,
    /// The counts written to the log's import report (docs/formats/q.md, "Import report").
    pub import_report: Vec<SkipCount>,
    /// Message times with more than 9 decimals, rounded to the nearest nanosecond.
    pub rounded_times: f64,
    /// Executions written into the packet of the execution before them (one sweep).
    pub sweep_messages_merged: f64,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
    pub seeded_levels: f64,
}

impl TryFrom<LobsterImportOptions> for LobsterOptions {
    type Error = HostError;
    fn try_from(opts: LobsterImportOptions) -> Result<Self, HostError> {
        Ok(LobsterOptions {
            message: PathBuf::from(opts.message),
            orderbook: opts.orderbook.map(PathBuf::from),
            symbol: opts.symbol,
            date: opts.date,
            out_dir: PathBuf::from(opts.out_dir),
            lenient: opts.lenient.unwrap_or(false),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
            force: opts.force.unwrap_or(false),
            packet_per_message: opts.packet_per_message.unwrap_or(false),
        })
    }
}

impl From<ImportSummary> for LobsterImportSummary {
    fn from(s: ImportSummary) -> Self {
        LobsterImportSummary {
            path: s.path.to_string_lossy().into_owned(),
            records: s.records as f64,
            packets: s.packets as f64,
            skipped_by_reason: counts(&s.skipped_by_reason),
            adjusted: counts(&s.adjusted),
            import_report: counts(&s.log_counts),
            rounded_times: s.rounded_times as f64,
            sweep_messages_merged: s.sweep_messages_merged as f64,
            first_ts: BigInt::from(s.first_ts),
            last_ts: BigInt::from(s.last_ts),
            seeded_levels: s.seeded_levels as f64,
        }
    }
}

import_fn! {
    #[doc = " `on_progress` is called on this (the JS) thread about every megabyte of input read; what"]
    #[doc = " it throws is ignored: progress is a courtesy, not part of the import."]
    import_lobster(LobsterImportOptions) -> LobsterImportSummary = import_with_progress
}
