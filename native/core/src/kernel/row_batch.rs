//! `RowBatch`: the column-major rows a kernel's `emit` writes, awaiting a flush.
//! Twins: runtime/online/ringBuffer.ts and runtime/batch/columnarRows.ts (same bit patterns).

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

    /// A value already in column form (as `put_*` stores it), for rows held back by the driver.
    #[inline(always)]
    pub fn put_raw(&mut self, bits: u64, valid: bool) {
        self.put_bits(bits, valid)
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
