//! Tardis.dev CSV (incremental_book_L2, book_snapshot_N, quotes, trades; plain or gzip) into
//! daily L2 `.q` logs: docs/formats/tardis.md.
//!
//! Two passes: the first reads the venue and the decimals every price and amount needs (so
//! values are exact, never rounded); the second merges the inputs by `local_timestamp` (a book
//! data type and trades into one log) and converts.

pub mod convert;
pub mod csv;
pub mod kind;

use std::path::{Path, PathBuf};

use featc_core::error::{code, FeatcError};
use featc_core::import::text::{disk_len, ByteProgress, DiskMeter, Lines, Progress};

use crate::binance::daily::DailyL2Logs;
use crate::binance::decimal::{check_value, DecimalsSeen};
use crate::counts::Tally;
use crate::outputs::{OutputFile, OutputSet};
use convert::{Converter, Outcome, RowError};
use csv::{fields, micros_to_ns, Columns};
pub use kind::TardisKind;

/// Import report reason: Tardis `timestamp` steps back now and then; the log's may not.
pub const RAISED: &str = "exchange time behind the previous row's, raised to it";
pub const OTHER_SYMBOL: &str = "row of another symbol";
/// Import report reason: an incremental_book_L2 row before its file's first `is_snapshot`
/// row, which Tardis says to skip (docs/formats/tardis.md, "Before the first snapshot").
pub const BEFORE_SNAPSHOT: &str =
    "update before the file's first snapshot (Tardis: skip until the first is_snapshot row)";

/// A row that is not a row of the kind asked for.
pub const BAD_LINE: &str = "TARDIS_BAD_LINE";

#[derive(Clone, Debug)]
pub struct TardisOptions {
    /// CSV files: of one book data type (incremental, snapshot or quotes; several files of it
    /// for several days) and of trades, merged by `local_timestamp` into one stream.
    pub inputs: Vec<PathBuf>,
    /// The data type of every input; `None`: each input's, from its header.
    pub kind: Option<TardisKind>,
    pub out_dir: PathBuf,
    /// Rows of other symbols are skipped and counted.
    pub symbol: String,
    pub lenient: bool,
    /// A book snapshot every this many ns of exchange time (docs/formats/q.md, "Snapshots");
    /// 0: none. `featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS` is the command line's default.
    pub snapshot_every_ns: i64,
    /// Replace logs that exist instead of failing with `LOG_EXISTS` (docs/formats/q.md, "Writing").
    pub force: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TardisReport {
    pub files: Vec<OutputFile>,
    pub venue: String,
    pub price_decimals: u8,
    pub size_decimals: u8,
    pub rows: u64,
    /// Rows converted, by input (`<file name> (<data type>)`), in input order.
    pub rows_by_input: Vec<(String, u64)>,
    pub records: u64,
    pub packets: u64,
    pub raised_timestamps: u64,
    pub carried_snapshots: u64,
    pub skipped_by_reason: Vec<(String, u64)>,
    /// What each log's import report holds (docs/formats/q.md, "Import report").
    pub log_counts: Vec<(String, u64)>,
}

pub fn import(opts: &TardisOptions) -> Result<TardisReport, FeatcError> {
    import_with_progress(opts, &mut |_, _| {})
}

/// One input of the merge: its lines, and its next row of the symbol.
struct Source {
    input: Lines,
    meter: DiskMeter,
    name: String,
    kind: TardisKind,
    columns: Columns,
    symbol: usize,
    local: usize,
    /// The next row of the symbol: its local timestamp, line number and text.
    head: Option<(i64, u64, String)>,
    rows: u64,
}

impl Source {
    /// Reads up to the next row of `symbol`, counting the rows it passes (other symbols, and
    /// under `lenient` rows whose local timestamp or field count is bad).
    fn advance(&mut self, symbol: &str, lenient: bool, skipped: &mut Tally) -> Result<(), FeatcError> {
        self.head = None;
        while let Some((n, text)) = self.input.next_line()? {
            let text = match text {
                Ok(text) => text,
                Err(reason) if lenient => {
                    skipped.bump(&format!("bad row: {}", reason_kind(&reason)));
                    continue;
                }
                Err(reason) => return Err(bad(&self.name, n, &reason)),
            };
            // Only the fields the merge needs; the converter reads the rest.
            let (mut count, mut sym, mut loc) = (0, "", "");
            for (i, f) in text.split(',').enumerate() {
                if i == self.symbol {
                    sym = f;
                }
                if i == self.local {
                    loc = f;
                }
                count += 1;
            }
            let local = if count != self.columns.len() {
                Err(format!("{count} fields, the header has {}", self.columns.len()))
            } else if sym != symbol {
                Ok(None)
            } else {
                micros_to_ns(loc, "local_timestamp").map(Some)
            };
            match local {
                Ok(None) => skipped.bump(OTHER_SYMBOL),
                Ok(Some(local)) => {
                    self.head = Some((local, n, text.to_string()));
                    return Ok(());
                }
                Err(reason) if lenient => skipped.bump(&format!("bad row: {}", reason_kind(&reason))),
                Err(reason) => return Err(bad(&self.name, n, &reason)),
            }
        }
        Ok(())
    }

    /// The merge order of its next row: local timestamp, then book before trades (the input
    /// order breaks the remaining ties).
    fn key(&self) -> Option<(i64, bool)> {
        self.head.as_ref().map(|(local, _, _)| (*local, !self.kind.is_book()))
    }
}

/// `import`, telling `progress` the bytes of the inputs on disk read so far and their total,
/// about every megabyte and once at the end. Both passes read every input, so each counts
/// twice in the total.
pub fn import_with_progress(opts: &TardisOptions, progress: Progress) -> Result<TardisReport, FeatcError> {
    let mut progress = ByteProgress::new(progress, 2 * disk_len(&opts.inputs));
    let (venue, decimals) = survey(opts, &mut progress)?;
    let mut skipped = Tally::default();
    let mut sources = open_sources(opts)?;
    let sink = DailyL2Logs::new(
        OutputSet::new(&opts.out_dir, opts.force),
        &opts.symbol,
        &venue,
        (decimals.price, decimals.size),
        opts.snapshot_every_ns,
    );
    let mut conv = Converter::new(sink, decimals.price, decimals.size);
    for s in &mut sources {
        conv.add_source(s.kind, &s.columns).map_err(|r| bad(&s.name, 1, &r))?;
        s.advance(&opts.symbol, opts.lenient, &mut skipped)?;
    }
    loop {
        // The input whose next row comes first (ties: book before trades, then input order).
        let Some(k) = (0..sources.len()).filter(|&k| sources[k].head.is_some()).min_by_key(|&k| sources[k].key())
        else {
            break;
        };
        progress.at(sources.iter().map(|s| s.meter.done()).sum());
        let src = &mut sources[k];
        let Some((_, line, text)) = src.head.take() else { break };
        let row: Vec<&str> = text.split(',').collect();
        match conv.row(k, &row, line) {
            Ok(Outcome::Converted) => src.rows += 1,
            Ok(Outcome::Skipped(reason)) => skipped.bump(reason),
            Err(RowError::Fatal(e)) => return Err(e),
            Err(RowError::Bad(reason)) if opts.lenient => skipped.bump(&format!("bad row: {}", reason_kind(&reason))),
            Err(RowError::Bad(reason)) => return Err(bad(&src.name, line, &reason)),
        }
        src.advance(&opts.symbol, opts.lenient, &mut skipped)?;
    }
    for s in &sources {
        progress.finished(s.input.file_len);
    }
    match conv.finish() {
        Ok(()) => {}
        Err(RowError::Fatal(e)) => return Err(e),
        Err(RowError::Bad(reason)) => return Err(FeatcError::new(BAD_LINE, reason)),
    }
    let carried_snapshots = conv.sink.carried_snapshots;
    let (rows, raised_timestamps) = (conv.rows, conv.raised_timestamps);
    let rows_by_input: Vec<(String, u64)> =
        sources.iter().map(|s| (format!("{} ({})", s.name, s.kind.name()), s.rows)).collect();
    let skipped = skipped.into_vec();
    let adjusted: Vec<(String, u64)> =
        [(RAISED, raised_timestamps)].into_iter().filter(|&(_, n)| n > 0).map(|(r, n)| (r.to_string(), n)).collect();
    let merged: Vec<(String, u64)> = if sources.len() > 1 {
        rows_by_input.iter().map(|(k, n)| (format!("rows of {k}"), *n)).collect()
    } else {
        Vec::new()
    };
    let counts = crate::report::report_counts(&[("merged", &merged), ("skipped", &skipped), ("adjusted", &adjusted)]);
    let files = conv.sink.outputs.finish(&counts)?;
    progress.end();
    Ok(TardisReport {
        records: files.iter().map(|f| f.records).sum(),
        packets: files.iter().map(|f| f.packets).sum(),
        files,
        venue,
        price_decimals: decimals.price,
        size_decimals: decimals.size,
        rows,
        rows_by_input,
        raised_timestamps,
        carried_snapshots,
        skipped_by_reason: skipped,
        log_counts: counts,
    })
}

/// Opens every input with a header row, with its data type (`opts.kind`, else from the
/// header) checked: at most one book data type, so that one book is written.
fn open_sources(opts: &TardisOptions) -> Result<Vec<Source>, FeatcError> {
    let mut sources: Vec<Source> = Vec::new();
    for path in &opts.inputs {
        let mut input = Lines::open(path)?;
        let name = input.name.clone();
        let Some((_, header)) = input.next_line()? else { continue };
        let header = header.map_err(|reason| bad(&name, 1, &reason))?;
        let columns = Columns::parse(header);
        let kind = match opts.kind {
            Some(k) => k,
            None => TardisKind::of_columns(&columns).ok_or_else(|| {
                bad(
                    &name,
                    1,
                    "the header is none of incremental_book_L2, book_snapshot_N, quotes or trades (give --kind)",
                )
            })?,
        };
        // Tardis' liquidations files have the trades header, but their `side` is the side
        // liquidated and their rows repeat trades the trades file holds: read as trades they
        // would sign and count that volume again. Only by name can they be told apart.
        if opts.kind.is_none() && kind == TardisKind::Trades && name.contains("liquidations") {
            return Err(bad(
                &name,
                1,
                "a Tardis liquidations file (the trades header, but each row a liquidation, whose side is the position liquidated): featc imports trades, not liquidations; give --kind trades to read it as trades anyway",
            ));
        }
        if let Some(other) = sources.iter().find(|s| s.kind.is_book() && kind.is_book() && s.kind != kind) {
            return Err(FeatcError::new(
                code::BAD_ARGUMENT,
                format!(
                    "{} is {} and {name} is {}: one log holds one book, so give one book data type (and trades); import the other into another folder",
                    other.name,
                    other.kind.name(),
                    kind.name()
                ),
            ));
        }
        let symbol = column(&columns, "symbol", &name)?;
        let local = column(&columns, "local_timestamp", &name)?;
        let meter = input.disk_meter();
        sources.push(Source { input, meter, name, kind, columns, symbol, local, head: None, rows: 0 });
    }
    if sources.is_empty() {
        return Err(FeatcError::new(BAD_LINE, "no input has a header row"));
    }
    Ok(sources)
}

/// The first pass: the venue (the `exchange` column, upper case) and the decimals of the
/// price (`price`, `*.price`, `*_price`) and amount columns of the symbol's rows (but not of
/// an incremental_book_L2 file's rows before its first `is_snapshot` row, which the second
/// pass skips).
fn survey(opts: &TardisOptions, progress: &mut ByteProgress) -> Result<(String, DecimalsSeen), FeatcError> {
    let mut venue: Option<(String, String)> = None;
    let mut decimals = DecimalsSeen::default();
    // Where each input ended, for an error about the inputs as a whole.
    let mut ends: Vec<String> = Vec::with_capacity(opts.inputs.len());
    for path in &opts.inputs {
        let Some((mut input, meter, columns)) = open_csv(path, progress)? else {
            ends.push(format!("{}: byte 0 (an empty file)", featc_core::error::display_name(path)));
            continue;
        };
        let exchange = column(&columns, "exchange", &input.name)?;
        let symbol = column(&columns, "symbol", &input.name)?;
        let is = |suffix: &str| -> Vec<usize> {
            columns
                .names()
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    n.as_str() == suffix || n.ends_with(&format!(".{suffix}")) || n.ends_with(&format!("_{suffix}"))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let (prices, amounts) = (is("price"), is("amount"));
        // incremental_book_L2: `is_snapshot`'s column until the file's first snapshot row.
        let mut before_snapshot = match opts.kind.or_else(|| TardisKind::of_columns(&columns)) {
            Some(TardisKind::Incremental) => columns.find("is_snapshot"),
            _ => None,
        };
        let name = input.name.clone();
        while let Some((n, text)) = input.next_line()? {
            progress.at(meter.done());
            // A line that is not text is left for the second pass to report (or count).
            let Ok(text) = text else { continue };
            let mut row = Vec::with_capacity(columns.len());
            if fields(text, &columns, &mut row).is_err() || row[symbol] != opts.symbol {
                continue;
            }
            let this = row[exchange].to_ascii_uppercase();
            match &venue {
                None => venue = Some((this, name.clone())),
                Some((v, first)) if *v != this => {
                    return Err(FeatcError::new(
                        code::BAD_ARGUMENT,
                        format!("{first} is of exchange {v} and {name} (line {n}) of {this}: one log holds one venue"),
                    ))
                }
                Some(_) => {}
            }
            match before_snapshot {
                Some(c) if row[c] != "true" => continue,
                Some(_) => before_snapshot = None,
                None => {}
            }
            for (cols, price) in [(&prices, true), (&amounts, false)] {
                for &c in cols {
                    if row[c].is_empty() {
                        continue;
                    }
                    match check_value(row[c]) {
                        Ok(d) if price => decimals.price = decimals.price.max(d),
                        Ok(d) => decimals.size = decimals.size.max(d),
                        // Left for the second pass to count (more decimals than the log's
                        // are a bad value there too).
                        Err(_) if opts.lenient => {}
                        Err(reason) => return Err(bad(&name, n, &reason)),
                    }
                }
            }
        }
        progress.finished(input.file_len);
        ends.push(format!("{}: line {}", input.name, input.number));
    }
    let Some((venue, _)) = venue else {
        return Err(FeatcError::new(
            BAD_LINE,
            format!("{}: the input ends without a row of symbol {}", ends.join(", "), opts.symbol),
        ));
    };
    Ok((venue, decimals))
}

/// A CSV input with its header row read: the input, its disk meter and its columns; `None`
/// for a file without a header row, counted as read.
fn open_csv(path: &Path, progress: &mut ByteProgress) -> Result<Option<(Lines, DiskMeter, Columns)>, FeatcError> {
    let mut input = Lines::open(path)?;
    let name = input.name.clone();
    let Some((_, header)) = input.next_line()? else {
        progress.finished(input.file_len);
        return Ok(None);
    };
    let header = header.map_err(|reason| bad(&name, 1, &reason))?;
    let columns = Columns::parse(header);
    let meter = input.disk_meter();
    Ok(Some((input, meter, columns)))
}

/// The index of a column the header must have.
fn column(columns: &Columns, name: &str, file: &str) -> Result<usize, FeatcError> {
    columns.require(name).map_err(|r| bad(file, 1, &r))
}

fn bad(file: &str, line: u64, reason: &str) -> FeatcError {
    FeatcError::new(BAD_LINE, format!("{file}: line {line}: {reason}"))
}

fn reason_kind(reason: &str) -> &str {
    reason.split([':', '"']).next().unwrap_or(reason).trim()
}
