//! Tardis.dev CSV (incremental_book_L2, book_snapshot_N, quotes, trades; plain or gzip) into
//! daily L2 `.q` logs: docs/formats/tardis.md.
//!
//! Two passes: the first reads the venue and the decimals every price and amount needs (so
//! values are exact, never rounded); the second converts.

pub mod convert;
pub mod csv;
pub mod kind;

use std::path::{Path, PathBuf};

use featc_core::error::FeatcError;
use featc_core::import::text::{disk_len, ByteProgress, DiskMeter, Lines, Progress};

use crate::binance::daily::DailyL2Logs;
use crate::binance::decimal::{fraction_digits, DecimalsSeen};
use crate::counts::Tally;
use crate::outputs::{OutputFile, OutputSet};
use convert::{Converter, RowError};
use csv::{fields, Columns};
pub use kind::TardisKind;

/// Import report reason: Tardis `timestamp` steps back now and then; the log's may not.
pub const RAISED: &str = "exchange time behind the previous row's, raised to it";

/// A row that is not a row of the kind asked for.
pub const BAD_LINE: &str = "TARDIS_BAD_LINE";

#[derive(Clone, Debug)]
pub struct TardisOptions {
    /// CSV files of one data type, converted in this order as one stream.
    pub inputs: Vec<PathBuf>,
    pub kind: TardisKind,
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

/// `import`, telling `progress` the bytes of the inputs on disk read so far and their total,
/// about every megabyte and once at the end. Both passes read every input, so each counts
/// twice in the total.
pub fn import_with_progress(opts: &TardisOptions, progress: Progress) -> Result<TardisReport, FeatcError> {
    let mut progress = ByteProgress::new(progress, 2 * disk_len(&opts.inputs));
    let (venue, decimals) = survey(opts, &mut progress)?;
    let sink = DailyL2Logs::new(
        OutputSet::new(&opts.out_dir, opts.force),
        &opts.symbol,
        &venue,
        (decimals.price, decimals.size),
        opts.snapshot_every_ns,
    );
    let mut skipped = Tally::default();
    let mut converter: Option<Converter<DailyL2Logs>> = None;
    let mut sink = Some(sink);
    for path in &opts.inputs {
        let Some((mut input, meter, columns)) = open_csv(path, &mut progress)? else { continue };
        let symbol_col = column(&columns, "symbol", &input.name)?;
        let conv = match converter.as_mut() {
            Some(c) => c,
            None => {
                let s = sink.take().ok_or_else(|| FeatcError::new(BAD_LINE, "internal: sink taken twice"))?;
                converter.insert(
                    Converter::new(s, opts.kind, &columns, decimals.price, decimals.size)
                        .map_err(|r| bad(&input.name, 1, &r))?,
                )
            }
        };
        let name = input.name.clone();
        while let Some((n, text)) = input.next_line()? {
            progress.at(meter.done());
            let mut row = Vec::with_capacity(columns.len());
            let outcome = fields(text, &columns, &mut row).map_err(RowError::Bad).and_then(|()| {
                if row[symbol_col] != opts.symbol {
                    skipped.bump("row of another symbol");
                    return Ok(());
                }
                conv.row(&row, n)
            });
            match outcome {
                Ok(()) => {}
                Err(RowError::Fatal(e)) => return Err(e),
                Err(RowError::Bad(reason)) if opts.lenient => {
                    skipped.bump(&format!("bad row: {}", reason_kind(&reason)))
                }
                Err(RowError::Bad(reason)) => return Err(bad(&name, n, &reason)),
            }
        }
        progress.finished(input.file_len);
    }
    let Some(mut conv) = converter else {
        return Err(FeatcError::new(BAD_LINE, "no input has a header row"));
    };
    match conv.finish() {
        Ok(()) => {}
        Err(RowError::Fatal(e)) => return Err(e),
        Err(RowError::Bad(reason)) => return Err(FeatcError::new(BAD_LINE, reason)),
    }
    let carried_snapshots = conv.sink.carried_snapshots;
    let (rows, raised_timestamps) = (conv.rows, conv.raised_timestamps);
    let skipped = skipped.into_vec();
    let adjusted: Vec<(String, u64)> =
        [(RAISED, raised_timestamps)].into_iter().filter(|&(_, n)| n > 0).map(|(r, n)| (r.to_string(), n)).collect();
    let counts = crate::report::report_counts(&[("skipped", &skipped), ("adjusted", &adjusted)]);
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
        raised_timestamps,
        carried_snapshots,
        skipped_by_reason: skipped,
        log_counts: counts,
    })
}

/// The first pass: the venue (the `exchange` column, upper case) and the decimals of the
/// price (`price`, `*.price`, `*_price`) and amount columns of the symbol's rows.
fn survey(opts: &TardisOptions, progress: &mut ByteProgress) -> Result<(String, DecimalsSeen), FeatcError> {
    let mut venue = None;
    let mut decimals = DecimalsSeen::default();
    for path in &opts.inputs {
        let Some((mut input, meter, columns)) = open_csv(path, progress)? else { continue };
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
        let name = input.name.clone();
        while let Some((n, text)) = input.next_line()? {
            progress.at(meter.done());
            let mut row = Vec::with_capacity(columns.len());
            if fields(text, &columns, &mut row).is_err() || row[symbol] != opts.symbol {
                continue;
            }
            venue.get_or_insert_with(|| row[exchange].to_ascii_uppercase());
            for (cols, price) in [(&prices, true), (&amounts, false)] {
                for &c in cols {
                    if row[c].is_empty() {
                        continue;
                    }
                    match fraction_digits(row[c]) {
                        Some(_) if price => decimals.price(row[c]),
                        Some(_) => decimals.size(row[c]),
                        // Left for the second pass to report (or count, when lenient).
                        None if opts.lenient => {}
                        None => return Err(bad(&name, n, &format!("{:?} is not a decimal number", row[c]))),
                    }
                }
            }
        }
        progress.finished(input.file_len);
    }
    let Some(venue) = venue else {
        return Err(FeatcError::new(BAD_LINE, format!("no row of symbol {} in the input", opts.symbol)));
    };
    if decimals.price > 18 || decimals.size > 18 {
        return Err(FeatcError::new(BAD_LINE, "values need more than 18 decimals"));
    }
    Ok((venue, decimals))
}

/// A CSV input with its header row read: the input, its disk meter and its columns; `None`
/// for a file without a header row, counted as read.
fn open_csv(path: &Path, progress: &mut ByteProgress) -> Result<Option<(Lines, DiskMeter, Columns)>, FeatcError> {
    let mut input = Lines::open(path)?;
    let Some((_, header)) = input.next_line()? else {
        progress.finished(input.file_len);
        return Ok(None);
    };
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
