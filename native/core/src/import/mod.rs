//! Importers: venue files in, one `.q` log out.

pub mod lobster;
pub mod text;

use std::fmt::Display;
use std::path::{Path, PathBuf};

use crate::error::{code, FeatcError};
use crate::time::Date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    pub path: PathBuf,
    pub records: u64,
    pub packets: u64,
    /// Input lines not written, by reason.
    pub skipped_by_reason: Vec<(String, u64)>,
    /// Input written in a changed form, by what was done (docs/formats/lobster.md).
    pub adjusted: Vec<(String, u64)>,
    /// Message times with more than 9 decimals, rounded to the nearest nanosecond.
    pub rounded_times: u64,
    /// Executions written into the packet of the execution before them (one sweep).
    pub sweep_messages_merged: u64,
    /// What the log's import report holds (docs/formats/q.md, "Import report").
    pub log_counts: Vec<(String, u64)>,
    pub first_ts: i64,
    pub last_ts: i64,
    /// Synthetic orders written to stand for the book before the first message.
    pub seeded_levels: u64,
    /// Synthetic corrections made so the book matches the orderbook file after a message
    /// (LOBSTER: levels that come into view without a message; docs/formats/lobster.md).
    pub reconciled_levels: u64,
    /// Of those, corrections at a level other than the deepest one shown: a sign of a gap in
    /// the message flow rather than of the depth window.
    pub reconciled_inside: u64,
}

/// A `YYYY-MM-DD` date given as an option.
pub fn parse_date(d: &str) -> Result<Date, FeatcError> {
    Date::parse(d).ok_or_else(|| FeatcError::new(code::BAD_ARGUMENT, format!("date {d:?} is not a valid YYYY-MM-DD")))
}

/// The date of a one-day import: `given` (`YYYY-MM-DD`), else the one found in the input's
/// file name (`from_name`); `unnamed` is the error when there is neither.
pub fn import_date(
    given: Option<&str>,
    from_name: Option<Date>,
    unnamed: impl FnOnce() -> FeatcError,
) -> Result<Date, FeatcError> {
    match given {
        Some(d) => parse_date(d),
        None => from_name.ok_or_else(unnamed),
    }
}

/// The path of one symbol's log of one day, `<out_dir>/<symbol>/<date>.q`, for a symbol that
/// can name a folder.
pub fn day_log_path(out_dir: &Path, symbol: &str, date: &dyn Display) -> Result<PathBuf, FeatcError> {
    if symbol.is_empty() || symbol.len() > 32 || symbol.contains(['/', '\\', '\0']) || symbol.starts_with('.') {
        return Err(FeatcError::new(code::BAD_ARGUMENT, format!("symbol {symbol:?} cannot name a folder")));
    }
    Ok(out_dir.join(symbol).join(format!("{date}.q")))
}
