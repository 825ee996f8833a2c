//! A log's summary for `featc inspect`: header, records by kind, packets, snapshots, the first
//! records.

use std::path::Path;

use crate::error::{code, FeatcError};
use crate::log::{kind, kind_name, LogHeader, LogReader, Record};

#[derive(Clone, Debug)]
pub struct InspectReport {
    pub header: LogHeader,
    /// Every kind of docs/formats/q.md, in code order, with its record count.
    pub counts_by_kind: Vec<(&'static str, u64)>,
    pub packets: u64,
    /// As-of times of the first and last book snapshot, when there are any.
    pub snapshot_times: Option<(i64, i64)>,
    pub first_records: Vec<Record>,
}

/// Reads the whole log once; `first` records are returned as they are.
pub fn inspect(path: impl AsRef<Path>, first: usize) -> Result<InspectReport, FeatcError> {
    let log = LogReader::open(path)?;
    let mut counts = [0u64; kind::STATUS as usize + 1];
    let mut packets = 0;
    let mut first_records = Vec::with_capacity(first.min(log.len() as usize));
    for i in 0..log.len() {
        let r = log.record(i);
        if r.code_error().is_some() {
            return Err(FeatcError::new(
                code::Q_BAD_RECORD,
                format!(
                    "{}: record {i} (byte {}): unknown kind, side or aggressor code",
                    log.name(),
                    LogReader::record_offset(i)
                ),
            ));
        }
        counts[r.kind as usize] += 1;
        if r.is_last() || i + 1 == log.len() {
            packets += 1;
        }
        if first_records.len() < first {
            first_records.push(r);
        }
    }
    let counts_by_kind = (kind::ADD..=kind::STATUS).map(|k| (kind_name(k), counts[k as usize])).collect();
    let snapshots = log.snapshots();
    let snapshot_times = snapshots.first().zip(snapshots.last()).map(|(a, b)| (a.as_of_ts, b.as_of_ts));
    Ok(InspectReport { header: log.header().clone(), counts_by_kind, packets, snapshot_times, first_records })
}
