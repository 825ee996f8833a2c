//! Panics must not unwind into Node (or into a kernel library's C frames): every exported
//! function and every `extern "C"` callback runs its body through `guard`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::host_error::{codes, HostError};

/// Run `body`, turning a panic into an `INTERNAL` error that carries the panic message.
pub fn guard<T>(body: impl FnOnce() -> Result<T, HostError>) -> Result<T, HostError> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(HostError::new(codes::INTERNAL, panic_message(payload.as_ref()))),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    format!("internal error (panic): {text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let err = guard::<()>(|| panic!("boom")).unwrap_err();
        assert_eq!(err.code, codes::INTERNAL);
        assert!(err.message.contains("boom"));
    }

    #[test]
    fn a_value_passes_through() {
        assert_eq!(guard(|| Ok(7)).unwrap(), 7);
    }
}
