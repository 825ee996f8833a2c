//! What an import did: the files it wrote, its input counted by message type, and what it
//! skipped (by reason) or adjusted.

use crate::outputs::OutputFile;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: Vec<OutputFile>,
    /// Input records or messages by type (`MBO A`, `ITCH E`, ...).
    pub messages_by_type: Vec<(String, u64)>,
    /// Input records not written, by reason (format faults only under `lenient`).
    pub skipped_by_reason: Vec<(String, u64)>,
    /// Inputs written in a changed form, by what was done (docs/formats/*.md).
    pub adjusted: Vec<(String, u64)>,
    /// Bytes of decoded input read.
    pub bytes_in: u64,
    pub messages_in: u64,
}
