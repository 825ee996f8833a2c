//! Warm starts (docs/language.md section 4.2): instead of replaying a log from its first
//! record, load the last book snapshot that leaves the columns' warm-up horizon of history
//! before the emit window's start, and replay from there.

use super::WarmUp;
use crate::log::{LogReader, SnapshotEntry};

/// Packets (records flagged `LAST`) among records `[from, to)`.
fn packets_between(log: &LogReader, from: u64, to: u64) -> u64 {
    (from..to).filter(|&i| log.record(i).is_last()).count() as u64
}

/// The snapshot to start from: the last one that is at least `warm.ns` before `emit_from`
/// and has at least `warm.events` packets between it and `emit_from`. `None`: no snapshot
/// is early enough, and the log is replayed from its first record.
pub(super) fn choose(log: &LogReader, emit_from: i64, warm: WarmUp) -> Option<SnapshotEntry> {
    let limit = emit_from.saturating_sub(warm.ns);
    let first_emitted = log.seek_time(emit_from);
    let snapshots = log.snapshots();
    let mut at = snapshots.iter().rposition(|s| s.as_of_ts <= limit && s.record <= first_emitted)?;
    if warm.events > 0 {
        // Counted backwards snapshot by snapshot: the cost is the warm-up, not the day.
        let mut packets = packets_between(log, snapshots[at].record, first_emitted);
        while packets < warm.events {
            if at == 0 {
                return None;
            }
            packets += packets_between(log, snapshots[at - 1].record, snapshots[at].record);
            at -= 1;
        }
    }
    Some(snapshots[at].clone())
}
