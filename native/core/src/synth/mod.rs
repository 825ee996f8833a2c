//! Synthetic L3 days: a seeded, deterministic order flow around a drifting price, valid under
//! `BookL3` by construction, one file per day of one continuous market. The model is
//! described in docs/formats/synthetic.md.

mod clock;
mod orders;
mod rng;

use std::path::PathBuf;

use crate::book::sort_canonical;
use crate::error::{code, FeatcError};
use crate::import::{day_log_path, parse_date};
use crate::log::{aggressor, flag, kind, side, Existing, LogMeta, LogWriter, Record, BOOK_L3};
use crate::time::{new_york_to_utc_ns, Date, NS_PER_DAY, NS_PER_SEC};
use clock::SessionClock;
use orders::{GenBook, TICKS};
pub use rng::Rng;

/// When a day's events happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Session {
    /// 09:30 to 16:00 New York time, busier after the open and into the close.
    Equity,
    /// 00:00 to 24:00 UTC at an even pace, as on a crypto venue.
    Continuous,
}

impl std::str::FromStr for Session {
    type Err = FeatcError;
    fn from_str(s: &str) -> Result<Session, FeatcError> {
        match s {
            "equity" => Ok(Session::Equity),
            "continuous" => Ok(Session::Continuous),
            _ => Err(FeatcError::new(code::BAD_ARGUMENT, format!("session {s:?} is not equity or continuous"))),
        }
    }
}

pub struct SynthOptions {
    pub symbol: String,
    /// Market events (records of the order flow) to write per day; each fill of a sweep is
    /// one. A day after the first also opens with the packet that restates its book.
    pub events: u64,
    pub seed: u64,
    /// The first day, `YYYY-MM-DD`.
    pub date: String,
    /// Consecutive calendar days from `date`, one file each, of one continuous market.
    pub days: u32,
    pub session: Session,
    pub out_dir: PathBuf,
    /// The logs' book snapshot interval (`LogMeta::snapshot_every_ns`); 0: none.
    pub snapshot_every_ns: i64,
    /// The resting book's size; the default is the model's own (about 4,000 orders, built
    /// up by the flow from an empty book).
    pub book: BookShape,
}

/// The size of the resting book a day keeps (docs/formats/synthetic.md, "Book size"), for
/// days where the book's memory, not the arithmetic, decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BookShape {
    /// The resting orders the flow keeps the book near (the model's target, 4,000 without
    /// it); with it, the first day opens with that many orders resting.
    pub orders: Option<u64>,
    /// The price levels behind each side's best that the opening book, and one add in ten,
    /// spread over (without it, adds trail the best as the model says and an opening book
    /// spreads over 40 levels a side).
    pub levels: Option<u32>,
}

/// The most orders an opening book may hold: its packet is written in one go (64 bytes a record).
pub const MAX_BOOK_ORDERS: u64 = 100_000_000;
/// The most levels a side may spread over: the generator's ladder holds every tick.
pub const MAX_BOOK_LEVELS: u32 = 1_000_000;

/// One day's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthDay {
    pub path: PathBuf,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Records in the file: the day's events, and on a later day its opening packet.
    pub records: u64,
    pub packets: u64,
    /// EXECUTE and TRADE records.
    pub trades: u64,
    pub first_ts: i64,
    pub last_ts: i64,
}

/// What `generate` wrote: the first file's path and times, the totals over all days, and
/// each day's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthSummary {
    pub path: PathBuf,
    pub records: u64,
    pub packets: u64,
    pub trades: u64,
    /// The first record's exchange time (first day).
    pub first_ts: i64,
    /// The last record's exchange time (last day).
    pub last_ts: i64,
    pub days: Vec<SynthDay>,
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
/// With `BookShape::levels`, the share of adds that trail their best by a uniform number of
/// ticks within the levels: as many as the picks that are uniform over all resting orders
/// (`pick`), so the deep book neither drains nor piles up.
const P_DEEP_ADD: f64 = 0.1;
/// The levels a side of an opening book spreads over without `BookShape::levels`.
const OPENING_LEVELS: u32 = 40;
/// Ticks kept free beyond the deepest level and the fair price's walk.
const TICK_MARGIN: u32 = 1_000;

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

/// One day's output and counts.
struct DayOut {
    out: LogWriter,
    /// Records written to the file (the `seq` of the next one).
    written: u64,
    /// Records of the flow: `events` counts these.
    records: u64,
    packets: u64,
    trades: u64,
    /// The opening packet restating the carried book, written just before the day's first
    /// event with its times (empty on the first day).
    carry: Vec<Record>,
}

impl DayOut {
    fn new(out: LogWriter, carry: Vec<Record>) -> DayOut {
        DayOut { out, written: 0, records: 0, packets: 0, trades: 0, carry }
    }
}

struct Generator {
    rng: Rng,
    book: GenBook,
    day: DayOut,
    next_id: u64,
    /// The latent fair price in ticks; the mid follows it.
    anchor: i64,
    s: f64,
    gap_scale: f64,
    busy: bool,
    excited: u32,
    clock: SessionClock,
    ts: i64,
    limit: u64,
    /// The resting orders the deletes keep the book near.
    target_orders: f64,
    /// `BookShape::levels`, 0 without it.
    levels: u32,
}

impl Generator {
    fn emit(&mut self, mut r: Record, last: bool) -> Result<(), FeatcError> {
        r.exchange_ts = self.ts;
        // A feed handler's latency, 20 to 80 microseconds.
        r.ingest_ts = self.ts + 20_000 + self.rng.below(60_000) as i64;
        if !self.day.carry.is_empty() {
            self.restate_book(r.exchange_ts, r.ingest_ts)?;
        }
        let day = &mut self.day;
        r.seq = day.written;
        r.flags = if last { flag::LAST } else { 0 };
        day.out.push(&r)?;
        day.written += 1;
        day.records += 1;
        if last {
            day.packets += 1;
        }
        if r.kind == kind::EXECUTE || r.kind == kind::TRADE {
            day.trades += 1;
        }
        Ok(())
    }

    /// Writes the day's opening packet, stamped with the times of its first event (as the
    /// Binance importer opens a day: native/import/src/binance/daily.rs).
    fn restate_book(&mut self, exchange_ts: i64, ingest_ts: i64) -> Result<(), FeatcError> {
        let day = &mut self.day;
        for mut r in std::mem::take(&mut day.carry) {
            r.exchange_ts = exchange_ts;
            r.ingest_ts = ingest_ts;
            r.seq = day.written;
            day.out.push(&r)?;
            day.written += 1;
        }
        day.packets += 1;
        Ok(())
    }

    /// CLEAR, then the canonical snapshot of the book (docs/formats/q.md, "Snapshots"), all
    /// flagged SNAPSHOT, the last also LAST: the packet that opens a later day's file.
    fn carry_packet(&self) -> Vec<Record> {
        let mut out = Vec::with_capacity(1 + self.book.live() as usize);
        out.push(Record { kind: kind::CLEAR, flags: flag::SNAPSHOT, ..Record::default() });
        out.extend(self.book.resting().map(|o| Record {
            order_id: o.id,
            price: o.tick as i64,
            size: o.size,
            kind: kind::ADD,
            side: o.side,
            flags: flag::SNAPSHOT,
            ..Record::default()
        }));
        sort_canonical(&mut out[1..]);
        if let Some(last) = out.last_mut() {
            last.flags |= flag::LAST;
        }
        out
    }

    /// Rests `orders` orders before the first event, alternately bids and asks, each a uniform
    /// number of ticks (0 for the first of a side) within `levels` behind its side's best at the
    /// fair price, and has the day open with the packet that restates them.
    fn open_book(&mut self, orders: u64, levels: u32) {
        for k in 0..orders {
            let (s, dir) = if k % 2 == 0 { (side::BID, 1) } else { (side::ASK, -1) };
            let back = if k < 2 { 0 } else { self.rng.below(levels as u64) as i64 };
            let tick = (self.anchor - dir - dir * back).clamp(1, self.book.ticks() as i64 - 2) as u32;
            let size = order_size(&mut self.rng);
            self.book.add(self.next_id, s, tick, size);
            self.next_id += 1;
        }
        self.day.carry = self.carry_packet();
    }

    /// Moves the market to a new session: the clock restarts at its open; the book, the
    /// fair price, the regime and the random stream go on.
    fn start_session(&mut self, clock: SessionClock, open: i64) {
        self.clock = clock;
        self.s = 0.0;
        self.ts = open;
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
            let top = self.book.ticks() as i64 - TICK_MARGIN as i64;
            self.anchor = (self.anchor + if self.rng.chance(0.5) { 1 } else { -1 }).clamp(TICK_MARGIN as i64, top);
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
        let load = self.book.live() as f64 / self.target_orders;
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
        let trail = if self.levels > 0 && self.rng.chance(P_DEEP_ADD) {
            self.rng.below(self.levels as u64) as i64
        } else {
            self.rng.geometric(0.35, 40) as i64
        };
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
        let tick = tick.clamp(1, self.book.ticks() as i64 - 2) as u32;
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
        let room = self.limit - self.day.records;
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
        let tick = (o.tick as i64 - dir * back).clamp(1, self.book.ticks() as i64 - 2) as u32;
        let size = order_size(&mut self.rng);
        self.book.remove(slot);
        self.book.add(o.id, o.side, tick, size);
        let r =
            Record { order_id: o.id, price: tick as i64, size, kind: kind::MODIFY, side: o.side, ..Record::default() };
        self.emit(r, true)
    }
}

/// The session of `date`: its clock and its open.
fn session_clock(session: Session, date: Date) -> (SessionClock, i64) {
    match session {
        Session::Equity => {
            let open = new_york_to_utc_ns(date, (9 * 3600 + 1800) * NS_PER_SEC);
            let close = new_york_to_utc_ns(date, 16 * 3600 * NS_PER_SEC);
            (SessionClock::new(open, close - open), open)
        }
        Session::Continuous => {
            let midnight = date.days_since_epoch() * NS_PER_DAY;
            (SessionClock::flat(midnight, NS_PER_DAY), midnight)
        }
    }
}

/// Writes `<out_dir>/<SYMBOL>/<date>.q` for each of `days` days from `date`: `events` records
/// of flow per day within the session, one market carried from day to day (each later file
/// opens with a packet restating the book). The same options give the same bytes. On an
/// error no file is left, the days already sealed included.
pub fn generate(opts: &SynthOptions) -> Result<SynthSummary, FeatcError> {
    generate_with(opts, Existing::Refuse)
}

/// `generate`, with `existing` deciding about a day's log that exists (`featc gen --force`:
/// replace; else `LOG_EXISTS` before that day is written).
pub fn generate_with(opts: &SynthOptions, existing: Existing) -> Result<SynthSummary, FeatcError> {
    let mut done: Vec<SynthDay> = Vec::new();
    let result = generate_days(opts, existing, &mut done);
    if result.is_err() {
        for d in &done {
            let _ = std::fs::remove_file(&d.path);
        }
    }
    result?;
    let first = &done[0];
    Ok(SynthSummary {
        path: first.path.clone(),
        records: done.iter().map(|d| d.records).sum(),
        packets: done.iter().map(|d| d.packets).sum(),
        trades: done.iter().map(|d| d.trades).sum(),
        first_ts: first.first_ts,
        last_ts: done[done.len() - 1].last_ts,
        days: done,
    })
}

fn generate_days(opts: &SynthOptions, existing: Existing, done: &mut Vec<SynthDay>) -> Result<(), FeatcError> {
    if opts.days == 0 {
        return Err(FeatcError::new(code::BAD_ARGUMENT, "days must be at least 1"));
    }
    if let Some(n) = opts.book.orders.filter(|n| !(1..=MAX_BOOK_ORDERS).contains(n)) {
        return Err(FeatcError::new(
            code::BAD_ARGUMENT,
            format!("orders must be from 1 to {MAX_BOOK_ORDERS}, got {n}"),
        ));
    }
    if let Some(n) = opts.book.levels.filter(|n| !(1..=MAX_BOOK_LEVELS).contains(n)) {
        return Err(FeatcError::new(
            code::BAD_ARGUMENT,
            format!("levels must be from 1 to {MAX_BOOK_LEVELS}, got {n}"),
        ));
    }
    // A deeper book moves the fair price up and lengthens the ladder, so every side's levels fit.
    let levels = opts.book.levels.unwrap_or(0);
    let start_tick = START_TICK.max(levels + TICK_MARGIN);
    let ticks = if levels > 0 { TICKS.max(start_tick + levels + TICK_MARGIN) } else { TICKS };
    let create = |date: Date| -> Result<(LogWriter, PathBuf), FeatcError> {
        let path = day_log_path(&opts.out_dir, &opts.symbol, &date)?;
        let meta = LogMeta {
            symbol: opts.symbol.clone(),
            venue: "SYNTHETIC".into(),
            date: date.to_string(),
            book_kind: BOOK_L3,
            price_decimals: 2,
            size_decimals: 0,
            snapshot_every_ns: opts.snapshot_every_ns,
        };
        Ok((LogWriter::create_with(&path, &meta, existing)?, path))
    };
    let mut date = parse_date(&opts.date)?;
    let (out, mut path) = create(date)?;
    let (clock, open) = session_clock(opts.session, date);
    let mut g = Generator {
        rng: Rng::new(opts.seed),
        book: GenBook::new(ticks),
        day: DayOut::new(out, Vec::new()),
        next_id: 1,
        anchor: start_tick as i64,
        s: 0.0,
        gap_scale: DAY_FILL / opts.events.max(1) as f64,
        busy: false,
        excited: 0,
        clock,
        ts: open,
        limit: opts.events,
        target_orders: opts.book.orders.map_or(TARGET_ORDERS, |n| n as f64),
        levels,
    };
    if let Some(orders) = opts.book.orders {
        g.open_book(orders, opts.book.levels.unwrap_or(OPENING_LEVELS));
    }
    for k in 0..opts.days {
        if k > 0 {
            let next_date = date.next_day();
            let (out, next_path) = create(next_date)?;
            let carry = g.carry_packet();
            let finished = std::mem::replace(&mut g.day, DayOut::new(out, carry));
            done.push(seal(finished, path, date)?);
            (date, path) = (next_date, next_path);
            let (clock, open) = session_clock(opts.session, date);
            g.start_session(clock, open);
        }
        while g.day.records < g.limit {
            g.packet()?;
        }
    }
    done.push(seal(g.day, path, date)?);
    Ok(())
}

fn seal(day: DayOut, path: PathBuf, date: Date) -> Result<SynthDay, FeatcError> {
    let header = day.out.finish()?;
    Ok(SynthDay {
        path,
        date: date.to_string(),
        records: header.record_count,
        packets: day.packets,
        trades: day.trades,
        first_ts: header.first_ts,
        last_ts: header.last_ts,
    })
}
