//! NASDAQ TotalView-ITCH 5.0 to `.q` L3 logs, one per stock (docs/formats/itch.md).
//! Input: 2-byte big-endian length-prefixed messages (NASDAQ's files), or the same with a zero
//! prefix (the RITCH sample: the length then comes from the type), plain or gzip.

pub mod messages;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use featc_core::error::FeatcError;
use featc_core::import::import_date;
use featc_core::import::text::Progress;
use featc_core::log::{aggressor, kind, side, LogMeta, Record, BOOK_L3};
use featc_core::time::{new_york_to_utc_ns, Date, NS_PER_DAY};

use self::messages::{decode, locate, message_len, timestamp, Message};
use crate::counts::Tally;
use crate::input::{code, ByteInput};
use crate::outputs::OutputSet;
use crate::report::ImportReport;

/// ITCH prices are `Price(4)`: 4 implied decimals.
pub const PRICE_DECIMALS: u8 = 4;

pub struct ItchOptions {
    pub input: PathBuf,
    pub out_dir: PathBuf,
    /// `YYYY-MM-DD`; from the file name when absent (`YYYYMMDD` or NASDAQ's `MMDDYYYY`).
    pub date: Option<String>,
    /// Import only this stock.
    pub symbol: Option<String>,
    pub lenient: bool,
    /// A book snapshot every this many ns of exchange time (docs/formats/q.md, "Snapshots");
    /// 0: none. `featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS` is the command line's default.
    pub snapshot_every_ns: i64,
    /// Replace logs that exist instead of failing with `LOG_EXISTS` (docs/formats/q.md, "Writing").
    pub force: bool,
}

pub const SYSTEM: &str = "system event: no stock to write it to";
pub const DIRECTORY: &str = "stock directory: names the stock of a locate, no record";
pub const ADMINISTRATIVE: &str = "administrative message with no book or trade effect";
pub const OTHER_MARKET_HALT: &str = "operational halt on BX or PSX, not the Nasdaq book";
pub const BROKEN: &str = "broken trade: a .q log cannot retract a trade";
pub const UNKNOWN_ORDER: &str = "execution, cancel, delete or replace of an order not in the book";
pub const DUPLICATE_ADD: &str = "add of an order reference already resting";
pub const OTHER_SYMBOL: &str = "message of another stock (--symbol)";
pub const UNKNOWN_TYPE: &str = "message type not in ITCH 5.0 (skipped by its length prefix)";
pub const MALFORMED: &str = "malformed message";
pub const UNREADABLE_REST: &str = "rest of the input unreadable (unframeable message or corrupt stream)";
pub const NON_PRINTABLE: &str =
    "non-printable execution (C, printable N): book-only reduction, its trade is in a cross print";
pub const OVERSIZE: &str = "cancel or execution larger than the order: the order is removed";

/// The first trading date whose Trade (Non-Cross) messages `P` carry no resting side. NASDAQ's
/// TotalView-ITCH 5.0 specification, of the `P` message's Buy/Sell Indicator: "Effective
/// 07/14/2014, this field will always be 'B' regardless of the resting side."
pub const TRADE_INDICATOR_MASKED_FROM: Date = Date { year: 2014, month: 7, day: 14 };

/// Whether the Buy/Sell Indicator of a `P` message on trading date `date` is always `B`
/// (`TRADE_INDICATOR_MASKED_FROM`) rather than the resting non-displayed order's side.
pub fn trade_indicator_masked(date: Date) -> bool {
    let d = TRADE_INDICATOR_MASKED_FROM;
    (date.year, date.month, date.day) >= (d.year, d.month, d.day)
}

#[derive(Clone, Copy)]
struct Order {
    locate: u16,
    side: u8,
    price: i64,
    size: i64,
}

impl Order {
    /// A record of `size` shares of this resting order (a cancel or delete of it).
    fn record(&self, kind: u8, order_id: u64, size: i64, base: Record) -> Record {
        Record { kind, order_id, side: self.side, price: self.price, size, ..base }
    }
}

/// The date of an ITCH file from its name: the first run of 8 digits read as `YYYYMMDD`, or
/// as `MMDDYYYY` (NASDAQ's own names, `01302019.NASDAQ_ITCH50`) when that is not a date.
pub fn date_from_name(path: &Path) -> Option<Date> {
    let name = path.file_name()?.to_str()?;
    let b = name.as_bytes();
    (0..b.len().saturating_sub(7)).find_map(|i| {
        let w = &b[i..i + 8];
        if !w.iter().all(u8::is_ascii_digit) || (i > 0 && b[i - 1].is_ascii_digit()) {
            return None;
        }
        let s = std::str::from_utf8(w).ok()?;
        let ymd =
            Date::parse(&format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8])).filter(|d| (1990..2100).contains(&d.year));
        ymd.or_else(|| Date::parse(&format!("{}-{}-{}", &s[4..8], &s[0..2], &s[2..4])))
    })
}

struct Importer<'a> {
    opts: &'a ItchOptions,
    date: Date,
    outputs: OutputSet,
    symbols: HashMap<u16, String>,
    orders: HashMap<u64, Order>,
    /// Orders of stocks left out by `--symbol`: their later messages count as another stock's,
    /// not as unknown orders.
    others: std::collections::HashSet<u64>,
    /// The packet being built: its (timestamp, locate) and records.
    packet_key: (u64, u16),
    pending: Vec<Record>,
    messages: Tally,
    skipped: Tally,
    adjusted: Tally,
    /// Per locate: the `STATUS` code of its last trading action (`H`), which an operational
    /// halt's resumption returns to; absent: trading.
    trading_state: HashMap<u16, i64>,
}

fn opposite(resting: u8) -> u8 {
    if resting == side::BID {
        aggressor::SELL
    } else {
        aggressor::BUY
    }
}

impl Importer<'_> {
    fn flush(&mut self) -> Result<(), FeatcError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let loc = self.packet_key.1;
        let symbol = self.symbols.get(&loc).cloned().unwrap_or_else(|| format!("LOCATE{loc}"));
        let meta = LogMeta {
            symbol,
            venue: "XNAS".into(),
            date: self.date.to_string(),
            book_kind: BOOK_L3,
            price_decimals: PRICE_DECIMALS,
            size_decimals: 0,
            snapshot_every_ns: self.opts.snapshot_every_ns,
        };
        self.outputs.write_packet(&meta, &mut self.pending)?;
        self.pending.clear();
        Ok(())
    }

    fn wanted(&self, loc: u16) -> bool {
        match &self.opts.symbol {
            None => true,
            Some(s) => self.symbols.get(&loc).is_some_and(|x| x == s),
        }
    }

    /// Applies one decoded message of stock locate `loc` at exchange time `ts`.
    fn message(&mut self, m: Message, loc: u16, ts: i64, seq: u64) {
        let base = Record { exchange_ts: ts, ingest_ts: ts, seq, ..Record::default() };
        // Messages about an order take the stock of the order; others name theirs.
        match m {
            Message::System { .. } => self.skipped.bump(SYSTEM),
            Message::StockDirectory { stock } => {
                self.symbols.insert(loc, stock);
                self.skipped.bump(DIRECTORY);
            }
            Message::TradingAction { stock, state } => {
                self.symbols.entry(loc).or_insert(stock);
                if !self.wanted(loc) {
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                // Same codes as LOBSTER's type 7: -1 halted or paused, 0 quotation only, 1 trading.
                let aux = match state {
                    b'T' => 1,
                    b'Q' => 0,
                    _ => -1,
                };
                self.trading_state.insert(loc, aux);
                self.pending.push(Record { kind: kind::STATUS, aux, ..base });
            }
            Message::OperationalHalt { stock, market, action } => {
                self.symbols.entry(loc).or_insert(stock);
                if !self.wanted(loc) {
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                // TotalView-ITCH is the Nasdaq book: a halt on BX or PSX leaves it trading.
                if market != b'Q' {
                    return self.skipped.bump(OTHER_MARKET_HALT);
                }
                // Halted (-1); resumed: back to the state of the last trading action.
                let aux = if action == b'H' { -1 } else { *self.trading_state.get(&loc).unwrap_or(&1) };
                self.pending.push(Record { kind: kind::STATUS, aux, ..base });
            }
            Message::Add { order, buy, shares, stock, price } => {
                self.symbols.entry(loc).or_insert(stock);
                if !self.wanted(loc) {
                    self.others.insert(order);
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                if self.orders.contains_key(&order) {
                    return self.skipped.bump(DUPLICATE_ADD);
                }
                let s = if buy { side::BID } else { side::ASK };
                let (price, size) = (price as i64, shares as i64);
                self.orders.insert(order, Order { locate: loc, side: s, price, size });
                self.pending.push(Record { kind: kind::ADD, order_id: order, side: s, price, size, ..base });
            }
            Message::Executed { order, shares } => self.reduce(order, shares as i64, None, base),
            Message::ExecutedWithPrice { order, shares, printable: true, price } => {
                self.reduce(order, shares as i64, Some(price as i64), base)
            }
            Message::ExecutedWithPrice { order, shares, printable: false, .. } => {
                if self.orders.contains_key(&order) {
                    self.adjusted.bump(NON_PRINTABLE);
                }
                self.cancel(order, shares as i64, base)
            }
            Message::Cancel { order, shares } => self.cancel(order, shares as i64, base),
            Message::Delete { order } => self.cancel(order, i64::MAX, base),
            Message::Replace { order, new_order, shares, price } => {
                if self.others.remove(&order) {
                    self.others.insert(new_order);
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                let Some(o) = self.orders.remove(&order) else {
                    return self.skipped.bump(UNKNOWN_ORDER);
                };
                let base = Record { seq, ..base };
                self.pending.push(o.record(kind::DELETE, order, o.size, base));
                if self.orders.contains_key(&new_order) || shares == 0 {
                    return self.skipped.bump(DUPLICATE_ADD);
                }
                let (price, size) = (price as i64, shares as i64);
                self.orders.insert(new_order, Order { locate: o.locate, side: o.side, price, size });
                self.pending.push(Record { kind: kind::ADD, order_id: new_order, side: o.side, price, size, ..base });
            }
            Message::Trade { buy, shares, stock, price } => {
                self.symbols.entry(loc).or_insert(stock);
                if !self.wanted(loc) {
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                // The indicator is the side of the non-displayed resting order, the aggressor
                // the other side; from 2014-07-14 it is always `B` (`trade_indicator_masked`),
                // so the aggressor is unknown.
                let aggressor = if trade_indicator_masked(self.date) {
                    aggressor::UNKNOWN
                } else if buy {
                    aggressor::SELL
                } else {
                    aggressor::BUY
                };
                self.pending.push(Record {
                    kind: kind::TRADE,
                    price: price as i64,
                    size: shares as i64,
                    aggressor,
                    ..base
                });
            }
            Message::CrossTrade { shares, stock, price } => {
                self.symbols.entry(loc).or_insert(stock);
                if !self.wanted(loc) {
                    return self.skipped.bump(OTHER_SYMBOL);
                }
                if shares == 0 {
                    return self.skipped.bump(ADMINISTRATIVE);
                }
                let size = i64::try_from(shares).unwrap_or(i64::MAX);
                self.pending.push(Record { kind: kind::TRADE, price: price as i64, size, ..base });
            }
            Message::BrokenTrade => self.skipped.bump(BROKEN),
            Message::Administrative => self.skipped.bump(ADMINISTRATIVE),
        }
    }

    /// A message about an order not in the book: another stock's (`--symbol`), or unknown.
    /// Others' orders are kept until the end of the day: a partial execution leaves them open.
    fn unknown(&mut self, order: u64) {
        let reason = if self.others.contains(&order) { OTHER_SYMBOL } else { UNKNOWN_ORDER };
        self.skipped.bump(reason);
    }

    /// E and printable C: an `EXECUTE` of the resting order, at `price` when the venue gives
    /// one (C), else at the order's price.
    fn reduce(&mut self, order: u64, shares: i64, price: Option<i64>, base: Record) {
        let Some(o) = self.orders.get_mut(&order) else {
            return self.unknown(order);
        };
        let size = if shares > o.size {
            self.adjusted.bump(OVERSIZE);
            o.size
        } else {
            shares
        };
        o.size -= size;
        let o = *o;
        if o.size == 0 {
            self.orders.remove(&order);
        }
        if size == 0 {
            return self.skipped.bump(MALFORMED);
        }
        let r = Record {
            kind: kind::EXECUTE,
            order_id: order,
            side: o.side,
            price: price.unwrap_or(o.price),
            size,
            aggressor: opposite(o.side),
            ..base
        };
        self.pending.push(r);
    }

    /// X, D and non-printable C: `CANCEL` of part of the order, `DELETE` of all of it.
    fn cancel(&mut self, order: u64, shares: i64, base: Record) {
        let Some(o) = self.orders.get_mut(&order) else {
            return self.unknown(order);
        };
        if shares > 0 && shares < o.size {
            o.size -= shares;
            let o = *o;
            self.pending.push(o.record(kind::CANCEL, order, shares, base));
            return;
        }
        if shares > o.size && shares != i64::MAX {
            self.adjusted.bump(OVERSIZE);
        }
        let o = *o;
        self.orders.remove(&order);
        self.pending.push(o.record(kind::DELETE, order, o.size, base));
    }
}

/// The stock locate a message is about: the order's for order messages (whose own locate
/// field NASDAQ also fills, but the order is what the book follows).
fn packet_locate(imp: &Importer, m: &Message, loc: u16) -> u16 {
    match m {
        Message::Executed { order, .. }
        | Message::ExecutedWithPrice { order, .. }
        | Message::Cancel { order, .. }
        | Message::Delete { order }
        | Message::Replace { order, .. } => imp.orders.get(order).map_or(loc, |o| o.locate),
        _ => loc,
    }
}

/// Reads the next framed message into `buf`: `Ok(false)` at the end of input.
fn next_message(input: &mut ByteInput, buf: &mut Vec<u8>) -> Result<bool, FeatcError> {
    let at = input.offset;
    let mut prefix = [0u8; 2];
    if !input.read_exact_or_end(&mut prefix, "a message length prefix")? {
        return Ok(false);
    }
    let len = u16::from_be_bytes(prefix) as usize;
    buf.clear();
    if len == 0 {
        // The zero-prefixed layout: the type says the length.
        let mut t = [0u8; 1];
        input.read_exact(&mut t, "a message type")?;
        let Some(n) = message_len(t[0]) else {
            return Err(FeatcError::new(
                code::ITCH_BAD,
                format!("{}: byte offset {at}: message type byte 0x{:02x} is not ITCH 5.0, and a zero length prefix leaves its length unknown", input.name, t[0]),
            ));
        };
        buf.resize(n, 0);
        buf[0] = t[0];
        input.read_exact(&mut buf[1..], "a message")?;
    } else {
        buf.resize(len, 0);
        input.read_exact(buf, "a message")?;
    }
    Ok(true)
}

/// Imports one ITCH file into `<out_dir>/<STOCK>/<date>.q`. On any error no output is left.
pub fn import(opts: &ItchOptions) -> Result<ImportReport, FeatcError> {
    import_with_progress(opts, &mut |_, _| {})
}

/// `import`, telling `progress` the on-disk bytes read and the file's size as it goes.
pub fn import_with_progress(opts: &ItchOptions, progress: Progress) -> Result<ImportReport, FeatcError> {
    let date = import_date(opts.date.as_deref(), date_from_name(&opts.input), || {
        FeatcError::new(
            featc_core::error::code::BAD_ARGUMENT,
            format!("{}: no date (YYYYMMDD) in the file name; give --date", opts.input.display()),
        )
    })?;
    let mut input = ByteInput::open(&opts.input)?;
    let mut imp = Importer {
        opts,
        date,
        outputs: OutputSet::new(&opts.out_dir, opts.force),
        symbols: HashMap::new(),
        orders: HashMap::new(),
        others: std::collections::HashSet::new(),
        packet_key: (u64::MAX, 0),
        pending: Vec::new(),
        trading_state: HashMap::new(),
        messages: Tally::default(),
        skipped: Tally::default(),
        adjusted: Tally::default(),
    };
    let mut buf = Vec::with_capacity(64);
    let mut seq = 0u64;
    loop {
        let at = input.offset;
        match next_message(&mut input, &mut buf) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) if opts.lenient => {
                imp.skipped.bump(UNREADABLE_REST);
                break;
            }
            Err(e) => return Err(e),
        }
        seq += 1;
        if seq % (1 << 16) == 0 {
            progress(input.disk_offset(), input.file_len);
        }
        let t = buf[0];
        let fault = |reason: String| {
            FeatcError::new(code::ITCH_BAD, format!("{}: byte offset {at}: message {seq}: {reason}", input.name))
        };
        let Some(n) = message_len(t) else {
            imp.messages.bump("?");
            imp.skipped.bump(UNKNOWN_TYPE);
            continue;
        };
        if buf.len() != n {
            let e = fault(format!("type {:?} has length {} (ITCH 5.0: {n})", t as char, buf.len()));
            if !opts.lenient {
                return Err(e);
            }
            imp.skipped.bump(MALFORMED);
            continue;
        }
        imp.messages.bump(&(t as char).to_string());
        let ns = timestamp(&buf) as i64;
        let decoded = if ns >= NS_PER_DAY { Err(format!("timestamp {ns} ns is past midnight")) } else { decode(&buf) };
        let m = match decoded {
            Ok(m) => m,
            Err(reason) => {
                if !opts.lenient {
                    return Err(fault(reason));
                }
                imp.skipped.bump(MALFORMED);
                continue;
            }
        };
        let loc = packet_locate(&imp, &m, locate(&buf));
        // A packet: consecutive messages with the same timestamp and stock.
        if (ns as u64, loc) != imp.packet_key {
            imp.flush()?;
            imp.packet_key = (ns as u64, loc);
        }
        imp.message(m, loc, new_york_to_utc_ns(date, ns), seq);
    }
    imp.flush()?;
    progress(input.file_len, input.file_len);
    let bytes_in = input.offset;
    let outputs = std::mem::replace(&mut imp.outputs, OutputSet::new(&opts.out_dir, opts.force));
    let mut report = ImportReport {
        files: Vec::new(),
        messages_by_type: imp.messages.into_vec(),
        skipped_by_reason: imp.skipped.into_vec(),
        adjusted: imp.adjusted.into_vec(),
        deduplicated: Vec::new(),
        marked: Vec::new(),
        bytes_in,
        messages_in: seq,
    };
    report.files = outputs.finish(&report.log_counts())?;
    Ok(report)
}
