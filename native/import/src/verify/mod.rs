//! Book reconstruction checked against ground truth (`featc verify-book FORMAT INPUT...`):
//! each check replays an importer's mapping and compares with what the venue or the vendor
//! published. Every check returns a `VerifyReport`.

pub mod binance;
pub mod dbn_consistency;
pub mod dbn_mbp10;
pub mod itch_counts;
pub mod lobster;

use std::path::PathBuf;

use featc_core::error::{code, FeatcError};

pub use dbn_consistency::verify_cme_esh4;
pub use dbn_mbp10::verify_dbn_mbo_vs_mbp10;
pub use itch_counts::verify_itch_counts;

/// What a check's agreement means (docs/formats/*.md, "Verification"), and so whether
/// `featc verify-book` holds it to a minimum by default (`--min-agreement`, 100 % for `Exact`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CheckRole {
    /// Against ground truth the format gives exactly (an orderbook file, bookTicker, MBP-10,
    /// published counts): 100 % is expected.
    #[default]
    Exact,
    /// A self-consistency check with no ground truth (an uncrossed book): no minimum unless
    /// one is given.
    Consistency,
    /// A figure that explains another (what the messages alone give): never held to a minimum.
    Detail,
}

impl CheckRole {
    pub fn name(self) -> &'static str {
        match self {
            CheckRole::Exact => "exact",
            CheckRole::Consistency => "consistency",
            CheckRole::Detail => "detail",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// The input(s) checked.
    pub sample: String,
    /// Input events replayed.
    pub events: u64,
    /// Rows (book states, packets or count lines) compared with the ground truth.
    pub rows_compared: u64,
    /// Of those, the ones that agree exactly.
    pub rows_equal: u64,
    pub notes: Vec<String>,
    pub role: CheckRole,
}

/// The formats `verify-book` knows, for its help and errors.
pub const FORMATS: &str = "lobster (message orderbook pairs), binance (capture files of one symbol, in order), dbn-mbp10 (MBO MBP10 pairs), dbn-mbo (MBO files of one feed, in order), itch";

/// Runs the check for `format` over `inputs`; `lenient`: input the importers would skip under
/// `--lenient` is skipped (and counted in the notes) instead of failing the check.
pub fn verify(format: &str, inputs: &[PathBuf], lenient: bool) -> Result<Vec<VerifyReport>, FeatcError> {
    match format {
        "dbn-mbp10" => {
            if inputs.is_empty() || inputs.len() % 2 != 0 {
                return Err(FeatcError::new(code::BAD_ARGUMENT, "dbn-mbp10 takes pairs of files: MBO then MBP-10"));
            }
            inputs.chunks(2).map(|p| verify_dbn_mbo_vs_mbp10(&p[0], &p[1], lenient)).collect()
        }
        "lobster" => {
            if inputs.is_empty() || inputs.len() % 2 != 0 {
                return Err(FeatcError::new(
                    code::BAD_ARGUMENT,
                    "lobster takes pairs of files: message then orderbook",
                ));
            }
            let mut reports = Vec::new();
            for p in inputs.chunks(2) {
                reports.extend(lobster::verify_lobster(&p[0], &p[1], lenient)?);
            }
            Ok(reports)
        }
        "dbn-mbo" => Ok(vec![verify_cme_esh4(inputs, lenient)?]),
        "binance" => Ok(vec![binance::verify(inputs, None, lenient)?.into()]),
        "itch" => inputs.iter().map(|p| verify_itch_counts(p, lenient)).collect(),
        other => {
            Err(FeatcError::new(code::BAD_ARGUMENT, format!("verify-book format {other:?}: expected one of {FORMATS}")))
        }
    }
}
