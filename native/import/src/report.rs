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
    /// Inputs not written because another input holds the same event, by reason
    /// (docs/formats/dbn.md, "Trades in two files").
    pub deduplicated: Vec<(String, u64)>,
    /// Input records written with a quality flag the vendor's marks set (docs/formats/q.md,
    /// "Flags"), by mark.
    pub marked: Vec<(String, u64)>,
    /// Bytes of decoded input read.
    pub bytes_in: u64,
    pub messages_in: u64,
}

/// What an import writes to the import report of each log it writes (docs/formats/q.md,
/// "Import report"): every count of `sections` as `"<section>: <reason>"`, in order (sections
/// such as `skipped`, `adjusted`, `merged`, `rounded`, `deduplicated`).
pub fn report_counts(sections: &[(&str, &[(String, u64)])]) -> Vec<(String, u64)> {
    sections
        .iter()
        .flat_map(|(section, counts)| counts.iter().map(move |(r, n)| (format!("{section}: {r}"), *n)))
        .collect()
}

impl ImportReport {
    /// The import report counts of a DBN or ITCH import: what it skipped, adjusted,
    /// de-duplicated and marked.
    pub fn log_counts(&self) -> Vec<(String, u64)> {
        report_counts(&[
            ("skipped", &self.skipped_by_reason),
            ("adjusted", &self.adjusted),
            ("deduplicated", &self.deduplicated),
            ("marked", &self.marked),
        ])
    }
}
