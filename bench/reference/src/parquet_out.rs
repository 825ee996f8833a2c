//! The rows to one Parquet file laid out as featc writes goog_1s (docs/formats/parquet.md):
//! nanosecond UTC timestamps, nullable floats, the `symbol` and `date` partition columns as
//! dictionary strings; zstd at its default level, row groups of 131,072 rows, no dictionary
//! for floats and timestamps, timestamps DELTA_BINARY_PACKED. Written to a temporary name, synced, then renamed.

use std::fs::File;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::TimestampNanosecondArray;
use arrow_array::{ArrayRef, DictionaryArray, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::goog_1s::Rows;

const TIMESTAMPS: [&str; 3] = ["ts", "ingest_ts", "exchange_ts"];
const FLOATS: [&str; 5] = ["mid", "spread_bps", "imbalance_5", "ofi", "trade_flow"];

fn timestamps(values: &[i64]) -> ArrayRef {
    Arc::new(TimestampNanosecondArray::from(values.to_vec()).with_timezone("UTC"))
}

fn floats(values: &[Option<f64>]) -> ArrayRef {
    Arc::new(values.iter().copied().collect::<Float64Array>())
}

fn partition(rows: usize, value: &str) -> ArrayRef {
    let keys = Int32Array::from(vec![0; rows]);
    Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(StringArray::from(vec![value]))).unwrap())
}

pub fn write(path: &str, rows: &Rows, symbol: &str, date: &str) -> Result<(), String> {
    let ts_type = DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()));
    let dict = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    let mut fields: Vec<Field> = TIMESTAMPS.iter().map(|n| Field::new(*n, ts_type.clone(), true)).collect();
    fields.extend(FLOATS.iter().map(|n| Field::new(*n, DataType::Float64, true)));
    fields.push(Field::new("symbol", dict.clone(), false));
    fields.push(Field::new("date", dict, false));
    let schema = Arc::new(Schema::new(fields));
    let some = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    let n = rows.len();
    let columns: Vec<ArrayRef> = vec![
        timestamps(&rows.ts),
        timestamps(&rows.ingest_ts),
        timestamps(&rows.exchange_ts),
        floats(&rows.mid),
        floats(&rows.spread_bps),
        floats(&rows.imbalance_5),
        floats(&some(&rows.ofi)),
        floats(&some(&rows.trade_flow)),
        partition(n, symbol),
        partition(n, date),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| e.to_string())?;

    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_size(131_072)
        .set_created_by("featc-reference".into());
    for name in TIMESTAMPS.iter().chain(FLOATS.iter()) {
        props = props.set_column_dictionary_enabled(ColumnPath::from(*name), false);
    }
    for name in TIMESTAMPS {
        props = props.set_column_encoding(ColumnPath::from(name), Encoding::DELTA_BINARY_PACKED);
    }
    let temp = format!("{path}.tmp-{}", std::process::id());
    let file = File::create(&temp).map_err(|e| format!("{temp}: {e}"))?;
    let mut writer = ArrowWriter::try_new(file, schema, Some(props.build())).map_err(|e| e.to_string())?;
    writer.write(&batch).map_err(|e| e.to_string())?;
    let file = writer.into_inner().map_err(|e| e.to_string())?;
    file.sync_all().map_err(|e| format!("{temp}: {e}"))?;
    std::fs::rename(&temp, path).map_err(|e| format!("{path}: {e}"))
}
