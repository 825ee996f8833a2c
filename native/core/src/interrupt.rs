//! A stop asked from outside the run: SIGTERM, SIGHUP or SIGINT reaching the command line
//! (docs/security.md, "Interrupted runs"). The long loops (a replay, a log being written) poll
//! it every so many records and stop with `INTERRUPTED`, so their temp files are removed by
//! the same drop guards as any other error and no output appears under its final name.
//!
//! The flag is only ever set, by a signal handler (an atomic store is async-signal-safe) or by
//! the host; a process asked to stop does not start again.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{code, FeatcError};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks every running loop of this process to stop.
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Whether a stop was asked.
#[inline]
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// `Err(INTERRUPTED)` once a stop was asked; `what` says what was stopped ("the import of x.csv").
#[inline]
pub fn check(what: impl FnOnce() -> String) -> Result<(), FeatcError> {
    if requested() {
        return Err(FeatcError::new(code::INTERRUPTED, format!("{}: interrupted", what())));
    }
    Ok(())
}
