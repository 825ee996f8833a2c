//! Opens a sealed `.q` file read-only through a memory mapping and checks every header
//! invariant of docs/formats/q.md, and every section the header points to (time index,
//! snapshot table and bodies, import report), before any record is replayed.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    /// The bytes before this are released from the process (`release_before`).
    released: AtomicUsize,
}

/// The granule of `release_before`: a multiple of every page size in use (4 KiB, 16 KiB, 2 MiB).
const RELEASE_ALIGN: usize = 2 << 20;
/// How far ahead of the cursor `release_before` asks the kernel to read.
const READ_AHEAD: usize = 8 << 20;

impl LogReader {
    /// Opens and checks the log at `path`, which must be a regular file (or a symbolic link to
    /// one): a FIFO would block the open, a device (`/dev/zero`) or a directory has no end to
    /// map, so they are refused before the file is opened (`IO`, naming what the path is).
    pub fn open(path: impl AsRef<Path>) -> Result<LogReader, FeatcError> {
        let path = path.as_ref().to_path_buf();
        let name = display_name(&path);
        let meta = std::fs::metadata(&path).map_err(|e| FeatcError::io(&path, "cannot open", &e))?;
        if !meta.is_file() {
            return Err(not_a_file(&path, &meta));
        }
        let file = File::open(&path).map_err(|e| FeatcError::io(&path, "cannot open", &e))?;
        // Checked again on the open file: the path may have been replaced in between.
        let meta = file.metadata().map_err(|e| FeatcError::io(&path, "cannot stat", &e))?;
        if !meta.is_file() {
            return Err(not_a_file(&path, &meta));
        }
        let len = meta.len();
        if len < HEADER_LEN as u64 {
            return Err(FeatcError::new(
                code::Q_TRUNCATED_HEADER,
                format!("{name}: byte {len}: file has {len} bytes, shorter than the {HEADER_LEN}-byte header"),
            ));
        }
        // SAFETY: the mapping is read-only; writers never modify a file under its final
        // name (they rename a sealed `.tmp`), so the bytes do not change under us.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| FeatcError::io(&path, "cannot map", &e))?;
        // The time index's check touches a record every 256 KiB, and a kernel that maps
        // page-cache folios whole on a fault (2 MiB at a time) would map most of the file for
        // it: the records checked are let go every 64 MB of the file.
        #[cfg(unix)]
        let release = |from: usize, to: usize| {
            // SAFETY: a read-only shared mapping: dropped pages are read again from the file.
            let _ = unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from) };
        };
        #[cfg(not(unix))]
        let release = |_: usize, _: usize| {};
        let (header, snapshots) = check_layout(&name, &map, &release)?;
        // A replay reads the records once, in order: read ahead, and let pages behind go; what
        // the checks mapped goes too (517 MB of a 618 MB log stayed resident without it), the
        // replay maps what it reads. Advice only; a kernel that ignores it changes nothing but
        // the figures.
        #[cfg(unix)]
        {
            let _ = map.advise(memmap2::Advice::Sequential);
            // SAFETY: a read-only shared mapping: dropped pages are read again from the file.
            let _ = unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, 0, map.len()) };
        }
        Ok(LogReader { path, name, map, header, snapshots, released: AtomicUsize::new(0) })
    }

    /// Tells the kernel the records before record `i` will not be read again soon: their pages
    /// leave this process's resident memory (they stay in the page cache, and a later read
    /// maps them again), so a replay's RSS stays flat however long the log; and the next
    /// READ_AHEAD bytes are asked for. The replay calls it every PROGRESS_EVERY records.
    pub fn release_before(&self, i: u64) {
        let at = Self::record_offset(i.min(self.header.record_count)) as usize;
        let upto = at - at % RELEASE_ALIGN;
        let from = self.released.load(Ordering::Relaxed);
        if upto <= from {
            return;
        }
        self.released.store(upto, Ordering::Relaxed);
        #[cfg(unix)]
        {
            // SAFETY: the mapping is read-only and shared: dropping its pages loses nothing, a
            // later read of them faults them in again from the file.
            let _ = unsafe { self.map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, upto - from) };
            let ahead = READ_AHEAD.min(self.map.len() - upto);
            let _ = self.map.advise_range(memmap2::Advice::WillNeed, upto, ahead);
        }
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

    /// The order id of record `i` (`i < len()`) alone, for a look ahead (`ReplayBook::prefetch`).
    #[inline(always)]
    pub fn order_id(&self, i: u64) -> u64 {
        let at = Self::record_offset(i) as usize + 24;
        u64::from_le_bytes(self.map[at..at + 8].try_into().expect("8 bytes"))
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

/// The error for a log path that is not a regular file, naming what it is.
fn not_a_file(path: &Path, meta: &std::fs::Metadata) -> FeatcError {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    FeatcError::new(
        code::IO,
        format!(
            "{}: not a regular file but {}{}; a log must be a regular file",
            path.display(),
            file_type_name(&meta.file_type()),
            if link { " (through a symbolic link)" } else { "" }
        ),
    )
}

#[cfg(unix)]
fn file_type_name(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn file_type_name(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// `bytes` for a message: printable ASCII as it is, any other byte (and `"`, `\`) as `\xNN`.
fn quoted(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &b in bytes {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

fn fault(code: &'static str, name: &str, at: u64, reason: String) -> FeatcError {
    FeatcError::new(code, format!("{name}: byte {at}: {reason}"))
}

fn u64_in(map: &[u8], at: u64) -> u64 {
    let at = at as usize;
    let mut w = [0u8; 8];
    w.copy_from_slice(&map[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Exchange time of record `i`, inside the file (the caller checked).
fn record_ts(map: &[u8], i: u64) -> i64 {
    u64_in(map, LogReader::record_offset(i)) as i64
}

/// Every check docs/formats/q.md ("Validity and errors") makes of a file before any record is
/// replayed: the header's fields, then the sections it points to (records, time index,
/// snapshot table and bodies, import report), which follow each other without a gap and end
/// where the file ends. runtime/log/reader.ts makes the same checks in the same order, with the
/// same codes and words, so a file is refused by both runtimes or by neither.
/// `release(from, to)` is told when bytes `from..to` will not be read again by the checks.
fn check_layout(
    name: &str,
    map: &[u8],
    release: &dyn Fn(usize, usize),
) -> Result<(LogHeader, Vec<SnapshotEntry>), FeatcError> {
    let h = check_header(name, map)?;
    let records_end = check_records(name, map, &h)?;
    let index_end = check_index(name, map, &h, records_end, release)?;
    let (snapshots, snapshots_end) = check_snapshots(name, map, &h, index_end)?;
    let end = check_report(name, map, &h, snapshots_end)?;
    let file_len = map.len() as u64;
    if file_len != end {
        return Err(fault(
            code::Q_BAD_HEADER,
            name,
            end,
            format!(
                "file has {file_len} bytes, but its sections end at byte {end}: the {} bytes after it belong to no section",
                file_len - end
            ),
        ));
    }
    Ok((h, snapshots))
}

fn check_header(name: &str, map: &[u8]) -> Result<LogHeader, FeatcError> {
    let raw: &[u8; HEADER_LEN] = map[..HEADER_LEN].try_into().expect("length checked by the caller");
    if &raw[0..8] != MAGIC {
        return Err(fault(
            code::Q_BAD_MAGIC,
            name,
            0,
            format!("magic is {}, expected \"FEATQLOG\"", quoted(&raw[0..8])),
        ));
    }
    let h = LogHeader::decode(raw);
    let header_len = u16::from_le_bytes([raw[10], raw[11]]);
    let record_len = u16::from_le_bytes([raw[12], raw[13]]);
    if h.version != FORMAT_VERSION || header_len as usize != HEADER_LEN || record_len as usize != RECORD_LEN {
        return Err(fault(
            code::Q_BAD_VERSION,
            name,
            8,
            format!(
                "format version {}, header {header_len} B, record {record_len} B; expected version {FORMAT_VERSION}, {HEADER_LEN} B, {RECORD_LEN} B",
                h.version
            ),
        ));
    }
    if h.book_kind != BOOK_L3 && h.book_kind != BOOK_L2 {
        return Err(fault(
            code::Q_BAD_HEADER,
            name,
            14,
            format!("book kind {}, expected 1 (L3) or 2 (L2)", h.book_kind),
        ));
    }
    if h.price_decimals > 18 || h.size_decimals > 18 {
        return Err(fault(
            code::Q_BAD_HEADER,
            name,
            16,
            format!("decimals {}/{}, expected 0..18", h.price_decimals, h.size_decimals),
        ));
    }
    if !h.is_sealed() {
        return Err(fault(
            code::Q_NOT_SEALED,
            name,
            15,
            "the SEALED flag is not set: the writer did not finish this file".to_string(),
        ));
    }
    Ok(h)
}

/// The records fit in the file, and the header's first and last exchange times are those of
/// its first and last record (0 and 0 without records). Returns the records' end.
fn check_records(name: &str, map: &[u8], h: &LogHeader) -> Result<u64, FeatcError> {
    let file_len = map.len() as u64;
    let whole = (file_len - HEADER_LEN as u64) / RECORD_LEN as u64;
    let n = h.record_count;
    if n > whole {
        return Err(FeatcError::new(
            code::Q_TRUNCATED,
            format!(
                "{name}: record {whole} (byte {}): file has {file_len} bytes but the header counts {n} records",
                LogReader::record_offset(whole)
            ),
        ));
    }
    let bad = |at: u64, reason: String| Err(fault(code::Q_BAD_HEADER, name, at, reason));
    if n == 0 {
        if h.first_ts != 0 || h.last_ts != 0 {
            return bad(
                24,
                format!(
                    "first and last exchange times {} and {} in a log without records, expected 0 and 0",
                    h.first_ts, h.last_ts
                ),
            );
        }
    } else {
        let (first, last) = (record_ts(map, 0), record_ts(map, n - 1));
        if h.first_ts != first {
            return bad(24, format!("first exchange time {} is not record 0's, {first}", h.first_ts));
        }
        if h.last_ts != last {
            return bad(32, format!("last exchange time {} is not record {}'s, {last}", h.last_ts, n - 1));
        }
        if first > last {
            // The records go back in time somewhere: a time-order fault, named by the last one.
            return Err(FeatcError::new(
                code::Q_TIME_ORDER,
                format!(
                    "{name}: record {} (byte {}): exchange time {last} is before record 0's {first}",
                    n - 1,
                    LogReader::record_offset(n - 1)
                ),
            ));
        }
    }
    Ok(LogReader::record_offset(n))
}

/// The time index: none (offset and count 0), or one entry every `INDEX_STRIDE` records right
/// after them, each naming its record and that record's exchange time. Returns its end.
fn check_index(
    name: &str,
    map: &[u8],
    h: &LogHeader,
    records_end: u64,
    release: &dyn Fn(usize, usize),
) -> Result<u64, FeatcError> {
    let (offset, count, n) = (h.index_offset, h.index_count, h.record_count);
    let bad = |at: u64, reason: String| Err(fault(code::Q_BAD_HEADER, name, at, reason));
    if count == 0 {
        if offset != 0 {
            return bad(48, format!("time index at byte {offset} with no entries, expected 0 (no index)"));
        }
        return Ok(records_end);
    }
    if offset != records_end {
        return bad(48, format!("time index at byte {offset}, expected {records_end} (right after the records)"));
    }
    let expected = n.div_ceil(INDEX_STRIDE);
    if count != expected {
        return bad(
            56,
            format!(
                "{count} time-index entries for {n} records, expected {expected} (one every {INDEX_STRIDE} records)"
            ),
        );
    }
    // count <= n / 4096 + 1, and the records fit in the file: no overflow.
    let end = records_end + INDEX_ENTRY_LEN as u64 * count;
    let file_len = map.len() as u64;
    if end > file_len {
        return Err(fault(
            code::Q_TRUNCATED,
            name,
            records_end,
            format!("file has {file_len} bytes, too short for the {count} time-index entries that end at byte {end}"),
        ));
    }
    let mut released = 0;
    for k in 0..count {
        let at = records_end + INDEX_ENTRY_LEN as u64 * k;
        let (ts, record, want) = (u64_in(map, at) as i64, u64_in(map, at + 8), k * INDEX_STRIDE);
        if record != want {
            return bad(at + 8, format!("time-index entry {k} names record {record}, expected {want}"));
        }
        let actual = record_ts(map, want);
        if ts != actual {
            return bad(at, format!("time-index entry {k} has exchange time {ts}, but record {want} has {actual}"));
        }
        // Every 256 entries, 64 MB of records: those before this entry's are done with.
        if k % 256 == 255 {
            let upto = LogReader::record_offset(want) as usize;
            let upto = upto - upto % RELEASE_ALIGN;
            release(released, upto);
            released = upto;
        }
    }
    Ok(end)
}

/// The snapshot table, checked against docs/formats/q.md ("Snapshots"): none (offset and count
/// 0), or a table right after the time index, entries in strictly increasing record order, each
/// at a packet boundary and stamped with that packet's time, their bodies one after the other
/// right after the table, of `ADD` (L3) or `LEVEL` (L2) records only. Returns the entries and
/// the section's end.
fn check_snapshots(
    name: &str,
    map: &[u8],
    h: &LogHeader,
    index_end: u64,
) -> Result<(Vec<SnapshotEntry>, u64), FeatcError> {
    let count = h.snapshot_count;
    let table = h.snapshot_offset;
    let bad = |at: u64, reason: String| Err(fault(code::Q_BAD_SNAPSHOT, name, at, reason));
    if count == 0 {
        if table != 0 {
            return bad(144, format!("snapshot table at byte {table} with no entries, expected 0 (no snapshots)"));
        }
        return Ok((Vec::new(), index_end));
    }
    let file_len = map.len() as u64;
    if table != index_end {
        return bad(
            144,
            format!(
                "snapshot table at byte {table}, expected {index_end} (right after the records and the time index)"
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
    // `count` entries fit in the file: the vector is at most a thirty-second of its size.
    let mut entries = Vec::with_capacity(count as usize);
    let mut prev_record = 0u64;
    let mut next_body = table_end;
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
        if e.body_offset != next_body {
            return bad(
                at,
                format!(
                    "snapshot {k}: body at byte {}, expected {next_body} (right after the table and the bodies before it)",
                    e.body_offset
                ),
            );
        }
        let body_end = match e.body_count.checked_mul(RECORD_LEN as u64).and_then(|b| b.checked_add(e.body_offset)) {
            Some(end) if end <= file_len => end,
            _ => {
                return bad(
                    at,
                    format!(
                    "snapshot {k}: body of {} records at byte {} is outside the bodies (bytes {table_end}..{file_len})",
                    e.body_count, e.body_offset
                ),
                )
            }
        };
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
        next_body = body_end;
        entries.push(e);
    }
    Ok((entries, next_body))
}

/// The import report section: none (offset and length 0), or a non-empty section right after
/// everything else, inside the file (its text is checked when it is read: `read_import_report`).
/// Returns the file's expected end.
fn check_report(name: &str, map: &[u8], h: &LogHeader, after: u64) -> Result<u64, FeatcError> {
    let (offset, len) = (h.report_offset, h.report_len);
    if offset == 0 && len == 0 {
        return Ok(after);
    }
    let file_len = map.len() as u64;
    match offset.checked_add(len) {
        Some(end) if offset == after && len > 0 && end <= file_len => Ok(end),
        _ => Err(fault(
            code::Q_BAD_HEADER,
            name,
            160,
            format!(
                "import report of {len} bytes at byte {offset}, expected a section of at least 1 byte at byte {after}, inside the file's {file_len} bytes"
            ),
        )),
    }
}
