//! `extract(request, onProgress?)`: the request is checked on the JavaScript thread, then the
//! whole extraction runs as an `AsyncTask` on the libuv pool (and from there on its own
//! rayon pool), so the event loop never waits on it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, BigInt};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status, Task};
use napi_derive::napi;

use featc_core::driver::{ResetReason, StreamStart, WarmUp, DEFAULT_MAX_GAP_BARS};

use crate::arrow_batch::TimestampUnit;
use crate::extract_job::{FileOutcome, FileSpec, JobSettings, JobSpec, MaxFaults};
use crate::extraction::{run_extraction, ExtractionPlan};
use crate::host_error::{codes, HostError};
use crate::panic_guard::guard;
use crate::parquet_sink::{Codec, SinkOptions};
use crate::progress::{ProgressSnapshot, ReportFn};
use crate::provenance::created_by;

/// One symbol's day files, in time order: replayed as one stream (docs/language.md section 4.1).
#[napi(object)]
pub struct ExtractStream {
    pub files: Vec<ExtractJob>,
}

#[napi(object)]
pub struct ExtractJob {
    /// The `.q` log to read.
    pub input: String,
    /// The `.parquet` file to write (parent directories are created).
    pub output: String,
    /// The values of the file's `symbol` and `date` columns (written after the kernel's
    /// columns, dictionary-encoded strings); absent: no such column.
    pub symbol: Option<String>,
    pub date: Option<String>,
}

/// The settings have no defaults here: runtime/native/binding.ts fills the request from the
/// one table of extraction defaults (runtime/batch/extractOptions.ts).
#[napi(object)]
pub struct ExtractRequest {
    /// Path of the kernel library `featc build` made for the spec.
    pub kernel_path: String,
    /// One job per stream; the streams run in parallel, each stream's files in order.
    pub streams: Vec<ExtractStream>,
    #[napi(ts_type = "'zstd' | 'snappy' | 'none'")]
    pub compression: String,
    /// Rows per Parquet row group, at least 1.
    pub row_group_rows: u32,
    /// Count and skip book faults instead of failing.
    pub lenient: bool,
    /// Worker threads, at most 1024; 0: one per core.
    pub threads: u32,
    /// Emit only rows whose trigger time is in `[emitFromNs, emitToNs)`.
    pub emit_from_ns: Option<BigInt>,
    pub emit_to_ns: Option<BigInt>,
    /// Warm-start the first file of each stream from the last book snapshot that leaves this
    /// much history (ns of exchange time, and packets) before `emitFromNs`; absent: replay it
    /// from its first record (docs/language.md section 4.2).
    pub warm_up_ns: Option<BigInt>,
    pub warm_up_events: Option<f64>,
    /// The most time bars one gap between packets may close (`--max-gap-bars`, docs/language.md
    /// section 8), a whole number from 1 to 2^53 - 1; absent: 1,000,000.
    pub max_gap_bars: Option<f64>,
    /// Timestamp columns in `ns` (default) or `us` (floored; for readers without nanoseconds).
    #[napi(ts_type = "'ns' | 'us'")]
    pub timestamps: Option<String>,
    /// A lenient run fails a file that skips more than this many records, or more than this
    /// fraction (0..1) of the records it replays; at most one of the two.
    pub max_faults_count: Option<f64>,
    pub max_faults_fraction: Option<f64>,
    /// Extra footer key-values (`featc.version` among them).
    pub metadata: Option<HashMap<String, String>>,
}

#[napi(object)]
pub struct ExtractProgress {
    pub records_done: f64,
    pub records_total: f64,
    pub jobs_done: u32,
    pub jobs_total: u32,
}

/// What one job did: the run's counts (featc-core's `RunCounts`) and its time.
#[napi(object)]
pub struct ExtractResult {
    pub input: String,
    pub output: String,
    /// Records read.
    pub records: f64,
    pub packets: f64,
    /// Rows written.
    pub rows: f64,
    /// Exchange time of the log's first and last record (0 for an empty log).
    pub first_ts: BigInt,
    pub last_ts: BigInt,
    /// Book faults skipped under `lenient`.
    pub skipped: f64,
    /// Wall time of the file.
    pub seconds: f64,
    /// How the file's replay began (docs/language.md section 4.1).
    #[napi(ts_type = "'first' | 'continued' | 'reset'")]
    pub start: String,
    /// Why state was reset before it, when `start` is `reset`.
    #[napi(ts_type = "'book_kind' | 'decimals' | 'missing_day' | 'book'")]
    pub reset_reason: Option<String>,
    /// A warm start: the snapshot's time and the first record replayed after it.
    pub warm_start_ts: Option<BigInt>,
    pub warm_start_record: Option<f64>,
    /// Records skipped under `lenient`, by error code (absent codes: none).
    pub skipped_by_reason: HashMap<String, f64>,
}

/// Called with `(progress)`, not node's `(err, value)`: a progress report has no error.
pub type ProgressCallback = ThreadsafeFunction<ExtractProgress, (), ExtractProgress, Status, false>;

pub struct ExtractTask {
    plan: ExtractionPlan,
    on_progress: Option<Arc<ProgressCallback>>,
    /// `(input, output)` of each job, for the results.
    names: Vec<(String, String)>,
}

impl Task for ExtractTask {
    type Output = Result<Vec<Vec<FileOutcome>>, HostError>;
    type JsValue = Vec<ExtractResult>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let report: Option<ReportFn> = self.on_progress.take().map(|callback| {
            Box::new(move |s: ProgressSnapshot| {
                // NonBlocking: the queue is unbounded, and a worker must never wait on the
                // event loop. A closing environment just drops the report.
                callback.call(to_js_progress(s), ThreadsafeFunctionCallMode::NonBlocking);
            }) as ReportFn
        });
        let plan = &self.plan;
        Ok(guard(|| run_extraction(plan, report)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        match output {
            Ok(reports) => Ok(self
                .names
                .iter()
                .zip(reports.into_iter().flatten())
                .map(|(names, r)| to_js_result(names, r))
                .collect()),
            Err(e) => Err(e.into_js(&env)),
        }
    }
}

/// Run the jobs of `request`; resolves with one result per job, in order. Rejects with the
/// first failing job's error (its `code` the featc error code); that job leaves no output.
#[napi(
    ts_args_type = "request: ExtractRequest, onProgress?: (progress: ExtractProgress) => void",
    ts_return_type = "Promise<ExtractResult[]>"
)]
pub fn extract(
    env: Env,
    request: ExtractRequest,
    on_progress: Option<ProgressCallback>,
) -> napi::Result<AsyncTask<ExtractTask>> {
    let names: Vec<(String, String)> =
        request.streams.iter().flat_map(|s| &s.files).map(|j| (j.input.clone(), j.output.clone())).collect();
    let plan = guard(|| plan_of(request)).map_err(|e| e.into_js(&env))?;
    Ok(AsyncTask::new(ExtractTask { plan, on_progress: on_progress.map(Arc::new), names }))
}

fn plan_of(request: ExtractRequest) -> Result<ExtractionPlan, HostError> {
    let codec = Codec::parse(&request.compression)?;
    let row_group_rows = request.row_group_rows;
    if row_group_rows == 0 {
        return Err(HostError::new(codes::BAD_ARGUMENT, "rowGroupRows must be at least 1"));
    }
    // Each is a thread of its own, started at once: more than a machine has cores only costs.
    if request.threads > MAX_THREADS {
        return Err(HostError::new(
            codes::BAD_ARGUMENT,
            format!("threads must be a whole number from 0 to {MAX_THREADS}, got {}", request.threads),
        ));
    }
    // Jobs of one process share the temp name `<output>.tmp-<pid>`, and two jobs writing one
    // file would overwrite each other anyway.
    let mut outputs = std::collections::HashSet::new();
    if let Some(empty) = request.streams.iter().position(|s| s.files.is_empty()) {
        return Err(HostError::new(codes::BAD_ARGUMENT, format!("stream {empty} has no files")));
    }
    if let Some(twice) = request.streams.iter().flat_map(|s| &s.files).find(|j| !outputs.insert(j.output.as_str())) {
        return Err(HostError::new(codes::BAD_ARGUMENT, format!("two jobs write the same output {}", twice.output)));
    }
    let mut metadata: BTreeMap<String, String> = request.metadata.unwrap_or_default().into_iter().collect();
    let version = metadata.entry("featc.version".to_string()).or_insert_with(|| env!("CARGO_PKG_VERSION").to_string());
    let created_by = created_by(version);
    let background = encoder_threads_fit(request.threads as usize, request.streams.len());
    Ok(ExtractionPlan {
        kernel_path: request.kernel_path,
        jobs: request
            .streams
            .into_iter()
            .map(|s| JobSpec {
                files: s
                    .files
                    .into_iter()
                    .map(|j| FileSpec {
                        input: PathBuf::from(j.input),
                        output: PathBuf::from(j.output),
                        partitions: [("symbol", j.symbol), ("date", j.date)]
                            .into_iter()
                            .filter_map(|(name, value)| value.map(|v| (name.to_string(), v)))
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        settings: JobSettings {
            sink: SinkOptions {
                codec,
                row_group_rows: row_group_rows as usize,
                created_by,
                background,
                timestamps: match request.timestamps.as_deref() {
                    None | Some("ns") => TimestampUnit::Nanos,
                    Some("us") => TimestampUnit::Micros,
                    Some(other) => {
                        return Err(HostError::new(
                            codes::BAD_ARGUMENT,
                            format!("timestamps \"{other}\" is not one of ns, us"),
                        ))
                    }
                },
            },
            lenient: request.lenient,
            emit_from_ns: exact_i64(request.emit_from_ns, "emitFromNs")?.unwrap_or(i64::MIN),
            emit_to_ns: exact_i64(request.emit_to_ns, "emitToNs")?.unwrap_or(i64::MAX),
            warm_up: warm_up(request.warm_up_ns, request.warm_up_events)?,
            max_faults: max_faults(request.max_faults_count, request.max_faults_fraction)?,
            max_gap_bars: max_gap_bars(request.max_gap_bars)?,
            metadata,
        },
        threads: request.threads as usize,
    })
}

/// Whether each job can encode its Parquet on a thread of its own (`SinkOptions::background`):
/// when the jobs running at once (`threads`, 0 for one per core, and no more than there are
/// jobs) leave at least as many cores idle. Otherwise the encoders would only take turns with
/// the kernels on the same cores.
fn encoder_threads_fit(threads: usize, jobs: usize) -> bool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let running = if threads == 0 { cores } else { threads }.min(jobs.max(1));
    2 * running <= cores
}

fn exact_i64(value: Option<BigInt>, name: &str) -> Result<Option<i64>, HostError> {
    let Some(value) = value else { return Ok(None) };
    match value.get_i64() {
        (v, true) => Ok(Some(v)),
        _ => Err(HostError::new(codes::BAD_ARGUMENT, format!("{name} does not fit a signed 64-bit integer"))),
    }
}

fn warm_up(ns: Option<BigInt>, events: Option<f64>) -> Result<Option<WarmUp>, HostError> {
    let ns = exact_i64(ns, "warmUpNs")?;
    if ns.is_none() && events.is_none() {
        return Ok(None);
    }
    let ns = ns.unwrap_or(0);
    let events = events.unwrap_or(0.0);
    if ns < 0 || !(0.0..=9.007_199_254_740_991e15).contains(&events) || events.fract() != 0.0 {
        return Err(HostError::new(
            codes::BAD_ARGUMENT,
            format!("a warm-up takes ns >= 0 and a whole number of events >= 0, got {ns} ns and {events} events"),
        ));
    }
    Ok(Some(WarmUp { ns, events: events as u64 }))
}

/// The most worker threads a request may ask for (runtime/batch/extractOptions.ts, `MAX_THREADS`).
const MAX_THREADS: u32 = 1024;

fn max_gap_bars(value: Option<f64>) -> Result<u64, HostError> {
    match value {
        None => Ok(DEFAULT_MAX_GAP_BARS),
        Some(n) if (1.0..=9.007_199_254_740_991e15).contains(&n) && n.fract() == 0.0 => Ok(n as u64),
        Some(n) => Err(HostError::new(
            codes::BAD_ARGUMENT,
            format!("maxGapBars must be a whole number from 1 to 9007199254740991, got {n}"),
        )),
    }
}

fn max_faults(count: Option<f64>, fraction: Option<f64>) -> Result<Option<MaxFaults>, HostError> {
    let bad = |what: String| HostError::new(codes::BAD_ARGUMENT, what);
    match (count, fraction) {
        (None, None) => Ok(None),
        (Some(n), None) if n >= 0.0 && n.fract() == 0.0 && n <= 9.007_199_254_740_991e15 => {
            Ok(Some(MaxFaults::Count(n as u64)))
        }
        (None, Some(f)) if (0.0..=1.0).contains(&f) => Ok(Some(MaxFaults::Fraction(f))),
        (Some(_), Some(_)) => Err(bad("give maxFaultsCount or maxFaultsFraction, not both".to_string())),
        (Some(n), None) => Err(bad(format!("maxFaultsCount must be a whole number >= 0, got {n}"))),
        (None, Some(f)) => Err(bad(format!("maxFaultsFraction must be from 0 to 1, got {f}"))),
    }
}

fn to_js_progress(s: ProgressSnapshot) -> ExtractProgress {
    ExtractProgress {
        records_done: s.records_done as f64,
        records_total: s.records_total as f64,
        jobs_done: s.jobs_done as u32,
        jobs_total: s.jobs_total as u32,
    }
}

fn to_js_result((input, output): &(String, String), r: FileOutcome) -> ExtractResult {
    let c = r.counts;
    ExtractResult {
        input: input.clone(),
        output: output.clone(),
        records: c.records as f64,
        packets: c.packets as f64,
        rows: c.rows as f64,
        first_ts: BigInt::from(c.first_ts),
        last_ts: BigInt::from(c.last_ts),
        skipped: c.skipped as f64,
        seconds: r.seconds,
        start: match r.start {
            StreamStart::First => "first",
            StreamStart::Continued => "continued",
            StreamStart::Reset(_) => "reset",
        }
        .to_string(),
        reset_reason: match r.start {
            StreamStart::Reset(reason) => Some(
                match reason {
                    ResetReason::BookKind => "book_kind",
                    ResetReason::Decimals => "decimals",
                    ResetReason::MissingDay => "missing_day",
                    ResetReason::Book => "book",
                }
                .to_string(),
            ),
            _ => None,
        },
        warm_start_ts: r.warm_start.map(|w| BigInt::from(w.as_of_ts)),
        warm_start_record: r.warm_start.map(|w| w.record as f64),
        skipped_by_reason: r.skipped_by_reason.iter().map(|(c, n)| (c.to_string(), *n as f64)).collect(),
    }
}
