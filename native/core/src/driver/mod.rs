//! The packet driver: replays a symbol's `.q` logs, one day file after another, into a book and
//! runs a kernel over them, exactly as docs/language.md sections 4 and 4.1 say (the TypeScript
//! runtime implements the same text; the two must produce bit-identical rows).
//!
//! One choice that section leaves open, made here: under `lenient`, a skipped record changes
//! neither the book nor the packet's trades, but still ends its packet when it has `LAST` and
//! still supplies the packet's `event.*` fields when it is the packet's last record.

mod continuity;
mod emitter;
mod replay;
mod warm_start;

use std::path::PathBuf;

use crate::book::{BookL2, BookL3};
use crate::error::{code, FeatcError};
use crate::ffi::RunCounts;
use crate::kernel::Kernel;
use crate::log::{LogReader, BOOK_L2, BOOK_L3};
use emitter::Emitter;

pub struct RunRequest {
    /// One symbol's day files, in time order: one stream (docs/language.md section 4.1).
    pub paths: Vec<PathBuf>,
    /// Count and skip book faults instead of failing.
    pub lenient: bool,
    /// Rows per batch handed to the sink (0 means 8192).
    pub batch_rows: usize,
    /// Keep only rows whose trigger time is in `[emit_from_ns, emit_to_ns)`.
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
    /// Start the first file from a book snapshot that leaves this much history before
    /// `emit_from_ns` (docs/language.md section 4.2); `None` replays it from its first record.
    pub warm_start: Option<WarmUp>,
    /// The most time bars one gap between packets may close (`--max-gap-bars`, docs/language.md
    /// section 8): a packet that would close more stops the run with `GAP_TOO_LONG`, before any
    /// of them is emitted. At least 1.
    pub max_gap_bars: u64,
}

/// `--max-gap-bars` when not given: a whole day of 100 ms bars (864,000) fits; docs/language.md
/// section 8 gives the reasoning.
pub const DEFAULT_MAX_GAP_BARS: u64 = 1_000_000;

/// The history a warm start must replay before the first row it may emit: at least `ns` of
/// exchange time and at least `events` packets (the compiler's warm-up horizon).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarmUp {
    pub ns: i64,
    pub events: u64,
}

impl RunRequest {
    /// One log, every row, strict, 8192 rows per batch.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self::stream(vec![path.into()])
    }

    /// Day files of one symbol as one stream, every row, strict, 8192 rows per batch.
    pub fn stream(paths: Vec<PathBuf>) -> Self {
        RunRequest {
            paths,
            lenient: false,
            batch_rows: 8192,
            emit_from_ns: i64::MIN,
            emit_to_ns: i64::MAX,
            warm_start: None,
            max_gap_bars: DEFAULT_MAX_GAP_BARS,
        }
    }
}

/// Where rows, finished files and progress go. Returning false cancels the run (error `CANCELLED`).
pub trait RunSink {
    /// Rows of file `file` (an index into `RunRequest::paths`); files' rows arrive in file order.
    fn batch(&mut self, file: usize, b: &RowBatch) -> bool;
    /// File `file` gets no more rows; called once per file, in order.
    fn file_done(&mut self, file: usize, report: &FileReport) -> bool;
    fn progress(&mut self, done: u64, total: u64) -> bool;
}

pub use crate::kernel::RowBatch;

/// How a file's replay began (docs/language.md section 4.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StreamStart {
    /// The first file of the run: nothing before it.
    #[default]
    First,
    /// The previous file's book and every operator's state carried into it.
    Continued,
    /// It does not continue the previous file: state was reset before it.
    Reset(ResetReason),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetReason {
    /// Its book kind (L3, L2) differs from the previous file's.
    BookKind,
    /// Its price or size decimals differ from the previous file's.
    Decimals,
    /// Its trading date is not the day after the previous file's.
    MissingDay,
    /// The book it starts from is not the book the previous file closed with.
    Book,
}

impl StreamStart {
    /// The code the C ABI carries (`FfiFileReport::start`).
    pub fn code(self) -> u32 {
        match self {
            StreamStart::First => 0,
            StreamStart::Continued => 1,
            StreamStart::Reset(ResetReason::BookKind) => 2,
            StreamStart::Reset(ResetReason::Decimals) => 3,
            StreamStart::Reset(ResetReason::MissingDay) => 4,
            StreamStart::Reset(ResetReason::Book) => 5,
        }
    }

    pub fn from_code(code: u32) -> Option<StreamStart> {
        Some(match code {
            0 => StreamStart::First,
            1 => StreamStart::Continued,
            2 => StreamStart::Reset(ResetReason::BookKind),
            3 => StreamStart::Reset(ResetReason::Decimals),
            4 => StreamStart::Reset(ResetReason::MissingDay),
            5 => StreamStart::Reset(ResetReason::Book),
            _ => return None,
        })
    }
}

/// Where a warm start began: the snapshot's time and the first record replayed after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WarmStart {
    pub as_of_ts: i64,
    pub record: u64,
}

/// What the run did with one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// `records`: records read (from the warm start's snapshot on); `rows`: rows routed to the file.
    pub counts: RunCounts,
    pub start: StreamStart,
    /// Records skipped under `lenient`, by error code.
    pub skipped_by_reason: Vec<(&'static str, u64)>,
    pub warm_start: Option<WarmStart>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// The counts over every file, as the C ABI carries them to the host (`skipped`: records
    /// skipped under `lenient`, in total).
    pub counts: RunCounts,
    /// Records skipped under `lenient`, by error code, over every file.
    pub skipped_by_reason: Vec<(&'static str, u64)>,
    /// One report per file, in request order.
    pub files: Vec<FileReport>,
}

/// Progress is reported every this many records: often enough that a host's stop (a signal,
/// a failed job) is seen within milliseconds, as the host answers it by returning false.
const PROGRESS_EVERY: u64 = 1 << 16;

/// Records done over the whole stream, for the sink's progress calls.
struct Progress {
    done: u64,
    total: u64,
}

fn cancelled() -> FeatcError {
    FeatcError::new(code::CANCELLED, "the run was cancelled")
}

/// Replays the logs of `req` through `K` as one stream. Each segment (the files from the first
/// or from a reset on) runs in the book its first header names, in its own monomorphised loop.
pub fn run_log<K: Kernel>(req: &RunRequest, sink: &mut dyn RunSink) -> Result<RunSummary, FeatcError> {
    if req.paths.is_empty() {
        return Err(FeatcError::new(code::BAD_ARGUMENT, "a run needs at least one log"));
    }
    if req.max_gap_bars == 0 {
        return Err(FeatcError::new(code::BAD_ARGUMENT, "--max-gap-bars must be at least 1"));
    }
    let logs = req.paths.iter().map(LogReader::open).collect::<Result<Vec<_>, _>>()?;
    for pair in logs.windows(2) {
        let (prev, next) = (pair[0].header(), pair[1].header());
        if prev.record_count > 0 && next.record_count > 0 && next.first_ts < prev.last_ts {
            return Err(FeatcError::new(
                code::Q_TIME_ORDER,
                format!(
                    "{}: record 0 (byte {}): the log starts at {} before its predecessor {} ends at {}: the logs overlap",
                    pair[1].name(),
                    LogReader::record_offset(0),
                    next.first_ts,
                    pair[0].name(),
                    prev.last_ts
                ),
            ));
        }
    }
    let batch_rows = if req.batch_rows == 0 { 8192 } else { req.batch_rows };
    let mut out = Emitter::new::<K>(sink, logs.len(), batch_rows, req.emit_from_ns, req.emit_to_ns);
    let mut progress = Progress { done: 0, total: logs.iter().map(|l| l.len()).sum() };
    let (mut next, mut start) = (0usize, StreamStart::First);
    while next < logs.len() {
        let reset = match logs[next].header().book_kind {
            BOOK_L3 => replay::segment::<K, BookL3>(&logs, next, start, req, &mut out, &mut progress)?,
            BOOK_L2 => replay::segment::<K, BookL2>(&logs, next, start, req, &mut out, &mut progress)?,
            other => {
                return Err(FeatcError::new(
                    code::Q_UNSUPPORTED_BOOK,
                    format!("{}: book kind {other} cannot be replayed by this build (1 L3, 2 L2)", logs[next].name()),
                ))
            }
        };
        match reset {
            Some((file, reason)) => {
                next = file;
                start = StreamStart::Reset(reason);
            }
            None => break,
        }
    }
    out.finish_files()?;
    if !out.sink.progress(progress.total, progress.total) {
        return Err(cancelled());
    }
    let mut summary = RunSummary { files: out.files.clone(), ..RunSummary::default() };
    for file in &summary.files {
        let c = &file.counts;
        summary.counts.records += c.records;
        summary.counts.packets += c.packets;
        summary.counts.rows += c.rows;
        summary.counts.skipped += c.skipped;
        for &(reason, n) in &file.skipped_by_reason {
            match summary.skipped_by_reason.iter_mut().find(|(c, _)| *c == reason) {
                Some((_, total)) => *total += n,
                None => summary.skipped_by_reason.push((reason, n)),
            }
        }
    }
    let spans: Vec<&RunCounts> = summary.files.iter().map(|f| &f.counts).filter(|c| c.records > 0).collect();
    summary.counts.first_ts = spans.first().map_or(0, |c| c.first_ts);
    summary.counts.last_ts = spans.last().map_or(0, |c| c.last_ts);
    Ok(summary)
}
