//! `catchInterrupts()` and `requestInterrupt()`: a stop asked from outside reaches the native
//! loops (featc_core::interrupt), which end with `INTERRUPTED` and remove their temp files.
//!
//! The command line calls `catchInterrupts` after it has installed its own JavaScript listeners,
//! so the handler registered here chains to Node's (signal-hook calls the previous handler
//! first): the JavaScript side still hears the signal, and a synchronous import, during which
//! no JavaScript runs, stops within a few thousand records. A library user who never calls it
//! keeps the default actions.

use napi_derive::napi;

/// The signals that ask a run to stop.
const SIGNALS: [i32; 3] = [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT];

/// Makes SIGTERM, SIGHUP and SIGINT ask every native loop of this process to stop.
#[napi]
pub fn catch_interrupts() -> napi::Result<()> {
    for signal in SIGNALS {
        // SAFETY: the action is one relaxed atomic store, which is async-signal-safe; it
        // allocates, locks and panics nowhere.
        unsafe { signal_hook::low_level::register(signal, featc_core::interrupt::request) }
            .map_err(|e| napi::Error::from_reason(format!("cannot catch signal {signal}: {e}")))?;
    }
    Ok(())
}

/// Asks every native loop of this process to stop, as one of those signals would.
#[napi]
pub fn request_interrupt() {
    featc_core::interrupt::request();
}
