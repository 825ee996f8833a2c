//! The one error type of the host. Every failure that reaches JavaScript — a featc-core error,
//! a kernel library's error, an ABI mismatch, an I/O or Parquet failure, a caught panic — is a
//! `HostError` first, so it always crosses the boundary as a JS `Error` whose `code` is a
//! stable string (docs/architecture.md section 3) and never as a panic.

use std::fmt;

use napi::bindgen_prelude::{JsError, Unknown};
use napi::Env;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostError {
    /// Stable, documented code: `Q_BAD_MAGIC`, `KERNEL_ABI`, `IO`, ...
    pub code: String,
    pub message: String,
}

/// The codes, one list for featc-core and the host (native/core/src/error.rs).
pub use featc_core::error::code as codes;

impl HostError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        HostError { code: code.into(), message: message.into() }
    }

    pub fn io(context: impl fmt::Display, err: &std::io::Error) -> Self {
        HostError::new(codes::IO, format!("{context}: {err}"))
    }

    /// Prefix the message with where it happened (a file, a job), keeping the code.
    pub fn context(self, place: impl fmt::Display) -> Self {
        HostError { code: self.code, message: format!("{place}: {}", self.message) }
    }

    /// The error as an exported function throws it (or an async task rejects with it): a JS
    /// `Error` whose `code` property is `self.code`. napi's own `Error` carries a napi
    /// status as its code, so the JS object is built here, and napi throws that object as is.
    pub fn into_js(self, env: &Env) -> napi::Error {
        let js: Unknown = JsError::from(napi::Error::new(self.code, self.message)).into_unknown(*env);
        napi::Error::from(js)
    }
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for HostError {}

impl From<featc_core::error::FeatcError> for HostError {
    fn from(err: featc_core::error::FeatcError) -> Self {
        HostError::new(err.code, err.message)
    }
}

/// What a conversion that cannot fail fails with, so it can stand where a fallible one may.
impl From<std::convert::Infallible> for HostError {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

impl From<parquet::errors::ParquetError> for HostError {
    fn from(err: parquet::errors::ParquetError) -> Self {
        HostError::new(codes::PARQUET, err.to_string())
    }
}

impl From<arrow_schema::ArrowError> for HostError {
    fn from(err: arrow_schema::ArrowError) -> Self {
        HostError::new(codes::PARQUET, err.to_string())
    }
}
