//! Kernel batches to one Parquet file, written atomically (see `atomic_output`).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
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
    /// Encode and compress on a thread of the sink's own, while the kernel computes the next
    /// rows: for a run that leaves a core idle (docs/architecture.md section 2). The file is the
    /// same byte for byte either way.
    pub background: bool,
}

/// Batches waiting for the encoder thread, at most: enough to keep it busy, bounded so that a
/// kernel faster than the encoder waits rather than piling rows up in memory.
const QUEUED_BATCHES: usize = 4;

pub struct ParquetSink {
    /// Declared before `output`, so a sink dropped unfinished stops its encoder before the
    /// temporary file is removed.
    encoder: Encoder,
    output: AtomicOutput,
    schema: SchemaRef,
    kinds: Vec<ColumnKind>,
    layout: OutputLayout,
    rows: u64,
}

/// Where batches are encoded: here, or on the sink's thread.
enum Encoder {
    Inline(ArrowWriter<File>),
    Background(EncoderThread),
}

/// A thread that owns the writer, fed batches over a bounded channel. It stops at its first
/// error (the next `send` then fails, and `join` gives the error) or when the channel closes,
/// and hands the writer back for the footer.
struct EncoderThread {
    batches: Option<SyncSender<RecordBatch>>,
    thread: Option<JoinHandle<Result<ArrowWriter<File>, HostError>>>,
}

impl EncoderThread {
    fn start(mut writer: ArrowWriter<File>) -> Result<EncoderThread, HostError> {
        let (batches, queue) = sync_channel::<RecordBatch>(QUEUED_BATCHES);
        let thread = std::thread::Builder::new()
            .name("featc-parquet".into())
            .spawn(move || {
                for batch in queue {
                    writer.write(&batch)?;
                }
                Ok(writer)
            })
            .map_err(|e| HostError::new(codes::INTERNAL, format!("cannot start the Parquet encoder thread: {e}")))?;
        Ok(EncoderThread { batches: Some(batches), thread: Some(thread) })
    }

    fn send(&mut self, batch: RecordBatch) -> Result<(), HostError> {
        let sent = self.batches.as_ref().is_some_and(|b| b.send(batch).is_ok());
        if sent {
            return Ok(());
        }
        // The thread stopped: its error says why.
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(HostError::new(codes::INTERNAL, "the Parquet encoder thread stopped early")),
        }
    }

    /// Closes the channel and waits for the thread: the writer, with every batch written.
    fn join(&mut self) -> Result<ArrowWriter<File>, HostError> {
        self.batches = None;
        let Some(thread) = self.thread.take() else {
            return Err(HostError::new(codes::INTERNAL, "the Parquet encoder thread was already joined"));
        };
        thread.join().unwrap_or_else(|_| Err(HostError::new(codes::INTERNAL, "the Parquet encoder thread panicked")))
    }
}

impl Drop for EncoderThread {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.join();
        }
    }
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
        let encoder = if options.background {
            Encoder::Background(EncoderThread::start(writer)?)
        } else {
            Encoder::Inline(writer)
        };
        Ok(ParquetSink { encoder, output, schema, kinds: columns.iter().map(|c| c.kind).collect(), layout, rows: 0 })
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
        match &mut self.encoder {
            Encoder::Inline(writer) => writer.write(&batch)?,
            Encoder::Background(thread) => thread.send(batch)?,
        }
        Ok(())
    }

    /// Write the footer with `metadata` and move the file to its final name. Dropping the
    /// sink instead leaves no file behind.
    pub fn finish(self, metadata: BTreeMap<String, String>) -> Result<(), HostError> {
        let mut writer = match self.encoder {
            Encoder::Inline(writer) => writer,
            Encoder::Background(mut thread) => thread.join()?,
        };
        for (key, value) in metadata {
            writer.append_key_value_metadata(KeyValue::new(key, value));
        }
        let file = writer.into_inner()?;
        self.output.commit(file)
    }
}

fn writer_properties(columns: &[ColumnMeta], options: &SinkOptions) -> WriterProperties {
    let mut builder = WriterProperties::builder()
        .set_compression(options.codec.parquet())
        .set_max_row_group_size(options.row_group_rows)
        .set_created_by(options.created_by.clone());
    for column in columns {
        let path = || ColumnPath::from(column.name.as_str());
        // Feature floats and nanosecond timestamps are nearly all distinct: a dictionary
        // would cost an encoding pass per page and then fall back to plain anyway.
        if matches!(column.kind, ColumnKind::F64 | ColumnKind::Timestamp) {
            builder = builder.set_column_dictionary_enabled(path(), false);
        }
        // Timestamps rise by small steps, which DELTA_BINARY_PACKED stores in a few bits: 10 to
        // 26 % smaller files on real and synthetic days, encoded and decoded no slower. Floats
        // stay PLAIN: BYTE_STREAM_SPLIT made the real days' files 24 to 25 % larger
        // (npm run bench, "Parquet encodings"; runtime/batch/parquetWriter.ts does the same).
        if column.kind == ColumnKind::Timestamp {
            builder = builder.set_column_encoding(path(), Encoding::DELTA_BINARY_PACKED);
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
            background: false,
        }
    }

    /// Rows of `n` over several batches, written through a sink with `options`; the file's bytes.
    fn written(name: &str, n: u64, options: &SinkOptions) -> Vec<u8> {
        let dir = scratch(name);
        let path = dir.join("out.parquet");
        let mut sink = ParquetSink::create(&path, &columns(), &[], options).unwrap();
        for start in (0..n).step_by(1000) {
            let ts: Vec<u64> = (start..(start + 1000).min(n)).map(|i| 1_000_000 + i * 7).collect();
            let mid: Vec<u64> = ts.iter().map(|t| (*t as f64 / 3.0).to_bits()).collect();
            let valid: Vec<u8> = ts.iter().map(|t| (t % 5 != 0) as u8).collect();
            let all = vec![1u8; ts.len()];
            sink.write(&[ColumnSlice { values: &ts, valid: &all }, ColumnSlice { values: &mid, valid: &valid }])
                .unwrap();
        }
        assert_eq!(sink.rows(), n);
        let mut kv = BTreeMap::new();
        kv.insert("featc.rows".to_string(), n.to_string());
        sink.finish(kv).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        bytes
    }

    #[test]
    fn a_background_encoder_writes_the_same_bytes() {
        let inline = written("inline", 25_500, &options(4096));
        let background = written("background", 25_500, &SinkOptions { background: true, ..options(4096) });
        assert!(inline.len() > 1000);
        assert!(inline == background, "the encoder's thread changed the file");
    }

    #[test]
    fn an_encoder_thread_that_fails_gives_its_error_to_the_sink() {
        let dir = scratch("failing-encoder");
        let path = dir.join("out.parquet");
        let (_output, file) = AtomicOutput::create(&path).unwrap();
        let layout = OutputLayout { timestamps: TimestampUnit::Nanos, partitions: vec![] };
        let schema = arrow_schema(&columns(), &layout);
        let writer = ArrowWriter::try_new(file, schema, Some(writer_properties(&columns(), &options(8)))).unwrap();
        let mut thread = EncoderThread::start(writer).unwrap();
        // A batch of another schema: the writer refuses it on the encoder's thread.
        let other = arrow_schema(&columns()[..1], &layout);
        let ts: Vec<u64> = (0..10).collect();
        let all = vec![1u8; 10];
        let batch =
            record_batch(&other, &[ColumnKind::Timestamp], &[ColumnSlice { values: &ts, valid: &all }], &layout)
                .unwrap();
        let mut sent = Ok(());
        for _ in 0..2 * QUEUED_BATCHES + 2 {
            sent = thread.send(batch.clone());
            if sent.is_err() {
                break;
            }
        }
        let error = sent.err().or_else(|| thread.join().err()).expect("the writer's error");
        // The writer's own error, not a stand-in for a thread that stopped.
        assert_eq!(error.code, codes::PARQUET, "{}", error.message);
        drop(thread);
        drop(_output);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dropped_background_sink_stops_its_thread_and_leaves_no_file() {
        let dir = scratch("dropped-background");
        let path = dir.join("out.parquet");
        let mut sink =
            ParquetSink::create(&path, &columns(), &[], &SinkOptions { background: true, ..options(8) }).unwrap();
        let ts: Vec<u64> = (0..100).collect();
        let all = vec![1u8; 100];
        sink.write(&[ColumnSlice { values: &ts, valid: &all }, ColumnSlice { values: &ts, valid: &all }]).unwrap();
        drop(sink);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
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
