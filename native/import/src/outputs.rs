//! The `.q` files one import writes, `<out>/<SYMBOL>/<DATE>.q`, opened as their first packet
//! arrives. Every file stays a `.tmp` until `finish()` seals them all; if the import fails (or
//! this set is dropped unfinished), every `.tmp` is removed, so a failed import leaves no
//! output, partial or otherwise.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use featc_core::error::FeatcError;
use featc_core::log::{flag, LogMeta, LogWriter, Record};

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
    open: HashMap<(String, String), Open>,
    /// Keys in creation order, so reports list files deterministically.
    order: Vec<(String, String)>,
    /// Records whose exchange time was behind their file's previous record and was raised
    /// to it (the original stays in the record's ingest time): docs/formats/dbn.md.
    pub raised_timestamps: u64,
}

impl OutputSet {
    pub fn new(root: &Path) -> OutputSet {
        OutputSet { root: root.to_path_buf(), open: HashMap::new(), order: Vec::new(), raised_timestamps: 0 }
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
            let writer = LogWriter::create(&path, meta)?;
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

    /// Seals every file (in creation order) and returns what each holds.
    pub fn finish(mut self) -> Result<Vec<OutputFile>, FeatcError> {
        let mut files = Vec::with_capacity(self.order.len());
        for key in std::mem::take(&mut self.order) {
            let Some(out) = self.open.remove(&key) else { continue };
            let path = out.path.clone();
            match out.writer.finish() {
                Ok(h) => files.push(OutputFile {
                    path,
                    symbol: key.0,
                    date: key.1,
                    records: h.record_count,
                    packets: out.packets,
                    first_ts: h.first_ts,
                    last_ts: h.last_ts,
                }),
                Err(e) => {
                    // Sealed files of this import go too: all or nothing.
                    // (The failed writer and the ones still open remove their own `.tmp`
                    // when dropped: LogWriter.)
                    for f in &files {
                        let _ = std::fs::remove_file(&f.path);
                    }
                    return Err(e);
                }
            }
        }
        Ok(files)
    }
}
