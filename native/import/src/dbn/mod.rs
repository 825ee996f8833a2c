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
use self::metadata::{read_metadata, Metadata};
use self::records::{rtype, F_LAST, F_SNAPSHOT, UNDEF_TIMESTAMP};
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

/// One instrument's state: its symbol, its book or level view, and the packet being built.
struct Instrument {
    symbol: String,
    pending: Vec<Record>,
    /// L3 (MBO) or L2 (MBP, trades); decided by the first record.
    book_kind: u8,
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

pub struct Importer<'a> {
    opts: &'a DbnOptions,
    progress: Option<Progress<'a>>,
    /// On-disk sizes: of the inputs finished, and of all inputs.
    disk_done: u64,
    disk_total: u64,
    pub state: DbnState,
    outputs: OutputSet,
    messages: Tally,
    /// Importable records by (rtype, action), in first-seen order.
    actions: Vec<((u8, u8), u64)>,
    skipped: Tally,
    adjusted: Tally,
    bytes_in: u64,
    messages_in: u64,
}

impl<'a> Importer<'a> {
    pub fn new(opts: &'a DbnOptions) -> Importer<'a> {
        let disk_total = opts.inputs.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
        Importer {
            opts,
            progress: None,
            disk_done: 0,
            disk_total,
            state: DbnState::default(),
            outputs: OutputSet::new(&opts.out_dir, opts.force),
            messages: Tally::default(),
            actions: Vec::new(),
            skipped: Tally::default(),
            adjusted: Tally::default(),
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

    fn import_file(&mut self, path: &Path) -> Result<(), FeatcError> {
        let mut input = ByteInput::open(path)?;
        let meta = read_metadata(&mut input)?;
        let ids = meta.instrument_symbols();
        let mut instruments: HashMap<u32, Instrument> = HashMap::new();
        let mut stream = records::RecordStream::new(input);
        let mut rec = Vec::with_capacity(512);
        loop {
            match stream.next_record() {
                Ok(Some(b)) => {
                    rec.clear();
                    rec.extend_from_slice(b);
                }
                Ok(None) => break,
                Err(_) if self.opts.lenient => {
                    self.skipped.bump(UNREADABLE_REST);
                    break;
                }
                Err(e) => return Err(e),
            }
            let offset = stream.offset;
            self.messages_in += 1;
            if self.messages_in % PROGRESS_EVERY == 0 {
                if let Some(p) = self.progress.as_mut() {
                    p(self.disk_done + stream.input.disk_offset(), self.disk_total);
                }
            }
            let hd = records::header(&rec);
            let Some(min) = records::min_len(hd.rtype) else {
                self.messages.bump(records::rtype_name(hd.rtype));
                self.skipped.bump(NOT_IMPORTED);
                continue;
            };
            if rec.len() < min {
                let e = bad(
                    &stream.input.name,
                    offset,
                    &format!(
                        "{} record of {} bytes (at least {min} expected)",
                        records::rtype_name(hd.rtype),
                        rec.len()
                    ),
                );
                self.fault(e)?;
                continue;
            }
            let inst = instruments.entry(hd.instrument_id).or_insert_with(|| Instrument {
                symbol: ids.get(&hd.instrument_id).cloned().unwrap_or_else(|| hd.instrument_id.to_string()),
                pending: Vec::new(),
                book_kind: if hd.rtype == rtype::MBO { BOOK_L3 } else { BOOK_L2 },
            });
            if self.opts.symbol.as_ref().is_some_and(|s| *s != inst.symbol) {
                self.skipped.bump(OTHER_SYMBOL);
                continue;
            }
            let file = &stream.input.name;
            let flags = if hd.rtype == rtype::MBO {
                let m = records::mbo(&rec);
                let Some(ts) = self.admit(file, offset, &hd, check_mbo(&m), m.action, m.ts_recv, m.flags)? else {
                    continue;
                };
                let book = symbol_state(&mut self.state.books, &inst.symbol);
                book.apply(&m, ts, &mut inst.pending, &mut self.skipped, &mut self.adjusted);
                m.flags
            } else {
                let levels = match hd.rtype {
                    rtype::MBP_1 => 1,
                    rtype::MBP_10 => 10,
                    _ => 0,
                };
                let m = records::mbp(&rec, levels);
                let Some(ts) = self.admit(file, offset, &hd, check_mbp(&m), m.action, m.ts_recv, m.flags)? else {
                    continue;
                };
                symbol_state(&mut self.state.views, &inst.symbol).apply(&m, ts, &mut inst.pending, &mut self.skipped);
                m.flags
            };
            if flags & F_LAST != 0 {
                flush(&mut self.outputs, &meta, inst, self.opts.snapshot_every_ns)?;
            }
        }
        self.bytes_in += stream.input.offset;
        self.disk_done += stream.input.file_len;
        if let Some(p) = self.progress.as_mut() {
            p(self.disk_done, self.disk_total);
        }
        // A trailing run without F_LAST is a packet of its own (docs/formats/q.md, "Packets").
        let mut ids: Vec<u32> = instruments.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            if let Some(inst) = instruments.get_mut(&id) {
                flush(&mut self.outputs, &meta, inst, self.opts.snapshot_every_ns)?;
            }
        }
        Ok(())
    }

    pub fn run(mut self) -> Result<ImportReport, FeatcError> {
        for path in &self.opts.inputs {
            self.import_file(path)?;
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
            deduplicated: Vec::new(),
            bytes_in: self.bytes_in,
            messages_in: self.messages_in,
        };
        report.files = self.outputs.finish(&report.log_counts())?;
        Ok(report)
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
/// first record.
fn flush(
    outputs: &mut OutputSet,
    meta: &Metadata,
    inst: &mut Instrument,
    snapshot_every_ns: i64,
) -> Result<(), FeatcError> {
    let Some(first) = inst.pending.first() else { return Ok(()) };
    let log_meta = LogMeta {
        symbol: inst.symbol.clone(),
        venue: meta.dataset.chars().take(32).collect(),
        date: utc_date(first.exchange_ts).to_string(),
        book_kind: inst.book_kind,
        price_decimals: PRICE_DECIMALS,
        size_decimals: 0,
        snapshot_every_ns,
    };
    outputs.write_packet(&log_meta, &mut inst.pending)?;
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
