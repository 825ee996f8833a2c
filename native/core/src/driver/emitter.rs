//! Rows on their way out of a run: the emit window, the rows held for their labels' futures,
//! the routing of each row to its day file, and the batches and per-file reports handed to the
//! sink (docs/language.md sections 4, 4.1 and 10).

use std::collections::VecDeque;

use super::{cancelled, FileReport, RunSink};
use crate::book::ReplayBook;
use crate::error::FeatcError;
use crate::kernel::{row_trigger, Kernel, RowBatch, StepContext};

pub(super) struct Emitter<'a> {
    batch: RowBatch,
    /// The file the rows in `batch` belong to.
    batch_file: usize,
    /// Receives the rows outside the emit window, so the kernel's emit (and its since-emit
    /// resets) runs the same whether or not a row is kept.
    discard: RowBatch,
    batch_rows: usize,
    from: i64,
    to: i64,
    pub(super) sink: &'a mut dyn RunSink,
    /// Rows waiting for their labels' futures; `None` without labels.
    pending: Option<Pending>,
    /// One report per file of the stream, handed to the sink when the file can get no more rows.
    pub(super) files: Vec<FileReport>,
    /// Exchange time of each file's first record: where a bar row is routed.
    pub(super) file_starts: Vec<i64>,
    /// The file being replayed, and the first file of its segment (a reset starts a segment).
    pub(super) current: usize,
    pub(super) segment_first: usize,
    /// Files before this one have been reported done.
    open: usize,
}

/// A delivered row whose labels wait for their futures (docs/language.md section 10).
struct PendingRow {
    /// The file the row is routed to.
    file: usize,
    /// The columns as `RowBatch` stores them.
    bits: Vec<u64>,
    valid: Vec<u8>,
    now: Vec<u64>,
    now_valid: Vec<bool>,
    fut: Vec<u64>,
    fut_valid: Vec<bool>,
    known: Vec<bool>,
    /// Capture time of each future slot: the label time plus the horizon (`None` past i64).
    due: Vec<Option<i64>>,
}

/// The rows held for labels, oldest first. Every future slot is captured in row order (label
/// times never decrease), so one cursor a slot finds the next capture. The queue holds the rows
/// emitted within the largest horizon.
struct Pending {
    rows: VecDeque<PendingRow>,
    /// Number of rows already delivered: the absolute index of `rows[0]`.
    base: u64,
    /// Per future slot, the absolute index of the first row not captured yet.
    next: Vec<u64>,
    /// The label time of the last row held (section 10: a row's label time is at least its predecessor's).
    last_time: i64,
    /// Receives one row's columns from `Kernel::emit`.
    scratch: RowBatch,
}

impl<'a> Emitter<'a> {
    pub(super) fn new<K: Kernel>(
        sink: &'a mut dyn RunSink,
        files: usize,
        batch_rows: usize,
        from: i64,
        to: i64,
    ) -> Emitter<'a> {
        let columns = K::COLUMNS.len();
        Emitter {
            batch: RowBatch::new(columns, batch_rows),
            batch_file: 0,
            discard: RowBatch::new(columns, 1),
            batch_rows,
            from,
            to,
            sink,
            pending: (K::LABELS > 0).then(|| Pending {
                rows: VecDeque::new(),
                base: 0,
                next: vec![0; K::FUTURE_HORIZONS_NS.len()],
                last_time: i64::MIN,
                scratch: RowBatch::new(columns - K::LABELS, 1),
            }),
            files: vec![FileReport::default(); files],
            file_starts: vec![i64::MIN; files],
            current: 0,
            segment_first: 0,
            open: 0,
        }
    }

    /// The file a row goes to (docs/language.md section 4.1): an event row to the file of its
    /// packet; a bar row at boundary `at` to the last file of the segment whose first record is
    /// before `at`, so the bar that ends at midnight is the last row of the day it closes.
    fn route(&self, at: i64, cause: i64) -> usize {
        let mut file = self.current;
        if cause == row_trigger::BAR {
            while file > self.segment_first && self.file_starts[file] >= at {
                file -= 1;
            }
        }
        file
    }

    /// A firing at `at`: `Ok(true)` when it was a row (kept, or outside the emit window),
    /// `Ok(false)` when the trigger's `when` rejected it.
    #[inline]
    pub(super) fn emit<K: Kernel, B: ReplayBook>(
        &mut self,
        kernel: &mut K,
        book: &B,
        ctx: &StepContext,
        at: i64,
        cause: i64,
    ) -> Result<bool, FeatcError> {
        // The row's time, for operators read as of it, and why it fires (`StepContext::row_ts`, `row_trigger`).
        let ctx = &StepContext { row_ts: at, row_trigger: cause, ..*ctx };
        // The trigger's `when`: a firing it rejects is no row at all (docs/language.md section 8).
        if !kernel.filter(book, ctx) {
            return Ok(false);
        }
        if at < self.from || at >= self.to {
            kernel.emit(book, ctx, &mut self.discard);
            self.discard.clear();
            return Ok(true);
        }
        let file = self.route(at, cause);
        if let Some(p) = self.pending.as_mut() {
            let mut now = vec![0u64; K::NOW_SLOTS];
            let mut now_valid = vec![false; K::NOW_SLOTS];
            kernel.label_now(book, ctx, &mut now, &mut now_valid);
            kernel.emit(book, ctx, &mut p.scratch);
            let bits = p.scratch.values.iter().map(|c| c[0]).collect();
            let valid = p.scratch.valid.iter().map(|c| c[0]).collect();
            p.scratch.clear();
            let time = at.max(p.last_time);
            p.last_time = time;
            let futures = K::FUTURE_HORIZONS_NS.len();
            p.rows.push_back(PendingRow {
                file,
                bits,
                valid,
                now,
                now_valid,
                fut: vec![0; futures],
                fut_valid: vec![false; futures],
                known: vec![false; futures],
                due: K::FUTURE_HORIZONS_NS.iter().map(|h| time.checked_add(*h)).collect(),
            });
            self.deliver_ready(kernel)?;
            return Ok(true);
        }
        self.claim(file)?;
        kernel.emit(book, ctx, &mut self.batch);
        if self.batch.rows >= self.batch_rows {
            self.flush()?;
        }
        Ok(true)
    }

    /// Captures every future due at or before `limit`, from the state as it is now: after every
    /// packet whose first record is before `limit` (docs/language.md section 10). Futures are
    /// taken in order of due time (then slot), so operators read as of a time are read forward.
    pub(super) fn capture<K: Kernel, B: ReplayBook>(
        &mut self,
        kernel: &mut K,
        book: &B,
        ctx: &StepContext,
        limit: i64,
    ) {
        let Some(p) = self.pending.as_mut() else { return };
        loop {
            let mut earliest: Option<(i64, usize)> = None;
            for slot in 0..K::FUTURE_HORIZONS_NS.len() {
                let Some(row) = p.rows.get((p.next[slot] - p.base) as usize) else { continue };
                if let Some(due) = row.due[slot] {
                    if due <= limit && earliest.is_none_or(|(first, _)| due < first) {
                        earliest = Some((due, slot));
                    }
                }
            }
            let Some((due, slot)) = earliest else { return };
            let row = &mut p.rows[(p.next[slot] - p.base) as usize];
            let (bits, valid) = kernel.future(slot, book, &StepContext { row_ts: due, ..*ctx });
            row.fut[slot] = bits;
            row.fut_valid[slot] = valid;
            row.known[slot] = true;
            p.next[slot] += 1;
        }
    }

    /// Delivers the oldest rows whose futures are all captured.
    pub(super) fn deliver_ready<K: Kernel>(&mut self, kernel: &K) -> Result<(), FeatcError> {
        loop {
            let Some(p) = self.pending.as_mut() else { return Ok(()) };
            if p.rows.is_empty() || p.next.iter().any(|&n| n <= p.base) {
                return Ok(());
            }
            let row = p.rows.pop_front().expect("checked above");
            p.base += 1;
            self.put_labelled::<K>(kernel, &row)?;
        }
    }

    /// End of a segment (the end of the stream, or a reset before the next file): every held
    /// row, its labels null where a future was never captured; the next segment's rows start a
    /// fresh queue.
    pub(super) fn finish_labels<K: Kernel>(&mut self, kernel: &K) -> Result<(), FeatcError> {
        while let Some(row) = self.pending.as_mut().and_then(|p| p.rows.pop_front()) {
            if let Some(p) = self.pending.as_mut() {
                p.base += 1;
            }
            self.put_labelled::<K>(kernel, &row)?;
        }
        if let Some(p) = self.pending.as_mut() {
            p.next.iter_mut().for_each(|n| *n = p.base);
            p.last_time = i64::MIN;
        }
        Ok(())
    }

    fn put_labelled<K: Kernel>(&mut self, kernel: &K, row: &PendingRow) -> Result<(), FeatcError> {
        self.claim(row.file)?;
        for (bits, valid) in row.bits.iter().zip(&row.valid) {
            self.batch.put_raw(*bits, *valid != 0);
        }
        kernel.labels(&row.now, &row.now_valid, &row.fut, &row.fut_valid, &row.known, &mut self.batch);
        if self.batch.rows >= self.batch_rows {
            self.flush()?;
        }
        Ok(())
    }

    /// No row can come any more once a packet starts at or after the window's end (its time
    /// bars before the end emitted) with no row waiting for a label: the rest of the stream
    /// is not needed (docs/language.md section 4, "Rows").
    pub(super) fn past_window(&self, t0: i64) -> bool {
        t0 >= self.to && self.pending.as_ref().is_none_or(|p| p.rows.is_empty())
    }

    /// A row for `file` is about to enter the batch. Rows arrive in file order, so a row for a
    /// later file means every earlier file is complete: flush, and report them done.
    fn claim(&mut self, file: usize) -> Result<(), FeatcError> {
        if file != self.batch_file {
            self.flush()?;
            self.batch_file = file;
        }
        self.report_done_before(file)?;
        self.files[file].counts.rows += 1;
        Ok(())
    }

    fn report_done_before(&mut self, file: usize) -> Result<(), FeatcError> {
        while self.open < file {
            if !self.sink.file_done(self.open, &self.files[self.open]) {
                return Err(cancelled());
            }
            self.open += 1;
        }
        Ok(())
    }

    /// End of the stream: the last batch, and every file not yet reported.
    pub(super) fn finish_files(&mut self) -> Result<(), FeatcError> {
        self.flush()?;
        self.report_done_before(self.files.len())
    }

    fn flush(&mut self) -> Result<(), FeatcError> {
        if self.batch.rows > 0 {
            if !self.sink.batch(self.batch_file, &self.batch) {
                return Err(cancelled());
            }
            self.batch.clear();
        }
        Ok(())
    }
}
