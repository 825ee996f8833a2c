//! Writes a `.q` file: records go to `<path>.tmp`; `finish()` appends the time index and the
//! snapshot section, writes the final header with `SEALED`, fsyncs and renames, so a reader
//! never sees a partial file under the final name (docs/formats/q.md, "Writing", "Snapshots").

use std::fs::{self, File};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::header::*;
use super::record::{Record, RECORD_LEN};
use super::snapshots::SnapshotTaker;
use crate::error::{code, display_name, FeatcError};

/// What a log says about itself, fixed when it is created.
#[derive(Clone, Debug)]
pub struct LogMeta {
    pub symbol: String,
    pub venue: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub book_kind: u8,
    pub price_decimals: u8,
    pub size_decimals: u8,
    /// A book snapshot at the first packet start at or after each multiple of this many
    /// nanoseconds of exchange time (docs/formats/q.md, "Snapshots"); 0: none.
    /// `DEFAULT_SNAPSHOT_EVERY_NS` is what importers and `featc gen` use.
    pub snapshot_every_ns: i64,
}

/// Dropped before `finish()` succeeds (an import that failed, a panic), the writer removes its
/// `.tmp` (and its snapshot spool): no caller can leave a partial log behind.
pub struct LogWriter {
    path: PathBuf,
    tmp: PathBuf,
    /// `None` once `finish()` has taken the file.
    out: Option<BufWriter<File>>,
    header: LogHeader,
    index: Vec<(i64, u64)>,
    /// `None` when the log takes no snapshots.
    snapshots: Option<SnapshotTaker>,
    sealed: bool,
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if !self.sealed {
            drop(self.out.take());
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

impl LogWriter {
    /// Creates `<path>.tmp` (and the parent folders).
    pub fn create(path: impl AsRef<Path>, meta: &LogMeta) -> Result<LogWriter, FeatcError> {
        let path = path.as_ref().to_path_buf();
        if meta.price_decimals > 18 || meta.size_decimals > 18 {
            return Err(FeatcError::new(code::BAD_ARGUMENT, format!("{}: decimals above 18", path.display())));
        }
        if meta.snapshot_every_ns < 0 {
            return Err(FeatcError::new(
                code::BAD_ARGUMENT,
                format!("{}: snapshot interval {} ns is negative", path.display(), meta.snapshot_every_ns),
            ));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| FeatcError::io(dir, "cannot create folder", &e))?;
        }
        let mut tmp = path.clone().into_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let file = File::create(&tmp).map_err(|e| FeatcError::io(&tmp, "cannot create", &e))?;
        let header = LogHeader {
            version: FORMAT_VERSION,
            book_kind: meta.book_kind,
            file_flags: 0,
            price_decimals: meta.price_decimals,
            size_decimals: meta.size_decimals,
            symbol: meta.symbol.clone(),
            venue: meta.venue.clone(),
            date: meta.date.clone(),
            ..LogHeader::default()
        };
        let mut w = LogWriter {
            path,
            tmp,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            header,
            index: Vec::new(),
            snapshots: None,
            sealed: false,
        };
        // Unsealed placeholder; finish() rewrites it.
        let placeholder = w.header.encode();
        w.write(&placeholder)?;
        if meta.snapshot_every_ns > 0 {
            w.snapshots = Some(SnapshotTaker::new(&w.path, meta.book_kind, meta.snapshot_every_ns));
        }
        Ok(w)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), FeatcError> {
        let Some(out) = self.out.as_mut() else {
            return Err(FeatcError::new(code::IO, format!("{}: written after it was sealed", self.tmp.display())));
        };
        out.write_all(bytes).map_err(|e| FeatcError::io(&self.tmp, "cannot write", &e))
    }

    pub fn records(&self) -> u64 {
        self.header.record_count
    }

    /// Appends one record. Exchange time must not go backwards: importer bugs surface here,
    /// not in every later run.
    pub fn push(&mut self, r: &Record) -> Result<(), FeatcError> {
        let n = self.header.record_count;
        if n > 0 && r.exchange_ts < self.header.last_ts {
            return Err(FeatcError::new(
                code::Q_TIME_ORDER,
                format!(
                    "{}: record {n}: exchange time {} is before the previous record's {}",
                    display_name(&self.path),
                    r.exchange_ts,
                    self.header.last_ts
                ),
            ));
        }
        if let Some(s) = self.snapshots.as_mut() {
            s.before_push(n, self.header.last_ts, r)?;
        }
        if n == 0 {
            self.header.first_ts = r.exchange_ts;
        }
        if n.is_multiple_of(INDEX_STRIDE) {
            self.index.push((r.exchange_ts, n));
        }
        self.header.last_ts = r.exchange_ts;
        self.header.record_count = n + 1;
        let bytes: [u8; RECORD_LEN] = r.encode();
        self.write(&bytes)
    }

    /// Seals the file and moves it to its final name; returns the final header.
    pub fn finish(mut self) -> Result<LogHeader, FeatcError> {
        let n = self.header.record_count;
        if !self.index.is_empty() {
            self.header.index_offset = HEADER_LEN as u64 + RECORD_LEN as u64 * n;
            self.header.index_count = self.index.len() as u64;
        }
        let mut index = Vec::with_capacity(self.index.len() * INDEX_ENTRY_LEN);
        for (ts, i) in &self.index {
            index.extend_from_slice(&ts.to_le_bytes());
            index.extend_from_slice(&i.to_le_bytes());
        }
        self.write(&index)?;
        if let Some(mut snapshots) = self.snapshots.take().filter(|s| s.count() > 0) {
            let table_offset = HEADER_LEN as u64 + RECORD_LEN as u64 * n + (index.len() as u64);
            let Some(out) = self.out.as_mut() else {
                return Err(FeatcError::new(code::IO, format!("{}: sealed twice", self.tmp.display())));
            };
            snapshots.write_section(table_offset, out, &self.tmp)?;
            self.header.snapshot_offset = table_offset;
            self.header.snapshot_count = snapshots.count();
        }
        self.header.file_flags |= FILE_SEALED;
        let tmp = self.tmp.clone();
        let header_bytes = self.header.encode();
        let Some(out) = self.out.take() else {
            return Err(FeatcError::new(code::IO, format!("{}: sealed twice", tmp.display())));
        };
        let mut file = out.into_inner().map_err(|e| FeatcError::io(&tmp, "cannot write", e.error()))?;
        let io = |e: std::io::Error| FeatcError::io(&tmp, "cannot seal", &e);
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&header_bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        fs::rename(&tmp, &self.path).map_err(|e| FeatcError::io(&self.path, "cannot rename the sealed .tmp to", &e))?;
        self.sealed = true;
        Ok(self.header.clone())
    }
}
