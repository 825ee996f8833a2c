//! LOBSTER (lobsterdata.com) message files to a `.q` log; the mapping and its reasons are in
//! docs/formats/lobster.md. The columns are those of LOBSTER_SampleFiles_ReadMe.txt: time
//! (seconds after midnight, New York), type, order id, size, price (USD x 10000), direction.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::text::{ByteProgress, DiskMeter, Lines, Progress};
use super::{day_log_path, import_date, ImportSummary};
use crate::book::BookL3;
use crate::error::{code, display_name, FeatcError};
use crate::kernel::{BookView, Side};
use crate::log::{aggressor, flag, kind, side, Existing, LogMeta, LogWriter, Record, BOOK_L3};
use crate::time::{new_york_to_utc_ns, Date, NS_PER_DAY};

pub struct LobsterOptions {
    pub message: PathBuf,
    /// The matching orderbook file: seeds the book that rested before the first message.
    pub orderbook: Option<PathBuf>,
    pub symbol: String,
    /// `YYYY-MM-DD`; taken from the message file's name (`TICKER_YYYY-MM-DD_...`) when absent.
    pub date: Option<String>,
    pub out_dir: PathBuf,
    /// Count and skip malformed lines instead of failing.
    pub lenient: bool,
    /// A book snapshot every this many ns of exchange time (docs/formats/q.md, "Snapshots");
    /// 0: none. `crate::log::DEFAULT_SNAPSHOT_EVERY_NS` is the command line's default.
    pub snapshot_every_ns: i64,
    /// Replace a log that exists instead of failing with `LOG_EXISTS` (docs/formats/q.md,
    /// "Writing").
    pub force: bool,
    /// One packet per message, as before sweeps were grouped: executions sharing a timestamp
    /// and a direction are then several packets (docs/formats/lobster.md, "Packets").
    pub packet_per_message: bool,
}

/// Skip reasons, as reported.
pub const UNKNOWN_OUTSIDE_SEED: &str = "unknown order outside the seeded book";
pub const DUPLICATE_ADD: &str = "add of an order id already resting";
pub const OVERSIZE: &str = "cancel or execution larger than the order";
/// Not a skip: the trade happened, only its resting order is not in our book.
pub const EXECUTION_AS_TRADE: &str = "execution of an order not in the book, kept as a trade print";
pub const MALFORMED: &str = "malformed line";
/// A type 6 line: LOBSTER's aggregate of a cross (opening, closing, other), whose executions
/// are in the file as type 4/5 messages; writing it too would count their volume twice.
pub const CROSS_TRADE: &str = "cross trade (type 6): its executions are the type 4/5 messages";
/// Rounded and merged input, as reported (and recorded in the log's import report).
pub const ROUNDED_TIME: &str = "time with more than 9 decimals, rounded to the nearest ns";
pub const SWEEP_MERGED: &str =
    "execution at the time and direction of the execution before it, in that one's packet (one sweep)";
/// Adjustments, as reported (and recorded in the log's import report).
pub const SEEDED: &str = "synthetic order seeding a level of the book before message 1";
pub const RECONCILED: &str = "synthetic correction of a level to the orderbook file's row";

/// One orderbook row: `(side, price, size)` of each occupied level.
type BookRow = Vec<(u8, i64, i64)>;

/// Synthetic seed orders have the top bit set, so they never collide with LOBSTER ids.
const SEED_ID_BASE: u64 = 1 << 63;
/// LOBSTER's filler price for an unoccupied level.
const EMPTY_LEVEL_PRICE: i64 = 9_999_999_999;

/// The first trading date whose hidden executions (type 5) have a masked direction. LOBSTER
/// builds them from TotalView-ITCH's Trade (Non-Cross) message `P`, of whose Buy/Sell
/// Indicator NASDAQ's TotalView-ITCH 5.0 specification says: "Effective 07/14/2014, this field
/// will always be 'B' regardless of the resting side." LOBSTER writes direction 1 for all of
/// them from that day (docs/formats/lobster.md, "Message types").
pub const HIDDEN_DIRECTION_MASKED_FROM: Date = Date { year: 2014, month: 7, day: 14 };

/// Whether the direction of a hidden execution (type 5) on trading date `date` is masked
/// (always 1, buy) rather than the resting hidden order's side.
pub fn hidden_direction_masked(date: Date) -> bool {
    let d = HIDDEN_DIRECTION_MASKED_FROM;
    (date.year, date.month, date.day) >= (d.year, d.month, d.day)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    /// Nanoseconds after midnight, New York.
    pub ns: i64,
    pub kind: u8,
    /// 0 for a type 6 cross trade, whose (negative) id names the cross, not an order.
    pub order_id: u64,
    pub size: i64,
    pub price: i64,
    /// `side::BID` for direction 1, `side::ASK` for -1, `side::NONE` otherwise.
    pub side: u8,
    /// LOBSTER's message type (1..=7).
    pub message_type: u8,
    /// The time had more than 9 decimals and was rounded to the nearest nanosecond.
    pub rounded: bool,
}

impl Message {
    /// A visible or hidden execution (types 4 and 5): the resting side is `side`, unless the
    /// direction is masked (`hidden_direction_masked`).
    pub fn is_execution(&self) -> bool {
        self.message_type == 4 || self.message_type == 5
    }

    /// A cross trade (type 6): an aggregate of executions that are in the file themselves.
    pub fn is_cross(&self) -> bool {
        self.message_type == 6
    }
}

/// Seconds to nanoseconds, exactly, with integer arithmetic: up to 9 decimals as they are;
/// more (a floating-point export, `43002.632812672004`) rounded to the nearest nanosecond, a
/// half away from zero. Returns the time and whether it was rounded.
fn parse_seconds(s: &str) -> Option<(i64, bool)> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) || whole.len() > 6 {
        return None;
    }
    let mut ns: i64 = whole.parse::<i64>().ok()? * 1_000_000_000;
    let mut scale = 100_000_000;
    for c in frac.bytes().take(9) {
        ns += (c - b'0') as i64 * scale;
        scale /= 10;
    }
    let rounded = frac.len() > 9;
    if rounded && frac.as_bytes()[9] >= b'5' {
        ns += 1;
    }
    (ns < NS_PER_DAY).then_some((ns, rounded))
}

/// One message line, or the reason it is malformed.
pub fn parse_message(line: &str) -> Result<Message, String> {
    let f: Vec<&str> = line.split(',').map(str::trim).collect();
    if f.len() != 6 {
        return Err(format!("expected 6 comma-separated fields, found {}", f.len()));
    }
    let (ns, rounded) = parse_seconds(f[0]).ok_or_else(|| format!("time {:?} is not seconds after midnight", f[0]))?;
    let t: u8 = f[1].parse().map_err(|_| format!("type {:?} is not a number", f[1]))?;
    // A cross trade's id is negative (-1 opening, -2 closing, -3/-4 other crosses) and names
    // no order: any integer is accepted there. Everywhere else an id is an order reference.
    let order_id: u64 = match (f[2].parse::<u64>(), f[2].parse::<i64>()) {
        (Ok(_), _) | (_, Ok(_)) if t == 6 => 0,
        (Ok(id), _) => id,
        (_, Ok(id)) => {
            return Err(format!("order id {id} is negative (only a type 6 cross trade has one), in a type {t} message"))
        }
        _ => return Err(format!("order id {:?} is not a number", f[2])),
    };
    let size: i64 = f[3].parse().map_err(|_| format!("size {:?} is not a number", f[3]))?;
    let price: i64 = f[4].parse().map_err(|_| format!("price {:?} is not a number", f[4]))?;
    let dir: i64 = f[5].parse().map_err(|_| format!("direction {:?} is not a number", f[5]))?;
    let side = match dir {
        1 => side::BID,
        -1 => side::ASK,
        _ => side::NONE,
    };
    let kind = match t {
        1 => kind::ADD,
        2 => kind::CANCEL,
        3 => kind::DELETE,
        4 => kind::EXECUTE,
        5 | 6 => kind::TRADE,
        7 => kind::STATUS,
        _ => return Err(format!("unknown message type {t}")),
    };
    if (1..=5).contains(&t) {
        if side == side::NONE {
            return Err(format!("direction {dir} (must be 1 buy or -1 sell)"));
        }
        if size <= 0 || price <= 0 {
            return Err(format!("type {t} with size {size} and price {price} (both must be > 0)"));
        }
    }
    // Types 6 (cross trade, skipped by the import) and 7 (status) carry no side.
    let side = if t == 6 || t == 7 { side::NONE } else { side };
    Ok(Message { ns, kind, order_id, size, price, side, message_type: t, rounded })
}

/// One orderbook row: `(side, price, size)` of every occupied level.
pub fn parse_book_row(line: &str) -> Result<Vec<(u8, i64, i64)>, String> {
    let nums: Vec<i64> = line
        .split(',')
        .map(|v| v.trim().parse::<i64>().map_err(|_| format!("{v:?} is not a number")))
        .collect::<Result<_, _>>()?;
    if nums.is_empty() || !nums.len().is_multiple_of(4) {
        return Err(format!("expected 4 fields per level, found {}", nums.len()));
    }
    let mut levels = Vec::new();
    for l in nums.chunks_exact(4) {
        for (s, price, size) in [(side::ASK, l[0], l[1]), (side::BID, l[2], l[3])] {
            if size > 0 && price.abs() != EMPTY_LEVEL_PRICE {
                levels.push((s, price, size));
            }
        }
    }
    Ok(levels)
}

/// Our book in the layout of LOBSTER's orderbook rows, into `row`: ask price, ask size, bid
/// price, bid size for each of `levels` levels, an empty level as LOBSTER's filler.
pub fn lobster_row(book: &BookL3, levels: usize, row: &mut Vec<i64>) {
    row.clear();
    for i in 0..levels {
        for (s, filler) in [(Side::Ask, EMPTY_LEVEL_PRICE), (Side::Bid, -EMPTY_LEVEL_PRICE)] {
            if i < book.levels(s) {
                row.extend([book.price_at(s, i), book.size_at(s, i)]);
            } else {
                row.extend([filler, 0]);
            }
        }
    }
}

/// The date in a LOBSTER file name, `TICKER_YYYY-MM-DD_...`.
fn date_from_name(path: &Path) -> Option<Date> {
    path.file_name()?.to_str()?.split('_').find_map(Date::parse)
}

fn opposite_aggressor(resting: u8) -> u8 {
    match resting {
        side::BID => aggressor::SELL,
        side::ASK => aggressor::BUY,
        _ => aggressor::UNKNOWN,
    }
}

struct Importer {
    out: LogWriter,
    date: Date,
    /// `hidden_direction_masked(date)`: type 5 directions say nothing about the resting side.
    hidden_masked: bool,
    /// LOBSTER orders seen added: side, price, remaining size.
    orders: HashMap<u64, (u8, i64, i64)>,
    /// Synthetic orders by (side, price): id and remaining size.
    seeds: HashMap<(u8, i64), (u64, i64)>,
    next_seed: u64,
    /// Visible size by price, per side, of everything written so far.
    bids: BTreeMap<i64, i64>,
    asks: BTreeMap<i64, i64>,
    /// The records of the packet being built; `LAST` goes on the final one.
    pending: Vec<Record>,
    skipped: Vec<(String, u64)>,
    packets: u64,
    seeded_levels: u64,
    reconciled_levels: u64,
    reconciled_inside: u64,
}

impl Importer {
    fn skip(&mut self, reason: &str) {
        match self.skipped.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((reason.to_string(), 1)),
        }
    }

    /// Whether `m` is a hidden execution whose direction is masked (on or after 2014-07-14).
    fn masked(&self, m: &Message) -> bool {
        m.message_type == 5 && self.hidden_masked
    }

    /// The (time, direction) by which execution `m` continues a sweep; `None` for anything that
    /// is not an execution, and for a hidden execution whose direction is masked: its side is
    /// not known, so it is its own packet (docs/formats/lobster.md, "Packets").
    fn sweep_key(&self, m: &Message) -> Option<(i64, u8)> {
        (m.is_execution() && !self.masked(m)).then_some((m.ns, m.side))
    }

    fn side_sizes(&mut self, s: u8) -> &mut BTreeMap<i64, i64> {
        if s == side::BID {
            &mut self.bids
        } else {
            &mut self.asks
        }
    }

    /// Adds `r` to the packet of message `m` (line `line`) and to the visible sizes.
    fn write(&mut self, m: &Message, line: u64, mut r: Record) {
        let ts = new_york_to_utc_ns(self.date, m.ns);
        r.exchange_ts = ts;
        r.ingest_ts = ts;
        r.seq = line;
        let delta = match r.kind {
            kind::ADD => r.size,
            kind::CANCEL | kind::EXECUTE | kind::DELETE => -r.size,
            _ => 0,
        };
        if delta != 0 {
            let sizes = self.side_sizes(r.side);
            let z = sizes.entry(r.price).or_insert(0);
            *z += delta;
            if *z <= 0 {
                sizes.remove(&r.price);
            }
        }
        self.pending.push(r);
    }

    /// Writes the pending packet. LOBSTER gives no packet boundaries: each message is its own
    /// packet, with the importer's synthetic corrections for that message inside it, except
    /// that the executions of one sweep share one (docs/formats/lobster.md, "Packets").
    fn flush_packet(&mut self) -> Result<(), FeatcError> {
        let n = self.pending.len();
        for (k, r) in self.pending.iter_mut().enumerate() {
            if k + 1 == n {
                r.flags |= flag::LAST;
            }
        }
        for r in &self.pending {
            self.out.push(r)?;
        }
        self.packets += (n > 0) as u64;
        self.pending.clear();
        Ok(())
    }

    /// Moves the synthetic order at (side, price) by `delta` (creating or removing it).
    /// Returns false when it would have to shrink below zero.
    fn adjust_seed(&mut self, m: &Message, line: u64, s: u8, price: i64, delta: i64) -> bool {
        let snapshot = |k, id, size| Record {
            kind: k,
            order_id: id,
            price,
            size,
            side: s,
            flags: flag::SNAPSHOT,
            ..Record::default()
        };
        match self.seeds.get(&(s, price)).copied() {
            None if delta > 0 => {
                self.next_seed += 1;
                let id = SEED_ID_BASE | self.next_seed;
                self.seeds.insert((s, price), (id, delta));
                self.write(m, line, snapshot(kind::ADD, id, delta));
            }
            Some((id, remaining)) if delta > 0 => {
                // A MODIFY keeps one synthetic order per price.
                self.seeds.insert((s, price), (id, remaining + delta));
                let sizes = self.side_sizes(s);
                *sizes.entry(price).or_insert(0) += delta;
                self.write(m, line, snapshot(kind::MODIFY, id, remaining + delta));
            }
            Some((id, remaining)) if remaining >= -delta => {
                if remaining == -delta {
                    self.seeds.remove(&(s, price));
                } else {
                    self.seeds.insert((s, price), (id, remaining + delta));
                }
                self.write(m, line, snapshot(kind::CANCEL, id, -delta));
            }
            Some((id, remaining)) => {
                // The synthetic order is not enough: the rest comes off real orders the row
                // proves gone (they left the window and were removed while out of view).
                self.seeds.remove(&(s, price));
                self.write(m, line, snapshot(kind::CANCEL, id, remaining));
                return self.shrink_real(m, line, s, price, -delta - remaining);
            }
            None => return self.shrink_real(m, line, s, price, -delta),
        }
        true
    }

    /// Takes `amount` off the LOBSTER orders resting at (side, price), as SNAPSHOT records.
    /// A scan of the order map: it only runs for the rare level that has to shrink.
    fn shrink_real(&mut self, m: &Message, line: u64, s: u8, price: i64, mut amount: i64) -> bool {
        let mut here: Vec<(u64, i64)> =
            self.orders.iter().filter(|(_, o)| o.0 == s && o.1 == price).map(|(&id, o)| (id, o.2)).collect();
        // Deterministic order (the map's is not): newest ids first.
        here.sort_unstable_by_key(|&(id, _)| std::cmp::Reverse(id));
        for (id, size) in here {
            if amount <= 0 {
                break;
            }
            let take = size.min(amount);
            amount -= take;
            let k = if take == size { kind::DELETE } else { kind::CANCEL };
            if take == size {
                self.orders.remove(&id);
            } else if let Some(o) = self.orders.get_mut(&id) {
                o.2 -= take;
            }
            let r = Record {
                kind: k,
                order_id: id,
                price,
                size: take,
                side: s,
                flags: flag::SNAPSHOT,
                ..Record::default()
            };
            self.write(m, line, r);
        }
        amount == 0
    }

    /// Writes the book before message 1: one synthetic order per visible level.
    fn seed(&mut self, first: &Message, levels: &[(u8, i64, i64)]) -> Result<(), FeatcError> {
        let mut book: BTreeMap<(u8, i64), i64> = levels.iter().map(|&(s, p, z)| ((s, p), z)).collect();
        // The row shows the book after message 1: undo that message's effect.
        let undo = match first.kind {
            kind::ADD => -first.size,
            kind::CANCEL | kind::DELETE | kind::EXECUTE => first.size,
            _ => 0,
        };
        if undo != 0 {
            *book.entry((first.side, first.price)).or_insert(0) += undo;
        }
        for ((s, price), size) in book.into_iter().filter(|&(_, z)| z > 0) {
            self.adjust_seed(first, 0, s, price, size);
            self.seeded_levels += 1;
        }
        self.flush_packet()
    }

    /// Brings the visible levels in line with LOBSTER's row for this message. The 10-level
    /// message file only holds messages inside the 10 visible levels (LOBSTER's README:
    /// "in the requested price range"), so a level deeper than the 10th that moves into view
    /// arrives with no message: it becomes a synthetic order here.
    fn reconcile(&mut self, m: &Message, line: u64, row: &[(u8, i64, i64)], depth: usize) {
        for s in [side::ASK, side::BID] {
            let shown: Vec<(i64, i64)> = row.iter().filter(|l| l.0 == s).map(|l| (l.1, l.2)).collect();
            // Prices no deeper than this are in view; a short side is in view entirely.
            let deepest = if shown.len() >= depth { shown.last().map(|l| l.0) } else { None };
            let in_view = |p: i64| match deepest {
                None => true,
                Some(d) => {
                    if s == side::ASK {
                        p <= d
                    } else {
                        p >= d
                    }
                }
            };
            let ours: Vec<(i64, i64)> =
                self.side_sizes(s).iter().map(|(&p, &z)| (p, z)).filter(|&(p, _)| in_view(p)).collect();
            for (k, &(price, want)) in shown.iter().enumerate() {
                let have = ours.iter().find(|l| l.0 == price).map_or(0, |l| l.1);
                if have != want && self.adjust_seed(m, line, s, price, want - have) {
                    self.reconciled_levels += 1;
                    self.reconciled_inside += (k + 1 < shown.len() || deepest.is_none()) as u64;
                }
            }
            for &(price, have) in &ours {
                if !shown.iter().any(|l| l.0 == price) && self.adjust_seed(m, line, s, price, -have) {
                    self.reconciled_levels += 1;
                    self.reconciled_inside += 1;
                }
            }
        }
    }

    fn message(&mut self, m: &Message, line: u64) {
        match m.kind {
            kind::ADD => {
                if self.orders.contains_key(&m.order_id) {
                    self.skip(DUPLICATE_ADD);
                    return;
                }
                self.orders.insert(m.order_id, (m.side, m.price, m.size));
                let r = Record {
                    kind: kind::ADD,
                    order_id: m.order_id,
                    price: m.price,
                    size: m.size,
                    side: m.side,
                    ..Record::default()
                };
                self.write(m, line, r)
            }
            kind::CANCEL | kind::DELETE | kind::EXECUTE => self.reduce(m, line),
            kind::TRADE => {
                // Type 5. From 2014-07-14 its direction is always 1 whatever the resting side
                // (`hidden_direction_masked`): aggressor and side unknown.
                let (side, aggressor) = if self.masked(m) {
                    (side::NONE, aggressor::UNKNOWN)
                } else {
                    (m.side, opposite_aggressor(m.side))
                };
                let r =
                    Record { kind: kind::TRADE, price: m.price, size: m.size, side, aggressor, ..Record::default() };
                self.write(m, line, r)
            }
            // Type 7: the price column holds the status (-1 halt, 0 quoting, 1 resume).
            _ => self.write(m, line, Record { kind: kind::STATUS, aux: m.price, ..Record::default() }),
        }
    }

    fn reduce(&mut self, m: &Message, line: u64) {
        let aggressor = if m.kind == kind::EXECUTE { opposite_aggressor(m.side) } else { 0 };
        if let Some(&(side, price, remaining)) = self.orders.get(&m.order_id) {
            if m.kind == kind::DELETE {
                self.orders.remove(&m.order_id);
                let r = Record {
                    kind: kind::DELETE,
                    order_id: m.order_id,
                    price,
                    size: remaining,
                    side,
                    ..Record::default()
                };
                return self.write(m, line, r);
            }
            if m.size > remaining {
                if m.kind == kind::EXECUTE {
                    return self.execution_as_trade(m, line, aggressor);
                }
                self.skip(OVERSIZE);
                return;
            }
            if m.size == remaining {
                self.orders.remove(&m.order_id);
            } else if let Some(o) = self.orders.get_mut(&m.order_id) {
                o.2 -= m.size;
            }
            let r = Record {
                kind: m.kind,
                order_id: m.order_id,
                price,
                size: m.size,
                side,
                aggressor,
                ..Record::default()
            };
            return self.write(m, line, r);
        }
        // An order that rested before the first message, or came into view without one:
        // take it from the synthetic order at its price, which stands for all such orders.
        let key = (m.side, m.price);
        match self.seeds.get(&key).copied() {
            Some((id, remaining)) if remaining >= m.size => {
                if remaining == m.size {
                    self.seeds.remove(&key);
                } else {
                    self.seeds.insert(key, (id, remaining - m.size));
                }
                let k = if m.kind == kind::EXECUTE { kind::EXECUTE } else { kind::CANCEL };
                let r = Record {
                    kind: k,
                    order_id: id,
                    price: m.price,
                    size: m.size,
                    side: m.side,
                    aggressor,
                    ..Record::default()
                };
                self.write(m, line, r)
            }
            _ if m.kind == kind::EXECUTE => self.execution_as_trade(m, line, aggressor),
            _ => self.skip(UNKNOWN_OUTSIDE_SEED),
        }
    }

    /// An execution whose resting order we cannot place still is a trade: write it as a
    /// TRADE print (no book effect) so trade features see it; the row reconciliation that
    /// follows brings the book's levels in line with LOBSTER's.
    fn execution_as_trade(&mut self, m: &Message, line: u64, aggressor: u8) {
        self.skip(EXECUTION_AS_TRADE);
        let r =
            Record { kind: kind::TRADE, price: m.price, size: m.size, side: m.side, aggressor, ..Record::default() };
        self.write(m, line, r)
    }
}

/// The counts an import writes to the log's import report (docs/formats/q.md, "Import
/// report"): every count of `sections` as `<section>: <reason>`.
fn report_counts(sections: &[(&str, &[(String, u64)])]) -> Vec<(String, u64)> {
    sections
        .iter()
        .flat_map(|(section, counts)| counts.iter().map(move |(r, n)| (format!("{section}: {r}"), *n)))
        .collect()
}

/// The counts that are not zero, as owned pairs.
fn nonzero(counts: &[(&str, u64)]) -> Vec<(String, u64)> {
    counts.iter().filter(|(_, n)| *n > 0).map(|(r, n)| (r.to_string(), *n)).collect()
}

fn bad_line(file: &str, line: u64, reason: &str) -> FeatcError {
    FeatcError::new(code::LOBSTER_BAD_LINE, format!("{file}:{line}: {reason}"))
}

/// Imports one LOBSTER message file into `<out_dir>/<SYMBOL>/<date>.q`.
pub fn import(opts: &LobsterOptions) -> Result<ImportSummary, FeatcError> {
    import_with_progress(opts, &mut |_, _| {})
}

/// `import`, telling `progress` the bytes of the message and orderbook files on disk read so
/// far and their total, about every megabyte and once at the end.
pub fn import_with_progress(opts: &LobsterOptions, progress: Progress) -> Result<ImportSummary, FeatcError> {
    let date = import_date(opts.date.as_deref(), date_from_name(&opts.message), || {
        FeatcError::new(
            code::LOBSTER_BAD_NAME,
            format!(
                "{}: no YYYY-MM-DD in the file name (TICKER_YYYY-MM-DD_...); give the date",
                display_name(&opts.message)
            ),
        )
    })?;
    let path = day_log_path(&opts.out_dir, &opts.symbol, &date)?;
    let meta = LogMeta {
        symbol: opts.symbol.clone(),
        venue: "XNAS".into(),
        date: date.to_string(),
        book_kind: BOOK_L3,
        price_decimals: 4,
        size_decimals: 0,
        snapshot_every_ns: opts.snapshot_every_ns,
    };
    let mut messages = Lines::open(&opts.message)?;
    let mut book_rows = match &opts.orderbook {
        Some(p) => Some(Lines::open(p)?),
        None => None,
    };
    let total = messages.file_len + book_rows.as_ref().map_or(0, |r| r.file_len);
    let mut progress = ByteProgress::new(progress, total);
    let message_meter = messages.disk_meter();
    let book_meter = book_rows.as_ref().map(Lines::disk_meter);
    let mut imp = Importer {
        out: LogWriter::create_with(&path, &meta, Existing::from_force(opts.force))?,
        date,
        hidden_masked: hidden_direction_masked(date),
        orders: HashMap::new(),
        seeds: HashMap::new(),
        next_seed: 0,
        bids: BTreeMap::new(),
        asks: BTreeMap::new(),
        pending: Vec::new(),
        skipped: Vec::new(),
        packets: 0,
        seeded_levels: 0,
        reconciled_levels: 0,
        reconciled_inside: 0,
    };
    let mut last_ns = i64::MIN;
    let mut seeded = false;
    // The (time, direction) of the execution whose packet is open: a sweep continues it.
    let mut sweep: Option<(i64, u8)> = None;
    let (mut rounded, mut merged) = (0u64, 0u64);
    let file = messages.name.clone();
    while let Some((line, text)) = messages.next_line()? {
        progress.at(message_meter.done() + book_meter.as_ref().map_or(0, DiskMeter::done));
        // A blank line is a line like any other: line k of the orderbook file is the book after
        // line k of the message file, so skipping it alone would pair every later message with
        // the wrong row (docs/formats/lobster.md, "Errors").
        let parsed = match text {
            Err(reason) => Err(reason),
            Ok(text) if text.trim().is_empty() => Err("blank line, where a message was expected (the orderbook file's rows pair with the message file's lines by number)".to_string()),
            Ok(text) => parse_message(text).and_then(|m| {
                if m.ns < last_ns {
                    Err(format!("time goes back from {last_ns} ns to {} ns after midnight", m.ns))
                } else {
                    Ok(m)
                }
            }),
        };
        let m = match parsed {
            Ok(m) => m,
            Err(reason) => {
                if !opts.lenient {
                    return Err(bad_line(&file, line, &reason));
                }
                imp.skip(MALFORMED);
                // Its orderbook row is skipped with it, to stay paired.
                if let Some(rows) = book_rows.as_mut() {
                    rows.next_line()?;
                }
                continue;
            }
        };
        last_ns = m.ns;
        rounded += m.rounded as u64;
        if m.is_cross() {
            // Its executions are the type 4/5 messages, which already moved the book and are
            // the trades; its orderbook row repeats the one before. Nothing is written and the
            // open packet stays open: the log is that of the file without the line.
            imp.skip(CROSS_TRADE);
            if let Some(rows) = book_rows.as_mut() {
                book_row(rows, line)?;
            }
            continue;
        }
        // One aggressive order sweeping the book: executions at one time and direction are
        // one packet (docs/formats/lobster.md, "Packets"). Anything else ends the open one.
        let key = imp.sweep_key(&m).filter(|_| !opts.packet_per_message);
        let continues = key.is_some() && sweep == key;
        if continues {
            merged += 1;
        } else {
            imp.flush_packet()?;
        }
        sweep = key;
        let row = match book_rows.as_mut() {
            Some(rows) => Some(book_row(rows, line)?),
            None => None,
        };
        if let (Some((levels, _)), false) = (&row, seeded) {
            imp.seed(&m, levels)?;
            seeded = true;
        }
        imp.message(&m, line);
        if let Some((levels, depth)) = &row {
            imp.reconcile(&m, line, levels, *depth);
        }
        if sweep.is_none() {
            imp.flush_packet()?;
        }
    }
    imp.flush_packet()?;
    let adjusted = nonzero(&[(SEEDED, imp.seeded_levels), (RECONCILED, imp.reconciled_levels)]);
    let log_counts = report_counts(&[
        ("skipped", &imp.skipped),
        ("adjusted", &adjusted),
        ("rounded", &nonzero(&[(ROUNDED_TIME, rounded)])),
        ("merged", &nonzero(&[(SWEEP_MERGED, merged)])),
    ]);
    imp.out.set_import_report(&log_counts);
    let header = imp.out.finish()?;
    progress.end();
    Ok(ImportSummary {
        path,
        records: header.record_count,
        packets: imp.packets,
        skipped_by_reason: imp.skipped,
        adjusted,
        rounded_times: rounded,
        sweep_messages_merged: merged,
        log_counts,
        first_ts: header.first_ts,
        last_ts: header.last_ts,
        seeded_levels: imp.seeded_levels,
        reconciled_levels: imp.reconciled_levels,
        reconciled_inside: imp.reconciled_inside,
    })
}

/// The orderbook row paired with message line `line`, and its depth (levels per side).
fn book_row(rows: &mut Lines, line: u64) -> Result<(BookRow, usize), FeatcError> {
    let name = rows.name.clone();
    match rows.next_line()? {
        Some((n, text)) => {
            let text = text.map_err(|reason| bad_line(&name, n, &reason))?;
            let depth = text.split(',').count() / 4;
            let levels = parse_book_row(text).map_err(|reason| bad_line(&name, n, &reason))?;
            Ok((levels, depth))
        }
        None => Err(bad_line(&name, line, &format!("the orderbook file ends before message line {line}"))),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::log::LogReader;

    const SAMPLE: &str = "../../examples/data/lobster/GOOG_2012-06-21_34200000_57600000";
    /// Lines of the bundled sample the tests use (both files, so they stay paired).
    const LINES: usize = 20_000;

    /// The first `LINES` lines of the bundled GOOG sample's `which` file, a blank line inserted
    /// before line `blank_at` when given, written under `dir`.
    fn sample_copy(dir: &Path, which: &str, blank_at: Option<usize>) -> PathBuf {
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("{SAMPLE}_{which}_10.csv.gz"));
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(source).unwrap()).read_to_string(&mut text).unwrap();
        let mut lines: Vec<&str> = text.lines().take(LINES).collect();
        if let Some(at) = blank_at {
            lines.insert(at - 1, "");
        }
        let name = format!("GOOG_2012-06-21_34200000_57600000_{which}_10.csv");
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    }

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("featc-lobster-unit-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn options(message: PathBuf, orderbook: PathBuf, out_dir: PathBuf, lenient: bool) -> LobsterOptions {
        LobsterOptions {
            message,
            orderbook: Some(orderbook),
            symbol: "GOOG".into(),
            date: None,
            out_dir,
            lenient,
            snapshot_every_ns: 0,
            force: false,
            packet_per_message: false,
        }
    }

    fn records(path: &Path) -> Vec<Record> {
        let log = LogReader::open(path).unwrap();
        (0..log.len()).map(|i| log.record(i)).collect()
    }

    #[test]
    fn a_blank_message_line_is_a_bad_line() {
        let dir = scratch("strict");
        let message = sample_copy(&dir, "message", Some(1000));
        let orderbook = sample_copy(&dir, "orderbook", None);
        let e = import(&options(message, orderbook, dir.join("q"), false)).unwrap_err();
        assert_eq!(e.code, code::LOBSTER_BAD_LINE);
        assert!(
            e.message.starts_with("GOOG_2012-06-21_34200000_57600000_message_10.csv:1000: blank line"),
            "{}",
            e.message
        );
        assert!(!dir.join("q/GOOG/2012-06-21.q").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn lenient_skips_a_blank_line_with_its_orderbook_row() {
        let dir = scratch("lenient");
        let plain = import(&options(
            sample_copy(&dir, "message", None),
            sample_copy(&dir, "orderbook", None),
            dir.join("plain"),
            false,
        ))
        .unwrap();
        // Line 1000 is blank in both files: the message and its row are skipped together, and
        // every later message keeps its own row, so the log is the same but for the line
        // numbers (`seq`) after the blank.
        let blank = import(&options(
            sample_copy(&dir, "message", Some(1000)),
            sample_copy(&dir, "orderbook", Some(1000)),
            dir.join("blank"),
            true,
        ))
        .unwrap();
        assert_eq!(blank.skipped_by_reason.iter().find(|(r, _)| r == MALFORMED).map(|(_, n)| *n), Some(1));
        assert_eq!(blank.reconciled_levels, plain.reconciled_levels);
        let (a, b) = (records(&plain.path), records(&blank.path));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(y.seq, if x.seq >= 1000 { x.seq + 1 } else { x.seq });
            assert_eq!(Record { seq: 0, ..*x }, Record { seq: 0, ..*y });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
