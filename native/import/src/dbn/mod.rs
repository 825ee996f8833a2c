//! Databento DBN (v1, v2, v3; plain or whole-file zstd) to `.q` logs, one per symbol and UTC
//! day: MBO to L3 logs, MBP-1 / MBP-10 / TBBO / trades to L2 logs. docs/formats/dbn.md has
//! the format and every mapping decision.

pub mod mbo;
pub mod mbp;
pub mod metadata;
pub mod records;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use featc_core::error::FeatcError;
use featc_core::log::{LogMeta, Record, BOOK_L2, BOOK_L3};

use self::mbo::MboBook;
use self::mbp::LevelView;
use self::metadata::{read_metadata, Metadata, SCHEMA_TBBO};
use self::records::{rtype, F_BAD_TS_RECV, F_LAST, F_MAYBE_BAD_BOOK, F_SNAPSHOT, UNDEF_PRICE, UNDEF_TIMESTAMP};
use crate::counts::Tally;
use crate::day::utc_date;
use crate::input::{code, ByteInput};
use crate::outputs::OutputSet;
use crate::report::ImportReport;

/// Databento prices are fixed point with 9 decimals; sizes are whole contracts or shares.
pub const PRICE_DECIMALS: u8 = 9;

pub struct DbnOptions {
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// Import only this symbol.
    pub symbol: Option<String>,
    /// Count and skip malformed records instead of failing.
    pub lenient: bool,
    /// A book snapshot every this many ns of exchange time (docs/formats/q.md, "Snapshots");
    /// 0: none. `featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS` is the command line's default.
    pub snapshot_every_ns: i64,
    /// Replace logs that exist instead of failing with `LOG_EXISTS` (docs/formats/q.md, "Writing").
    pub force: bool,
}

pub const OTHER_SYMBOL: &str = "record of another symbol (--symbol)";
pub const NOT_IMPORTED: &str = "record type with no book or trade content";
pub const MALFORMED: &str = "malformed record";
pub const UNREADABLE_REST: &str = "rest of the input unreadable after a malformed record header or a corrupt stream";
pub const TS_EVENT_MISSING: &str = "ts_event missing (null): ts_recv used as exchange time";
pub const SNAPSHOT_TS_RECV: &str =
    "snapshot record: ts_recv used as exchange time (its ts_event is the order's last change)";
pub const TIME_RAISED: &str =
    "exchange time behind the file's previous record, raised to it (ts_recv kept as ingest time)";

/// One instrument's state within one input: its symbol, the packet being built, and its book
/// kind.
struct Instrument {
    symbol: String,
    pending: Vec<Record>,
    /// L3 (MBO) or L2 (MBP, trades); decided by the first record (a trades record takes the
    /// book kind of the inputs' book schema: `Importer::trades_kind`).
    book_kind: u8,
    /// The input's schema (`mbp-1`, `tbbo`, ...; `trades` for trades records) and file name.
    schema: &'static str,
    file: String,
    /// The day whose log's book schema was checked last (a check per day, not per packet).
    checked_date: String,
    /// The venue of its first record: a symbol's book is one venue's.
    publisher_id: u16,
}

/// The books are keyed by symbol, so a symbol's book carries from one input file to the
/// next (a day's snapshot, then the next day's live file).
#[derive(Default)]
pub struct DbnState {
    pub books: HashMap<String, MboBook>,
    pub views: HashMap<String, LevelView>,
}

pub use featc_core::import::text::Progress;

/// Records between two progress reports.
const PROGRESS_EVERY: u64 = 1 << 16;

/// How long a trade waits for its copy in another input, in `ts_recv` nanoseconds
/// (docs/formats/dbn.md, "Trades in two files"). Databento derives the trades schema from the
/// same normalized records as MBO and MBP, so both copies carry the same `ts_recv` and meet at
/// once in the merge (all 120 in the ESU4 sample); the window only bounds the memory.
pub const DEDUPE_WINDOW_NS: u64 = 1_000_000_000;

/// Skip and count reasons, as reported.
pub const TRADE_IN_TWO_INPUTS: &str =
    "trade in two inputs (same instrument, ts_event, price, size, side and sequence): written once";
pub const MARKED_BAD_BOOK: &str = "record with F_MAYBE_BAD_BOOK, written with the BAD_BOOK flag";
pub const MARKED_BAD_TS: &str = "record with F_BAD_TS_RECV, written with the BAD_TS flag";

/// A trade as both copies describe it: symbol, ts_event, price, size, side, sequence.
type TradeKey = (String, u64, i64, u32, u8, u32);

/// The trades of the last `DEDUPE_WINDOW_NS`, to find a trade's copy in another input.
#[derive(Default)]
struct RecentTrades {
    /// For each trade, the inputs that wrote it (one entry per copy written).
    by_key: HashMap<TradeKey, Vec<usize>>,
    /// (ts_recv, key, input) in merge order, to forget them.
    order: std::collections::VecDeque<(u64, TradeKey, usize)>,
}

impl RecentTrades {
    /// Whether the trade `key` of input `input`, received at `ts_recv`, was written already
    /// from another input; if so, that copy is used up (a copy matches one copy).
    fn seen_elsewhere(&mut self, key: TradeKey, input: usize, ts_recv: u64) -> bool {
        while let Some((t, _, _)) = self.order.front() {
            if t.saturating_add(DEDUPE_WINDOW_NS) >= ts_recv {
                break;
            }
            let Some((_, k, i)) = self.order.pop_front() else { break };
            if let Some(v) = self.by_key.get_mut(&k) {
                if let Some(at) = v.iter().position(|&x| x == i) {
                    v.swap_remove(at);
                }
                if v.is_empty() {
                    self.by_key.remove(&k);
                }
            }
        }
        let copies = self.by_key.entry(key.clone()).or_default();
        if let Some(at) = copies.iter().position(|&x| x != input) {
            copies.swap_remove(at);
            return true;
        }
        copies.push(input);
        self.order.push_back((ts_recv, key, input));
        false
    }
}

/// One input file in the merge: its records, metadata and instruments, and its next record.
struct Input {
    stream: records::RecordStream,
    meta: Metadata,
    ids: HashMap<u32, String>,
    instruments: HashMap<u32, Instrument>,
    /// The next record, and its decoded-stream offset.
    rec: Vec<u8>,
    offset: u64,
    /// Its merge key (ts_recv; a record without one takes the previous record's), `None` at
    /// the end of the input.
    key: Option<u64>,
    last_key: u64,
}

/// The `ts_recv` of a whole record of a type featc reads, long enough for its schema.
fn ts_recv_of(rec: &[u8]) -> Option<u64> {
    let hd = records::header(rec);
    let min = records::min_len(hd.rtype)?;
    if rec.len() < min {
        return None;
    }
    let at = if hd.rtype == rtype::MBO { 40 } else { 32 };
    let mut w = [0u8; 8];
    w.copy_from_slice(&rec[at..at + 8]);
    Some(u64::from_le_bytes(w))
}

pub struct Importer<'a> {
    opts: &'a DbnOptions,
    progress: Option<Progress<'a>>,
    disk_total: u64,
    pub state: DbnState,
    outputs: OutputSet,
    messages: Tally,
    /// Importable records by (rtype, action), in first-seen order.
    actions: Vec<((u8, u8), u64)>,
    skipped: Tally,
    adjusted: Tally,
    deduplicated: Tally,
    marked: Tally,
    recent: RecentTrades,
    /// The book kind trades records write into: L3 when an input is MBO, else L2.
    trades_kind: u8,
    /// The book schema of each (symbol, day) log and the input it came from: two book schemas
    /// (MBP-1 and MBP-10, MBP-1 and TBBO) would write two books into one log.
    book_schema: HashMap<(String, String), (&'static str, String)>,
    bytes_in: u64,
    messages_in: u64,
}

impl<'a> Importer<'a> {
    pub fn new(opts: &'a DbnOptions) -> Importer<'a> {
        let disk_total = opts.inputs.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
        Importer {
            opts,
            progress: None,
            disk_total,
            state: DbnState::default(),
            outputs: OutputSet::new(&opts.out_dir, opts.force),
            messages: Tally::default(),
            actions: Vec::new(),
            skipped: Tally::default(),
            adjusted: Tally::default(),
            deduplicated: Tally::default(),
            marked: Tally::default(),
            recent: RecentTrades::default(),
            trades_kind: BOOK_L2,
            book_schema: HashMap::new(),
            bytes_in: 0,
            messages_in: 0,
        }
    }

    fn fault(&mut self, err: FeatcError) -> Result<(), FeatcError> {
        if self.opts.lenient {
            self.skipped.bump(MALFORMED);
            Ok(())
        } else {
            Err(err)
        }
    }

    /// Counts a record by (rtype, action) without building its name: named once, at the end.
    fn count_action(&mut self, rtype: u8, action: u8) {
        match self.actions.iter_mut().find(|(k, _)| *k == (rtype, action)) {
            Some((_, n)) => *n += 1,
            None => self.actions.push(((rtype, action), 1)),
        }
    }

    /// A record's exchange time, after `checked` (its fields' check) and a count by its action;
    /// a failed check or times out of range are a fault (`None` when lenient: the record is
    /// skipped).
    #[allow(clippy::too_many_arguments)]
    fn admit(
        &mut self,
        file: &str,
        offset: u64,
        hd: &records::Header,
        checked: Result<(), String>,
        action: u8,
        ts_recv: u64,
        flags: u8,
    ) -> Result<Option<i64>, FeatcError> {
        if let Err(reason) = checked {
            self.fault(bad(file, offset, &reason))?;
            return Ok(None);
        }
        self.count_action(hd.rtype, action);
        let ts = exchange_ts(hd.ts_event, ts_recv, flags, &mut self.adjusted);
        if ts.is_none() {
            self.fault(bad(file, offset, "timestamps out of range"))?;
        }
        Ok(ts)
    }

    fn open(&mut self, path: &Path) -> Result<Input, FeatcError> {
        let mut input = ByteInput::open(path)?;
        let meta = read_metadata(&mut input)?;
        let ids = meta.instrument_symbols(&input.name)?;
        let stream = records::RecordStream::new(input);
        Ok(Input {
            stream,
            meta,
            ids,
            instruments: HashMap::new(),
            rec: Vec::with_capacity(512),
            offset: 0,
            key: None,
            last_key: 0,
        })
    }

    /// Reads input `k`'s next record (its key `None` at the end). A stream that cannot be
    /// read on ends the input under `lenient` (counted), else is the error.
    fn advance(&mut self, inputs: &mut [Input], k: usize) -> Result<(), FeatcError> {
        let inp = &mut inputs[k];
        inp.key = None;
        match inp.stream.next_record() {
            Ok(Some(b)) => {
                inp.rec.clear();
                inp.rec.extend_from_slice(b);
            }
            Ok(None) => return Ok(()),
            Err(_) if self.opts.lenient => {
                self.skipped.bump(UNREADABLE_REST);
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        inp.offset = inp.stream.offset;
        let key = ts_recv_of(&inp.rec).unwrap_or(inp.last_key);
        inp.last_key = key;
        inp.key = Some(key);
        Ok(())
    }

    /// Writes input `k`'s record (its `rec`): the body of the merge.
    fn process(&mut self, inputs: &mut [Input], k: usize) -> Result<(), FeatcError> {
        let trades_kind = self.trades_kind;
        self.messages_in += 1;
        if self.messages_in % PROGRESS_EVERY == 0 {
            if let Some(p) = self.progress.as_mut() {
                p(inputs_disk_offset(inputs), self.disk_total);
            }
        }
        let inp = &mut inputs[k];
        let offset = inp.offset;
        let rec = &inp.rec;
        let hd = records::header(rec);
        let Some(min) = records::min_len(hd.rtype) else {
            self.messages.bump(records::rtype_name(hd.rtype));
            self.skipped.bump(NOT_IMPORTED);
            return Ok(());
        };
        if rec.len() < min {
            let e = bad(
                &inp.stream.input.name,
                offset,
                &format!("{} record of {} bytes (at least {min} expected)", records::rtype_name(hd.rtype), rec.len()),
            );
            return self.fault(e);
        }
        let ids = &inp.ids;
        let schema = match (hd.rtype, inp.meta.schema) {
            (rtype::MBP_0, _) => "trades",
            (_, Some(_)) => inp.meta.schema_name(),
            (r, None) => records::rtype_name(r),
        };
        let file_name = &inp.stream.input.name;
        let inst = inp.instruments.entry(hd.instrument_id).or_insert_with(|| Instrument {
            schema,
            file: file_name.clone(),
            checked_date: String::new(),
            publisher_id: hd.publisher_id,
            symbol: ids.get(&hd.instrument_id).cloned().unwrap_or_else(|| hd.instrument_id.to_string()),
            pending: Vec::new(),
            book_kind: match hd.rtype {
                rtype::MBO => BOOK_L3,
                rtype::MBP_0 => trades_kind,
                _ => BOOK_L2,
            },
        });
        if self.opts.symbol.as_ref().is_some_and(|s| *s != inst.symbol) {
            self.skipped.bump(OTHER_SYMBOL);
            return Ok(());
        }
        if hd.publisher_id != inst.publisher_id {
            // A dataset of several venues (DBEQ.BASIC) sends each venue's book of an instrument
            // under one id: one book for them all would mix the venues' quotes.
            return Err(FeatcError::new(
                code::OUTPUT_CONFLICT,
                format!(
                    "{file_name}: byte offset {offset}: the records of {} come from publishers {} and {} (a dataset of several venues); featc keeps one book a symbol: request one venue's data",
                    inst.symbol, inst.publisher_id, hd.publisher_id
                ),
            ));
        }
        let file = &inp.stream.input.name;
        let written = inst.pending.len();
        let flags = if hd.rtype == rtype::MBO {
            let m = records::mbo(rec);
            let Some(ts) = self.admit(file, offset, &hd, check_mbo(&m), m.action, m.ts_recv, m.flags)? else {
                return Ok(());
            };
            let copy = m.action == b'T'
                && m.size > 0
                && m.price != UNDEF_PRICE
                && self.recent.seen_elsewhere(
                    (inst.symbol.clone(), hd.ts_event, m.price, m.size, m.side, m.sequence),
                    k,
                    m.ts_recv,
                );
            if copy {
                self.deduplicated.bump(TRADE_IN_TWO_INPUTS);
            } else {
                let book = symbol_state(&mut self.state.books, &inst.symbol);
                book.apply(&m, ts, &mut inst.pending, &mut self.skipped, &mut self.adjusted);
            }
            m.flags
        } else {
            let levels = match hd.rtype {
                rtype::MBP_1 => 1,
                rtype::MBP_10 => 10,
                _ => 0,
            };
            let m = records::mbp(rec, levels);
            let Some(ts) = self.admit(file, offset, &hd, check_mbp(&m), m.action, m.ts_recv, m.flags)? else {
                return Ok(());
            };
            let copy = m.action == b'T'
                && m.size > 0
                && m.price != UNDEF_PRICE
                && self.recent.seen_elsewhere(
                    (inst.symbol.clone(), hd.ts_event, m.price, m.size, m.side, m.sequence),
                    k,
                    m.ts_recv,
                );
            if copy {
                self.deduplicated.bump(TRADE_IN_TWO_INPUTS);
            }
            // A copy's levels still count (an MBP record is also the book after it); a trades
            // record has none.
            symbol_state(&mut self.state.views, &inst.symbol).apply(
                &m,
                ts,
                !copy,
                inp.meta.schema == Some(SCHEMA_TBBO),
                &mut inst.pending,
                &mut self.skipped,
            );
            m.flags
        };
        if inst.pending.len() > written {
            mark(flags, &mut self.marked);
        }
        if flags & F_LAST != 0 {
            self.flush_packet(&inp.meta, inst, inp.stream.input.offset)?;
        }
        Ok(())
    }

    /// After input `k`'s record was written and its next one read: a trades or TBBO record
    /// without F_LAST (those schemas copy the flags of the trade's MBP event, whose F_LAST is on
    /// a later book record) ends its packet unless the next record is one of the same schema,
    /// instrument and ts_event.
    fn end_trades_packet(&mut self, inputs: &mut [Input], k: usize, was: records::Header) -> Result<(), FeatcError> {
        let inp = &mut inputs[k];
        if was.rtype != rtype::MBP_0 && inp.meta.schema != Some(SCHEMA_TBBO) {
            return Ok(());
        }
        if inp.key.is_some() {
            let next = records::header(&inp.rec);
            if next.rtype == was.rtype && next.instrument_id == was.instrument_id && next.ts_event == was.ts_event {
                return Ok(());
            }
        }
        if let Some(inst) = inp.instruments.get_mut(&was.instrument_id) {
            self.flush_packet(&inp.meta, inst, inp.stream.input.offset)?;
        }
        Ok(())
    }

    /// `inst`'s pending packet to its output (`flush`); `at`: the input's byte offset, for errors.
    fn flush_packet(&mut self, meta: &Metadata, inst: &mut Instrument, at: u64) -> Result<(), FeatcError> {
        flush(&mut self.outputs, &mut self.book_schema, meta, inst, self.opts.snapshot_every_ns, at)
    }

    /// A trailing run without F_LAST is a packet of its own (docs/formats/q.md, "Packets").
    fn end_input(&mut self, inp: &mut Input) -> Result<(), FeatcError> {
        self.bytes_in += inp.stream.input.offset;
        let mut ids: Vec<u32> = inp.instruments.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            if let Some(inst) = inp.instruments.get_mut(&id) {
                self.flush_packet(&inp.meta, inst, inp.stream.input.offset)?;
            }
        }
        Ok(())
    }

    pub fn run(mut self) -> Result<ImportReport, FeatcError> {
        let mut inputs = Vec::with_capacity(self.opts.inputs.len());
        for path in &self.opts.inputs {
            inputs.push(self.open(path)?);
        }
        if inputs.iter().any(|i| i.meta.schema == Some(0)) {
            self.trades_kind = BOOK_L3;
        }
        for k in 0..inputs.len() {
            self.advance(&mut inputs, k)?;
        }
        // Merged by ts_recv (DBN files are in ts_recv order); at a tie a record of a book
        // schema comes before a trades record, then the inputs' order: docs/formats/dbn.md.
        let mut finished = vec![false; inputs.len()];
        loop {
            let next = (0..inputs.len())
                .filter_map(|k| inputs[k].key.map(|t| ((t, records::header(&inputs[k].rec).rtype == rtype::MBP_0), k)))
                .min();
            for k in 0..inputs.len() {
                if inputs[k].key.is_none() && !finished[k] {
                    finished[k] = true;
                    self.end_input(&mut inputs[k])?;
                }
            }
            let Some((_, k)) = next else { break };
            let was = records::header(&inputs[k].rec);
            self.process(&mut inputs, k)?;
            self.advance(&mut inputs, k)?;
            self.end_trades_packet(&mut inputs, k, was)?;
        }
        if let Some(p) = self.progress.as_mut() {
            p(self.disk_total, self.disk_total);
        }
        if self.outputs.raised_timestamps > 0 {
            self.adjusted.add(TIME_RAISED, self.outputs.raised_timestamps);
        }
        let mut messages = Tally::default();
        for &((rt, action), n) in &self.actions {
            let schema = if rt == rtype::MBO { "MBO" } else { records::rtype_name(rt) };
            messages.add(&format!("{schema} {}", action as char), n);
        }
        for (name, n) in self.messages.entries() {
            messages.add(name, *n);
        }
        let mut report = ImportReport {
            files: Vec::new(),
            messages_by_type: messages.into_vec(),
            skipped_by_reason: self.skipped.into_vec(),
            adjusted: self.adjusted.into_vec(),
            deduplicated: self.deduplicated.into_vec(),
            marked: self.marked.into_vec(),
            bytes_in: self.bytes_in,
            messages_in: self.messages_in,
        };
        report.files = self.outputs.finish(&report.log_counts())?;
        Ok(report)
    }
}

/// On-disk bytes read so far over all inputs.
fn inputs_disk_offset(inputs: &[Input]) -> u64 {
    inputs.iter().map(|i| i.stream.input.disk_offset()).sum()
}

/// Counts the vendor's quality marks of an input record that wrote records (they carry them
/// as q flags: `records::q_flags`).
fn mark(flags: u8, marked: &mut Tally) {
    if flags & F_MAYBE_BAD_BOOK != 0 {
        marked.bump(MARKED_BAD_BOOK);
    }
    if flags & F_BAD_TS_RECV != 0 {
        marked.bump(MARKED_BAD_TS);
    }
}

fn check_mbo(m: &records::Mbo) -> Result<(), String> {
    if !b"ACMRTFN".contains(&m.action) {
        return Err(format!("MBO action byte 0x{:02x} is not one of A C M R T F N", m.action));
    }
    if !b"ABN".contains(&m.side) {
        return Err(format!("MBO side byte 0x{:02x} is not one of A B N", m.side));
    }
    Ok(())
}

fn check_mbp(m: &records::Mbp) -> Result<(), String> {
    if !b"ACMRTFN".contains(&m.action) || !b"ABN".contains(&m.side) {
        return Err(format!("action {:?} / side {:?} not a DBN code", m.action as char, m.side as char));
    }
    Ok(())
}

/// The record's exchange time: ts_event, except for snapshot records (whose ts_event is
/// when the order last changed, possibly days before) and a null ts_event: ts_recv then.
fn exchange_ts(ts_event: u64, ts_recv: u64, flags: u8, adjusted: &mut Tally) -> Option<i64> {
    let ts = if flags & F_SNAPSHOT != 0 {
        adjusted.bump(SNAPSHOT_TS_RECV);
        ts_recv
    } else if ts_event == UNDEF_TIMESTAMP {
        adjusted.bump(TS_EVENT_MISSING);
        ts_recv
    } else {
        ts_event
    };
    i64::try_from(ts).ok()
}

/// A symbol's book or level view, made on its first record; the symbol is copied only then.
fn symbol_state<'m, V: Default>(states: &'m mut HashMap<String, V>, symbol: &str) -> &'m mut V {
    if !states.contains_key(symbol) {
        states.insert(symbol.to_string(), V::default());
    }
    states.get_mut(symbol).expect("inserted above")
}

fn bad(file: &str, offset: u64, reason: &str) -> FeatcError {
    FeatcError::new(code::DBN_BAD, format!("{file}: byte offset {offset}: {reason}"))
}

/// Writes the instrument's pending packet to the file of its symbol and the UTC day of its
/// first record. A log takes one book schema (`book_schema`: the first one written to it, by
/// (symbol, day)); trades go with any.
fn flush(
    outputs: &mut OutputSet,
    book_schema: &mut HashMap<(String, String), (&'static str, String)>,
    meta: &Metadata,
    inst: &mut Instrument,
    snapshot_every_ns: i64,
    at: u64,
) -> Result<(), FeatcError> {
    let Some(first) = inst.pending.first() else { return Ok(()) };
    let date = utc_date(first.exchange_ts).to_string();
    if inst.schema != "trades" && inst.checked_date != date {
        inst.checked_date = date.clone();
        let key = (inst.symbol.clone(), date.clone());
        match book_schema.get(&key) {
            Some((schema, _)) if *schema == inst.schema => {}
            Some((schema, file)) => {
                return Err(FeatcError::new(
                    code::OUTPUT_CONFLICT,
                    format!(
                        "{file} ({schema}) and {} ({}) both hold the book of {} on {date}: a log holds one book, so import one book schema (with its trades files) per folder",
                        inst.file, inst.schema, inst.symbol
                    ),
                ))
            }
            None => {
                book_schema.insert(key, (inst.schema, inst.file.clone()));
            }
        }
    }
    let log_meta = LogMeta {
        symbol: inst.symbol.clone(),
        venue: meta.dataset.chars().take(32).collect(),
        date,
        book_kind: inst.book_kind,
        price_decimals: PRICE_DECIMALS,
        size_decimals: 0,
        snapshot_every_ns,
    };
    // The symbol comes from the file's symbology: a damaged one may name no folder, and the
    // error must say which input gave it.
    outputs.write_packet(&log_meta, &mut inst.pending).map_err(|e| {
        if e.code == code::OUTPUT_CONFLICT && !e.message.contains(&inst.file) {
            FeatcError::new(
                e.code,
                format!("{}: byte {at}: {} (its symbology maps an instrument to it)", inst.file, e.message),
            )
        } else {
            e
        }
    })?;
    inst.pending.clear();
    Ok(())
}

/// Imports DBN files into `<out_dir>/<SYMBOL>/<DATE>.q`. On any error no output is left.
pub fn import(opts: &DbnOptions) -> Result<ImportReport, FeatcError> {
    Importer::new(opts).run()
}

/// `import`, telling `progress` the on-disk bytes read and the total as it goes.
pub fn import_with_progress<'a>(opts: &'a DbnOptions, progress: Progress<'a>) -> Result<ImportReport, FeatcError> {
    let mut importer = Importer::new(opts);
    importer.progress = Some(progress);
    importer.run()
}
