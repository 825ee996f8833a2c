//! `parquetHead(path, rows)`: a Parquet file's row count (from its footer), its columns with
//! their Arrow types, and the cells of its first `rows` rows, for the summary `featc extract`
//! prints. Read here, with the arrow-rs reader featc writes with, because the process already
//! holds the addon: reading five rows through parquet-wasm cost a second of CPU in compiling
//! its WebAssembly, more than a whole day's job on a small log.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    DurationMicrosecondType, DurationMillisecondType, DurationNanosecondType, DurationSecondType, Float64Type,
    Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::Array;
use arrow_schema::{DataType, TimeUnit};
use napi::Env;
use napi_derive::napi;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::host_error::{codes, HostError};
use crate::panic_guard::guard;

#[napi(object)]
pub struct HeadColumn {
    pub name: String,
    /// The column's Arrow type as apache-arrow writes it (`Float64`, `Timestamp<NANOSECOND, UTC>`, ...).
    #[napi(js_name = "type")]
    pub type_name: String,
    /// How to read `cells`: `float` (a shortest round-trip decimal), `int`, `timestamp`
    /// (nanoseconds since the epoch, whatever the column's unit), `bool` or `string`.
    pub kind: String,
    /// The first rows' values as text; null for a null.
    pub cells: Vec<Option<String>>,
}

#[napi(object)]
pub struct ParquetHead {
    pub rows: f64,
    pub columns: Vec<HeadColumn>,
}

fn unit_name(unit: &TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Second => "SECOND",
        TimeUnit::Millisecond => "MILLISECOND",
        TimeUnit::Microsecond => "MICROSECOND",
        TimeUnit::Nanosecond => "NANOSECOND",
    }
}

/// apache-arrow's `DataType.toString()` for the types featc writes (others by arrow-rs's name).
fn type_name(t: &DataType) -> String {
    match t {
        DataType::Float64 => "Float64".into(),
        DataType::Int64 => "Int64".into(),
        DataType::Int32 => "Int32".into(),
        DataType::Boolean => "Bool".into(),
        DataType::Utf8 => "Utf8".into(),
        DataType::Timestamp(unit, tz) => match tz {
            Some(tz) => format!("Timestamp<{}, {tz}>", unit_name(unit)),
            None => format!("Timestamp<{}>", unit_name(unit)),
        },
        DataType::Duration(unit) => format!("Duration<{}>", unit_name(unit)),
        DataType::Dictionary(k, v) => format!("Dictionary<{}, {}>", type_name(k), type_name(v)),
        other => other.to_string(),
    }
}

/// Cell `i` of `a` as (kind, text).
fn cell(a: &dyn Array, i: usize) -> Result<(&'static str, Option<String>), HostError> {
    let ns = |v: i64, per: i64| (v as i128 * per as i128).to_string();
    let kind = cell_kind(a.data_type());
    if a.is_null(i) {
        return Ok((kind, None));
    }
    let text = match a.data_type() {
        DataType::Float64 => format!("{:?}", a.as_primitive::<Float64Type>().value(i)),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i).to_string(),
        DataType::Boolean => a.as_boolean().value(i).to_string(),
        DataType::Utf8 => a.as_string::<i32>().value(i).to_string(),
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            a.as_primitive::<TimestampNanosecondType>().value(i).to_string()
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            ns(a.as_primitive::<TimestampMicrosecondType>().value(i), 1_000)
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            ns(a.as_primitive::<TimestampMillisecondType>().value(i), 1_000_000)
        }
        DataType::Timestamp(TimeUnit::Second, _) => ns(a.as_primitive::<TimestampSecondType>().value(i), 1_000_000_000),
        DataType::Duration(TimeUnit::Nanosecond) => a.as_primitive::<DurationNanosecondType>().value(i).to_string(),
        DataType::Duration(TimeUnit::Microsecond) => a.as_primitive::<DurationMicrosecondType>().value(i).to_string(),
        DataType::Duration(TimeUnit::Millisecond) => a.as_primitive::<DurationMillisecondType>().value(i).to_string(),
        DataType::Duration(TimeUnit::Second) => a.as_primitive::<DurationSecondType>().value(i).to_string(),
        DataType::Dictionary(k, v) if **k == DataType::Int32 && **v == DataType::Utf8 => {
            let d = a.as_dictionary::<Int32Type>();
            d.values().as_string::<i32>().value(d.keys().value(i) as usize).to_string()
        }
        t => return Err(HostError::new(codes::BAD_ARGUMENT, format!("a column of type {t} is not summarized"))),
    };
    Ok((kind, Some(text)))
}

#[napi]
pub fn parquet_head(env: Env, path: String, rows: u32) -> napi::Result<ParquetHead> {
    guard(|| {
        let file = File::open(&path).map_err(|e| HostError::io(&path, &e))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| HostError::from(e).context(&path))?;
        let total = builder.metadata().file_metadata().num_rows();
        let schema = builder.schema().clone();
        let want = rows as usize;
        let mut columns: Vec<HeadColumn> = schema
            .fields()
            .iter()
            .map(|f| HeadColumn {
                name: f.name().clone(),
                type_name: type_name(f.data_type()),
                kind: String::new(),
                cells: Vec::new(),
            })
            .collect();
        let reader = builder
            .with_limit(want)
            .with_batch_size(want.max(1))
            .build()
            .map_err(|e| HostError::from(e).context(&path))?;
        let mut read = 0;
        for batch in reader {
            let batch = batch.map_err(|e| HostError::from(e).context(&path))?;
            for (c, column) in columns.iter_mut().enumerate() {
                let array = batch.column(c);
                for i in 0..batch.num_rows().min(want - read) {
                    let (kind, text) = cell(array.as_ref(), i)?;
                    column.kind = kind.into();
                    column.cells.push(text);
                }
            }
            read += batch.num_rows();
            if read >= want {
                break;
            }
        }
        for (column, field) in columns.iter_mut().zip(schema.fields()) {
            if column.kind.is_empty() {
                column.kind = cell_kind(field.data_type()).into();
            }
        }
        Ok(ParquetHead { rows: total as f64, columns })
    })
    .map_err(|e| e.into_js(&env))
}

/// The kind of a column's cells, for a file with no rows to read it from.
fn cell_kind(t: &DataType) -> &'static str {
    match t {
        DataType::Float64 => "float",
        DataType::Boolean => "bool",
        DataType::Timestamp(_, _) => "timestamp",
        DataType::Utf8 | DataType::Dictionary(_, _) => "string",
        _ => "int",
    }
}
