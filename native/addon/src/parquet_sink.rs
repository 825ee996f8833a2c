//! Kernel batches to one Parquet file, written atomically (see `atomic_output`).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::arrow_batch::{arrow_schema, record_batch, ColumnSlice, OutputLayout, TimestampUnit};
use crate::atomic_output::AtomicOutput;
use crate::host_error::{codes, HostError};
use crate::kernel_meta::{ColumnKind, ColumnMeta};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Zstd,
    Snappy,
    None,
}

impl Codec {
    pub fn parse(name: &str) -> Result<Codec, HostError> {
        match name {
            "zstd" => Ok(Codec::Zstd),
            "snappy" => Ok(Codec::Snappy),
            "none" => Ok(Codec::None),
            other => Err(HostError::new(
                codes::BAD_ARGUMENT,
                format!("compression \"{other}\" is not one of zstd, snappy, none"),
            )),
        }
    }

    fn parquet(self) -> Compression {
        match self {
            // Level 3 is zstd's own default: most of the ratio at a fraction of the time.
            Codec::Zstd => Compression::ZSTD(ZstdLevel::default()),
            Codec::Snappy => Compression::SNAPPY,
            Codec::None => Compression::UNCOMPRESSED,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SinkOptions {
    pub codec: Codec,
    pub row_group_rows: usize,
    /// Written into the footer's `created_by`.
    pub created_by: String,
    pub timestamps: TimestampUnit,
}

pub struct ParquetSink {
    output: AtomicOutput,
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    kinds: Vec<ColumnKind>,
    layout: OutputLayout,
    rows: u64,
}

impl ParquetSink {
    /// A sink for `columns`, then the `partitions` columns (name, the file's one value).
    pub fn create(
        path: &Path,
        columns: &[ColumnMeta],
        partitions: &[(String, String)],
        options: &SinkOptions,
    ) -> Result<ParquetSink, HostError> {
        if options.row_group_rows == 0 {
            return Err(HostError::new(codes::BAD_ARGUMENT, "rowGroupRows must be at least 1"));
        }
        let layout = OutputLayout { timestamps: options.timestamps, partitions: partitions.to_vec() };
        let schema = arrow_schema(columns, &layout);
        let (output, file) = AtomicOutput::create(path)?;
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(writer_properties(columns, options)))?;
        Ok(ParquetSink { output, writer, schema, kinds: columns.iter().map(|c| c.kind).collect(), layout, rows: 0 })
    }

    pub fn columns(&self) -> usize {
        self.kinds.len()
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    pub fn write(&mut self, columns: &[ColumnSlice<'_>]) -> Result<(), HostError> {
        let batch = record_batch(&self.schema, &self.kinds, columns, &self.layout)?;
        self.rows += batch.num_rows() as u64;
        self.writer.write(&batch)?;
        Ok(())
    }

    /// Write the footer with `metadata` and move the file to its final name. Dropping the
    /// sink instead leaves no file behind.
    pub fn finish(mut self, metadata: BTreeMap<String, String>) -> Result<(), HostError> {
        for (key, value) in metadata {
            self.writer.append_key_value_metadata(KeyValue::new(key, value));
        }
        let file = self.writer.into_inner()?;
        self.output.commit(file)
    }
}

fn writer_properties(columns: &[ColumnMeta], options: &SinkOptions) -> WriterProperties {
    let mut builder = WriterProperties::builder()
        .set_compression(options.codec.parquet())
        .set_max_row_group_size(options.row_group_rows)
        .set_created_by(options.created_by.clone());
    for column in columns {
        // Feature floats and nanosecond timestamps are nearly all distinct: a dictionary
        // would cost an encoding pass per page and then fall back to plain anyway.
        if matches!(column.kind, ColumnKind::F64 | ColumnKind::Timestamp) {
            builder = builder.set_column_dictionary_enabled(ColumnPath::from(column.name.as_str()), false);
        }
    }
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::FileReader;
    use parquet::file::serialized_reader::SerializedFileReader;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("featc-sink-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn columns() -> Vec<ColumnMeta> {
        vec![
            ColumnMeta { name: "ts".into(), kind: ColumnKind::Timestamp },
            ColumnMeta { name: "mid".into(), kind: ColumnKind::F64 },
        ]
    }

    fn options(row_group_rows: usize) -> SinkOptions {
        SinkOptions {
            codec: Codec::Zstd,
            row_group_rows,
            created_by: "featc test".into(),
            timestamps: TimestampUnit::Nanos,
        }
    }

    #[test]
    fn writes_rows_row_groups_and_footer_metadata() {
        let dir = scratch("rows");
        let path = dir.join("out.parquet");
        let mut sink = ParquetSink::create(&path, &columns(), &[], &options(3)).unwrap();
        let ts: Vec<u64> = (0..5).map(|i| 1_000 + i).collect();
        let mid: Vec<u64> = vec![1.0f64.to_bits(), 0, 0x7FF8_0000_0000_0000, 2.5f64.to_bits(), 3.0f64.to_bits()];
        let valid_ts = [1u8; 5];
        let valid_mid = [1u8, 0, 1, 1, 1];
        sink.write(&[ColumnSlice { values: &ts, valid: &valid_ts }, ColumnSlice { values: &mid, valid: &valid_mid }])
            .unwrap();
        assert!(!path.exists(), "nothing under the final name before finish");
        let mut kv = BTreeMap::new();
        kv.insert("featc.rows".to_string(), "5".to_string());
        sink.finish(kv).unwrap();

        let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 5);
        assert_eq!(meta.num_row_groups(), 2, "5 rows in groups of at most 3");
        let kv = meta.file_metadata().key_value_metadata().unwrap();
        assert!(kv.iter().any(|e| e.key == "featc.rows" && e.value.as_deref() == Some("5")));

        let batches: Vec<_> = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
            .unwrap()
            .build()
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mids: Vec<Option<u64>> = batches
            .iter()
            .flat_map(|b| {
                let a = b.column(1).as_any().downcast_ref::<arrow_array::Float64Array>().unwrap().clone();
                (0..a.len()).map(
                    move |i| {
                        if arrow_array::Array::is_null(&a, i) {
                            None
                        } else {
                            Some(a.value(i).to_bits())
                        }
                    },
                )
            })
            .collect();
        assert_eq!(
            mids,
            vec![
                Some(1.0f64.to_bits()),
                None,
                Some(0x7FF8_0000_0000_0000),
                Some(2.5f64.to_bits()),
                Some(3.0f64.to_bits())
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn zero_rows_still_make_a_file_with_the_schema() {
        let dir = scratch("empty");
        let path = dir.join("empty.parquet");
        ParquetSink::create(&path, &columns(), &[], &options(8)).unwrap().finish(BTreeMap::new()).unwrap();
        let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
        assert_eq!(builder.schema().fields().len(), 2);
        assert_eq!(builder.metadata().file_metadata().num_rows(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dropped_sink_leaves_no_file() {
        let dir = scratch("dropped");
        let path = dir.join("out.parquet");
        let sink = ParquetSink::create(&path, &columns(), &[], &options(8)).unwrap();
        drop(sink);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rejects_unknown_compression() {
        assert_eq!(Codec::parse("lz4").unwrap_err().code, codes::BAD_ARGUMENT);
    }
}
