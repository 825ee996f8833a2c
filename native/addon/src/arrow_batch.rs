//! One kernel batch (column-major 64-bit patterns plus validity bytes, see `RowBatch` in
//! featc-core) to one Arrow `RecordBatch`. Per column and batch this allocates one value
//! buffer and at most one validity bitmap; nothing is allocated per row. The 64-bit patterns
//! are copied as they are, so a float's bits (the canonical NaN included) reach Parquet
//! unchanged.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, DictionaryArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray, TimestampNanosecondArray,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::host_error::HostError;
use crate::kernel_meta::{ColumnKind, ColumnMeta};

/// Time zone of every timestamp column: the log's timestamps are UTC nanoseconds.
pub const TIMESTAMP_ZONE: &str = "UTC";

/// The unit timestamp columns are written in (docs/formats/parquet.md, "Timestamps"): the
/// log's nanoseconds, or microseconds (floored) for readers that refuse nanoseconds (Spark).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimestampUnit {
    #[default]
    Nanos,
    Micros,
}

/// How a kernel's columns become a file's: the timestamp unit, and the partition columns
/// (`symbol`, `date`) appended after the kernel's, each one value for the whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputLayout {
    pub timestamps: TimestampUnit,
    pub partitions: Vec<(String, String)>,
}

pub fn arrow_type(kind: ColumnKind, unit: TimestampUnit) -> DataType {
    match kind {
        ColumnKind::F64 => DataType::Float64,
        ColumnKind::I64 => DataType::Int64,
        ColumnKind::Bool => DataType::Boolean,
        ColumnKind::Timestamp => DataType::Timestamp(
            match unit {
                TimestampUnit::Nanos => TimeUnit::Nanosecond,
                TimestampUnit::Micros => TimeUnit::Microsecond,
            },
            Some(TIMESTAMP_ZONE.into()),
        ),
    }
}

/// A partition column: a dictionary-encoded string, as Hive-partitioned readers type it.
fn partition_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// Every column is nullable: an empty book side or an out-of-range integer is null
/// (docs/language.md). Partition columns are never null.
pub fn arrow_schema(columns: &[ColumnMeta], layout: &OutputLayout) -> SchemaRef {
    let mut fields: Vec<Field> =
        columns.iter().map(|c| Field::new(&c.name, arrow_type(c.kind, layout.timestamps), true)).collect();
    fields.extend(layout.partitions.iter().map(|(name, _)| Field::new(name, partition_type(), false)));
    Arc::new(Schema::new(fields))
}

/// One column of a batch as the kernel hands it over.
#[derive(Clone, Copy)]
pub struct ColumnSlice<'a> {
    pub values: &'a [u64],
    pub valid: &'a [u8],
}

pub fn record_batch(
    schema: &SchemaRef,
    kinds: &[ColumnKind],
    columns: &[ColumnSlice<'_>],
    layout: &OutputLayout,
) -> Result<RecordBatch, HostError> {
    let mut arrays: Vec<ArrayRef> =
        kinds.iter().zip(columns).map(|(kind, column)| column_array(*kind, *column, layout.timestamps)).collect();
    let rows = columns.first().map_or(0, |c| c.values.len());
    for (_, value) in &layout.partitions {
        let keys = Int32Array::from(vec![0; rows]);
        let values = Arc::new(StringArray::from(vec![value.as_str()]));
        arrays.push(Arc::new(DictionaryArray::<Int32Type>::try_new(keys, values)?));
    }
    Ok(RecordBatch::try_new(schema.clone(), arrays)?)
}

fn column_array(kind: ColumnKind, column: ColumnSlice<'_>, unit: TimestampUnit) -> ArrayRef {
    let rows = column.values.len();
    let nulls = null_buffer(column.valid);
    match kind {
        ColumnKind::F64 => {
            // Same bytes, read as f64: a bit copy, never a numeric conversion.
            let values = ScalarBuffer::<f64>::new(Buffer::from_slice_ref(column.values), 0, rows);
            Arc::new(Float64Array::new(values, nulls))
        }
        ColumnKind::I64 => Arc::new(Int64Array::new(i64_values(column.values), nulls)),
        ColumnKind::Timestamp if unit == TimestampUnit::Micros => {
            // Floored, so a time never moves after the event it stamps (a null stays 0).
            let micros: Vec<i64> = column.values.iter().map(|&v| (v as i64).div_euclid(1000)).collect();
            Arc::new(TimestampMicrosecondArray::new(ScalarBuffer::from(micros), nulls).with_timezone(TIMESTAMP_ZONE))
        }
        ColumnKind::Timestamp => {
            Arc::new(TimestampNanosecondArray::new(i64_values(column.values), nulls).with_timezone(TIMESTAMP_ZONE))
        }
        ColumnKind::Bool => {
            let values = BooleanBuffer::collect_bool(rows, |r| column.values[r] != 0);
            Arc::new(BooleanArray::new(values, nulls))
        }
    }
}

fn i64_values(patterns: &[u64]) -> ScalarBuffer<i64> {
    ScalarBuffer::<i64>::new(Buffer::from_slice_ref(patterns), 0, patterns.len())
}

/// `None` when every row is valid, so all-valid columns carry no bitmap at all.
fn null_buffer(valid: &[u8]) -> Option<NullBuffer> {
    if valid.iter().all(|&v| v != 0) {
        return None;
    }
    Some(NullBuffer::new(BooleanBuffer::collect_bool(valid.len(), |r| valid[r] != 0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;

    fn meta(name: &str, kind: ColumnKind) -> ColumnMeta {
        ColumnMeta { name: name.to_string(), kind }
    }

    #[test]
    fn converts_each_kind_with_nulls() {
        let columns = [
            meta("ts", ColumnKind::Timestamp),
            meta("mid", ColumnKind::F64),
            meta("n", ColumnKind::I64),
            meta("up", ColumnKind::Bool),
        ];
        let kinds: Vec<ColumnKind> = columns.iter().map(|c| c.kind).collect();
        let schema = arrow_schema(&columns, &OutputLayout::default());
        let ts = [1_705_744_800_123_456_789u64, (-5i64) as u64, 0];
        let mid = [1.5f64.to_bits(), 0, (-0.0f64).to_bits()];
        let n = [(-3i64) as u64, 9, 0];
        let up = [1u64, 0, 0];
        let all = [1u8, 1, 1];
        let middle_null = [1u8, 0, 1];
        let batch = record_batch(
            &schema,
            &kinds,
            &[
                ColumnSlice { values: &ts, valid: &all },
                ColumnSlice { values: &mid, valid: &middle_null },
                ColumnSlice { values: &n, valid: &[1, 1, 0] },
                ColumnSlice { values: &up, valid: &[1, 1, 0] },
            ],
            &OutputLayout::default(),
        )
        .unwrap();

        assert_eq!(batch.num_rows(), 3);
        let ts_col = batch.column(0).as_any().downcast_ref::<TimestampNanosecondArray>().unwrap();
        assert_eq!(ts_col.value(0), 1_705_744_800_123_456_789);
        assert_eq!(ts_col.value(1), -5);
        assert_eq!(ts_col.null_count(), 0);
        assert!(ts_col.nulls().is_none(), "an all-valid column carries no bitmap");
        assert_eq!(ts_col.timezone(), Some("UTC"));

        let mid_col = batch.column(1).as_any().downcast_ref::<Float64Array>().unwrap();
        assert_eq!(mid_col.value(0), 1.5);
        assert!(mid_col.is_null(1));
        assert_eq!(mid_col.value(2).to_bits(), (-0.0f64).to_bits());

        let n_col = batch.column(2).as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!((n_col.value(0), n_col.value(1)), (-3, 9));
        assert!(n_col.is_null(2));

        let up_col = batch.column(3).as_any().downcast_ref::<BooleanArray>().unwrap();
        assert!(up_col.value(0) && !up_col.value(1) && up_col.is_null(2));
    }

    #[test]
    fn keeps_nan_bits_exactly() {
        let canonical = 0x7FF8_0000_0000_0000u64;
        let payload_nan = 0x7FF0_0000_0000_0001u64;
        let columns = [meta("x", ColumnKind::F64)];
        let batch = record_batch(
            &arrow_schema(&columns, &OutputLayout::default()),
            &[ColumnKind::F64],
            &[ColumnSlice { values: &[canonical, payload_nan], valid: &[1, 1] }],
            &OutputLayout::default(),
        )
        .unwrap();
        let x = batch.column(0).as_any().downcast_ref::<Float64Array>().unwrap();
        assert_eq!(x.value(0).to_bits(), canonical);
        assert_eq!(x.value(1).to_bits(), payload_nan);
    }

    #[test]
    fn an_empty_batch_is_valid() {
        let columns = [meta("x", ColumnKind::I64)];
        let batch = record_batch(
            &arrow_schema(&columns, &OutputLayout::default()),
            &[ColumnKind::I64],
            &[ColumnSlice { values: &[], valid: &[] }],
            &OutputLayout::default(),
        )
        .unwrap();
        assert_eq!(batch.num_rows(), 0);
    }

    #[test]
    fn schema_types_follow_the_kernel_meta() {
        let schema =
            arrow_schema(&[meta("t", ColumnKind::Timestamp), meta("b", ColumnKind::Bool)], &OutputLayout::default());
        assert_eq!(schema.field(0).data_type(), &DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())));
        assert!(schema.field(0).is_nullable() && schema.field(1).is_nullable());
    }

    #[test]
    fn partitions_are_constant_dictionary_columns_and_micros_are_floored() {
        let columns = [meta("t", ColumnKind::Timestamp)];
        let layout = OutputLayout {
            timestamps: TimestampUnit::Micros,
            partitions: vec![("symbol".into(), "GOOG".into()), ("date".into(), "2012-06-21".into())],
        };
        let schema = arrow_schema(&columns, &layout);
        assert_eq!(schema.fields().len(), 3);
        assert_eq!(schema.field(1).name(), "symbol");
        let t = [1_999u64, (-1i64) as u64];
        let batch =
            record_batch(&schema, &[ColumnKind::Timestamp], &[ColumnSlice { values: &t, valid: &[1, 1] }], &layout)
                .unwrap();
        let micros = batch.column(0).as_any().downcast_ref::<TimestampMicrosecondArray>().unwrap();
        assert_eq!((micros.value(0), micros.value(1)), (1, -1));
        let symbol = batch.column(1).as_any().downcast_ref::<DictionaryArray<Int32Type>>().unwrap();
        let values = symbol.values().as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!((symbol.len(), values.value(0)), (2, "GOOG"));
    }
}
