//! `importLobster(opts, onProgress?)`: a LOBSTER message file (and optionally its orderbook file, which
//! seeds the book) into a `.q` log, via featc-core's importer.

use std::path::PathBuf;

use featc_core::import::lobster::{import_with_progress, LobsterOptions};
use napi::bindgen_prelude::{BigInt, Function};
use napi::Env;
use napi_derive::napi;

use super::import_report::{counts, run_import, ImportProgress, SkipCount};

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
}

#[napi(object)]
pub struct LobsterImportSummary {
    pub path: String,
    pub records: f64,
    pub packets: f64,
    pub skipped_by_reason: Vec<SkipCount>,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
    pub seeded_levels: f64,
}

#[napi]
/// `on_progress` is called on this (the JS) thread about every megabyte of input read; what
/// it throws is ignored: progress is a courtesy, not part of the import.
pub fn import_lobster(
    env: Env,
    opts: LobsterImportOptions,
    on_progress: Option<Function<'_, ImportProgress, ()>>,
) -> napi::Result<LobsterImportSummary> {
    let options = LobsterOptions {
        message: PathBuf::from(opts.message),
        orderbook: opts.orderbook.map(PathBuf::from),
        symbol: opts.symbol,
        date: opts.date,
        out_dir: PathBuf::from(opts.out_dir),
        lenient: opts.lenient.unwrap_or(false),
    };
    run_import(&env, on_progress, |progress| {
        let s = import_with_progress(&options, progress)?;
        Ok(LobsterImportSummary {
            path: s.path.to_string_lossy().into_owned(),
            records: s.records as f64,
            packets: s.packets as f64,
            skipped_by_reason: counts(&s.skipped_by_reason),
            first_ts: BigInt::from(s.first_ts),
            last_ts: BigInt::from(s.last_ts),
            seeded_levels: s.seeded_levels as f64,
        })
    })
}
