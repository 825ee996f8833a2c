//! Writes a `.q` file: records go to a hidden temp file beside it (`.<name>.tmp-<pid>-<n>`);
//! `finish()` appends the time index, the snapshot section and the import report, writes the
//! final header with `SEALED`, fsyncs and moves it to its name, so a reader never sees a
//! partial file under the final name (docs/formats/q.md, "Writing", "Snapshots").
//!
//! A log is never replaced by accident: `create` refuses a name that is taken (`LOG_EXISTS`),
//! and the final move does not clobber a file that appeared meanwhile; only
//! `Existing::Replace` (the command line's `--force`) replaces one.

use std::fs::{self, File};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::header::*;
use super::record::{Record, RECORD_LEN};
use super::snapshots::SnapshotTaker;
use crate::error::{code, display_name, FeatcError};
use sha2::{Digest, Sha256};

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

/// What to do when the log's name is already taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Existing {
    /// Fail with `LOG_EXISTS`, at `create` and again at the final move.
    #[default]
    Refuse,
    /// Replace it (atomically, by the final rename).
    Replace,
}

impl Existing {
    /// `Replace` when `force`.
    pub fn from_force(force: bool) -> Existing {
        if force {
            Existing::Replace
        } else {
            Existing::Refuse
        }
    }
}

/// Gives every temp file a name no other writer of this process or another uses.
static TMP_SERIAL: AtomicU64 = AtomicU64::new(0);

/// `<dir>/.<name>.tmp-<pid>-<n>`: hidden (dataset readers skip dot files, and it does not end
/// in `.q`), and unique per writer, so two writers of one name never share a temp file.
fn temp_path_for(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let serial = TMP_SERIAL.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{serial}", std::process::id()))
}

/// The error for a log whose name is taken.
fn exists_error(path: &Path, when: &str) -> FeatcError {
    FeatcError::new(
        code::LOG_EXISTS,
        format!("{}: the log already exists{when}; pass --force to replace it", path.display()),
    )
}

/// Whether anything (a file, a link, a folder) has the name `path`.
fn taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The import report section (docs/formats/q.md, "Import report"): `{"counts": {...}}`.
pub fn import_report_json(counts: &[(String, u64)]) -> String {
    let mut s = String::from("{\"counts\": {");
    for (k, (name, n)) in counts.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        json_string(&mut s, name);
        s.push_str(&format!(": {n}"));
    }
    s.push_str("}}");
    s
}

fn json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Dropped before `finish()` succeeds (an import that failed, a panic), the writer removes its
/// temp file (and its snapshot spool): no caller can leave a partial log behind.
pub struct LogWriter {
    path: PathBuf,
    tmp: PathBuf,
    existing: Existing,
    /// `None` once `seal()` has taken the file.
    out: Option<BufWriter<File>>,
    header: LogHeader,
    index: Vec<(i64, u64)>,
    /// `None` when the log takes no snapshots.
    snapshots: Option<SnapshotTaker>,
    /// The import report's JSON, when the writer was given one.
    report: Option<String>,
    /// SHA-256 of the records written so far: the header's `records_sha256` (provenance).
    records_hash: Sha256,
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        drop(self.out.take());
        let _ = fs::remove_file(&self.tmp);
    }
}

/// A log written and fsynced under its temp name, not yet moved to its own. Dropped
/// unpublished, it removes the temp file.
pub struct SealedLog {
    path: PathBuf,
    tmp: PathBuf,
    existing: Existing,
    header: LogHeader,
    published: bool,
}

impl Drop for SealedLog {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

impl SealedLog {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn header(&self) -> &LogHeader {
        &self.header
    }

    /// Moves the sealed file to its name. `Refuse`: a hard link, which fails when the name is
    /// taken (another writer finished first), then the temp name is removed; where the file
    /// system has no hard links, a check and a rename (a writer that finishes in between is
    /// replaced: docs/formats/q.md, "Writing"). `Replace`: a rename, atomic. Returns whether
    /// a file was replaced.
    pub fn publish(mut self) -> Result<(LogHeader, bool), FeatcError> {
        let replaced = match self.existing {
            Existing::Replace => {
                let replaced = taken(&self.path);
                fs::rename(&self.tmp, &self.path)
                    .map_err(|e| FeatcError::io(&self.path, "cannot rename the sealed temp file to", &e))?;
                replaced
            }
            Existing::Refuse => {
                match fs::hard_link(&self.tmp, &self.path) {
                    Ok(()) => {
                        self.published = true;
                        let _ = fs::remove_file(&self.tmp);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        return Err(exists_error(&self.path, " (it appeared while this one was written)"));
                    }
                    Err(_) => {
                        if taken(&self.path) {
                            return Err(exists_error(&self.path, " (it appeared while this one was written)"));
                        }
                        fs::rename(&self.tmp, &self.path)
                            .map_err(|e| FeatcError::io(&self.path, "cannot rename the sealed temp file to", &e))?;
                    }
                }
                false
            }
        };
        self.published = true;
        Ok((self.header.clone(), replaced))
    }
}

impl LogWriter {
    /// Creates the temp file (and the parent folders); a log already at `path` is an error
    /// (`LOG_EXISTS`).
    pub fn create(path: impl AsRef<Path>, meta: &LogMeta) -> Result<LogWriter, FeatcError> {
        LogWriter::create_with(path, meta, Existing::Refuse)
    }

    /// `create`, with `existing` deciding about a log already at `path`: checked here, before
    /// anything is written, and again when the file is moved to its name.
    pub fn create_with(path: impl AsRef<Path>, meta: &LogMeta, existing: Existing) -> Result<LogWriter, FeatcError> {
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
        if existing == Existing::Refuse && taken(&path) {
            return Err(exists_error(&path, ""));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| FeatcError::io(dir, "cannot create folder", &e))?;
        }
        let tmp = temp_path_for(&path);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| FeatcError::io(&tmp, "cannot create", &e))?;
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
            existing,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            header,
            index: Vec::new(),
            snapshots: None,
            report: None,
            records_hash: Sha256::new(),
        };
        // Unsealed placeholder; seal() rewrites it.
        let placeholder = w.header.encode();
        w.write(&placeholder)?;
        if meta.snapshot_every_ns > 0 {
            // The spool is named after the temp file, so it is hidden and unique too.
            w.snapshots = Some(SnapshotTaker::new(&w.tmp, meta.book_kind, meta.snapshot_every_ns));
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

    /// The final name.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The counts the import report section will hold (docs/formats/q.md, "Import report"):
    /// what the importer skipped, merged, rounded or de-duplicated, by reason. Without a call,
    /// the log has no report.
    pub fn set_import_report(&mut self, counts: &[(String, u64)]) {
        self.report = Some(import_report_json(counts));
    }

    /// Appends one record. Exchange time must not go backwards: importer bugs surface here,
    /// not in every later run.
    pub fn push(&mut self, r: &Record) -> Result<(), FeatcError> {
        let n = self.header.record_count;
        // A stop asked from outside ends the import here; dropping the writer removes its temp file.
        if n & 0xFFFF == 0 {
            crate::interrupt::check(|| format!("{}: record {n}", display_name(&self.path)))?;
        }
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
        self.records_hash.update(bytes);
        self.write(&bytes)
    }

    /// Seals the file and moves it to its name; returns the final header.
    pub fn finish(self) -> Result<LogHeader, FeatcError> {
        Ok(self.seal()?.publish()?.0)
    }

    /// Writes the time index, the snapshot section and the import report, then the final
    /// header with `SEALED`, and fsyncs, all under the temp name: `publish` moves it.
    pub fn seal(mut self) -> Result<SealedLog, FeatcError> {
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
        self.header.records_sha256 = std::mem::take(&mut self.records_hash).finalize().into();
        let mut end = HEADER_LEN as u64 + RECORD_LEN as u64 * n + (index.len() as u64);
        if let Some(mut snapshots) = self.snapshots.take().filter(|s| s.count() > 0) {
            let Some(out) = self.out.as_mut() else {
                return Err(FeatcError::new(code::IO, format!("{}: sealed twice", self.tmp.display())));
            };
            snapshots.write_section(end, out, &self.tmp)?;
            self.header.snapshot_offset = end;
            self.header.snapshot_count = snapshots.count();
            end = out.stream_position().map_err(|e| FeatcError::io(&self.tmp, "cannot write", &e))?;
        }
        if let Some(report) = self.report.take() {
            self.header.report_offset = end;
            self.header.report_len = report.len() as u64;
            self.write(report.as_bytes())?;
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
        // The sealed log takes over the temp file: this writer must not remove it.
        let sealed = SealedLog {
            path: std::mem::take(&mut self.path),
            tmp: std::mem::take(&mut self.tmp),
            existing: self.existing,
            header: self.header.clone(),
            published: false,
        };
        Ok(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_json_escapes_names() {
        let counts = vec![("a \"b\"\\c".to_string(), 3), ("tab\there".to_string(), 0)];
        assert_eq!(import_report_json(&counts), "{\"counts\": {\"a \\\"b\\\"\\\\c\": 3, \"tab\\u0009here\": 0}}");
        assert_eq!(import_report_json(&[]), "{\"counts\": {}}");
    }
}
