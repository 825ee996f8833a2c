//! Importers: venue files in, one `.q` log out.

pub mod lobster;
pub mod text;

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSummary {
    pub path: PathBuf,
    pub records: u64,
    pub packets: u64,
    /// Input lines not written, by reason.
    pub skipped_by_reason: Vec<(String, u64)>,
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
