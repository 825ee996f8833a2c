//! `generateSynthetic(opts)`: deterministic synthetic L3 logs (featc-core's generator), one
//! file per day of one continuous market, for tests, benchmarks and the examples.

use std::path::PathBuf;

use featc_core::log::Existing;
use featc_core::synth::{generate_with, BookShape, Session, SynthDay, SynthOptions};
use napi::bindgen_prelude::BigInt;
use napi::Env;
use napi_derive::napi;

use super::import_report::snapshot_every;
use crate::host_error::{codes, HostError};
use crate::panic_guard::guard;

#[napi(object)]
pub struct SyntheticOptions {
    pub symbol: String,
    /// Number of market events (records of the order flow) per day.
    pub events: f64,
    /// Same seed, same logs, byte for byte.
    pub seed: BigInt,
    /// The first trading date, `YYYY-MM-DD`.
    pub date: String,
    /// Root of the `<root>/<SYMBOL>/<date>.q` layout.
    pub out_dir: String,
    /// Consecutive calendar days from `date`, one file each (default 1); each later file opens
    /// with a packet restating the book the previous one closed with.
    pub days: Option<u32>,
    /// `equity` (default): 09:30-16:00 New York time; `continuous`: 00:00-24:00 UTC.
    #[napi(ts_type = "'equity' | 'continuous'")]
    pub session: Option<String>,
    /// Nanoseconds of exchange time between book snapshots (docs/formats/q.md, "Snapshots");
    /// 0: none. Default 600e9 (10 minutes).
    pub snapshot_every_ns: Option<f64>,
    /// Replace logs that exist instead of failing with LOG_EXISTS (`--force`).
    pub force: Option<bool>,
    /// The resting orders the book is kept near; with it, the first day opens with that many
    /// resting (docs/formats/synthetic.md, "Book size"). Default: the model's own, about 4,000.
    pub orders: Option<f64>,
    /// The price levels a side's resting orders spread over (docs/formats/synthetic.md, "Book size").
    pub levels: Option<f64>,
}

/// One day's file.
#[napi(object)]
pub struct SyntheticDay {
    pub path: String,
    pub date: String,
    /// Records in the file: the day's events, plus a later day's opening packet.
    pub records: f64,
    pub packets: f64,
    pub trades: f64,
    pub first_ts: BigInt,
    pub last_ts: BigInt,
}

#[napi(object)]
pub struct SyntheticSummary {
    /// The first day's file.
    pub path: String,
    /// Records, packets and trades over all days.
    pub records: f64,
    pub packets: f64,
    pub trades: f64,
    /// The first record's exchange time (first day) and the last one's (last day).
    pub first_ts: BigInt,
    pub last_ts: BigInt,
    /// Every file's path, in date order.
    pub paths: Vec<String>,
    /// Every file, in date order.
    pub days: Vec<SyntheticDay>,
}

fn day_info(d: &SynthDay) -> SyntheticDay {
    SyntheticDay {
        path: d.path.to_string_lossy().into_owned(),
        date: d.date.clone(),
        records: d.records as f64,
        packets: d.packets as f64,
        trades: d.trades as f64,
        first_ts: BigInt::from(d.first_ts),
        last_ts: BigInt::from(d.last_ts),
    }
}

#[napi]
pub fn generate_synthetic(env: Env, opts: SyntheticOptions) -> napi::Result<SyntheticSummary> {
    guard(|| {
        let options = SynthOptions {
            symbol: opts.symbol,
            events: whole_count(opts.events, "events")?,
            seed: opts.seed.get_u64().1,
            date: opts.date,
            days: opts.days.unwrap_or(1),
            session: match opts.session.as_deref() {
                None => Session::Equity,
                Some(s) => s.parse().map_err(HostError::from)?,
            },
            out_dir: PathBuf::from(opts.out_dir),
            snapshot_every_ns: snapshot_every(opts.snapshot_every_ns)?,
            book: BookShape {
                orders: opts.orders.map(|n| whole_count(n, "orders")).transpose()?,
                // Past u32, still a count the generator refuses by its own bound.
                levels: opts
                    .levels
                    .map(|n| whole_count(n, "levels"))
                    .transpose()?
                    .map(|n| n.min(u32::MAX as u64) as u32),
            },
        };
        let existing = Existing::from_force(opts.force.unwrap_or(false));
        let s = generate_with(&options, existing).map_err(HostError::from)?;
        Ok(SyntheticSummary {
            path: s.path.to_string_lossy().into_owned(),
            records: s.records as f64,
            packets: s.packets as f64,
            trades: s.trades as f64,
            first_ts: BigInt::from(s.first_ts),
            last_ts: BigInt::from(s.last_ts),
            paths: s.days.iter().map(|d| d.path.to_string_lossy().into_owned()).collect(),
            days: s.days.iter().map(day_info).collect(),
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
