//! `importDbn(opts)`: Databento DBN files (v1-v3, plain or zstd) into `.q` logs per symbol
//! and UTC day, via featc-import.

use std::path::PathBuf;

use featc_import::dbn::{import_with_progress, DbnOptions};
use napi_derive::napi;

use super::import_report::{import_fn, snapshot_every, FeedImportSummary};
use crate::host_error::HostError;

#[napi(object)]
pub struct DbnImportOptions {
    pub inputs: Vec<String>,
    pub out_dir: String,
    /// Import only this symbol.
    pub symbol: Option<String>,
    /// Count and skip malformed records instead of failing.
    pub lenient: Option<bool>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
}

impl TryFrom<DbnImportOptions> for DbnOptions {
    type Error = HostError;
    fn try_from(opts: DbnImportOptions) -> Result<Self, HostError> {
        Ok(DbnOptions {
            inputs: opts.inputs.into_iter().map(PathBuf::from).collect(),
            out_dir: PathBuf::from(opts.out_dir),
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
    import_dbn(DbnImportOptions) -> FeedImportSummary = import_with_progress
}
