//! One extraction job: a kernel library's run over one symbol's day files as one stream
//! (docs/language.md section 4.1), each file's rows streamed into its own Parquet file. The
//! kernel owns the hot loop; this module owns the callbacks it calls and the output files' fate:
//! each is committed once the kernel reports its file done, and the one being written is removed
//! on any failure (files committed before stay: they are complete).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use featc_core::book::BOOK_FAULT_CODES;
use featc_core::driver::{StreamStart, WarmStart, WarmUp};
use featc_core::ffi::{FfiFileReport, FfiHost, FfiSink, RunCounts};

use crate::arrow_batch::ColumnSlice;
use crate::host_error::{codes, HostError};
use crate::kernel_library::{KernelLibrary, RunRequest};
use crate::panic_guard::guard;
use crate::parquet_sink::{ParquetSink, SinkOptions};
use crate::progress::ProgressMeter;
use crate::provenance::{footer_metadata, run_metadata, source_records_text, stream_metadata};
use featc_core::log::LogHeader;

/// Rows per batch the kernel hands over (docs/architecture.md section 2).
pub const BATCH_ROWS: u64 = 8192;

/// What every job of one request shares.
pub struct JobSettings {
    pub sink: SinkOptions,
    pub lenient: bool,
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
    /// Warm-start the first file of each stream (docs/language.md section 4.2).
    pub warm_up: Option<WarmUp>,
    /// The most time bars one gap may close (`--max-gap-bars`), >= 1.
    pub max_gap_bars: u64,
    /// The most records of one file a lenient run may skip.
    pub max_faults: Option<MaxFaults>,
    /// Extra footer key-values from the caller (`featc.version` among them).
    pub metadata: BTreeMap<String, String>,
}

/// How many skipped records make a file too damaged to write (`--max-faults N` or `P%`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MaxFaults {
    Count(u64),
    /// A fraction of the file's records replayed, 0..=1.
    Fraction(f64),
}

impl MaxFaults {
    pub fn exceeded(self, skipped: u64, records: u64) -> bool {
        match self {
            MaxFaults::Count(n) => skipped > n,
            MaxFaults::Fraction(f) => skipped as f64 > f * records as f64,
        }
    }
}

/// One day file of a stream and the Parquet file its rows go to.
pub struct FileSpec {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Columns of one value for the whole file, after the kernel's (`symbol`, `date`).
    pub partitions: Vec<(String, String)>,
}

/// One job: a symbol's day files, in time order.
pub struct JobSpec {
    pub files: Vec<FileSpec>,
}

/// What the job did with one file.
#[derive(Clone, Debug)]
pub struct FileOutcome {
    pub counts: RunCounts,
    pub start: StreamStart,
    pub warm_start: Option<WarmStart>,
    /// Records skipped under `lenient`, by error code.
    pub skipped_by_reason: Vec<(&'static str, u64)>,
    /// Wall time from the previous file's end (or the job's start) to this file's commit.
    pub seconds: f64,
}

/// Shared by the callbacks of one run, behind `FfiSink::ctx`.
struct SinkContext<'a> {
    job: &'a JobSpec,
    settings: &'a JobSettings,
    library: &'a KernelLibrary,
    /// The output being written: the file of the last batch, not yet done.
    open: Option<(usize, ParquetSink)>,
    outcomes: Vec<FileOutcome>,
    /// The first failure on the host side; the kernel then sees a cancel.
    failure: Option<HostError>,
    job_index: usize,
    progress: &'a ProgressMeter,
    cancel: &'a AtomicBool,
    last_done: Instant,
}

/// `e`, naming `input` unless the message already starts with its full path.
fn naming(input: &Path, e: HostError) -> HostError {
    let text = input.display().to_string();
    if e.message.starts_with(&text) {
        e
    } else {
        e.context(&text)
    }
}

pub fn run_job(
    library: &KernelLibrary,
    job_index: usize,
    job: &JobSpec,
    settings: &JobSettings,
    progress: &ProgressMeter,
    cancel: &AtomicBool,
) -> Result<Vec<FileOutcome>, HostError> {
    let Some(first) = job.files.first() else {
        return Err(HostError::new(codes::BAD_ARGUMENT, "a job needs at least one file"));
    };
    if featc_core::interrupt::requested() {
        return Err(naming(&first.input, HostError::new(codes::INTERRUPTED, "interrupted")));
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(naming(
            &first.input,
            HostError::new(codes::CANCELLED, "not run: another job of this extraction failed"),
        ));
    }
    let mut context = SinkContext {
        job,
        settings,
        library,
        open: None,
        outcomes: Vec::with_capacity(job.files.len()),
        failure: None,
        job_index,
        progress,
        cancel,
        last_done: Instant::now(),
    };
    let ffi_sink = FfiSink::for_host(&mut context);
    let inputs: Vec<&Path> = job.files.iter().map(|f| f.input.as_path()).collect();
    let request = RunRequest {
        log_paths: &inputs,
        lenient: settings.lenient,
        batch_rows: BATCH_ROWS,
        emit_from_ns: settings.emit_from_ns,
        emit_to_ns: settings.emit_to_ns,
        warm_up: settings.warm_up,
        max_gap_bars: settings.max_gap_bars,
    };
    let outcome = library.run(&request, &ffi_sink).map_err(|e| naming(&first.input, e))?;
    // The host's own failure is the cause; the kernel only reports the cancel it provoked.
    if let Some(failure) = context.failure.take().or(outcome.error) {
        // A kernel error names its file already; a host error is named by the file being written.
        let at = context.open.as_ref().map_or(context.outcomes.len(), |(file, _)| *file).min(job.files.len() - 1);
        return Err(naming(&job.files[at].input, failure));
    }
    if context.outcomes.len() != job.files.len() {
        return Err(naming(
            &first.input,
            HostError::new(
                codes::KERNEL_RUN,
                format!("the kernel reported {} of {} files done", context.outcomes.len(), job.files.len()),
            ),
        ));
    }
    let rows: u64 = context.outcomes.iter().map(|o| o.counts.rows).sum();
    if rows != outcome.counts.rows {
        return Err(naming(
            &first.input,
            HostError::new(
                codes::KERNEL_RUN,
                format!("the kernel reported {} rows in all but {rows} file by file", outcome.counts.rows),
            ),
        ));
    }
    let records = context.outcomes.iter().map(|o| o.counts.records).sum();
    progress.job_finished(job_index, records);
    Ok(context.outcomes)
}

impl SinkContext<'_> {
    /// Whether the run must stop: a failure here, another job's, or a stop asked of the process
    /// (featc_core::interrupt; the kernel library has its own copy of that flag, never set, so
    /// the host answers for it), which becomes this job's failure.
    fn stopped(&mut self) -> bool {
        if self.failure.is_none() && featc_core::interrupt::requested() {
            self.failure = Some(HostError::new(codes::INTERRUPTED, "interrupted"));
        }
        self.failure.is_some() || self.cancel.load(Ordering::Relaxed)
    }

    /// The sink of `file`, created when its first rows (or its end) arrive. Files arrive in
    /// order, and a file is done before the next one's rows, so one file is open at a time.
    fn sink_for(&mut self, file: usize) -> Result<&mut ParquetSink, HostError> {
        if file >= self.job.files.len() || file < self.outcomes.len() {
            return Err(HostError::new(codes::KERNEL_RUN, format!("kernel handed rows for file {file} out of order")));
        }
        if self.open.as_ref().is_some_and(|(open, _)| *open != file) {
            return Err(HostError::new(codes::KERNEL_RUN, "kernel started a file before the previous one was done"));
        }
        if self.open.is_none() {
            let spec = &self.job.files[file];
            let sink =
                ParquetSink::create(&spec.output, &self.library.meta().columns, &spec.partitions, &self.settings.sink)
                    .map_err(|e| naming(&spec.input, e))?;
            self.open = Some((file, sink));
        }
        Ok(&mut self.open.as_mut().expect("opened above").1)
    }

    fn finish_file(&mut self, file: usize, report: &FfiFileReport) -> Result<(), HostError> {
        let start = StreamStart::from_code(report.start)
            .ok_or_else(|| HostError::new(codes::KERNEL_RUN, format!("unknown stream start code {}", report.start)))?;
        self.sink_for(file)?;
        let (_, sink) = self.open.take().expect("opened by sink_for");
        let counts = report.counts;
        if sink.rows() != counts.rows {
            return Err(HostError::new(
                codes::KERNEL_RUN,
                format!("the kernel reported {} rows but handed over {}", counts.rows, sink.rows()),
            ));
        }
        let spec = &self.job.files[file];
        let skipped_by_reason: Vec<(&'static str, u64)> = BOOK_FAULT_CODES
            .iter()
            .zip(report.skipped_by_reason)
            .filter(|(_, n)| *n > 0)
            .map(|(code, n)| (*code, n))
            .collect();
        if let Some(max) = self.settings.max_faults.filter(|m| m.exceeded(counts.skipped, counts.records)) {
            let share = if counts.records > 0 { 100.0 * counts.skipped as f64 / counts.records as f64 } else { 0.0 };
            let limit = match max {
                MaxFaults::Count(n) => n.to_string(),
                MaxFaults::Fraction(f) => format!("{}%", f * 100.0),
            };
            let reasons: Vec<String> = skipped_by_reason.iter().map(|(c, n)| format!("{c} {n}")).collect();
            return Err(HostError::new(
                codes::TOO_MANY_FAULTS,
                format!(
                    "{}: {} of {} records skipped ({share:.2} %: {}), more than --max-faults {limit}; no output written",
                    spec.input.display(),
                    counts.skipped,
                    counts.records,
                    reasons.join(", ")
                ),
            ));
        }
        let warm_start = (report.warm_started != 0)
            .then_some(WarmStart { as_of_ts: report.warm_as_of_ts, record: report.warm_record });
        let previous = file.checked_sub(1).map(|p| self.job.files[p].input.as_path());
        let mut metadata =
            footer_metadata(&self.settings.metadata, self.library.meta(), path_text(&spec.input), &counts);
        // The header was checked when the kernel opened the log; it is read again only for its hash.
        let source_hash = LogHeader::peek(&spec.input).and_then(|h| h.records_sha256_hex());
        metadata.insert("featc.source_records_sha256".into(), source_records_text(source_hash));
        metadata.extend(stream_metadata(start, previous, self.settings.warm_up.filter(|_| file == 0), warm_start));
        metadata.extend(run_metadata(
            self.settings.emit_from_ns,
            self.settings.emit_to_ns,
            self.settings.sink.timestamps,
            &skipped_by_reason,
        ));
        sink.finish(metadata).map_err(|e| e.context(spec.output.display()))?;
        let now = Instant::now();
        self.outcomes.push(FileOutcome {
            counts,
            start,
            warm_start,
            skipped_by_reason,
            seconds: now.duration_since(self.last_done).as_secs_f64(),
        });
        self.last_done = now;
        Ok(())
    }
}

fn path_text(path: &Path) -> &str {
    // Request paths arrive from JavaScript as strings, so they are always UTF-8.
    path.to_str().unwrap_or_default()
}

impl FfiHost for SinkContext<'_> {
    fn batch(
        &mut self,
        file: u32,
        rows: u64,
        columns: u32,
        values: *const *const u64,
        valid: *const *const u8,
    ) -> bool {
        if self.stopped() {
            return false;
        }
        let written = guard(|| {
            let sink = self.sink_for(file as usize)?;
            let expected = sink.columns();
            if columns as usize != expected || values.is_null() || valid.is_null() {
                return Err(HostError::new(
                    codes::KERNEL_RUN,
                    format!("kernel handed a batch of {columns} columns, its meta declares {expected}"),
                ));
            }
            let rows = rows as usize;
            // SAFETY: ffi.rs: `values[c]` and `valid[c]` point at `rows` elements for each of
            // the `columns` columns, valid until the callback returns.
            let slices: Vec<ColumnSlice<'_>> = (0..expected)
                .map(|c| unsafe {
                    ColumnSlice { values: column_slice(*values.add(c), rows), valid: column_slice(*valid.add(c), rows) }
                })
                .collect();
            sink.write(&slices)
        });
        self.record(written)
    }

    fn file_done(&mut self, file: u32, report: &FfiFileReport) -> bool {
        if self.stopped() {
            return false;
        }
        let finished = guard(|| self.finish_file(file as usize, report));
        self.record(finished)
    }

    fn progress(&mut self, records_done: u64, records_total: u64) -> bool {
        if self.stopped() {
            return false;
        }
        let advanced = guard(|| {
            self.progress.job_advanced(self.job_index, records_done, records_total);
            Ok(())
        });
        self.record(advanced)
    }
}

impl SinkContext<'_> {
    /// Whether a callback's work went well; its failure is kept, to cancel the run with.
    fn record(&mut self, outcome: Result<(), HostError>) -> bool {
        match outcome {
            Ok(()) => true,
            Err(e) => {
                self.failure = Some(e);
                false
            }
        }
    }
}

/// # Safety
/// `ptr` points at `len` initialised elements (or `len` is 0).
unsafe fn column_slice<'a, T>(ptr: *const T, len: usize) -> &'a [T] {
    if len == 0 || ptr.is_null() {
        &[]
    } else {
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}
