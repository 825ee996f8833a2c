//! `importDbn(opts)`: Databento DBN files (v1-v3, plain or zstd) into `.q` logs per symbol
//! and UTC day, via featc-import.

use std::path::PathBuf;

use featc_import::dbn::{import_with_progress, DbnOptions};
use napi::bindgen_prelude::Function;
use napi::Env;
use napi_derive::napi;

use super::import_report::{run_import, FeedImportSummary, ImportProgress};

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
    let options = DbnOptions {
        inputs: opts.inputs.into_iter().map(PathBuf::from).collect(),
        out_dir: PathBuf::from(opts.out_dir),
        symbol: opts.symbol,
        lenient: opts.lenient.unwrap_or(false),
    };
    run_import(&env, on_progress, |progress| Ok(import_with_progress(&options, progress)?.into()))
}
