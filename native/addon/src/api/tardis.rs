//! `importTardis(opts, onProgress?)`: Tardis CSV (incremental_book_L2, book_snapshot_N, quotes, trades;
//! a book data type and trades merged into one log) into daily L2 `.q` logs, via featc-import's
//! importer (docs/formats/tardis.md).

use std::path::PathBuf;

use featc_import::tardis::{import_with_progress, TardisKind, TardisOptions, TardisReport};
use napi_derive::napi;

use super::import_report::{counts, import_fn, imported_file, snapshot_every, ImportedFile, SkipCount};
use crate::host_error::{codes, HostError};

#[napi(object)]
pub struct TardisImportOptions {
    /// CSV files (plain or .gz): of one book data type and of trades, merged by
    /// `local_timestamp` into one log per day (docs/formats/tardis.md, "Several inputs").
    pub inputs: Vec<String>,
    /// The data type of every input; absent: each input's, from its header.
    #[napi(ts_type = "'incremental' | 'snapshot' | 'quotes' | 'trades'")]
    pub kind: Option<String>,
    pub out_dir: String,
    /// Rows of other symbols are skipped and counted.
    pub symbol: String,
    pub lenient: Option<bool>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
}

#[napi(object)]
pub struct TardisImportSummary {
    pub files: Vec<ImportedFile>,
    pub venue: String,
    pub price_decimals: u32,
    pub size_decimals: u32,
    pub rows: f64,
    /// Rows converted by input (`<file> (<data type>)`), in input order.
    pub rows_by_input: Vec<SkipCount>,
    pub records: f64,
    pub packets: f64,
    pub raised_timestamps: f64,
    pub carried_snapshots: f64,
    pub skipped_by_reason: Vec<SkipCount>,
    /// The counts written to each log's import report (docs/formats/q.md, "Import report").
    pub import_report: Vec<SkipCount>,
}

impl TryFrom<TardisImportOptions> for TardisOptions {
    type Error = HostError;
    fn try_from(opts: TardisImportOptions) -> Result<Self, HostError> {
        let kind: Option<TardisKind> = match opts.kind.as_deref() {
            None => None,
            Some(k) => Some(k.parse().map_err(|e: String| HostError::new(codes::BAD_ARGUMENT, e))?),
        };
        Ok(TardisOptions {
            inputs: opts.inputs.iter().map(PathBuf::from).collect(),
            kind,
            out_dir: PathBuf::from(opts.out_dir),
            symbol: opts.symbol,
            lenient: opts.lenient.unwrap_or(false),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
            force: opts.force.unwrap_or(false),
        })
    }
}

impl From<TardisReport> for TardisImportSummary {
    fn from(r: TardisReport) -> Self {
        TardisImportSummary {
            files: r.files.iter().map(imported_file).collect(),
            venue: r.venue,
            price_decimals: r.price_decimals.into(),
            size_decimals: r.size_decimals.into(),
            rows: r.rows as f64,
            rows_by_input: counts(&r.rows_by_input),
            records: r.records as f64,
            packets: r.packets as f64,
            raised_timestamps: r.raised_timestamps as f64,
            carried_snapshots: r.carried_snapshots as f64,
            skipped_by_reason: counts(&r.skipped_by_reason),
            import_report: counts(&r.log_counts),
        }
    }
}

import_fn! {
    #[doc = " `on_progress` is called on this (the JS) thread about every megabyte of input read (both"]
    #[doc = " passes: each input counts twice); what it throws is ignored."]
    import_tardis(TardisImportOptions) -> TardisImportSummary = import_with_progress
}
