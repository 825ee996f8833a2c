//! DBN MBP-1, TBBO, MBP-10 and trades to `.q` L2 records (docs/formats/dbn.md). An MBP record
//! carries its event and the top levels after it (TBBO: the top of book before the trade);
//! featc writes the trade as a `TRADE` and the levels as `LEVEL` records for every price whose
//! size differs from the previous record's view, with size 0 for a price no longer shown.
//! A price that leaves the view by moving deeper than the levels shown is written as removed:
//! an L2 log holds what the feed shows, nothing more.

use featc_core::log::{kind, side, Record};

use super::mbo::{trade_aggressor, ZERO_TRADE};
use super::records::{q_flags, Mbp, UNDEF_PRICE};
use crate::counts::Tally;

/// One instrument's levels as last shown: (price, size), best first.
#[derive(Default)]
pub struct LevelView {
    bids: Vec<(i64, i64)>,
    asks: Vec<(i64, i64)>,
}

fn shown(levels: impl Iterator<Item = (i64, u32)>) -> Vec<(i64, i64)> {
    levels.filter(|&(p, z)| p != UNDEF_PRICE && z > 0).map(|(p, z)| (p, z as i64)).collect()
}

impl LevelView {
    /// Appends the records for `m` (exchange time `ts`) to `out`; a trade (action `T`) only
    /// when `write_trade` (not when another input holds the same trade). `levels_before`: the
    /// record's levels are the book before its event (TBBO), so they are written before its
    /// trade; otherwise (MBP-1, MBP-10) after it.
    pub fn apply(
        &mut self,
        m: &Mbp,
        ts: i64,
        write_trade: bool,
        levels_before: bool,
        out: &mut Vec<Record>,
        skipped: &mut Tally,
    ) {
        let base = Record {
            exchange_ts: ts,
            ingest_ts: m.ts_recv as i64,
            seq: m.sequence as u64,
            flags: q_flags(m.flags),
            ..Record::default()
        };
        let mut trade = None;
        match m.action {
            b'T' if !write_trade => {}
            b'T' => {
                if m.size == 0 || m.price == UNDEF_PRICE {
                    skipped.bump(ZERO_TRADE);
                } else {
                    trade = Some(Record {
                        kind: kind::TRADE,
                        price: m.price,
                        size: m.size as i64,
                        aggressor: trade_aggressor(m.side),
                        ..base
                    });
                }
            }
            b'R' => {
                self.bids.clear();
                self.asks.clear();
                out.push(Record { kind: kind::CLEAR, ..base });
            }
            _ => {}
        }
        if !levels_before {
            out.extend(trade.take());
        }
        if !m.levels.is_empty() {
            let bids = shown(m.levels.iter().map(|l| (l.bid_px, l.bid_sz)));
            let asks = shown(m.levels.iter().map(|l| (l.ask_px, l.ask_sz)));
            diff(side::BID, &self.bids, &bids, &base, out);
            diff(side::ASK, &self.asks, &asks, &base, out);
            self.bids = bids;
            self.asks = asks;
        }
        out.extend(trade);
    }
}

/// `LEVEL` records taking one side from `old` to `new`: removals first, so a reader never
/// sees more levels than the feed showed.
fn diff(s: u8, old: &[(i64, i64)], new: &[(i64, i64)], base: &Record, out: &mut Vec<Record>) {
    for &(p, _) in old {
        if !new.iter().any(|l| l.0 == p) {
            out.push(Record { kind: kind::LEVEL, side: s, price: p, size: 0, ..*base });
        }
    }
    for &(p, z) in new {
        if !old.iter().any(|l| l.0 == p && l.1 == z) {
            out.push(Record { kind: kind::LEVEL, side: s, price: p, size: z, ..*base });
        }
    }
}
