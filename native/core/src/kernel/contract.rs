//! The contract between generated kernels and the packet driver.
//! Generated code (compiler/codegen/rust) implements `Kernel`; `driver::run_log` calls it.
//! Semantics of a step and a row: docs/language.md, section 4.
//! Twin: runtime/kernel/contract.ts (same types, same fields).

use super::RowBatch;

/// Which side of the book. `Bid = 1`, `Ask = 2`, as in the log's side byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Side {
    Bid = 1,
    Ask = 2,
}

/// Read access to a book at a packet's end. Levels are 0-based here: index 0 is the best.
/// Prices and sizes are raw fixed-point integers (see docs/formats/q.md).
pub trait BookView {
    fn levels(&self, side: Side) -> usize;
    /// Callers check `i < levels(side)` first.
    fn price_at(&self, side: Side, i: usize) -> i64;
    fn size_at(&self, side: Side, i: usize) -> i64;
    fn count_at(&self, side: Side, i: usize) -> i64;
    /// Sum of sizes over the best `n` levels (fewer when the side is shorter).
    fn depth(&self, side: Side, n: usize) -> i64;
}

/// The packet just applied, as features see it (`event.*`, `trade.*`, `flow.*`).
#[derive(Clone, Copy, Debug, Default)]
pub struct StepContext {
    /// Fields of the packet's last record.
    pub exchange_ts: i64,
    pub ingest_ts: i64,
    pub price: i64,
    pub size: i64,
    /// 1 bid, -1 ask, 0 none.
    pub side: i64,
    /// The record kind code (docs/formats/q.md).
    pub kind: i64,
    /// Trades (EXECUTE or TRADE records) in the packet.
    pub trade_count: i64,
    pub trade_size: i64,
    pub trade_signed_size: i64,
    pub trade_last_price: i64,
    /// Order flow in the packet (`flow.*`): ADD records, and CANCEL or DELETE records, by
    /// side, not counting SNAPSHOT records (docs/language.md section 4, step 2).
    pub flow_adds_bid: i64,
    pub flow_adds_ask: i64,
    pub flow_cancels_bid: i64,
    pub flow_cancels_ask: i64,
    /// `10^price_decimals` and `10^size_decimals` of the log.
    pub price_scale: f64,
    pub size_scale: f64,
    /// The time of the row being emitted (valid in `emit` only): the packet's exchange time
    /// for an event row, the boundary for a time-bar row. Time windows and `time_since`
    /// are read as of this time (docs/language.md section 7).
    pub row_ts: i64,
    /// Why the row being emitted was emitted (valid in `emit` only): a code of `row_trigger`.
    pub row_trigger: i64,
    /// The OR of the flags byte of every record read since the last emitted row (rows outside
    /// the emit window included, firings the `when` rejects not): `quality.gap`, `bad_book`,
    /// `bad_ts` test its `log::flag` bits (docs/language.md section 5.1). The
    /// driver ORs each record in and clears it after every row.
    pub flags_since_row: u8,
    /// The stream was reset before the current segment (docs/language.md section 4.1) and no
    /// row has been emitted since: `quality.reset`.
    pub reset_since_row: bool,
}

/// The codes of `row.trigger` (docs/language.md section 4): the condition that emitted a row,
/// the first of this order when a packet fulfils several. Twin: runtime/kernel/contract.ts
/// `ROW_TRIGGER`; the compiler's names: compiler/check/fields.ts `ROW_TRIGGERS`.
pub mod row_trigger {
    pub const EVENT: i64 = 1;
    pub const EVENTS: i64 = 2;
    pub const TRADE: i64 = 3;
    pub const BOOK_CHANGE: i64 = 4;
    pub const VOLUME: i64 = 5;
    pub const BAR: i64 = 6;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ColumnType {
    F64 = 1,
    I64 = 2,
    Bool = 3,
    Timestamp = 4,
}

pub struct ColumnSpec {
    pub name: &'static str,
    pub ty: ColumnType,
}

/// The trigger of docs/language.md section 8, fixed at compile time.
#[derive(Clone, Copy, Debug)]
pub struct TriggerSpec {
    pub every_event: bool,
    pub trade: bool,
    /// 0 = off.
    pub every_events: u64,
    /// Clock-aligned bar period in ns; 0 = off.
    pub bar_ns: i64,
    /// `book_change(n)`: the best n levels a side are compared after every packet; 0 = off.
    pub book_change: usize,
    /// `every V volume`: V in size units (scaled); 0 = off.
    pub every_volume: f64,
}

impl TriggerSpec {
    /// Every part off: a trigger names only the parts it turns on
    /// (`TriggerSpec { trade: true, ..TriggerSpec::NONE }`).
    pub const NONE: TriggerSpec =
        TriggerSpec { every_event: false, trade: false, every_events: 0, bar_ns: 0, book_change: 0, every_volume: 0.0 };
}

/// One generated kernel. All methods run in the per-packet hot path: no allocation.
pub trait Kernel {
    const NAME: &'static str;
    const IR_HASH: &'static str;
    const COLUMNS: &'static [ColumnSpec];
    const TRIGGER: TriggerSpec;
    fn new() -> Self;
    /// Update every temporal operator from the packet just applied.
    fn step<B: BookView>(&mut self, book: &B, ctx: &StepContext);
    /// Evaluate the columns into `row` (one `put_*` per column, in order), then reset
    /// the since-emit state.
    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch);
    /// After `step`: why the kernel can no longer compute its columns as written, if it cannot
    /// (a time window holding more steps than its `max_events`, docs/language.md section 7.4).
    /// The driver stops the run with this message.
    #[inline(always)]
    fn overflow(&self) -> Option<&'static str> {
        None
    }
    /// The trigger's `when`: whether a firing emits a row. Runs before `emit`, with
    /// `ctx.row_ts` set; changes no state a later row could see (docs/language.md section 8).
    #[inline(always)]
    fn filter<B: BookView>(&mut self, _book: &B, _ctx: &StepContext) -> bool {
        true
    }

    // Labels (docs/language.md section 10, docs/ir.md "Labels"): the last `LABELS` entries of
    // `COLUMNS`, computed by the driver once the row's futures are known. A label slot holds
    // its value's bits (f64 bits, an i64, or 0/1 for a bool).

    /// Label columns at the end of `COLUMNS`; 0 without labels.
    const LABELS: usize = 0;
    /// Values of the present the labels read, captured at the row by `label_now`.
    const NOW_SLOTS: usize = 0;
    /// The horizon of each future slot, in ns (all positive).
    const FUTURE_HORIZONS_NS: &'static [i64] = &[];
    /// At a delivered row, after `filter` and before `emit` (same book, context and row time):
    /// fills the now slots. Changes no state.
    #[inline(always)]
    fn label_now<B: BookView>(&mut self, _book: &B, _ctx: &StepContext, _now: &mut [u64], _now_valid: &mut [bool]) {}
    /// Future slot `slot` as of now, with `ctx.row_ts` the capture time: (bits, valid). Changes no state.
    #[inline(always)]
    fn future<B: BookView>(&mut self, _slot: usize, _book: &B, _ctx: &StepContext) -> (u64, bool) {
        (0, false)
    }
    /// The label columns into `row` (one `put_*` each, in order); a label whose futures are
    /// not all `known` is null.
    #[inline(always)]
    fn labels(
        &self,
        _now: &[u64],
        _now_valid: &[bool],
        _fut: &[u64],
        _fut_valid: &[bool],
        _known: &[bool],
        _row: &mut RowBatch,
    ) {
    }
}
