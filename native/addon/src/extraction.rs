//! Many jobs of one request on a rayon pool: one symbol's day files per job, each strictly
//! serial inside (one stream, docs/language.md section 4.1), the jobs in parallel. The first failing job cancels the
//! jobs still running or not yet started; outputs already committed stay, so a rerun can
//! skip them.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use featc_core::log::LogHeader;
use rayon::prelude::*;

use crate::extract_job::{run_job, FileOutcome, JobSettings, JobSpec};
use crate::host_error::{codes, HostError};
use crate::kernel_library::KernelLibrary;
use crate::panic_guard::guard;
use crate::progress::{ProgressMeter, ReportFn};

pub struct ExtractionPlan {
    pub kernel_path: String,
    pub jobs: Vec<JobSpec>,
    pub settings: JobSettings,
    /// 0: one thread per core.
    pub threads: usize,
}

/// Run every job; the reports come back in the order of `plan.jobs`, one per file.
pub fn run_extraction(plan: &ExtractionPlan, report: Option<ReportFn>) -> Result<Vec<Vec<FileOutcome>>, HostError> {
    let library = KernelLibrary::open(Path::new(&plan.kernel_path))?;
    // Headers give the progress bar its full length from the start; only the header is read
    // (a job opens and checks its logs itself), and a log whose header cannot be read counts 0
    // here and fails properly in its job.
    let totals: Vec<u64> = plan
        .jobs
        .iter()
        .map(|job| job.files.iter().map(|f| LogHeader::peek(&f.input).map_or(0, |h| h.record_count)).sum())
        .collect();
    let progress = ProgressMeter::new(&totals, report);
    let cancel = AtomicBool::new(false);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .thread_name(|i| format!("featc-extract-{i}"))
        .build()
        .map_err(|e| HostError::new(codes::INTERNAL, format!("cannot start the extraction threads: {e}")))?;
    let outcomes: Vec<Result<Vec<FileOutcome>, HostError>> = pool.install(|| {
        plan.jobs
            .par_iter()
            .enumerate()
            // One job per task: jobs differ in size by orders of magnitude, so let work
            // stealing balance them instead of rayon's even split of the list.
            .with_max_len(1)
            .map(|(index, job)| {
                let outcome = guard(|| run_job(&library, index, job, &plan.settings, &progress, &cancel));
                if outcome.is_err() {
                    cancel.store(true, Ordering::Relaxed);
                }
                outcome
            })
            .collect()
    });
    progress.report_final();
    first_cause(outcomes)
}

/// All reports, or the error that started the cancellation: the first failure in job order
/// that is not itself a `CANCELLED`.
fn first_cause<T>(outcomes: Vec<Result<T, HostError>>) -> Result<Vec<T>, HostError> {
    let mut cancelled = None;
    let mut reports = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok(report) => reports.push(report),
            Err(e) if e.code == codes::CANCELLED => {
                cancelled.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    match cancelled {
        Some(e) => Err(e),
        None => Ok(reports),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(rows: u64) -> u64 {
        rows
    }

    #[test]
    fn the_cause_wins_over_the_cancellations_it_caused() {
        let outcomes = vec![
            Ok(report(1)),
            Err(HostError::new(codes::CANCELLED, "stopped")),
            Err(HostError::new(codes::Q_BAD_MAGIC, "b.q: bad magic")),
        ];
        assert_eq!(first_cause(outcomes).unwrap_err().code, "Q_BAD_MAGIC");
    }

    #[test]
    fn all_good_keeps_the_job_order() {
        let rows: Vec<u64> = first_cause(vec![Ok(report(1)), Ok(report(2))]).unwrap();
        assert_eq!(rows, vec![1, 2]);
    }
}
