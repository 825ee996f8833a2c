//! The synthetic L3 day: a seeded, deterministic order flow around a drifting price, valid
//! under `BookL3` by construction. The model is described in docs/formats/synthetic.md.

mod clock;
mod orders;
mod rng;

use std::path::PathBuf;

use crate::error::FeatcError;
use crate::import::{day_log_path, parse_date};
use crate::log::{aggressor, flag, kind, side, LogMeta, LogWriter, Record, BOOK_L3};
use crate::time::{new_york_to_utc_ns, NS_PER_SEC};
use clock::SessionClock;
use orders::{GenBook, TICKS};
pub use rng::Rng;

pub struct SynthOptions {
    pub symbol: String,
    /// Records to write (each fill of a sweep is one record).
    pub events: u64,
    pub seed: u64,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub out_dir: PathBuf,
    /// The log's book snapshot interval (`LogMeta::snapshot_every_ns`); 0: none.
    pub snapshot_every_ns: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthSummary {
    pub path: PathBuf,
    pub records: u64,
    pub packets: u64,
    /// EXECUTE and TRADE records.
    pub trades: u64,
    pub first_ts: i64,
    pub last_ts: i64,
}

/// The model's constants (docs/formats/synthetic.md explains each).
const START_TICK: u32 = 10_000;
const TARGET_ORDERS: f64 = 4_000.0;
const P_MARKET: f64 = 0.035;
const P_HIDDEN: f64 = 0.007;
const P_MODIFY: f64 = 0.03;
const P_PARTIAL_CANCEL: f64 = 0.06;
const P_ANCHOR_STEP: f64 = 1.0 / 150.0;
const P_REGIME_SWITCH: f64 = 0.002;
const BUSY_GAP: f64 = 0.3;
const CALM_GAP: f64 = 1.7;
const EXCITED_PACKETS: u32 = 5;
const EXCITED_GAP: f64 = 0.4;
/// Gaps are scaled so the expected flow ends just before the close (the excitation and the
/// multi-fill packets shorten the day by about this factor).
const DAY_FILL: f64 = 0.9;

/// Sizes: a quarter odd lots (1..99), the rest round lots with a Pareto(1.4) count of 100s.
fn order_size(rng: &mut Rng) -> i64 {
    if rng.chance(0.25) {
        1 + rng.below(99) as i64
    } else {
        let lots = rng.unit_open().powf(-1.0 / 1.4).floor().min(50.0) as i64;
        100 * lots.max(1)
    }
}

fn opposite(s: u8) -> u8 {
    if s == side::BID {
        side::ASK
    } else {
        side::BID
    }
}

struct Generator {
    rng: Rng,
    book: GenBook,
    out: LogWriter,
    next_id: u64,
    /// The latent fair price in ticks; the mid follows it.
    anchor: i64,
    s: f64,
    gap_scale: f64,
    busy: bool,
    excited: u32,
    clock: SessionClock,
    ts: i64,
    records: u64,
    packets: u64,
    trades: u64,
    limit: u64,
}

impl Generator {
    fn emit(&mut self, mut r: Record, last: bool) -> Result<(), FeatcError> {
        r.exchange_ts = self.ts;
        // A feed handler's latency, 20 to 80 microseconds.
        r.ingest_ts = self.ts + 20_000 + self.rng.below(60_000) as i64;
        r.seq = self.records;
        r.flags = if last { flag::LAST } else { 0 };
        self.out.push(&r)?;
        self.records += 1;
        if last {
            self.packets += 1;
        }
        if r.kind == kind::EXECUTE || r.kind == kind::TRADE {
            self.trades += 1;
        }
        Ok(())
    }

    fn advance_time(&mut self) {
        if self.rng.chance(P_REGIME_SWITCH) {
            self.busy = !self.busy;
        }
        let mut gap = self.rng.exp1() * if self.busy { BUSY_GAP } else { CALM_GAP };
        if self.excited > 0 {
            gap *= EXCITED_GAP;
            self.excited -= 1;
        }
        self.s += gap * self.gap_scale;
        self.ts = self.clock.wall_ns(self.s).max(self.ts);
        if self.rng.chance(P_ANCHOR_STEP) {
            self.anchor = (self.anchor + if self.rng.chance(0.5) { 1 } else { -1 }).clamp(1_000, TICKS as i64 - 1_000);
        }
    }

    fn mid2(&self) -> Option<i64> {
        Some(self.book.best(side::BID)? as i64 + self.book.best(side::ASK)? as i64)
    }

    fn packet(&mut self) -> Result<(), FeatcError> {
        self.advance_time();
        let thin = |g: &Self, s| g.book.orders_on(s) < 5;
        if thin(self, side::BID) {
            return self.add(side::BID);
        }
        if thin(self, side::ASK) {
            return self.add(side::ASK);
        }
        let load = self.book.live() as f64 / TARGET_ORDERS;
        let p_delete = (0.40 * load).clamp(0.2, 0.6);
        let u = self.rng.unit();
        let mut edge = P_MARKET;
        if u < edge {
            return self.market_order();
        }
        edge += P_HIDDEN;
        if u < edge {
            return self.hidden_trade();
        }
        edge += P_MODIFY;
        if u < edge {
            return self.modify();
        }
        edge += P_PARTIAL_CANCEL;
        if u < edge {
            return self.cancel(true);
        }
        edge += p_delete;
        if u < edge {
            return self.cancel(false);
        }
        let s = if self.rng.chance(0.5) { side::BID } else { side::ASK };
        self.add(s)
    }

    /// A new limit order: joins or trails its side's best by a geometric number of ticks, or
    /// improves inside the spread, more often when the fair price has moved that way.
    fn add(&mut self, s: u8) -> Result<(), FeatcError> {
        let dir: i64 = if s == side::BID { 1 } else { -1 };
        let own = self.book.best(s).map(|t| t as i64);
        let other = self.book.best(opposite(s)).map(|t| t as i64);
        let fair_edge = self.anchor - dir; // where this side's best "should" be
        let trail = self.rng.geometric(0.35, 40) as i64;
        let mut tick = match own {
            Some(b) => {
                let lagging = (fair_edge - b) * dir > 0;
                if self.rng.chance(if lagging { 0.5 } else { 0.12 }) {
                    b + dir
                } else {
                    b - dir * trail
                }
            }
            None => fair_edge - dir * trail,
        };
        // Never at or through the other side.
        if let Some(o) = other {
            if (tick - o) * dir >= 0 {
                tick = o - dir;
            }
        }
        let tick = tick.clamp(1, TICKS as i64 - 2) as u32;
        let size = order_size(&mut self.rng);
        let id = self.next_id;
        self.next_id += 1;
        self.book.add(id, s, tick, size);
        let r = Record { order_id: id, price: tick as i64, size, kind: kind::ADD, side: s, ..Record::default() };
        self.emit(r, true)
    }

    /// A marketable order sweeping the other side: one EXECUTE per resting order it fills,
    /// all at one timestamp, `LAST` on the final fill. It never empties the side.
    fn market_order(&mut self) -> Result<(), FeatcError> {
        let buy_bias = match self.mid2() {
            Some(m2) if 2 * self.anchor > m2 => 0.7,
            Some(m2) if 2 * self.anchor < m2 => 0.3,
            _ => 0.5,
        };
        let (agg, resting) =
            if self.rng.chance(buy_bias) { (aggressor::BUY, side::ASK) } else { (aggressor::SELL, side::BID) };
        let mut want = order_size(&mut self.rng);
        let mut fills = 0u64;
        let room = self.limit - self.records;
        while want > 0 && fills < room && self.book.orders_on(resting) > 1 {
            let Some(tick) = self.book.best(resting) else { break };
            let level = self.book.at(resting, tick);
            let slot = level[level.len() - 1];
            let o = *self.book.order(slot);
            let fill = want.min(o.size);
            want -= fill;
            if fill == o.size {
                self.book.remove(slot);
            } else {
                self.book.reduce(slot, fill);
            }
            fills += 1;
            let last = want == 0 || fills == room || self.book.orders_on(resting) <= 1;
            let r = Record {
                order_id: o.id,
                price: o.tick as i64,
                size: fill,
                kind: kind::EXECUTE,
                side: resting,
                aggressor: agg,
                ..Record::default()
            };
            self.emit(r, last)?;
        }
        if fills == 0 {
            return self.add(opposite(resting));
        }
        self.excited = EXCITED_PACKETS;
        Ok(())
    }

    /// A print against hidden liquidity: inside the spread when there is room, else at a touch.
    fn hidden_trade(&mut self) -> Result<(), FeatcError> {
        let (Some(b), Some(a)) = (self.book.best(side::BID), self.book.best(side::ASK)) else {
            return self.add(side::BID);
        };
        let price = if a - b > 1 {
            b + 1 + self.rng.below((a - b - 1) as u64) as u32
        } else if self.rng.chance(0.5) {
            b
        } else {
            a
        };
        let agg = if self.rng.chance(0.5) { aggressor::BUY } else { aggressor::SELL };
        let size = order_size(&mut self.rng);
        let r = Record { price: price as i64, size, kind: kind::TRADE, aggressor: agg, ..Record::default() };
        self.emit(r, true)
    }

    fn pick(&mut self) -> Option<u32> {
        if self.rng.chance(0.1) {
            if let Some(slot) = self.book.pick_any(&mut self.rng) {
                return Some(slot);
            }
        }
        let s = if self.rng.chance(0.5) { side::BID } else { side::ASK };
        self.book.pick_near_touch(s, &mut self.rng)
    }

    /// A partial cancel (`partial`) or a delete of a live order.
    fn cancel(&mut self, partial: bool) -> Result<(), FeatcError> {
        let Some(slot) = self.pick() else { return self.add(side::BID) };
        let o = *self.book.order(slot);
        if partial && o.size > 1 {
            let by = 1 + self.rng.below((o.size - 1) as u64) as i64;
            self.book.reduce(slot, by);
            let r = Record {
                order_id: o.id,
                price: o.tick as i64,
                size: by,
                kind: kind::CANCEL,
                side: o.side,
                ..Record::default()
            };
            return self.emit(r, true);
        }
        self.book.remove(slot);
        let r = Record {
            order_id: o.id,
            price: o.tick as i64,
            size: o.size,
            kind: kind::DELETE,
            side: o.side,
            ..Record::default()
        };
        self.emit(r, true)
    }

    /// A resize, possibly stepping back from the touch (never towards the other side, so it
    /// cannot cross).
    fn modify(&mut self) -> Result<(), FeatcError> {
        let Some(slot) = self.pick() else { return self.add(side::ASK) };
        let o = *self.book.order(slot);
        let dir: i64 = if o.side == side::BID { 1 } else { -1 };
        let back = self.rng.below(3) as i64;
        let tick = (o.tick as i64 - dir * back).clamp(1, TICKS as i64 - 2) as u32;
        let size = order_size(&mut self.rng);
        self.book.remove(slot);
        self.book.add(o.id, o.side, tick, size);
        let r =
            Record { order_id: o.id, price: tick as i64, size, kind: kind::MODIFY, side: o.side, ..Record::default() };
        self.emit(r, true)
    }
}

/// Writes `<out_dir>/<SYMBOL>/<date>.q`: `events` records between 09:30 and 16:00 New York
/// time on `date`. The same options give the same bytes.
pub fn generate(opts: &SynthOptions) -> Result<SynthSummary, FeatcError> {
    let date = parse_date(&opts.date)?;
    let path = day_log_path(&opts.out_dir, &opts.symbol, &opts.date)?;
    let meta = LogMeta {
        symbol: opts.symbol.clone(),
        venue: "SYNTHETIC".into(),
        date: date.to_string(),
        book_kind: BOOK_L3,
        price_decimals: 2,
        size_decimals: 0,
        snapshot_every_ns: opts.snapshot_every_ns,
    };
    let open = new_york_to_utc_ns(date, (9 * 3600 + 1800) * NS_PER_SEC);
    let close = new_york_to_utc_ns(date, 16 * 3600 * NS_PER_SEC);
    let mut g = Generator {
        rng: Rng::new(opts.seed),
        book: GenBook::new(),
        out: LogWriter::create(&path, &meta)?,
        next_id: 1,
        anchor: START_TICK as i64,
        s: 0.0,
        gap_scale: DAY_FILL / opts.events.max(1) as f64,
        busy: false,
        excited: 0,
        clock: SessionClock::new(open, close - open),
        ts: open,
        records: 0,
        packets: 0,
        trades: 0,
        limit: opts.events,
    };
    while g.records < g.limit {
        g.packet()?;
    }
    let header = g.out.finish()?;
    Ok(SynthSummary {
        path,
        records: g.records,
        packets: g.packets,
        trades: g.trades,
        first_ts: header.first_ts,
        last_ts: header.last_ts,
    })
}
