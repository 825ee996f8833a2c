//! The writer's side of the snapshot section (docs/formats/q.md, "Snapshots"): a replay book
//! kept beside the records, the rule that says when a snapshot is due, and the bodies, spooled
//! to a sibling temp file so that a day of them is never held in memory.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::header::{BOOK_L2, SNAPSHOT_ENTRY_LEN};
use super::record::{flag, Record, RECORD_LEN};
use crate::book::{BookL2, BookL3, ReplayBook};
use crate::error::FeatcError;
use crate::time::NS_PER_SEC;

/// What importers and `featc gen` use unless told otherwise: a snapshot every 10 minutes of
/// exchange time.
pub const DEFAULT_SNAPSHOT_EVERY_NS: i64 = 600 * NS_PER_SEC;

/// One book per log kind, chosen once, so the per-record call is a match, not a `dyn`.
enum WriterBook {
    L3(Box<BookL3>),
    L2(Box<BookL2>),
}

impl WriterBook {
    #[inline(always)]
    fn apply(&mut self, r: &Record) {
        // A record the book rejects is skipped, as a lenient replay skips it.
        let _ = match self {
            WriterBook::L3(b) => b.apply(r),
            WriterBook::L2(b) => b.apply(r),
        };
    }

    fn snapshot_into(&self, out: &mut Vec<Record>) {
        match self {
            WriterBook::L3(b) => b.snapshot_into(out),
            WriterBook::L2(b) => b.snapshot_into(out),
        }
    }
}

/// A table entry before the file's layout is known: its body is `body_count` records from
/// record `body_start` of the spool.
struct Pending {
    as_of_ts: i64,
    record: u64,
    body_start: u64,
    body_count: u64,
}

/// Gives every spool a name no other writer of this process or another uses.
static SPOOL_SERIAL: AtomicU64 = AtomicU64::new(0);

pub(super) struct SnapshotTaker {
    every: i64,
    book: WriterBook,
    next_due: i64,
    /// Whether the last record pushed ended its packet.
    prev_last: bool,
    entries: Vec<Pending>,
    body_records: u64,
    /// Reused for every snapshot: no allocation once it has grown to the book's size.
    scratch: Vec<Record>,
    spool_path: PathBuf,
    /// Created with the first snapshot.
    spool: Option<BufWriter<File>>,
}

impl Drop for SnapshotTaker {
    fn drop(&mut self) {
        if self.spool.take().is_some() {
            let _ = fs::remove_file(&self.spool_path);
        }
    }
}

/// The first multiple of `every` after `ts`'s own interval starts: `floor(ts / every) * every + every`.
fn due_after(ts: i64, every: i64) -> i64 {
    ts.div_euclid(every).saturating_mul(every).saturating_add(every)
}

impl SnapshotTaker {
    /// `every > 0`; `log_path` names the spool (`<log_path>.<pid>-<serial>.snapshots.tmp`).
    pub(super) fn new(log_path: &Path, book_kind: u8, every: i64) -> SnapshotTaker {
        let book = if book_kind == BOOK_L2 {
            WriterBook::L2(Box::new(BookL2::new()))
        } else {
            WriterBook::L3(Box::new(BookL3::new()))
        };
        let mut name = log_path.as_os_str().to_owned();
        name.push(format!(".{}-{}.snapshots.tmp", std::process::id(), SPOOL_SERIAL.fetch_add(1, Ordering::Relaxed)));
        SnapshotTaker {
            every,
            book,
            next_due: i64::MAX,
            prev_last: false,
            entries: Vec::new(),
            body_records: 0,
            scratch: Vec::new(),
            spool_path: PathBuf::from(name),
            spool: None,
        }
    }

    /// Record `n` is about to be written (its time order already checked); `prev_ts` is
    /// record `n - 1`'s exchange time. Takes the snapshot due before it, then applies it.
    #[inline]
    pub(super) fn before_push(&mut self, n: u64, prev_ts: i64, r: &Record) -> Result<(), FeatcError> {
        if n == 0 {
            self.next_due = due_after(r.exchange_ts, self.every);
        } else if self.prev_last && r.exchange_ts >= self.next_due {
            self.take(n, prev_ts)?;
            self.next_due = due_after(r.exchange_ts, self.every);
        }
        self.book.apply(r);
        self.prev_last = r.is_last();
        Ok(())
    }

    fn take(&mut self, record: u64, as_of_ts: i64) -> Result<(), FeatcError> {
        self.scratch.clear();
        self.book.snapshot_into(&mut self.scratch);
        let spool = match &mut self.spool {
            Some(spool) => spool,
            empty @ None => {
                // Read back by `write_section`.
                let file = OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(&self.spool_path)
                    .map_err(|e| FeatcError::io(&self.spool_path, "cannot create the snapshot spool", &e))?;
                empty.insert(BufWriter::with_capacity(1 << 20, file))
            }
        };
        for r in &self.scratch {
            let stamped = Record { exchange_ts: as_of_ts, ingest_ts: as_of_ts, flags: flag::SNAPSHOT, ..*r };
            spool
                .write_all(&stamped.encode())
                .map_err(|e| FeatcError::io(&self.spool_path, "cannot write the snapshot spool", &e))?;
        }
        let count = self.scratch.len() as u64;
        self.entries.push(Pending { as_of_ts, record, body_start: self.body_records, body_count: count });
        self.body_records += count;
        Ok(())
    }

    pub(super) fn count(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Writes the table, which starts at byte `table_offset` of the log, then the bodies, to
    /// `out` (the log, positioned at `table_offset`).
    pub(super) fn write_section(
        &mut self,
        table_offset: u64,
        out: &mut impl Write,
        log: &Path,
    ) -> Result<(), FeatcError> {
        let bodies = table_offset + SNAPSHOT_ENTRY_LEN as u64 * self.count();
        let mut table = Vec::with_capacity(self.entries.len() * SNAPSHOT_ENTRY_LEN);
        for e in &self.entries {
            table.extend_from_slice(&e.as_of_ts.to_le_bytes());
            table.extend_from_slice(&e.record.to_le_bytes());
            table.extend_from_slice(&(bodies + RECORD_LEN as u64 * e.body_start).to_le_bytes());
            table.extend_from_slice(&e.body_count.to_le_bytes());
        }
        out.write_all(&table).map_err(|e| FeatcError::io(log, "cannot write", &e))?;
        let Some(spool) = self.spool.as_mut() else { return Ok(()) };
        let io = |e: std::io::Error| FeatcError::io(&self.spool_path, "cannot read back the snapshot spool", &e);
        spool.flush().map_err(io)?;
        let file = spool.get_mut();
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let copied = std::io::copy(file, out).map_err(io)?;
        if copied != RECORD_LEN as u64 * self.body_records {
            return Err(FeatcError::io(
                &self.spool_path,
                "cannot read back the snapshot spool",
                &std::io::Error::other(format!("{copied} bytes, expected {}", RECORD_LEN as u64 * self.body_records)),
            ));
        }
        Ok(())
    }
}
