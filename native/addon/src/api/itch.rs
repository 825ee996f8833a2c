//! `importItch(opts)`: a NASDAQ TotalView-ITCH 5.0 file into `.q` logs per stock, via
//! featc-import.

use std::path::PathBuf;

use featc_import::itch::{import_with_progress, ItchOptions};
use napi_derive::napi;

use super::import_report::{import_fn, snapshot_every, FeedImportSummary};
use crate::host_error::HostError;

#[napi(object)]
pub struct ItchImportOptions {
    pub input: String,
    pub out_dir: String,
    /// `YYYY-MM-DD`; from the file name when absent.
    pub date: Option<String>,
    /// Import only this stock.
    pub symbol: Option<String>,
    pub lenient: Option<bool>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
}

impl TryFrom<ItchImportOptions> for ItchOptions {
    type Error = HostError;
    fn try_from(opts: ItchImportOptions) -> Result<Self, HostError> {
        Ok(ItchOptions {
            input: PathBuf::from(opts.input),
            out_dir: PathBuf::from(opts.out_dir),
            date: opts.date,
            symbol: opts.symbol,
            lenient: opts.lenient.unwrap_or(false),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
            force: opts.force.unwrap_or(false),
        })
    }
}

import_fn! {
    #[doc = " `on_progress` is called on this (the JS) thread every 65,536 records; what it throws is"]
    #[doc = " ignored: progress is a courtesy, not part of the import."]
    import_itch(ItchImportOptions) -> FeedImportSummary = import_with_progress
}
