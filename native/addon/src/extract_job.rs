//! One extraction job: a kernel library's run over one `.q` log, its batches streamed into
//! one Parquet file. The kernel owns the hot loop; this module owns the callbacks it calls
//! and the output file's fate (committed on success, removed on any failure).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use featc_core::ffi::{FfiHost, FfiSink, RunCounts};

use crate::arrow_batch::ColumnSlice;
use crate::host_error::{codes, HostError};
use crate::kernel_library::{KernelLibrary, RunRequest};
use crate::panic_guard::guard;
use crate::parquet_sink::{ParquetSink, SinkOptions};
use crate::progress::ProgressMeter;
use crate::provenance::footer_metadata;

/// Rows per batch the kernel hands over (docs/architecture.md section 2).
pub const BATCH_ROWS: u64 = 8192;

/// What every job of one request shares.
pub struct JobSettings {
    pub sink: SinkOptions,
    pub lenient: bool,
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
    /// Extra footer key-values from the caller (`featc.version` among them).
    pub metadata: BTreeMap<String, String>,
}

pub struct JobSpec {
    pub input: PathBuf,
    pub output: PathBuf,
}

#[derive(Clone, Debug)]
pub struct JobReport {
    pub counts: RunCounts,
    pub seconds: f64,
}

/// Shared by the callbacks of one run, behind `FfiSink::ctx`.
struct SinkContext<'a> {
    sink: ParquetSink,
    /// The first failure on the host side; the kernel then sees a cancel.
    failure: Option<HostError>,
    job: usize,
    progress: &'a ProgressMeter,
    cancel: &'a AtomicBool,
}

pub fn run_job(
    library: &KernelLibrary,
    job_index: usize,
    job: &JobSpec,
    settings: &JobSettings,
    progress: &ProgressMeter,
    cancel: &AtomicBool,
) -> Result<JobReport, HostError> {
    let started = Instant::now();
    let input_text = job.input.display().to_string();
    // Name the input in every error, unless the message already starts with its full path.
    let in_place = |e: HostError| {
        if e.message.starts_with(&input_text) {
            e
        } else {
            e.context(&input_text)
        }
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(in_place(HostError::new(codes::CANCELLED, "not run: another job of this extraction failed")));
    }
    let sink = ParquetSink::create(&job.output, &library.meta().columns, &settings.sink).map_err(in_place)?;
    let mut context = SinkContext { sink, failure: None, job: job_index, progress, cancel };
    let ffi_sink = FfiSink::for_host(&mut context);
    let request = RunRequest {
        log_path: &job.input,
        lenient: settings.lenient,
        batch_rows: BATCH_ROWS,
        emit_from_ns: settings.emit_from_ns,
        emit_to_ns: settings.emit_to_ns,
    };
    let outcome = library.run(&request, &ffi_sink).map_err(in_place)?;
    // The host's own failure is the cause; the kernel only reports the cancel it provoked.
    if let Some(failure) = context.failure.take().or(outcome.error) {
        return Err(in_place(failure));
    }
    // A run that finished is complete even if another job failed meanwhile: commit it.
    let counts = outcome.counts;
    let rows = context.sink.rows();
    if rows != counts.rows {
        return Err(in_place(HostError::new(
            codes::KERNEL_RUN,
            format!("the kernel reported {} rows but handed over {rows}", counts.rows),
        )));
    }
    let metadata = footer_metadata(&settings.metadata, library.meta(), path_text(&job.input), &counts);
    context.sink.finish(metadata).map_err(|e| e.context(job.output.display())).map_err(in_place)?;
    progress.job_finished(job_index, counts.records);
    Ok(JobReport { counts, seconds: started.elapsed().as_secs_f64() })
}

fn path_text(path: &Path) -> &str {
    // Request paths arrive from JavaScript as strings, so they are always UTF-8.
    path.to_str().unwrap_or_default()
}

impl FfiHost for SinkContext<'_> {
    fn batch(&mut self, rows: u64, columns: u32, values: *const *const u64, valid: *const *const u8) -> bool {
        if self.failure.is_some() || self.cancel.load(Ordering::Relaxed) {
            return false;
        }
        let written = guard(|| {
            let expected = self.sink.columns();
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
            self.sink.write(&slices)
        });
        self.record(written)
    }

    fn progress(&mut self, records_done: u64, records_total: u64) -> bool {
        if self.failure.is_some() || self.cancel.load(Ordering::Relaxed) {
            return false;
        }
        let advanced = guard(|| {
            self.progress.job_advanced(self.job, records_done, records_total);
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
