//! `importBinance(opts, onProgress?)`: raw Binance websocket captures into daily L2 `.q` logs, via
//! featc-import's importer (docs/formats/binance.md).

use std::path::PathBuf;

use featc_import::binance::{import_with_progress, BinanceOptions, BinanceReport, Market};
use napi_derive::napi;

use super::import_report::{counts, import_fn, imported_file, snapshot_every, ImportedFile, SkipCount};
use crate::host_error::{codes, HostError};

#[napi(object)]
pub struct BinanceImportOptions {
    /// Capture files, replayed in this order as one stream.
    pub inputs: Vec<String>,
    pub out_dir: String,
    /// Inferred from the capture when absent (docs/formats/binance.md, "Markets").
    #[napi(ts_type = "'spot' | 'usdm' | 'coinm'")]
    pub market: Option<String>,
    pub lenient: Option<bool>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
}

#[napi(object)]
pub struct BinanceImportSummary {
    pub files: Vec<ImportedFile>,
    pub symbol: String,
    #[napi(ts_type = "'spot' | 'usdm' | 'coinm'")]
    pub market: String,
    pub price_decimals: u32,
    pub size_decimals: u32,
    pub lines: f64,
    pub records: f64,
    pub packets: f64,
    pub snapshots: f64,
    pub depth_events: f64,
    pub depth_applied: f64,
    /// Diff events older than the snapshot they follow (dropped, as Binance documents).
    pub depth_stale: f64,
    pub trades: f64,
    pub gaps: f64,
    /// The first gap's expected and received update ids, as decimal strings.
    #[napi(ts_type = "[string, string]")]
    pub first_gap: Option<Vec<String>>,
    pub resyncs: f64,
    /// Exchange times raised to the previous packet's, so the log keeps its time order.
    pub raised_timestamps: f64,
    /// Event and trade times the capture sent in microseconds (`timeUnit=MICROSECOND`), read as such.
    pub microsecond_times: f64,
    /// Days opened with a snapshot of the book carried over midnight.
    pub carried_snapshots: f64,
    pub skipped_by_reason: Vec<SkipCount>,
    /// The counts written to each log's import report (docs/formats/q.md, "Import report").
    pub import_report: Vec<SkipCount>,
}

pub fn market_name(m: Market) -> &'static str {
    featc_import::binance::market_flag(m)
}

pub fn parse_market(m: Option<&str>) -> Result<Option<Market>, HostError> {
    match m {
        None => Ok(None),
        Some("spot") => Ok(Some(Market::Spot)),
        Some("usdm") => Ok(Some(Market::UsdM)),
        Some("coinm") => Ok(Some(Market::CoinM)),
        Some(other) => Err(HostError::new(codes::BAD_ARGUMENT, format!("market {other:?} is not spot, usdm or coinm"))),
    }
}

impl TryFrom<BinanceImportOptions> for BinanceOptions {
    type Error = HostError;
    fn try_from(opts: BinanceImportOptions) -> Result<Self, HostError> {
        Ok(BinanceOptions {
            inputs: opts.inputs.iter().map(PathBuf::from).collect(),
            out_dir: PathBuf::from(opts.out_dir),
            market: parse_market(opts.market.as_deref())?,
            lenient: opts.lenient.unwrap_or(false),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
            force: opts.force.unwrap_or(false),
        })
    }
}

impl From<BinanceReport> for BinanceImportSummary {
    fn from(r: BinanceReport) -> Self {
        BinanceImportSummary {
            files: r.files.iter().map(imported_file).collect(),
            symbol: r.symbol,
            market: market_name(r.market).into(),
            price_decimals: r.price_decimals.into(),
            size_decimals: r.size_decimals.into(),
            lines: r.lines as f64,
            records: r.records as f64,
            packets: r.packets as f64,
            snapshots: r.sync.snapshots as f64,
            depth_events: r.sync.depth_events as f64,
            depth_applied: r.sync.depth_applied as f64,
            depth_stale: r.sync.depth_stale as f64,
            trades: r.sync.trades as f64,
            gaps: r.sync.gaps as f64,
            first_gap: r.sync.first_gap.map(|(a, b)| vec![a.to_string(), b.to_string()]),
            resyncs: r.sync.resyncs as f64,
            raised_timestamps: r.sync.raised_timestamps as f64,
            microsecond_times: r.sync.microsecond_times as f64,
            carried_snapshots: r.carried_snapshots as f64,
            skipped_by_reason: counts(&r.skipped_by_reason),
            import_report: counts(&r.log_counts),
        }
    }
}

import_fn! {
    #[doc = " `on_progress` is called on this (the JS) thread about every megabyte of input read (both"]
    #[doc = " passes: each input counts twice); what it throws is ignored."]
    import_binance(BinanceImportOptions) -> BinanceImportSummary = import_with_progress
}
