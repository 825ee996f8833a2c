//! Opens a sealed `.q` file read-only through a memory mapping and checks every header
//! invariant of docs/formats/q.md, and its snapshot table, before any record is read.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;

use super::header::*;
use super::record::{kind, kind_name, Record, RECORD_LEN};
use crate::error::{code, display_name, FeatcError};

/// One entry of the snapshot table (docs/formats/q.md, "Snapshots"): the book as of the end of
/// record `record - 1`, rebuilt from empty by the `body_count` records at `body_offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnapshotEntry {
    /// Exchange time of record `record - 1`.
    pub as_of_ts: i64,
    /// The first record the snapshot does not reflect; `> 0`, at a packet boundary.
    pub record: u64,
    /// Byte offset of the body in the file.
    pub body_offset: u64,
    /// Records in the body (64 bytes each).
    pub body_count: u64,
}

pub struct LogReader {
    path: PathBuf,
    name: String,
    map: Mmap,
    header: LogHeader,
    snapshots: Vec<SnapshotEntry>,
}

impl LogReader {
    pub fn open(path: impl AsRef<Path>) -> Result<LogReader, FeatcError> {
        let path = path.as_ref().to_path_buf();
        let name = display_name(&path);
        let file = File::open(&path).map_err(|e| FeatcError::io(&path, "cannot open", &e))?;
        let len = file.metadata().map_err(|e| FeatcError::io(&path, "cannot stat", &e))?.len();
        if len < HEADER_LEN as u64 {
            return Err(FeatcError::new(
                code::Q_TRUNCATED_HEADER,
                format!("{name}: file has {len} bytes, shorter than the {HEADER_LEN}-byte header"),
            ));
        }
        // SAFETY: the mapping is read-only; writers never modify a file under its final
        // name (they rename a sealed `.tmp`), so the bytes do not change under us.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| FeatcError::io(&path, "cannot map", &e))?;
        let header = check_header(&name, &map)?;
        let snapshots = check_snapshots(&name, &map, &header)?;
        Ok(LogReader { path, name, map, header, snapshots })
    }

    pub fn header(&self) -> &LogHeader {
        &self.header
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn len(&self) -> u64 {
        self.header.record_count
    }

    pub fn is_empty(&self) -> bool {
        self.header.record_count == 0
    }

    /// Byte offset of record `i` in the file.
    #[inline(always)]
    pub fn record_offset(i: u64) -> u64 {
        HEADER_LEN as u64 + RECORD_LEN as u64 * i
    }

    /// Decodes record `i`. `i < len()` is the caller's invariant (open() checked that every
    /// counted record is inside the file).
    #[inline(always)]
    pub fn record(&self, i: u64) -> Record {
        let at = Self::record_offset(i) as usize;
        let bytes: &[u8; RECORD_LEN] = self.map[at..at + RECORD_LEN].try_into().expect("a slice of RECORD_LEN bytes");
        Record::decode(bytes)
    }

    /// The snapshot table, in increasing `record` order (checked at open).
    pub fn snapshots(&self) -> &[SnapshotEntry] {
        &self.snapshots
    }

    /// Record `j` of snapshot `e`'s body; `e` is one of `snapshots()` and `j < e.body_count`
    /// (open() checked that every body is inside the file).
    pub fn snapshot_record(&self, e: &SnapshotEntry, j: u64) -> Record {
        let at = (e.body_offset + RECORD_LEN as u64 * j) as usize;
        let bytes: &[u8; RECORD_LEN] = self.map[at..at + RECORD_LEN].try_into().expect("a slice of RECORD_LEN bytes");
        Record::decode(bytes)
    }

    /// `(exchange_ts, record number)` of time-index entry `k`, `k < header().index_count`.
    pub fn index_entry(&self, k: u64) -> (i64, u64) {
        let at = (self.header.index_offset + k * INDEX_ENTRY_LEN as u64) as usize;
        let mut w = [0u8; 8];
        w.copy_from_slice(&self.map[at..at + 8]);
        let ts = i64::from_le_bytes(w);
        w.copy_from_slice(&self.map[at + 8..at + 16]);
        (ts, u64::from_le_bytes(w))
    }

    /// The number of the first record with `exchange_ts >= ts` (`len()` when none): binary
    /// search over the time index, then a scan of at most one stride.
    pub fn seek_time(&self, ts: i64) -> u64 {
        let n = self.header.index_count;
        let (mut lo, mut hi) = (0u64, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.index_entry(mid).0 < ts {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Entry lo-1 is the last one before ts: start scanning there.
        let mut i = if lo == 0 { 0 } else { self.index_entry(lo - 1).1 };
        while i < self.len() && self.record(i).exchange_ts < ts {
            i += 1;
        }
        i
    }
}

fn check_header(name: &str, map: &[u8]) -> Result<LogHeader, FeatcError> {
    let raw: &[u8; HEADER_LEN] = map[..HEADER_LEN].try_into().expect("length checked by the caller");
    if &raw[0..8] != MAGIC {
        return Err(FeatcError::new(
            code::Q_BAD_MAGIC,
            format!("{name}: byte 0: magic is {:?}, expected \"FEATQLOG\"", String::from_utf8_lossy(&raw[0..8])),
        ));
    }
    let h = LogHeader::decode(raw);
    let header_len = u16::from_le_bytes([raw[10], raw[11]]);
    let record_len = u16::from_le_bytes([raw[12], raw[13]]);
    if h.version != FORMAT_VERSION || header_len as usize != HEADER_LEN || record_len as usize != RECORD_LEN {
        return Err(FeatcError::new(
            code::Q_BAD_VERSION,
            format!(
                "{name}: byte 8: version {} with header length {header_len} and record length {record_len}, expected version 1, 256, 64",
                h.version
            ),
        ));
    }
    if h.book_kind != BOOK_L3 && h.book_kind != BOOK_L2 {
        return Err(FeatcError::new(code::Q_BAD_HEADER, format!("{name}: byte 14: unknown book kind {}", h.book_kind)));
    }
    if h.price_decimals > 18 || h.size_decimals > 18 {
        return Err(FeatcError::new(
            code::Q_BAD_HEADER,
            format!("{name}: byte 16: decimals {}/{} outside 0..18", h.price_decimals, h.size_decimals),
        ));
    }
    if !h.is_sealed() {
        return Err(FeatcError::new(
            code::Q_NOT_SEALED,
            format!("{name}: byte 15: the SEALED flag is not set (the writer did not finish)"),
        ));
    }
    let file_len = map.len() as u64;
    let records_end = h.record_count.checked_mul(RECORD_LEN as u64).and_then(|b| b.checked_add(HEADER_LEN as u64));
    let records_end = match records_end {
        Some(end) if end <= file_len => end,
        _ => {
            let whole = (file_len - HEADER_LEN as u64) / RECORD_LEN as u64;
            return Err(FeatcError::new(
                code::Q_TRUNCATED,
                format!(
                    "{name}: record {whole} (byte {}): file has {file_len} bytes but the header counts {} records",
                    LogReader::record_offset(whole),
                    h.record_count
                ),
            ));
        }
    };
    if h.index_count > 0 {
        if h.index_offset != records_end {
            return Err(FeatcError::new(
                code::Q_BAD_HEADER,
                format!(
                    "{name}: byte 48: time index at byte {}, expected {records_end} (after the records)",
                    h.index_offset
                ),
            ));
        }
        let index_end = h.index_count.checked_mul(INDEX_ENTRY_LEN as u64).and_then(|b| b.checked_add(records_end));
        if !matches!(index_end, Some(end) if end <= file_len) {
            return Err(FeatcError::new(
                code::Q_TRUNCATED,
                format!(
                    "{name}: byte {records_end}: file has {file_len} bytes, too short for {} time-index entries",
                    h.index_count
                ),
            ));
        }
    }
    Ok(h)
}

fn u64_in(map: &[u8], at: u64) -> u64 {
    let at = at as usize;
    let mut w = [0u8; 8];
    w.copy_from_slice(&map[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The snapshot table, checked against docs/formats/q.md ("Snapshots"): the table and every
/// body inside the file after the time index, entries in strictly increasing record order,
/// each at a packet boundary and stamped with that packet's time, bodies of `ADD` (L3) or
/// `LEVEL` (L2) records only. `h` has passed `check_header`.
fn check_snapshots(name: &str, map: &[u8], h: &LogHeader) -> Result<Vec<SnapshotEntry>, FeatcError> {
    let count = h.snapshot_count;
    if count == 0 {
        return Ok(Vec::new());
    }
    let bad =
        |at: u64, reason: String| Err(FeatcError::new(code::Q_BAD_SNAPSHOT, format!("{name}: byte {at}: {reason}")));
    let file_len = map.len() as u64;
    let index_end = HEADER_LEN as u64 + RECORD_LEN as u64 * h.record_count + INDEX_ENTRY_LEN as u64 * h.index_count;
    let table = h.snapshot_offset;
    if table < index_end {
        return bad(
            144,
            format!(
                "snapshot table at byte {table} overlaps the records and the time index, which end at byte {index_end}"
            ),
        );
    }
    let table_end = match count.checked_mul(SNAPSHOT_ENTRY_LEN as u64).and_then(|b| b.checked_add(table)) {
        Some(end) if end <= file_len => end,
        _ => {
            return bad(
                144,
                format!(
                    "snapshot table at byte {table} of {count} entries does not fit in the file's {file_len} bytes"
                ),
            )
        }
    };
    let body_kind = if h.book_kind == BOOK_L2 { kind::LEVEL } else { kind::ADD };
    let mut entries = Vec::with_capacity(count as usize);
    let mut prev_record = 0u64;
    for k in 0..count {
        let at = table + SNAPSHOT_ENTRY_LEN as u64 * k;
        let e = SnapshotEntry {
            as_of_ts: u64_in(map, at) as i64,
            record: u64_in(map, at + 8),
            body_offset: u64_in(map, at + 16),
            body_count: u64_in(map, at + 24),
        };
        if e.record == 0 || e.record > h.record_count {
            return bad(at, format!("snapshot {k}: record {} is outside 1..={}", e.record, h.record_count));
        }
        if e.record <= prev_record {
            return bad(
                at,
                format!("snapshot {k}: record {} is not after the previous snapshot's {prev_record}", e.record),
            );
        }
        prev_record = e.record;
        let before = LogReader::record_offset(e.record - 1) as usize;
        let before: &[u8; RECORD_LEN] =
            map[before..before + RECORD_LEN].try_into().expect("a slice of RECORD_LEN bytes");
        let before = Record::decode(before);
        if !before.is_last() {
            return bad(at, format!("snapshot {k}: record {} does not end a packet", e.record - 1));
        }
        if before.exchange_ts != e.as_of_ts {
            return bad(
                at,
                format!(
                    "snapshot {k}: as-of time {} is not record {}'s exchange time {}",
                    e.as_of_ts,
                    e.record - 1,
                    before.exchange_ts
                ),
            );
        }
        let body_end = e.body_count.checked_mul(RECORD_LEN as u64).and_then(|b| b.checked_add(e.body_offset));
        if e.body_offset < table_end || !matches!(body_end, Some(end) if end <= file_len) {
            return bad(
                at,
                format!(
                    "snapshot {k}: body of {} records at byte {} is outside the bodies (bytes {table_end}..{file_len})",
                    e.body_count, e.body_offset
                ),
            );
        }
        for j in 0..e.body_count {
            let rec_at = e.body_offset + RECORD_LEN as u64 * j;
            let found = map[rec_at as usize + 48];
            if found != body_kind {
                return bad(
                    rec_at,
                    format!(
                        "snapshot {k}: body record {j} is {} (kind {found}), expected {}",
                        kind_name(found),
                        kind_name(body_kind)
                    ),
                );
            }
        }
        entries.push(e);
    }
    Ok(entries)
}
