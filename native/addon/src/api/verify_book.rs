//! `verifyBook(format, inputs, options?)`: replays a feed and compares the book with its ground
//! truth (`featc verify-book FORMAT INPUT...`), via featc-import's `verify` dispatcher.

use std::path::PathBuf;

use napi::Env;
use napi_derive::napi;

use crate::host_error::HostError;
use crate::panic_guard::guard;

#[napi(object)]
pub struct VerifyBookOptions {
    /// Skip and count the input the importers skip under `--lenient` instead of failing.
    pub lenient: Option<bool>,
}

#[napi(object)]
pub struct BookCheck {
    pub sample: String,
    pub events: f64,
    pub rows_compared: f64,
    pub rows_equal: f64,
    pub notes: Vec<String>,
    /// `exact`: against ground truth the format gives exactly (100 % expected: the default
    /// `--min-agreement`); `consistency`: a self-check without ground truth; `detail`: a figure
    /// explaining another, never held to a minimum.
    #[napi(ts_type = "'exact' | 'consistency' | 'detail'")]
    pub role: String,
}

#[napi]
pub fn verify_book(
    env: Env,
    format: String,
    inputs: Vec<String>,
    options: Option<VerifyBookOptions>,
) -> napi::Result<Vec<BookCheck>> {
    guard(|| {
        let inputs: Vec<PathBuf> = inputs.into_iter().map(PathBuf::from).collect();
        let lenient = options.and_then(|o| o.lenient).unwrap_or(false);
        let reports = featc_import::verify::verify(&format, &inputs, lenient).map_err(HostError::from)?;
        Ok(reports
            .into_iter()
            .map(|r| BookCheck {
                sample: r.sample,
                events: r.events as f64,
                rows_compared: r.rows_compared as f64,
                rows_equal: r.rows_equal as f64,
                notes: r.notes,
                role: r.role.name().to_string(),
            })
            .collect())
    })
    .map_err(|e| e.into_js(&env))
}
