//! The Tardis data types this importer reads, and how each becomes `.q` packets
//! (docs/formats/tardis.md).

use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TardisKind {
    /// `incremental_book_L2`: one price level per row; rows sharing `local_timestamp` are
    /// one packet; `is_snapshot` rows after a non-snapshot row start a new book.
    Incremental,
    /// `book_snapshot_N`: each row is the top N levels of both sides.
    Snapshot,
    /// `quotes`: best bid and ask per row.
    Quotes,
    /// `trades`: one trade per row, `side` the aggressor.
    Trades,
}

impl FromStr for TardisKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "incremental" | "incremental_book_L2" => Ok(TardisKind::Incremental),
            "snapshot" | "book_snapshot" => Ok(TardisKind::Snapshot),
            "quotes" => Ok(TardisKind::Quotes),
            "trades" => Ok(TardisKind::Trades),
            other => Err(format!("unknown Tardis kind {other:?} (incremental, snapshot, quotes, trades)")),
        }
    }
}
