//! `generateSynthetic(opts)`: a deterministic synthetic L3 log (featc-core's generator), for
//! tests, benchmarks and the examples.

use std::path::PathBuf;

use featc_core::synth::{generate, SynthOptions};
use napi::bindgen_prelude::BigInt;
use napi::Env;
use napi_derive::napi;

use super::import_report::snapshot_every;
use crate::host_error::{codes, HostError};
use crate::panic_guard::guard;

#[napi(object)]
pub struct SyntheticOptions {
    pub symbol: String,
    /// Number of events (records) to generate.
    pub events: f64,
    /// Same seed, same log, byte for byte.
    pub seed: BigInt,
    /// Trading date, `YYYY-MM-DD`.
    pub date: String,
    /// Root of the `<root>/<SYMBOL>/<date>.q` layout.
    pub out_dir: String,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
}

#[napi(object)]
pub struct SyntheticSummary {
    pub path: String,
    pub records: f64,
    pub packets: f64,
    pub trades: f64,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
}

#[napi]
pub fn generate_synthetic(env: Env, opts: SyntheticOptions) -> napi::Result<SyntheticSummary> {
    guard(|| {
        let options = SynthOptions {
            symbol: opts.symbol,
            events: whole_count(opts.events, "events")?,
            seed: opts.seed.get_u64().1,
            date: opts.date,
            out_dir: PathBuf::from(opts.out_dir),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
        };
        let s = generate(&options).map_err(HostError::from)?;
        Ok(SyntheticSummary {
            path: s.path.to_string_lossy().into_owned(),
            records: s.records as f64,
            packets: s.packets as f64,
            trades: s.trades as f64,
            first_ts: BigInt::from(s.first_ts),
            last_ts: BigInt::from(s.last_ts),
        })
    })
    .map_err(|e| e.into_js(&env))
}

/// A count that arrived as a JS number: a whole, non-negative, exactly representable value.
pub fn whole_count(value: f64, name: &str) -> Result<u64, HostError> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_991.0 {
        Ok(value as u64)
    } else {
        Err(HostError::new(codes::BAD_ARGUMENT, format!("{name} must be a whole number from 0 to 2^53-1, got {value}")))
    }
}
