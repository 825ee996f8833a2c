//! The Tardis data types this importer reads, and how each becomes `.q` packets
//! (docs/formats/tardis.md).

use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TardisKind {
    /// `incremental_book_L2`: one price level per row; rows sharing `local_timestamp` are
    /// one packet; `is_snapshot` rows after a non-snapshot row start a new book; a file's rows
    /// before its first `is_snapshot` row are skipped.
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

impl TardisKind {
    /// The data type a header's columns are (docs/formats/tardis.md, "Several inputs"):
    /// `is_snapshot` is incremental_book_L2, `bids[0].price` a book_snapshot_N, `bid_price`
    /// quotes, `id` or `side` with `price` and `amount` trades.
    pub fn of_columns(columns: &super::csv::Columns) -> Option<TardisKind> {
        let has = |c: &str| columns.find(c).is_some();
        if has("is_snapshot") {
            Some(TardisKind::Incremental)
        } else if has("bids[0].price") || has("asks[0].price") {
            Some(TardisKind::Snapshot)
        } else if has("bid_price") || has("ask_price") {
            Some(TardisKind::Quotes)
        } else if has("side") && has("price") && has("amount") {
            Some(TardisKind::Trades)
        } else {
            None
        }
    }

    /// Whether rows of this type change the book (all but trades).
    pub fn is_book(self) -> bool {
        self != TardisKind::Trades
    }

    /// Tardis' name of the data type.
    pub fn name(self) -> &'static str {
        match self {
            TardisKind::Incremental => "incremental_book_L2",
            TardisKind::Snapshot => "book_snapshot",
            TardisKind::Quotes => "quotes",
            TardisKind::Trades => "trades",
        }
    }
}
