//! `readPlain(path)`: the benchmark's baseline, a plain pass over every record of a log
//! through the same memory-mapped reader the kernels use, with no book and no kernel. The
//! native budget (docs/architecture.md section 4) is "within a small factor" of this.

use std::time::Instant;

use featc_core::log::LogReader;
use napi::bindgen_prelude::BigInt;
use napi::Env;
use napi_derive::napi;

use crate::host_error::HostError;
use crate::panic_guard::guard;

#[napi(object)]
pub struct PlainReadResult {
    pub records: f64,
    pub seconds: f64,
    /// Wrapping sum of every record's price and size: consumed so the pass cannot be
    /// optimised away, and comparable across runs.
    pub checksum: BigInt,
}

#[napi]
pub fn read_plain(env: Env, path: String) -> napi::Result<PlainReadResult> {
    guard(|| {
        let started = Instant::now();
        let reader = LogReader::open(&path).map_err(HostError::from)?;
        let mut checksum = 0u64;
        for i in 0..reader.len() {
            let record = reader.record(i);
            checksum = checksum.wrapping_add(record.price as u64).wrapping_add(record.size as u64);
        }
        Ok(PlainReadResult {
            records: reader.len() as f64,
            seconds: started.elapsed().as_secs_f64(),
            checksum: BigInt::from(checksum),
        })
    })
    .map_err(|e| e.into_js(&env))
}
