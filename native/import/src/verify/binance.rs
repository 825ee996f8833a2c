//! Ground truth for the Binance importer: Binance's own `bookTicker` stream. A ticker with
//! update id `u` gives the best bid and ask (price and size) of the book after update `u`; when
//! a diff event ends at that same `u`, the replayed book after that event must show exactly
//! those levels. Tickers whose `u` falls inside a diff event's range (depth@100ms aggregates
//! many updates into one event) name a state the diff stream never shows, and are counted
//! apart, as are tickers from before the first applied event or after the last.

use std::collections::HashMap;
use std::path::PathBuf;

use featc_core::book::BookL2;
use featc_core::error::FeatcError;
use featc_core::kernel::{BookView, Side};
use featc_core::log::Record;

use crate::binance::replay::{PacketSink, SyncReport};
use crate::binance::{replay, survey, Market};

/// Best bid (price, size) and best ask (price, size); `None` for an empty side.
type Top = (Option<(i64, i64)>, Option<(i64, i64)>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinanceVerifyReport {
    pub market: Market,
    pub symbol: String,
    pub price_decimals: u8,
    pub size_decimals: u8,
    /// Diff events in the capture, and of them applied to the synced book.
    pub events: u64,
    pub applied: u64,
    pub tickers: u64,
    /// Tickers whose `u` is the final update id of an applied diff event.
    pub rows_compared: u64,
    pub rows_equal: u64,
    /// Tickers whose `u` is inside an applied event's range, not at its end.
    pub between_events: u64,
    /// Tickers before the first applied diff event or after the last one.
    pub unsynced: u64,
    /// The first disagreement: the ticker's `u`, what the ticker says, what the book shows.
    pub first_mismatch: Option<String>,
    pub sync: SyncReport,
    /// Lines skipped, by reason (bad lines only under lenient).
    pub skipped: Vec<(String, u64)>,
}

#[derive(Default)]
struct TopRecorder {
    book: BookL2,
    states: HashMap<u64, Top>,
    tickers: Vec<(u64, Top)>,
}

impl PacketSink for TopRecorder {
    fn packet(&mut self, records: &mut [Record]) -> Result<(), FeatcError> {
        for r in records.iter() {
            self.book.apply(r).map_err(|f| FeatcError::new(f.code(), f.describe("level")))?;
        }
        Ok(())
    }

    fn state(&mut self, last_update_id: u64) {
        let best = |s: Side| (self.book.levels(s) > 0).then(|| (self.book.price_at(s, 0), self.book.size_at(s, 0)));
        self.states.insert(last_update_id, (best(Side::Bid), best(Side::Ask)));
    }

    fn ticker(&mut self, update_id: u64, bid: (i64, i64), ask: (i64, i64)) {
        self.tickers.push((update_id, (Some(bid), Some(ask))));
    }
}

/// `lenient`: bad lines are skipped and counted (`skipped`), as `featc import binance --lenient`
/// skips them.
pub fn verify(inputs: &[PathBuf], market: Option<Market>, lenient: bool) -> Result<BinanceVerifyReport, FeatcError> {
    let survey = survey(inputs, market, lenient)?;
    let (replay, _) = replay(inputs, &survey, lenient, TopRecorder::default())?;
    let rec = &replay.sink;
    // The applied events' (final id) sorted, to tell "between two events" from "unsynced".
    let mut ends: Vec<u64> = rec.states.keys().copied().collect();
    ends.sort_unstable();
    let mut report = BinanceVerifyReport {
        market: survey.market,
        symbol: survey.symbol.clone(),
        price_decimals: survey.decimals.price,
        size_decimals: survey.decimals.size,
        events: replay.report.depth_events,
        applied: replay.report.depth_applied,
        tickers: rec.tickers.len() as u64,
        rows_compared: 0,
        rows_equal: 0,
        between_events: 0,
        unsynced: 0,
        first_mismatch: None,
        sync: replay.report.clone(),
        skipped: replay.skipped.entries().to_vec(),
    };
    for (u, ticker) in &rec.tickers {
        match rec.states.get(u) {
            Some(book) => {
                report.rows_compared += 1;
                if book == ticker {
                    report.rows_equal += 1;
                } else if report.first_mismatch.is_none() {
                    report.first_mismatch = Some(format!("u {u}: bookTicker {ticker:?}, book {book:?}"));
                }
            }
            // Inside the synced span when an applied event ends after it and another before.
            None => match ends.binary_search(u) {
                Err(i) if i > 0 && i < ends.len() => report.between_events += 1,
                _ => report.unsynced += 1,
            },
        }
    }
    Ok(report)
}

impl From<BinanceVerifyReport> for super::VerifyReport {
    fn from(r: BinanceVerifyReport) -> Self {
        let market = match r.market {
            Market::Spot => "spot",
            Market::UsdM => "USD-M futures",
            Market::CoinM => "COIN-M futures",
        };
        let mut notes = vec![
            format!("price decimals {}, size decimals {}", r.price_decimals, r.size_decimals),
            format!("diff events applied {} (older than the snapshot {})", r.applied, r.sync.depth_stale),
            format!("gaps {}, resyncs {}", r.sync.gaps, r.sync.resyncs),
            format!(
                "bookTicker messages {}: at a diff event's final update id {}, between diff events {}, with no synced book {}",
                r.tickers, r.rows_compared, r.between_events, r.unsynced
            ),
        ];
        if let Some((expected, got)) = r.sync.first_gap {
            notes.push(format!("first gap: expected update id {expected}, got {got}"));
        }
        if let Some(m) = r.first_mismatch {
            notes.push(format!("first mismatch: {m}"));
        }
        for (reason, n) in &r.skipped {
            notes.push(format!("skipped {n}: {reason}"));
        }
        super::VerifyReport {
            sample: format!("Binance {market} {}: best bid and ask (price and size) vs bookTicker", r.symbol),
            events: r.events,
            rows_compared: r.rows_compared,
            rows_equal: r.rows_equal,
            notes,
            role: super::CheckRole::Exact,
        }
    }
}
