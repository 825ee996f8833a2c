//! The contract between generated kernels and the packet driver.
//! Generated code (compiler/codegen/rust) implements `Kernel`; `driver::run_log` calls it.
//! Semantics of a step and a row: docs/language.md, section 4.

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

/// The packet just applied, as features see it (`event.*`, `trade.*`).
#[derive(Clone, Copy, Debug, Default)]
pub struct StepContext {
    /// Fields of the packet's last record.
    pub exchange_ts: i64,
    pub ingest_ts: i64,
    pub price: i64,
    pub size: i64,
    /// 1 bid, -1 ask, 0 none.
    pub side: i64,
    /// Trades (EXECUTE or TRADE records) in the packet.
    pub trade_count: i64,
    pub trade_size: i64,
    pub trade_signed_size: i64,
    pub trade_last_price: i64,
    /// `10^price_decimals` and `10^size_decimals` of the log.
    pub price_scale: f64,
    pub size_scale: f64,
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
}

/// Column-major rows awaiting a flush. Values are stored as 64-bit patterns:
/// f64 bits (NaN canonicalised), i64 and timestamps as two's complement, bool as 0/1;
/// `valid[c][r]` is 1 for a value, 0 for null (whose slot holds 0).
pub struct RowBatch {
    pub values: Vec<Vec<u64>>,
    pub valid: Vec<Vec<u8>>,
    pub rows: usize,
    col: usize,
}

/// The canonical quiet NaN of docs/language.md section 6.
pub const CANONICAL_NAN_BITS: u64 = 0x7FF8_0000_0000_0000;

impl RowBatch {
    pub fn new(columns: usize, capacity: usize) -> Self {
        RowBatch {
            values: (0..columns).map(|_| Vec::with_capacity(capacity)).collect(),
            valid: (0..columns).map(|_| Vec::with_capacity(capacity)).collect(),
            rows: 0,
            col: 0,
        }
    }

    #[inline(always)]
    fn put_bits(&mut self, bits: u64, valid: bool) {
        let c = self.col;
        self.values[c].push(if valid { bits } else { 0 });
        self.valid[c].push(valid as u8);
        self.col += 1;
        if self.col == self.values.len() {
            self.col = 0;
            self.rows += 1;
        }
    }

    #[inline(always)]
    pub fn put_f64(&mut self, v: f64, valid: bool) {
        let bits = if v.is_nan() { CANONICAL_NAN_BITS } else { v.to_bits() };
        self.put_bits(bits, valid)
    }

    #[inline(always)]
    pub fn put_i64(&mut self, v: i64, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    #[inline(always)]
    pub fn put_bool(&mut self, v: bool, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    #[inline(always)]
    pub fn put_timestamp(&mut self, v: i64, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    /// Forget the rows (keeps the capacity).
    pub fn clear(&mut self) {
        for v in &mut self.values {
            v.clear();
        }
        for v in &mut self.valid {
            v.clear();
        }
        self.rows = 0;
        self.col = 0;
    }
}

/// Exact i64 arithmetic of docs/language.md section 6: `None` (null) outside ±(2^53-1).
pub const I64_SAFE_MAX: i64 = (1i64 << 53) - 1;

#[inline(always)]
pub fn i64_in_range(v: Option<i64>) -> (i64, bool) {
    match v {
        Some(x) if (-I64_SAFE_MAX..=I64_SAFE_MAX).contains(&x) => (x, true),
        _ => (0, false),
    }
}
