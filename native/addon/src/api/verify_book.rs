//! `verifyBook(format, inputs)`: replays a feed and compares the book with its ground truth
//! (`featc verify-book FORMAT INPUT...`), via featc-import's `verify` dispatcher.

use std::path::PathBuf;

use napi::Env;
use napi_derive::napi;

use crate::host_error::HostError;
use crate::panic_guard::guard;

#[napi(object)]
pub struct BookCheck {
    pub sample: String,
    pub events: f64,
    pub rows_compared: f64,
    pub rows_equal: f64,
    pub notes: Vec<String>,
}

#[napi]
pub fn verify_book(env: Env, format: String, inputs: Vec<String>) -> napi::Result<Vec<BookCheck>> {
    guard(|| {
        let inputs: Vec<PathBuf> = inputs.into_iter().map(PathBuf::from).collect();
        let reports = featc_import::verify::verify(&format, &inputs).map_err(HostError::from)?;
        Ok(reports
            .into_iter()
            .map(|r| BookCheck {
                sample: r.sample,
                events: r.events as f64,
                rows_compared: r.rows_compared as f64,
                rows_equal: r.rows_equal as f64,
                notes: r.notes,
            })
            .collect())
    })
    .map_err(|e| e.into_js(&env))
}
