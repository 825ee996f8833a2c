//! Two Parquet files' rows, compared column by column and row by row: the same column names
//! and types, the same nulls, and every value's bits (a float's sign, NaN payload and all), or,
//! for floats when a relative difference is allowed, values that far apart at most.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, TimestampNanosecondType};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn read(path: &str) -> Result<(SchemaRef, Vec<RecordBatch>), String> {
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| format!("{path}: {e}"))?;
    let schema = reader.schema().clone();
    let batches = reader.build().map_err(|e| format!("{path}: {e}"))?.collect::<Result<Vec<_>, _>>();
    Ok((schema, batches.map_err(|e| format!("{path}: {e}"))?))
}

/// One value of a column: a float's bits, any other value as text; None for a null.
#[derive(PartialEq, Debug)]
enum Cell {
    Float(u64),
    Other(String),
}

/// Whether two floats' bits are the same, or their values within `within` of each other relatively.
fn close(a: u64, b: u64, within: f64) -> bool {
    let (x, y) = (f64::from_bits(a), f64::from_bits(b));
    a == b || (within > 0.0 && (x - y).abs() <= within * x.abs().max(y.abs()))
}

/// Column `c` of every batch as its cells in order.
fn cells(batches: &[RecordBatch], c: usize) -> Result<Vec<Option<Cell>>, String> {
    let mut out = Vec::new();
    for b in batches {
        let a = b.column(c);
        for i in 0..a.len() {
            if a.is_null(i) {
                out.push(None);
                continue;
            }
            out.push(Some(match a.data_type() {
                DataType::Float64 => Cell::Float(a.as_primitive::<Float64Type>().value(i).to_bits()),
                DataType::Int64 => Cell::Other(a.as_primitive::<Int64Type>().value(i).to_string()),
                DataType::Timestamp(_, _) => {
                    Cell::Other(a.as_primitive::<TimestampNanosecondType>().value(i).to_string())
                }
                DataType::Boolean => Cell::Other(a.as_boolean().value(i).to_string()),
                DataType::Dictionary(_, _) => {
                    let d = a.as_dictionary::<Int32Type>();
                    let key = d.keys().value(i) as usize;
                    Cell::Other(d.values().as_string::<i32>().value(key).to_string())
                }
                t => return Err(format!("column {c}: type {t} is not compared")),
            }));
        }
    }
    Ok(out)
}

/// The rows they both hold, or the first difference; floats may differ by `within` relatively.
pub fn compare(left: &str, right: &str, within: f64) -> Result<(usize, usize), String> {
    let (ls, lb) = read(left)?;
    let (rs, rb) = read(right)?;
    let names =
        |s: &SchemaRef| s.fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect::<Vec<_>>();
    if names(&ls) != names(&rs) {
        return Err(format!("the columns differ: {:?} against {:?}", names(&ls), names(&rs)));
    }
    let rows = |b: &[RecordBatch]| b.iter().map(|b| b.num_rows()).sum::<usize>();
    if rows(&lb) != rows(&rb) {
        return Err(format!("{} rows against {}", rows(&lb), rows(&rb)));
    }
    for (c, field) in ls.fields().iter().enumerate() {
        let (l, r) = (cells(&lb, c)?, cells(&rb, c)?);
        let same = |i: usize| match (&l[i], &r[i]) {
            (Some(Cell::Float(a)), Some(Cell::Float(b))) => close(*a, *b, within),
            (a, b) => a == b,
        };
        if let Some(i) = (0..l.len()).find(|&i| !same(i)) {
            let show = |c: &Option<Cell>| match c {
                Some(Cell::Float(bits)) => format!("{} ({bits:016x})", f64::from_bits(*bits)),
                Some(Cell::Other(text)) => text.clone(),
                None => "null".into(),
            };
            return Err(format!("row {i}, column {}: {} against {}", field.name(), show(&l[i]), show(&r[i])));
        }
    }
    Ok((rows(&lb), ls.fields().len()))
}
