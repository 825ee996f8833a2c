//! `importDbn(opts)`: Databento DBN files (v1-v3, plain or zstd) into `.q` logs per symbol
//! and UTC day, via featc-import.

use std::path::PathBuf;

use featc_import::dbn::{import_with_progress, DbnOptions};
use napi::bindgen_prelude::Function;
use napi::Env;
use napi_derive::napi;

use super::import_report::{FeedImportSummary, ImportProgress};
use crate::host_error::HostError;
use crate::panic_guard::guard;

#[napi(object)]
pub struct DbnImportOptions {
    pub inputs: Vec<String>,
    pub out_dir: String,
    /// Import only this symbol.
    pub symbol: Option<String>,
    /// Count and skip malformed records instead of failing.
    pub lenient: Option<bool>,
}

#[napi]
/// `on_progress` is called on this (the JS) thread every 65,536 records; what it throws is
/// ignored: progress is a courtesy, not part of the import.
pub fn import_dbn(
    env: Env,
    opts: DbnImportOptions,
    on_progress: Option<Function<'_, ImportProgress, ()>>,
) -> napi::Result<FeedImportSummary> {
    guard(|| {
        let options = DbnOptions {
            inputs: opts.inputs.into_iter().map(PathBuf::from).collect(),
            out_dir: PathBuf::from(opts.out_dir),
            symbol: opts.symbol,
            lenient: opts.lenient.unwrap_or(false),
        };
        let mut report = |done: u64, total: u64| {
            if let Some(f) = &on_progress {
                let _ = f.call(ImportProgress { bytes_done: done as f64, bytes_total: total as f64 });
            }
        };
        Ok(import_with_progress(&options, &mut report).map_err(HostError::from)?.into())
    })
    .map_err(|e| e.into_js(&env))
}
