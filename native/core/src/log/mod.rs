//! The `.q` event log of docs/formats/q.md: fixed 64-byte records after a 256-byte header,
//! read in place from a memory mapping and written through a `.tmp` file that is renamed once
//! sealed, with periodic book snapshots after the time index.

mod header;
mod reader;
mod record;
mod snapshots;
mod writer;

pub use header::read_import_report;
pub use header::{
    LogHeader, BOOK_L2, BOOK_L3, FILE_SEALED, FORMAT_VERSION, HEADER_LEN, INDEX_ENTRY_LEN, INDEX_STRIDE, MAGIC,
    SNAPSHOT_ENTRY_LEN,
};
pub use reader::{LogReader, SnapshotEntry};
pub use record::{aggressor, flag, kind, kind_name, side, Record, RECORD_LEN};
pub use snapshots::DEFAULT_SNAPSHOT_EVERY_NS;
pub use writer::{import_report_json, Existing, LogMeta, LogWriter, SealedLog};
