//! The DBN prelude and metadata block (databento/dbn, rust/dbn/src/decode/dbn/sync.rs,
//! `MetadataDecoder`). Versions differ only here among the fields featc reads:
//!
//! - v1: after `limit` comes a `record_count` u64 (deprecated later), symbols are 22-byte
//!   C strings, and 47 reserved bytes close the 100-byte fixed part;
//! - v2 and v3: no `record_count`; a u16 `symbol_cstr_len` (71) follows `ts_out`, then 53
//!   reserved bytes.
//!
//! Then, in every version: schema definition length u32 (featc requires 0, as dbn does),
//! the requested symbols, partial and not-found lists (u32 count + C strings each), and the
//! mappings: u32 count of (raw symbol, u32 interval count, intervals of (start date u32
//! YYYYMMDD, end date u32, mapped symbol)).

use std::collections::HashMap;

use featc_core::error::FeatcError;

use crate::input::{code, ByteInput};

/// The metadata's schema id of TBBO (DBN's `Schema::Tbbo`).
pub const SCHEMA_TBBO: u16 = 3;

/// `stype_in` of a continuous symbol (DBN's `SType::Continuous`, `ES.c.0`).
pub const STYPE_CONTINUOUS: u8 = 3;

const FIXED_LEN: usize = 100;
const DATASET_LEN: usize = 16;
const V1_SYMBOL_LEN: usize = 22;
/// Refuse metadata larger than this: a corrupt length must not allocate gigabytes.
const MAX_METADATA_LEN: usize = 256 << 20;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub version: u8,
    pub dataset: String,
    /// `None` for the null schema (a file mixing schemas).
    pub schema: Option<u16>,
    pub start: u64,
    pub end: u64,
    pub stype_in: u8,
    pub stype_out: u8,
    pub ts_out: bool,
    pub symbols: Vec<String>,
    /// `(raw symbol, [(start date, end date, mapped symbol)])`.
    pub mappings: Vec<(String, Vec<(u32, u32, String)>)>,
}

impl Metadata {
    /// Instrument id -> symbol, from the mappings whose mapped symbol is an instrument id
    /// (historical files map the requested raw symbol to the ids it had over the period).
    /// featc keeps one book and one log per symbol, so mappings that would put two
    /// instruments under one symbol at once (a parent symbol such as `ES.FUT`), join two
    /// contracts' books at a roll (a continuous symbol such as `ES.c.0` whose instrument
    /// changes inside the file), or give one instrument two symbols (two requested aliases, or
    /// an id that a venue reuses for another symbol on a later day) are refused, naming the
    /// file, the symbols, the ids and the dates (docs/formats/dbn.md, "Symbols").
    pub fn instrument_symbols(&self, file: &str) -> Result<HashMap<u32, String>, FeatcError> {
        let refuse = |why: String| {
            Err(FeatcError::new(
                code::OUTPUT_CONFLICT,
                format!("{file}: {why}; featc keeps one book and one log a symbol: request the contracts by raw symbol (stype_in raw_symbol) or import a file a day"),
            ))
        };
        // (raw symbol, start date, end date (exclusive), id) of every id mapping.
        let mut spans: Vec<(&str, u32, u32, u32)> = Vec::new();
        for (raw, intervals) in &self.mappings {
            for (from, to, mapped) in intervals {
                if let Ok(id) = mapped.parse::<u32>() {
                    spans.push((raw.as_str(), *from, *to, id));
                }
            }
        }
        let overlap = |a: &(&str, u32, u32, u32), b: &(&str, u32, u32, u32)| a.1 < b.2 && b.1 < a.2;
        for (i, a) in spans.iter().enumerate() {
            for b in &spans[i + 1..] {
                if a.0 == b.0 && a.3 != b.3 && (overlap(a, b) || self.stype_in == STYPE_CONTINUOUS) {
                    let (what, dates) = if overlap(a, b) {
                        ("at once", format!("on {}", a.1.max(b.1)))
                    } else {
                        ("as a continuous symbol that rolls", format!("from {} and from {}", a.1, b.1))
                    };
                    return refuse(format!("{} stands for instruments {} and {} {what} ({dates})", a.0, a.3, b.3));
                }
                if a.0 != b.0 && a.3 == b.3 {
                    return refuse(format!(
                        "instrument {} is both {} ({}..{}) and {} ({}..{})",
                        a.3, a.0, a.1, a.2, b.0, b.1, b.2
                    ));
                }
            }
        }
        Ok(spans.iter().map(|&(raw, _, _, id)| (id, raw.to_string())).collect())
    }

    pub fn schema_name(&self) -> &'static str {
        match self.schema {
            Some(0) => "mbo",
            Some(1) => "mbp-1",
            Some(2) => "mbp-10",
            Some(SCHEMA_TBBO) => "tbbo",
            Some(4) => "trades",
            Some(5..=8) => "ohlcv",
            Some(9) => "definition",
            Some(10) => "statistics",
            Some(11) => "status",
            Some(12) => "imbalance",
            Some(_) => "other",
            None => "mixed",
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    name: &'a str,
    base: u64,
}

impl Cursor<'_> {
    fn bad(&self, what: &str) -> FeatcError {
        FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset {}: metadata {what}", self.name, self.base + self.pos as u64),
        )
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], FeatcError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| self.bad(&format!("ends inside {what}")))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u16(&mut self, what: &str) -> Result<u16, FeatcError> {
        let s = self.take(2, what)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, FeatcError> {
        let s = self.take(4, what)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn u64(&mut self, what: &str) -> Result<u64, FeatcError> {
        let s = self.take(8, what)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(s);
        Ok(u64::from_le_bytes(w))
    }

    fn cstr(&mut self, len: usize, what: &str) -> Result<String, FeatcError> {
        let at = self.pos;
        let s = self.take(len, what)?;
        let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
        std::str::from_utf8(&s[..end]).map(str::to_owned).map_err(|_| {
            FeatcError::new(
                code::DBN_BAD,
                format!("{}: byte offset {}: metadata {what} is not UTF-8", self.name, self.base + at as u64),
            )
        })
    }

    /// A count of items of `each` bytes, refused when that many cannot fit in the block.
    fn count(&mut self, what: &str, each: usize) -> Result<usize, FeatcError> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(each) > self.b.len() {
            return Err(self.bad(&format!("{what} {n} exceeds the block")));
        }
        Ok(n)
    }

    fn symbol_list(&mut self, len: usize, what: &str) -> Result<Vec<String>, FeatcError> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(len) > self.b.len() {
            return Err(self.bad(&format!("{what}: count {n} exceeds the block")));
        }
        (0..n).map(|_| self.cstr(len, what)).collect()
    }
}

/// Reads the prelude and metadata; the input is left at the first record.
pub fn read_metadata(input: &mut ByteInput) -> Result<Metadata, FeatcError> {
    let mut prelude = [0u8; 8];
    input.read_exact(&mut prelude, "the DBN prelude")?;
    if &prelude[..3] != b"DBN" {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 0: not a DBN file (no \"DBN\" prelude)", input.name),
        ));
    }
    let version = prelude[3];
    if !(1..=3).contains(&version) {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 3: DBN version {version} (featc reads 1 to 3)", input.name),
        ));
    }
    let len = u32::from_le_bytes([prelude[4], prelude[5], prelude[6], prelude[7]]) as usize;
    if !(FIXED_LEN..=MAX_METADATA_LEN).contains(&len) {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 4: metadata length {len} out of range", input.name),
        ));
    }
    let mut block = vec![0u8; len];
    input.read_exact(&mut block, "the DBN metadata")?;
    let name = input.name.clone();
    let mut c = Cursor { b: &block, pos: 0, name: &name, base: 8 };
    let dataset = c.cstr(DATASET_LEN, "dataset")?;
    let schema = match c.u16("schema")? {
        u16::MAX => None,
        s => Some(s),
    };
    let start = c.u64("start")?;
    let end = c.u64("end")?;
    let _limit = c.u64("limit")?;
    if version == 1 {
        let _record_count = c.u64("record count")?;
    }
    let stype_in = c.take(1, "stype_in")?[0];
    let stype_out = c.take(1, "stype_out")?[0];
    let ts_out = c.take(1, "ts_out")?[0] != 0;
    let symbol_len = if version == 1 { V1_SYMBOL_LEN } else { c.u16("symbol length")? as usize };
    if symbol_len == 0 {
        return Err(c.bad("symbol length 0"));
    }
    c.pos = FIXED_LEN;
    let schema_definition = c.u32("schema definition length")?;
    if schema_definition != 0 {
        return Err(c.bad("carries a schema definition, which DBN readers do not support"));
    }
    let symbols = c.symbol_list(symbol_len, "symbols")?;
    let _partial = c.symbol_list(symbol_len, "partial symbols")?;
    let _not_found = c.symbol_list(symbol_len, "not-found symbols")?;
    let n = c.count("mapping count", symbol_len + 4)?;
    let mut mappings = Vec::with_capacity(n);
    for _ in 0..n {
        let raw = c.cstr(symbol_len, "mapping symbol")?;
        let k = c.count("interval count", symbol_len + 8)?;
        let mut intervals = Vec::with_capacity(k);
        for _ in 0..k {
            let from = c.u32("interval start date")?;
            let to = c.u32("interval end date")?;
            intervals.push((from, to, c.cstr(symbol_len, "interval symbol")?));
        }
        mappings.push((raw, intervals));
    }
    Ok(Metadata { version, dataset, schema, start, end, stype_in, stype_out, ts_out, symbols, mappings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(stype_in: u8, mappings: &[(&str, &[(u32, u32, &str)])]) -> Metadata {
        Metadata {
            stype_in,
            mappings: mappings
                .iter()
                .map(|(raw, spans)| (raw.to_string(), spans.iter().map(|&(a, b, m)| (a, b, m.to_string())).collect()))
                .collect(),
            ..Metadata::default()
        }
    }

    const RAW: u8 = 1;
    const PARENT: u8 = 4;

    #[test]
    fn a_raw_symbol_whose_id_changes_each_day_keeps_one_symbol() {
        // Databento's XNAS ids are assigned a day at a time: TSLA is another id each day.
        let m = meta(RAW, &[("TSLA", &[(20240102, 20240103, "11"), (20240103, 20240104, "12")])]);
        let ids = m.instrument_symbols("x.dbn").unwrap();
        assert_eq!((ids[&11].as_str(), ids[&12].as_str()), ("TSLA", "TSLA"));
    }

    #[test]
    fn a_parent_symbol_over_several_contracts_is_refused() {
        let m = meta(PARENT, &[("ES.FUT", &[(20240102, 20240103, "101"), (20240102, 20240103, "202")])]);
        let e = m.instrument_symbols("es.dbn").unwrap_err();
        assert_eq!(e.code, code::OUTPUT_CONFLICT);
        assert!(
            e.message.starts_with("es.dbn: ES.FUT stands for instruments 101 and 202 at once (on 20240102)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_continuous_symbol_that_rolls_inside_the_file_is_refused() {
        let m = meta(STYPE_CONTINUOUS, &[("ES.c.0", &[(20240301, 20240315, "101"), (20240315, 20240401, "202")])]);
        let e = m.instrument_symbols("es.dbn").unwrap_err();
        assert!(
            e.message.contains("ES.c.0 stands for instruments 101 and 202 as a continuous symbol that rolls"),
            "{}",
            e.message
        );
        // One contract over the whole file is one book.
        let one = meta(STYPE_CONTINUOUS, &[("ES.c.0", &[(20240301, 20240315, "101")])]);
        assert_eq!(one.instrument_symbols("es.dbn").unwrap()[&101], "ES.c.0");
    }

    #[test]
    fn one_instrument_under_two_symbols_is_refused() {
        // Two requested aliases of one contract, and an id a venue gives another symbol later.
        for spans in [
            [("ESH4", (20240102, 20240103, "101")), ("ES.c.0", (20240102, 20240103, "101"))],
            [("AAPL", (20240102, 20240103, "7")), ("MSFT", (20240103, 20240104, "7"))],
        ] {
            let m = meta(RAW, &[(spans[0].0, &[spans[0].1]), (spans[1].0, &[spans[1].1])]);
            let e = m.instrument_symbols("x.dbn").unwrap_err();
            assert!(
                e.message.contains(&format!("instrument {} is both {}", spans[0].1 .2, spans[0].0)),
                "{}",
                e.message
            );
        }
    }
}
