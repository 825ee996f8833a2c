//! The one error type of featc-core. A code (stable, matched by the host and the tests) and a
//! message that names the place: file, byte offset, record or line number, and the reason.

use std::fmt;
use std::path::Path;

/// Every error code of the native runtime, featc-core's and the addon's (native/addon uses this
/// module as its `codes`); the importers of featc-import add theirs (native/import). The `Q_*`
/// codes are those of docs/formats/q.md. The TypeScript runtime's list, `FEATC_ERROR_CODES` in
/// runtime/errors.ts, holds the same codes (test/native/errorCodes.test.ts compares them).
pub mod code {
    pub const Q_TRUNCATED_HEADER: &str = "Q_TRUNCATED_HEADER";
    pub const Q_BAD_MAGIC: &str = "Q_BAD_MAGIC";
    pub const Q_BAD_VERSION: &str = "Q_BAD_VERSION";
    /// A header field out of its range (book kind, decimals, index position).
    pub const Q_BAD_HEADER: &str = "Q_BAD_HEADER";
    pub const Q_NOT_SEALED: &str = "Q_NOT_SEALED";
    pub const Q_TRUNCATED: &str = "Q_TRUNCATED";
    pub const Q_BAD_RECORD: &str = "Q_BAD_RECORD";
    pub const Q_TIME_ORDER: &str = "Q_TIME_ORDER";
    /// A snapshot table or body that is not what the writer writes (docs/formats/q.md,
    /// "Snapshots").
    pub const Q_BAD_SNAPSHOT: &str = "Q_BAD_SNAPSHOT";
    /// A log whose book kind this build cannot replay.
    pub const Q_UNSUPPORTED_BOOK: &str = "Q_UNSUPPORTED_BOOK";
    pub const BOOK_UNKNOWN_ORDER: &str = "BOOK_UNKNOWN_ORDER";
    pub const BOOK_DUPLICATE_ORDER: &str = "BOOK_DUPLICATE_ORDER";
    pub const BOOK_OVERSIZE: &str = "BOOK_OVERSIZE";
    pub const BOOK_BAD_SIZE: &str = "BOOK_BAD_SIZE";
    pub const BOOK_BAD_SIDE: &str = "BOOK_BAD_SIDE";
    /// A record kind the book cannot apply (`LEVEL` in an L3 book).
    pub const BOOK_BAD_KIND: &str = "BOOK_BAD_KIND";
    pub const LOBSTER_BAD_LINE: &str = "LOBSTER_BAD_LINE";
    pub const LOBSTER_BAD_NAME: &str = "LOBSTER_BAD_NAME";
    /// An import or `featc gen` would replace a log that exists (without `--force`).
    pub const LOG_EXISTS: &str = "LOG_EXISTS";
    /// The kernel library could not be loaded (missing file, not a shared library).
    pub const KERNEL_LOAD: &str = "KERNEL_LOAD";
    /// A symbol of the kernel C ABI is missing from the library.
    pub const KERNEL_SYMBOL: &str = "KERNEL_SYMBOL";
    /// The library was built for another kernel ABI version.
    pub const KERNEL_ABI: &str = "KERNEL_ABI";
    /// The library's meta JSON is not what `featc build` writes.
    pub const KERNEL_META: &str = "KERNEL_META";
    /// The kernel run failed without naming a code.
    pub const KERNEL_RUN: &str = "KERNEL_RUN";
    /// A file could not be created, written, renamed or read.
    pub const IO: &str = "IO";
    /// Arrow or Parquet refused a batch or the file footer.
    pub const PARQUET: &str = "PARQUET";
    /// A bad use of the API: an argument, option or request out of its domain (a compression
    /// name, a zero row group size, a date that is not one, a null pointer, ...).
    pub const BAD_ARGUMENT: &str = "BAD_ARGUMENT";
    /// The run stopped because its sink asked, or another job of the same request failed.
    pub const CANCELLED: &str = "CANCELLED";
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT) during the run; nothing was left
    /// under a final name (crate::interrupt).
    pub const INTERRUPTED: &str = "INTERRUPTED";
    /// A time window met more steps within its span than its `max_events` holds: the run stops
    /// rather than write a shorter window than the spec says (docs/language.md section 7.4).
    pub const WINDOW_OVERFLOW: &str = "WINDOW_OVERFLOW";
    /// A packet would close more time bars in one gap than `--max-gap-bars` allows
    /// (docs/language.md section 8).
    pub const GAP_TOO_LONG: &str = "GAP_TOO_LONG";
    /// A lenient run skipped more records of a file than `--max-faults` allows.
    pub const TOO_MANY_FAULTS: &str = "TOO_MANY_FAULTS";
    /// An extraction into a dataset that holds another spec's rows, or another window's.
    pub const DATASET_MISMATCH: &str = "DATASET_MISMATCH";
    /// A kernel library panicked; the panic was caught at the C ABI.
    pub const PANIC: &str = "PANIC";
    /// A panic inside the host or a dependency, caught before it could cross into Node.
    pub const INTERNAL: &str = "INTERNAL";
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatcError {
    pub code: &'static str,
    pub message: String,
}

impl FeatcError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        FeatcError { code, message: message.into() }
    }

    /// An I/O failure on `path`, with what was being done.
    pub fn io(path: &Path, doing: &str, e: &std::io::Error) -> Self {
        FeatcError::new(code::IO, format!("{}: {doing}: {e}", path.display()))
    }
}

impl fmt::Display for FeatcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for FeatcError {}

/// The short name used in messages: the file name, or the whole path when it has none.
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}
