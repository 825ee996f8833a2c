//! What the import calls share: the JS shapes of their reports (featc-import's `ImportReport`
//! for `importDbn` and `importItch`, the files and counts of every importer), `run_import`,
//! the plumbing of one call, and `import_fn!`, which declares an importer's napi function.

use featc_core::import::text::Progress;
use featc_import::outputs::OutputFile;
use featc_import::report::ImportReport;
use napi::bindgen_prelude::{BigInt, Function};
use napi::Env;
use napi_derive::napi;

use crate::host_error::HostError;
use crate::panic_guard::guard;
use featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS;

#[napi(object)]
pub struct ImportedFile {
    pub path: String,
    pub symbol: String,
    pub date: String,
    pub records: f64,
    pub packets: f64,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
}

/// A count of input by reason (or by type, or by what was done to it).
#[napi(object)]
pub struct SkipCount {
    pub reason: String,
    pub count: f64,
}

#[napi(object)]
pub struct FeedImportSummary {
    pub files: Vec<ImportedFile>,
    /// Input records or messages by type.
    pub messages_by_type: Vec<SkipCount>,
    /// Input not written, by reason.
    pub skipped_by_reason: Vec<SkipCount>,
    /// Input written in a changed form, by what was done.
    pub adjusted: Vec<SkipCount>,
    /// Input not written because another input holds the same event.
    pub deduplicated: Vec<SkipCount>,
    /// Input written with a quality flag from the vendor's marks (docs/formats/q.md, "Flags").
    pub marked: Vec<SkipCount>,
    /// The counts written to each log's import report (docs/formats/q.md, "Import report").
    pub import_report: Vec<SkipCount>,
    pub bytes_in: f64,
    pub messages_in: f64,
}

/// Progress of an import: bytes of the input files on disk read so far, and their total
/// (Binance and Tardis read their inputs twice, so count them twice).
#[napi(object)]
pub struct ImportProgress {
    pub bytes_done: f64,
    pub bytes_total: f64,
}

pub fn imported_file(f: &OutputFile) -> ImportedFile {
    ImportedFile {
        path: f.path.to_string_lossy().into_owned(),
        symbol: f.symbol.clone(),
        date: f.date.clone(),
        records: f.records as f64,
        packets: f.packets as f64,
        first_ts: BigInt::from(f.first_ts),
        last_ts: BigInt::from(f.last_ts),
    }
}

/// A request's `snapshotEveryNs`: whole nanoseconds, 0 for none; absent, the default (10 minutes).
pub fn snapshot_every(ns: Option<f64>) -> Result<i64, HostError> {
    match ns {
        None => Ok(DEFAULT_SNAPSHOT_EVERY_NS),
        Some(v) => Ok(super::synthetic::whole_count(v, "snapshotEveryNs")? as i64),
    }
}

pub fn counts(v: &[(String, u64)]) -> Vec<SkipCount> {
    v.iter().map(|(reason, count)| SkipCount { reason: reason.clone(), count: *count as f64 }).collect()
}

impl From<ImportReport> for FeedImportSummary {
    fn from(r: ImportReport) -> Self {
        FeedImportSummary {
            files: r.files.iter().map(imported_file).collect(),
            messages_by_type: counts(&r.messages_by_type),
            skipped_by_reason: counts(&r.skipped_by_reason),
            adjusted: counts(&r.adjusted),
            deduplicated: counts(&r.deduplicated),
            marked: counts(&r.marked),
            import_report: counts(&r.log_counts()),
            bytes_in: r.bytes_in as f64,
            messages_in: r.messages_in as f64,
        }
    }
}

/// One import call: `body` runs the importer with the progress reporter importers take, which
/// hands `(bytes done, bytes total)` to `on_progress` on this (the JS) thread and ignores what
/// it throws (progress is a courtesy, not part of the import). A panic or an error leaves as a
/// JS error with its code.
pub fn run_import<T>(
    env: &Env,
    on_progress: Option<Function<'_, ImportProgress, ()>>,
    body: impl FnOnce(Progress<'_>) -> Result<T, HostError>,
) -> napi::Result<T> {
    guard(|| {
        let mut report = |done: u64, total: u64| {
            if let Some(f) = &on_progress {
                let _ = f.call(ImportProgress { bytes_done: done as f64, bytes_total: total as f64 });
            }
        };
        body(&mut report)
    })
    .map_err(|e| e.into_js(env))
}

/// Declares the napi function of one importer: `$name(env, opts: $opts, on_progress)` turns
/// `opts` into the importer's options (`TryFrom` failing with a `HostError`, or `From`), runs `$import`
/// under `run_import`, and turns its report into `$summary` (`From`). The `#[doc = "..."]`
/// lines before the name become the function's doc comment in the `.d.ts`; they are spelled as
/// attributes because napi-derive copies a `///` line that went through a macro as a raw string
/// (`r" ..."`) into the `.d.ts`.
macro_rules! import_fn {
    ($(#$attr:tt)* $name:ident($opts:ident) -> $summary:ident = $import:path) => {
        #[napi_derive::napi]
        $(#$attr)*
        pub fn $name(
            env: napi::Env,
            opts: $opts,
            on_progress: Option<napi::bindgen_prelude::Function<'_, $crate::api::import_report::ImportProgress, ()>>,
        ) -> napi::Result<$summary> {
            $crate::api::import_report::run_import(&env, on_progress, |progress| {
                let options = opts.try_into()?;
                Ok($summary::from($import(&options, progress)?))
            })
        }
    };
}
pub(crate) use import_fn;
