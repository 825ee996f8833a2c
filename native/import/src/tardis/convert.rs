//! Tardis rows into `.q` packets (docs/formats/tardis.md). Rows of several inputs (a book data
//! type and trades) arrive merged by `local_timestamp`; each input has its own layout, the book
//! state and the time order are shared.

use featc_core::error::FeatcError;
use featc_core::log::{aggressor, flag, kind, side, Record};

use super::csv::{micros_to_ns, Columns};
use super::kind::TardisKind;
use super::BEFORE_SNAPSHOT;
use crate::binance::decimal::parse_fixed;
use crate::binance::replay::PacketSink;

/// Where each field is, by data type.
enum Layout {
    Incremental {
        is_snapshot: usize,
        side: usize,
        price: usize,
        amount: usize,
    },
    /// (price, amount) columns of each level, bids then asks, best first.
    Snapshot {
        bids: Vec<(usize, usize)>,
        asks: Vec<(usize, usize)>,
    },
    Quotes {
        bid_price: usize,
        bid_amount: usize,
        ask_price: usize,
        ask_amount: usize,
    },
    Trades {
        id: Option<usize>,
        side: usize,
        price: usize,
        amount: usize,
    },
}

/// A row's fault (skipped under lenient) or the output's (always fatal).
pub enum RowError {
    Bad(String),
    Fatal(FeatcError),
}

/// What became of a row that was not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Converted into records (counted in `Converter::rows`).
    Converted,
    /// Skipped for this reason of the import report (docs/formats/tardis.md), leaving no
    /// trace in the log or the converter's state.
    Skipped(&'static str),
}

impl From<String> for RowError {
    fn from(s: String) -> Self {
        RowError::Bad(s)
    }
}

/// One input's columns.
struct Source {
    layout: Layout,
    timestamp: usize,
    local_timestamp: usize,
    /// Incremental: whether this input (file) has had its first `is_snapshot` row; the rows
    /// before it are skipped (`BEFORE_SNAPSHOT`).
    seen_snapshot: bool,
}

pub struct Converter<S: PacketSink> {
    pub sink: S,
    sources: Vec<Source>,
    price_decimals: u8,
    size_decimals: u8,
    /// The packet being gathered (incremental rows of one input sharing a local timestamp).
    packet: Vec<Record>,
    /// (input, local timestamp) of the packet being gathered.
    packet_key: Option<(usize, i64)>,
    /// Incremental: whether the previous row was a snapshot row.
    in_snapshot: bool,
    /// Quotes: the best levels written last, to delete when they move.
    quote_bid: Option<i64>,
    quote_ask: Option<i64>,
    last_ts: i64,
    /// Exchange times raised to the previous record's (Tardis `timestamp` is the venue's and
    /// can step back; the log must not).
    pub raised_timestamps: u64,
    pub rows: u64,
}

impl<S: PacketSink> Converter<S> {
    pub fn new(sink: S, price_decimals: u8, size_decimals: u8) -> Self {
        Converter {
            sink,
            sources: Vec::new(),
            price_decimals,
            size_decimals,
            packet: Vec::new(),
            packet_key: None,
            in_snapshot: false,
            quote_bid: None,
            quote_ask: None,
            last_ts: i64::MIN,
            raised_timestamps: 0,
            rows: 0,
        }
    }

    /// An input of `kind` with the header `columns`; its rows are `row(k, ...)` with `k` the
    /// number returned (0, 1, ...). The reason when the header lacks a column of `kind`.
    pub fn add_source(&mut self, kind: TardisKind, columns: &Columns) -> Result<usize, String> {
        let layout = match kind {
            TardisKind::Incremental => Layout::Incremental {
                is_snapshot: columns.require("is_snapshot")?,
                side: columns.require("side")?,
                price: columns.require("price")?,
                amount: columns.require("amount")?,
            },
            TardisKind::Snapshot => {
                let levels = |prefix: &str| -> Vec<(usize, usize)> {
                    (0..)
                        .map_while(|i| {
                            Some((
                                columns.find(&format!("{prefix}[{i}].price"))?,
                                columns.find(&format!("{prefix}[{i}].amount"))?,
                            ))
                        })
                        .collect()
                };
                let (bids, asks) = (levels("bids"), levels("asks"));
                if bids.is_empty() || asks.is_empty() {
                    return Err("the header has no `bids[0].price` / `asks[0].price` columns (is --kind right?)".into());
                }
                Layout::Snapshot { bids, asks }
            }
            TardisKind::Quotes => Layout::Quotes {
                bid_price: columns.require("bid_price")?,
                bid_amount: columns.require("bid_amount")?,
                ask_price: columns.require("ask_price")?,
                ask_amount: columns.require("ask_amount")?,
            },
            TardisKind::Trades => Layout::Trades {
                id: columns.find("id"),
                side: columns.require("side")?,
                price: columns.require("price")?,
                amount: columns.require("amount")?,
            },
        };
        self.sources.push(Source {
            layout,
            timestamp: columns.require("timestamp")?,
            local_timestamp: columns.require("local_timestamp")?,
            seen_snapshot: false,
        });
        Ok(self.sources.len() - 1)
    }

    /// One data row of input `source`; `line` is its number, used as the sequence number
    /// where the venue's own id is not an integer. An incremental_book_L2 input's rows before
    /// its first `is_snapshot` row are skipped (`Outcome::Skipped(BEFORE_SNAPSHOT)`), as
    /// Tardis says to: their `is_snapshot` is read, nothing else.
    pub fn row(&mut self, source: usize, f: &[&str], line: u64) -> Result<Outcome, RowError> {
        let Some(src) = self.sources.get(source) else {
            return Err(RowError::Bad(format!("internal: no input {source}")));
        };
        let (ts_col, local_col) = (src.timestamp, src.local_timestamp);
        let (incremental, first_snapshot) = match src.layout {
            Layout::Incremental { is_snapshot: col, .. } if !src.seen_snapshot => {
                if !snapshot_flag(f[col])? {
                    return Ok(Outcome::Skipped(BEFORE_SNAPSHOT));
                }
                (true, true)
            }
            Layout::Incremental { .. } => (true, false),
            _ => (false, false),
        };
        let raw_ts = micros_to_ns(f[ts_col], "timestamp")?;
        let local = micros_to_ns(f[local_col], "local_timestamp")?;
        // Parse everything before any state changes, so a bad row leaves no trace.
        let records = self.records(source, f, line, first_snapshot)?;
        self.sources[source].seen_snapshot |= first_snapshot;
        self.rows += 1;
        if self.packet_key != Some((source, local)) || !incremental {
            self.flush()?;
        }
        let ts = self.stamp(raw_ts);
        self.packet_key = Some((source, local));
        for mut r in records {
            r.exchange_ts = ts;
            r.ingest_ts = local;
            self.packet.push(r);
        }
        Ok(Outcome::Converted)
    }

    /// End of input.
    pub fn finish(&mut self) -> Result<(), RowError> {
        self.flush()
    }

    /// The records of a row; `first_snapshot`: an incremental input's first `is_snapshot`
    /// row, which always starts a new book.
    fn records(&mut self, source: usize, f: &[&str], line: u64, first_snapshot: bool) -> Result<Vec<Record>, RowError> {
        let (pd, sd) = (self.price_decimals, self.size_decimals);
        let level = |s: u8, p: &str, a: &str, flags: u8| -> Result<Record, String> {
            Ok(Record {
                kind: kind::LEVEL,
                side: s,
                price: parse_fixed(p, pd)?,
                size: parse_fixed(a, sd)?,
                seq: line,
                flags,
                ..Record::default()
            })
        };
        let clear = Record { kind: kind::CLEAR, seq: line, flags: flag::SNAPSHOT, ..Record::default() };
        match &self.sources[source].layout {
            Layout::Incremental { is_snapshot, side: side_col, price, amount } => {
                let snapshot = snapshot_flag(f[*is_snapshot])?;
                let s = side_code(f[*side_col])?;
                let lvl = level(s, f[*price], f[*amount], if snapshot { flag::SNAPSHOT } else { 0 })?;
                // Tardis: a snapshot row after a non-snapshot row starts a new book; so does a
                // file's first snapshot row (the updates before it are skipped, and the book
                // carried from the previous file is not this file's).
                let starts_book = snapshot && (!self.in_snapshot || first_snapshot);
                self.in_snapshot = snapshot;
                Ok(if starts_book { vec![clear, lvl] } else { vec![lvl] })
            }
            Layout::Snapshot { bids, asks } => {
                let mut out = vec![clear];
                for (s, cols) in [(side::BID, bids), (side::ASK, asks)] {
                    for &(p, a) in cols {
                        // Fewer levels than N: Tardis leaves the fields empty.
                        if f[p].is_empty() && f[a].is_empty() {
                            continue;
                        }
                        out.push(level(s, f[p], f[a], flag::SNAPSHOT)?);
                    }
                }
                Ok(out)
            }
            Layout::Quotes { bid_price, bid_amount, ask_price, ask_amount } => {
                let bid = quote_side(f[*bid_price], f[*bid_amount], pd, sd)?;
                let ask = quote_side(f[*ask_price], f[*ask_amount], pd, sd)?;
                let mut out = Vec::with_capacity(4);
                for (s, new, old) in [(side::BID, bid, self.quote_bid), (side::ASK, ask, self.quote_ask)] {
                    // The old best goes unless the new one replaces it at the same price.
                    if let Some(old_price) = old.filter(|p| new.map(|(np, _)| np) != Some(*p)) {
                        out.push(Record {
                            kind: kind::LEVEL,
                            side: s,
                            price: old_price,
                            size: 0,
                            seq: line,
                            ..Record::default()
                        });
                    }
                    if let Some((price, size)) = new {
                        out.push(Record { kind: kind::LEVEL, side: s, price, size, seq: line, ..Record::default() });
                    }
                }
                self.quote_bid = bid.filter(|&(_, s)| s > 0).map(|(p, _)| p);
                self.quote_ask = ask.filter(|&(_, s)| s > 0).map(|(p, _)| p);
                Ok(out)
            }
            Layout::Trades { id, side: side_col, price, amount } => {
                let who = match f[*side_col] {
                    "buy" => aggressor::BUY,
                    "sell" => aggressor::SELL,
                    "unknown" | "" => aggressor::UNKNOWN,
                    other => return Err(RowError::Bad(format!("side {other:?} is not buy, sell or unknown"))),
                };
                let seq = id.and_then(|i| f[i].parse::<u64>().ok()).unwrap_or(line);
                let (pd, sd) = (self.price_decimals, self.size_decimals);
                Ok(vec![Record {
                    kind: kind::TRADE,
                    price: parse_fixed(f[*price], pd)?,
                    size: parse_fixed(f[*amount], sd)?,
                    aggressor: who,
                    seq,
                    ..Record::default()
                }])
            }
        }
    }

    fn flush(&mut self) -> Result<(), RowError> {
        if self.packet.is_empty() {
            return Ok(());
        }
        let result = self.sink.packet(&mut self.packet).map_err(RowError::Fatal);
        self.packet.clear();
        result
    }

    fn stamp(&mut self, raw: i64) -> i64 {
        if raw < self.last_ts {
            self.raised_timestamps += 1;
            return self.last_ts;
        }
        self.last_ts = raw;
        raw
    }
}

/// An incremental row's `is_snapshot`.
fn snapshot_flag(text: &str) -> Result<bool, String> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(format!("is_snapshot {other:?} is not true or false")),
    }
}

fn side_code(text: &str) -> Result<u8, String> {
    match text {
        "bid" | "buy" => Ok(side::BID),
        "ask" | "sell" => Ok(side::ASK),
        other => Err(format!("side {other:?} is not bid or ask")),
    }
}

/// A quote side: (price, amount), or `None` when the side is empty.
fn quote_side(price: &str, amount: &str, pd: u8, sd: u8) -> Result<Option<(i64, i64)>, String> {
    if price.is_empty() {
        return Ok(None);
    }
    let amount = if amount.is_empty() { "0" } else { amount };
    Ok(Some((parse_fixed(price, pd)?, parse_fixed(amount, sd)?)))
}
