//! A Binance capture as `.q` packets: parses each line, keeps the book in step with the
//! snapshot (`sync`), and hands packets to a `PacketSink` (the daily log writer for an import,
//! a book for `verify-book`). Timestamps and packet layout: docs/formats/binance.md.

use std::collections::VecDeque;

use featc_core::error::FeatcError;
use featc_core::log::{aggressor, flag, kind, side, Record};

use super::decimal::parse_fixed;
use super::message::{LevelText, Message};
use super::sync::{judge, Market, SyncState, UpdateIds, Verdict};
use crate::counts::Tally;

/// Where the packets go. `state` is called once per applied diff event, after its packet (and
/// also for an event with no levels, which writes no packet): the book then is the state
/// Binance names by that event's final update id `u`.
pub trait PacketSink {
    fn packet(&mut self, records: &mut [Record]) -> Result<(), FeatcError>;
    fn state(&mut self, _last_update_id: u64) {}
    /// A `bookTicker`: best bid and ask (price, size) after update id `update_id`.
    fn ticker(&mut self, _update_id: u64, _bid: (i64, i64), _ask: (i64, i64)) {}
}

/// Diff events kept while no snapshot has arrived. Binance's procedure buffers from the
/// subscription until the snapshot; the capture fetches its snapshot within seconds, so a few
/// thousand events cover it, and an endless wait cannot grow without bound.
const MAX_WAITING: usize = 4096;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub snapshots: u64,
    /// Snapshots that arrived while the book was in step (not needed, not applied).
    pub snapshots_unused: u64,
    pub depth_events: u64,
    pub depth_applied: u64,
    /// Events older than the snapshot they follow (Binance's "drop" rule).
    pub depth_stale: u64,
    pub gaps: u64,
    /// The first gap: (expected id, received id), spot `U` and futures `pu`.
    pub first_gap: Option<(u64, u64)>,
    /// Snapshots applied after a gap.
    pub resyncs: u64,
    pub trades: u64,
    pub tickers: u64,
    /// Exchange times raised to the previous packet's (Binance `E` goes back across streams).
    pub raised_timestamps: u64,
    /// Event and trade times sent in microseconds (a capture made with `timeUnit=MICROSECOND`).
    pub microsecond_times: u64,
}

struct Waiting {
    local_ns: i64,
    event_time: i64,
    ids: UpdateIds,
    bids: Vec<LevelText>,
    asks: Vec<LevelText>,
}

pub struct Replay<S: PacketSink> {
    pub sink: S,
    market: Market,
    price_decimals: u8,
    size_decimals: u8,
    symbol: Option<String>,
    state: SyncState,
    waiting: VecDeque<Waiting>,
    /// Whether a gap cleared the book since the last snapshot.
    after_gap: bool,
    /// Records were lost (a gap): the next record written gets the `GAP` flag.
    gap_pending: bool,
    book_empty: bool,
    last_ts: i64,
    records: Vec<Record>,
    pub report: SyncReport,
    pub skipped: Tally,
}

impl<S: PacketSink> Replay<S> {
    pub fn new(sink: S, market: Market, price_decimals: u8, size_decimals: u8) -> Self {
        Replay {
            sink,
            market,
            price_decimals,
            size_decimals,
            symbol: None,
            state: SyncState::AwaitSnapshot,
            waiting: VecDeque::new(),
            after_gap: false,
            gap_pending: false,
            book_empty: true,
            last_ts: i64::MIN,
            records: Vec::with_capacity(2048),
            report: SyncReport::default(),
            skipped: Tally::default(),
        }
    }

    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_deref()
    }

    /// One parsed line. A `LineError::Bad` is about the line (the caller names file and line).
    pub fn line(&mut self, local_ns: i64, message: Message) -> Result<(), LineError> {
        match message {
            Message::Snapshot { last_update_id, event_time, bids, asks, .. } => {
                self.report.snapshots += 1;
                if let SyncState::Synced(_) = self.state {
                    self.report.snapshots_unused += 1;
                    return Ok(());
                }
                let ns = match event_time {
                    Some(t) => self.exchange_ns(t)?,
                    None => local_ns,
                };
                let ts = self.stamp(ns);
                self.records.clear();
                self.records.push(Record {
                    kind: kind::CLEAR,
                    seq: last_update_id,
                    flags: flag::SNAPSHOT,
                    ..base(ts, local_ns)
                });
                self.push_levels(&bids, side::BID, ts, local_ns, last_update_id, flag::SNAPSHOT)?;
                self.push_levels(&asks, side::ASK, ts, local_ns, last_update_id, flag::SNAPSHOT)?;
                self.flush()?;
                self.book_empty = bids.is_empty() && asks.is_empty();
                self.state = SyncState::AwaitFirst(last_update_id);
                if self.after_gap {
                    self.report.resyncs += 1;
                    self.after_gap = false;
                }
                // Taken out first: an event that breaks the chain goes back to waiting.
                for w in std::mem::take(&mut self.waiting) {
                    self.depth(w)?;
                }
                Ok(())
            }
            Message::Depth { event_time, first, last, prev, symbol, bids, asks, .. } => {
                self.check_symbol(&symbol)?;
                self.report.depth_events += 1;
                self.depth(Waiting { local_ns, event_time, ids: UpdateIds { first, last, prev }, bids, asks })
            }
            Message::Trade { trade_time, id, price, qty, buyer_maker, market, symbol } => {
                self.check_symbol(&symbol)?;
                if !market {
                    self.skipped.bump("futures trade other than MARKET (liquidation, insurance fund)");
                    return Ok(());
                }
                self.report.trades += 1;
                let ns = self.exchange_ns(trade_time)?;
                let ts = self.stamp(ns);
                // `m`: the buyer is the maker, so the seller took liquidity.
                let who = if buyer_maker { aggressor::SELL } else { aggressor::BUY };
                let r = Record {
                    kind: kind::TRADE,
                    seq: id,
                    price: parse_fixed(&price, self.price_decimals).map_err(LineError::Bad)?,
                    size: parse_fixed(&qty, self.size_decimals).map_err(LineError::Bad)?,
                    aggressor: who,
                    ..base(ts, local_ns)
                };
                self.records.clear();
                self.records.push(r);
                self.flush()
            }
            Message::Ticker { update_id, bid, ask } => {
                self.report.tickers += 1;
                let bid = self.level(&bid)?;
                let ask = self.level(&ask)?;
                self.sink.ticker(update_id, bid, ask);
                Ok(())
            }
        }
    }

    /// End of input: events still waiting had no snapshot to sync to.
    pub fn finish(&mut self) {
        let n = self.waiting.len() as u64;
        if n > 0 {
            self.skipped.add("diff event with no snapshot to sync to", n);
            self.waiting.clear();
        }
    }

    fn depth(&mut self, w: Waiting) -> Result<(), LineError> {
        match judge(self.market, self.state, w.ids) {
            Verdict::Wait => {
                if self.waiting.len() == MAX_WAITING {
                    self.waiting.pop_front();
                    self.skipped.bump("diff event with no snapshot to sync to");
                }
                self.waiting.push_back(w);
                Ok(())
            }
            Verdict::Stale => {
                self.report.depth_stale += 1;
                Ok(())
            }
            Verdict::Gap { expected, got } => {
                self.report.gaps += 1;
                self.report.first_gap.get_or_insert((expected, got));
                self.after_gap = true;
                self.gap_pending = true;
                self.state = SyncState::AwaitSnapshot;
                if !self.book_empty {
                    let ns = self.exchange_ns(w.event_time)?;
                    let ts = self.stamp(ns);
                    self.records.clear();
                    self.records.push(Record { kind: kind::CLEAR, seq: w.ids.last, ..base(ts, w.local_ns) });
                    self.flush()?;
                    self.book_empty = true;
                }
                self.waiting.push_back(w);
                Ok(())
            }
            Verdict::Apply => {
                let ns = self.exchange_ns(w.event_time)?;
                let ts = self.stamp(ns);
                self.records.clear();
                self.push_levels(&w.bids, side::BID, ts, w.local_ns, w.ids.last, 0)?;
                self.push_levels(&w.asks, side::ASK, ts, w.local_ns, w.ids.last, 0)?;
                self.flush()?;
                self.book_empty = false;
                self.report.depth_applied += 1;
                self.state = SyncState::Synced(w.ids.last);
                self.sink.state(w.ids.last);
                Ok(())
            }
        }
    }

    fn push_levels(
        &mut self,
        levels: &[LevelText],
        s: u8,
        ts: i64,
        local_ns: i64,
        seq: u64,
        flags: u8,
    ) -> Result<(), LineError> {
        for l in levels {
            let (price, size) = self.level(l)?;
            self.records.push(Record { kind: kind::LEVEL, side: s, price, size, seq, flags, ..base(ts, local_ns) });
        }
        Ok(())
    }

    fn level(&self, (price, size): &LevelText) -> Result<(i64, i64), LineError> {
        Ok((
            parse_fixed(price, self.price_decimals).map_err(LineError::Bad)?,
            parse_fixed(size, self.size_decimals).map_err(LineError::Bad)?,
        ))
    }

    fn flush(&mut self) -> Result<(), LineError> {
        if self.records.is_empty() {
            return Ok(());
        }
        // The first record after the loss (the CLEAR that empties the book, or, when it was
        // empty already, whatever comes next): docs/formats/q.md, "Flags".
        if std::mem::take(&mut self.gap_pending) {
            self.records[0].flags |= flag::GAP;
        }
        self.sink.packet(&mut self.records).map_err(LineError::Fatal)
    }

    /// A Binance time in ns. Binance sends milliseconds, or microseconds on a connection that
    /// asked for them (`timeUnit=MICROSECOND`, docs/formats/binance.md, "Timestamps"); the
    /// magnitude tells them apart, per value: every millisecond time from 1973 to 5138 is below
    /// 10^14 and every microsecond time from 1973 on above. A time whose nanoseconds an i64
    /// cannot hold (after 2262) is refused rather than saturated or wrapped.
    fn exchange_ns(&mut self, t: i64) -> Result<i64, LineError> {
        let micros = t >= MICROSECOND_TIMES_FROM;
        let ns = if micros { t.checked_mul(1_000) } else { t.checked_mul(1_000_000) };
        let Some(ns) = ns else {
            return Err(LineError::Bad(format!(
                "time {t} is neither milliseconds nor microseconds since 1970 before the year 2262 (Binance sends one or the other)"
            )));
        };
        self.report.microsecond_times += micros as u64;
        Ok(ns)
    }

    /// The exchange time of the next packet: `raw`, raised to the previous packet's so the
    /// log keeps its time order (docs/formats/binance.md, "Timestamps").
    fn stamp(&mut self, raw: i64) -> i64 {
        if raw < self.last_ts {
            self.report.raised_timestamps += 1;
            return self.last_ts;
        }
        self.last_ts = raw;
        raw
    }

    fn check_symbol(&mut self, symbol: &str) -> Result<(), LineError> {
        match &self.symbol {
            Some(s) if s != symbol => {
                Err(LineError::Bad(format!("symbol {symbol} in a capture of {s}; import one symbol at a time")))
            }
            Some(_) => Ok(()),
            None => {
                self.symbol = Some(symbol.to_string());
                Ok(())
            }
        }
    }
}

/// Why a line was not taken: `Bad` is the line's fault (skipped under `--lenient`), `Fatal`
/// is not (an output that cannot be written).
#[derive(Debug)]
pub enum LineError {
    Bad(String),
    Fatal(FeatcError),
}

/// 10^14: microseconds since 1970 from 1973 on, milliseconds only after the year 5138.
const MICROSECOND_TIMES_FROM: i64 = 100_000_000_000_000;

fn base(ts: i64, local_ns: i64) -> Record {
    Record { exchange_ts: ts, ingest_ts: local_ns, ..Record::default() }
}
