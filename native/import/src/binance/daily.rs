//! The import side of a replay: packets into `<out>/<SYMBOL>/<DATE>.q`, one L2 log per UTC
//! day (the date of the packet's exchange time). A book carried across midnight opens the new
//! day's file with a snapshot of itself (CLEAR + LEVELs flagged SNAPSHOT), so every daily file
//! replays on its own. Shared by the Binance and Tardis importers.

use featc_core::book::BookL2;
use featc_core::error::FeatcError;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{flag, kind, side, LogMeta, Record, BOOK_L2};

use super::replay::PacketSink;
use crate::day::utc_date;
use crate::outputs::OutputSet;

pub struct DailyL2Logs {
    pub outputs: OutputSet,
    symbol: String,
    venue: String,
    price_decimals: u8,
    size_decimals: u8,
    snapshot_every_ns: i64,
    /// The book as written so far, to carry into the next day.
    book: BookL2,
    date: Option<String>,
    /// Snapshot packets written at the start of a day for a carried book.
    pub carried_snapshots: u64,
    carry: Vec<Record>,
}

impl DailyL2Logs {
    /// `decimals`: (price, size); `snapshot_every_ns`: the logs' snapshot interval (`LogMeta`).
    pub fn new(outputs: OutputSet, symbol: &str, venue: &str, decimals: (u8, u8), snapshot_every_ns: i64) -> Self {
        let (price_decimals, size_decimals) = decimals;
        DailyL2Logs {
            outputs,
            symbol: symbol.to_string(),
            venue: venue.to_string(),
            price_decimals,
            size_decimals,
            snapshot_every_ns,
            book: BookL2::new(),
            date: None,
            carried_snapshots: 0,
            carry: Vec::new(),
        }
    }

    fn meta(&self, date: &str) -> LogMeta {
        LogMeta {
            symbol: self.symbol.clone(),
            venue: self.venue.clone(),
            date: date.to_string(),
            book_kind: BOOK_L2,
            price_decimals: self.price_decimals,
            size_decimals: self.size_decimals,
            snapshot_every_ns: self.snapshot_every_ns,
        }
    }

    /// CLEAR + every level of the book, stamped like `first`, the new day's first record.
    fn carry_book(&mut self, first: &Record, meta: &LogMeta) -> Result<(), FeatcError> {
        let base = Record {
            exchange_ts: first.exchange_ts,
            ingest_ts: first.ingest_ts,
            flags: flag::SNAPSHOT,
            ..Record::default()
        };
        self.carry.clear();
        self.carry.push(Record { kind: kind::CLEAR, ..base });
        for (s, code) in [(Side::Bid, side::BID), (Side::Ask, side::ASK)] {
            for i in 0..self.book.levels(s) {
                let (price, size) = (self.book.price_at(s, i), self.book.size_at(s, i));
                self.carry.push(Record { kind: kind::LEVEL, side: code, price, size, ..base });
            }
        }
        self.carried_snapshots += 1;
        self.outputs.write_packet(meta, &mut self.carry)
    }
}

impl PacketSink for DailyL2Logs {
    fn packet(&mut self, records: &mut [Record]) -> Result<(), FeatcError> {
        let Some(first) = records.first().copied() else { return Ok(()) };
        let date = utc_date(first.exchange_ts).to_string();
        let meta = self.meta(&date);
        if self.date.as_deref() != Some(date.as_str()) {
            let had_book = self.date.is_some() && (self.book.levels(Side::Bid) > 0 || self.book.levels(Side::Ask) > 0);
            self.date = Some(date.clone());
            // A packet that starts with CLEAR replaces the book anyway.
            if had_book && first.kind != kind::CLEAR {
                self.carry_book(&first, &meta)?;
            }
        }
        for r in records.iter() {
            self.book.apply(r).map_err(|f| {
                let what = featc_core::log::kind_name(r.kind).to_ascii_lowercase();
                FeatcError::new(f.code(), format!("{} {date}: {}", self.symbol, f.describe(&what)))
            })?;
        }
        self.outputs.write_packet(&meta, records)
    }
}
