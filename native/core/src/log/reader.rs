//! Opens a sealed `.q` file read-only through a memory mapping and checks every header
//! invariant of docs/formats/q.md before any record is read.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;

use super::header::*;
use super::record::{Record, RECORD_LEN};
use crate::error::{code, display_name, FeatcError};

pub struct LogReader {
    path: PathBuf,
    name: String,
    map: Mmap,
    header: LogHeader,
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
        Ok(LogReader { path, name, map, header })
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
