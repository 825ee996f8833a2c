//! The JS shape of featc-import's `ImportReport`, shared by `importDbn` and `importItch`.

use featc_import::report::ImportReport;
use napi::bindgen_prelude::BigInt;
use napi_derive::napi;

use super::lobster::SkipCount;

#[napi(object)]
pub struct ImportedFile {
    pub path: String,
    pub symbol: String,
    pub date: String,
    pub records: f64,
    pub packets: f64,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
}

#[napi(object)]
pub struct FeedImportSummary {
    pub files: Vec<ImportedFile>,
    /// Input records or messages by type.
    pub messages_by_type: Vec<SkipCount>,
    /// Input not written, by reason.
    pub skipped_by_reason: Vec<SkipCount>,
    /// Input written in a changed form, by what was done.
    pub adjusted: Vec<SkipCount>,
    pub bytes_in: f64,
    pub messages_in: f64,
}

/// Progress of an import: bytes of the input files on disk read so far, and their total
/// (Binance and Tardis read their inputs twice, so count them twice).
#[napi(object)]
pub struct ImportProgress {
    pub bytes_done: f64,
    pub bytes_total: f64,
}

fn counts(v: Vec<(String, u64)>) -> Vec<SkipCount> {
    v.into_iter().map(|(reason, count)| SkipCount { reason, count: count as f64 }).collect()
}

impl From<ImportReport> for FeedImportSummary {
    fn from(r: ImportReport) -> Self {
        FeedImportSummary {
            files: r
                .files
                .into_iter()
                .map(|f| ImportedFile {
                    path: f.path.to_string_lossy().into_owned(),
                    symbol: f.symbol,
                    date: f.date,
                    records: f.records as f64,
                    packets: f.packets as f64,
                    first_ts: BigInt::from(f.first_ts),
                    last_ts: BigInt::from(f.last_ts),
                })
                .collect(),
            messages_by_type: counts(r.messages_by_type),
            skipped_by_reason: counts(r.skipped_by_reason),
            adjusted: counts(r.adjusted),
            bytes_in: r.bytes_in as f64,
            messages_in: r.messages_in as f64,
        }
    }
}
