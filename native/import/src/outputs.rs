//! The `.q` files one import writes, `<out>/<SYMBOL>/<DATE>.q`, opened as their first packet
//! arrives. A file that exists already is refused when it would be opened (`LOG_EXISTS`)
//! unless the import replaces logs (`--force`). Every file stays a hidden temp file until
//! `finish()` seals them all, then moves them to their names; if the import fails (or this set
//! is dropped unfinished), every temp file is removed, so a failed import leaves no output,
//! partial or otherwise (docs/formats/q.md, "Writing").

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use featc_core::error::FeatcError;
use featc_core::log::{flag, Existing, LogMeta, LogWriter, Record};

use crate::day::folder_name;
use crate::input::code;

/// One sealed output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub symbol: String,
    pub date: String,
    pub records: u64,
    pub packets: u64,
    pub first_ts: i64,
    pub last_ts: i64,
}

struct Open {
    writer: LogWriter,
    path: PathBuf,
    meta: LogMeta,
    packets: u64,
    last_ts: i64,
}

pub struct OutputSet {
    root: PathBuf,
    existing: Existing,
    open: HashMap<(String, String), Open>,
    /// Keys in creation order, so reports list files deterministically.
    order: Vec<(String, String)>,
    /// Records whose exchange time was behind their file's previous record and was raised
    /// to it (the original stays in the record's ingest time): docs/formats/dbn.md.
    pub raised_timestamps: u64,
}

impl OutputSet {
    /// Files under `root`; `force`: replace logs that exist instead of failing.
    pub fn new(root: &Path, force: bool) -> OutputSet {
        OutputSet {
            root: root.to_path_buf(),
            existing: Existing::from_force(force),
            open: HashMap::new(),
            order: Vec::new(),
            raised_timestamps: 0,
        }
    }

    /// Writes one packet (LAST on its final record) to the file of `meta.symbol` and
    /// `meta.date`, creating it with `meta` on first use.
    pub fn write_packet(&mut self, meta: &LogMeta, records: &mut [Record]) -> Result<(), FeatcError> {
        let Some(last) = records.len().checked_sub(1) else { return Ok(()) };
        let key = (meta.symbol.clone(), meta.date.clone());
        if !self.open.contains_key(&key) {
            let folder = folder_name(&meta.symbol);
            if folder.is_empty() || folder.starts_with('.') {
                return Err(FeatcError::new(
                    code::OUTPUT_CONFLICT,
                    format!("symbol {:?} cannot name a folder", meta.symbol),
                ));
            }
            let path = self.root.join(folder).join(format!("{}.q", meta.date));
            let writer = LogWriter::create_with(&path, meta, self.existing)?;
            self.open.insert(key.clone(), Open { writer, path, meta: meta.clone(), packets: 0, last_ts: i64::MIN });
            self.order.push(key.clone());
        }
        let Some(out) = self.open.get_mut(&key) else { return Ok(()) };
        if out.meta.book_kind != meta.book_kind
            || out.meta.price_decimals != meta.price_decimals
            || out.meta.size_decimals != meta.size_decimals
        {
            return Err(FeatcError::new(
                code::OUTPUT_CONFLICT,
                format!(
                    "{}: inputs of different kinds (book kind {} and {}, or other decimals) would share this file; import them to different folders",
                    out.path.display(),
                    out.meta.book_kind,
                    meta.book_kind
                ),
            ));
        }
        for (i, r) in records.iter_mut().enumerate() {
            if r.exchange_ts < out.last_ts {
                r.exchange_ts = out.last_ts;
                self.raised_timestamps += 1;
            }
            out.last_ts = r.exchange_ts;
            if i == last {
                r.flags |= flag::LAST;
            } else {
                r.flags &= !flag::LAST;
            }
            out.writer.push(r)?;
        }
        out.packets += 1;
        Ok(())
    }

    /// Seals every file (in creation order) with `report` as its import report
    /// (docs/formats/q.md, "Import report"), then moves each to its name, and returns what each
    /// holds. A failure while sealing leaves no file; one while moving removes the files this
    /// import created (a file it replaced under `--force` stays replaced).
    pub fn finish(mut self, report: &[(String, u64)]) -> Result<Vec<OutputFile>, FeatcError> {
        let mut sealed = Vec::with_capacity(self.order.len());
        for key in std::mem::take(&mut self.order) {
            let Some(mut out) = self.open.remove(&key) else { continue };
            out.writer.set_import_report(report);
            // A failure drops the logs sealed so far and the writers still open: each removes
            // its own temp file (LogWriter, SealedLog).
            sealed.push((out.writer.seal()?, key, out.packets));
        }
        let mut files: Vec<OutputFile> = Vec::with_capacity(sealed.len());
        let mut created: Vec<PathBuf> = Vec::new();
        for (log, key, packets) in sealed {
            let path = log.path().to_path_buf();
            match log.publish() {
                Ok((h, replaced)) => {
                    if !replaced {
                        created.push(path.clone());
                    }
                    files.push(OutputFile {
                        path,
                        symbol: key.0,
                        date: key.1,
                        records: h.record_count,
                        packets,
                        first_ts: h.first_ts,
                        last_ts: h.last_ts,
                    });
                }
                Err(e) => {
                    // All or nothing: what this import created goes (the rest remove their
                    // temp files when dropped).
                    for p in &created {
                        let _ = std::fs::remove_file(p);
                    }
                    return Err(e);
                }
            }
        }
        Ok(files)
    }
}
