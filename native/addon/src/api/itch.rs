//! `importItch(opts)`: a NASDAQ TotalView-ITCH 5.0 file into `.q` logs per stock, via
//! featc-import.

use std::path::PathBuf;

use featc_import::itch::{import_with_progress, ItchOptions};
use napi::bindgen_prelude::Function;
use napi::Env;
use napi_derive::napi;

use super::import_report::{run_import, FeedImportSummary, ImportProgress};

#[napi(object)]
pub struct ItchImportOptions {
    pub input: String,
    pub out_dir: String,
    /// `YYYY-MM-DD`; from the file name when absent.
    pub date: Option<String>,
    /// Import only this stock.
    pub symbol: Option<String>,
    pub lenient: Option<bool>,
}

#[napi]
/// `on_progress` is called on this (the JS) thread every 65,536 records; what it throws is
/// ignored: progress is a courtesy, not part of the import.
pub fn import_itch(
    env: Env,
    opts: ItchImportOptions,
    on_progress: Option<Function<'_, ImportProgress, ()>>,
) -> napi::Result<FeedImportSummary> {
    let options = ItchOptions {
        input: PathBuf::from(opts.input),
        out_dir: PathBuf::from(opts.out_dir),
        date: opts.date,
        symbol: opts.symbol,
        lenient: opts.lenient.unwrap_or(false),
    };
    run_import(&env, on_progress, |progress| Ok(import_with_progress(&options, progress)?.into()))
}
