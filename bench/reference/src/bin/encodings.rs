//! featc-encodings: the measured choice of Parquet encodings for featc's outputs
//! (bench/encodings.mjs). Each file named is read into memory and written again, zstd and its
//! own row groups as they are, under each way of encoding its columns: PLAIN for every value
//! column, BYTE_STREAM_SPLIT for the floats, DELTA_BINARY_PACKED for the timestamps and
//! integers, and both. Dictionaries stay off for those columns, as featc writes them. For
//! each it prints one JSON line: the file, the variant, its size, and the medians of `runs`
//! CPU times to encode it (in memory) and to decode it (from a file); the rows decoded are
//! checked equal to the input's first.
//!
//! `featc-encodings RUNS FILE.parquet [FILE.parquet ...]`

use std::fs::File;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Schema};
use featc_reference::cpu_seconds;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

/// A way of encoding the value columns: the floats' encoding and the integers' (timestamps too).
const VARIANTS: [(&str, Encoding, Encoding); 4] = [
    ("plain", Encoding::PLAIN, Encoding::PLAIN),
    ("byte_stream_split floats", Encoding::BYTE_STREAM_SPLIT, Encoding::PLAIN),
    ("delta timestamps", Encoding::PLAIN, Encoding::DELTA_BINARY_PACKED),
    ("byte_stream_split floats, delta timestamps", Encoding::BYTE_STREAM_SPLIT, Encoding::DELTA_BINARY_PACKED),
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn read(path: &str) -> Result<(Arc<Schema>, Vec<RecordBatch>, usize), String> {
    let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| format!("{path}: {e}"))?;
    let group_rows = builder.metadata().row_groups().first().map_or(1, |g| g.num_rows().max(1) as usize);
    let schema = builder.schema().clone();
    let batches = builder
        .with_batch_size(group_rows)
        .build()
        .map_err(|e| format!("{path}: {e}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{path}: {e}"))?;
    Ok((schema, batches, group_rows))
}

fn properties(schema: &Schema, group_rows: usize, floats: Encoding, integers: Encoding) -> WriterProperties {
    let mut props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_size(group_rows);
    for field in schema.fields() {
        let encoding = match field.data_type() {
            DataType::Float64 => floats,
            DataType::Timestamp(_, _) | DataType::Int64 => integers,
            _ => continue,
        };
        let column = ColumnPath::from(field.name().as_str());
        props = props.set_column_dictionary_enabled(column.clone(), false).set_column_encoding(column, encoding);
    }
    props.build()
}

fn encode(schema: &Arc<Schema>, batches: &[RecordBatch], props: WriterProperties) -> Result<Vec<u8>, String> {
    let mut writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props)).map_err(|e| e.to_string())?;
    for b in batches {
        writer.write(b).map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

fn measure(path: &str, runs: usize) -> Result<(), String> {
    let (schema, batches, group_rows) = read(path)?;
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    let scratch = std::env::temp_dir().join(format!("featc-encodings-{}.parquet", std::process::id()));
    for (name, floats, integers) in VARIANTS {
        let mut encode_s = Vec::new();
        let mut bytes = Vec::new();
        for _ in 0..runs {
            let props = properties(&schema, group_rows, floats, integers);
            let t = cpu_seconds();
            bytes = encode(&schema, &batches, props)?;
            encode_s.push(cpu_seconds() - t);
        }
        std::fs::write(&scratch, &bytes).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let mut decode_s = Vec::new();
        let mut decoded = Vec::new();
        for _ in 0..runs {
            let t = cpu_seconds();
            decoded = read(scratch.to_str().expect("a UTF-8 temp path"))?.1;
            decode_s.push(cpu_seconds() - t);
        }
        let same = decoded.len() == batches.len() && decoded.iter().zip(&batches).all(|(a, b)| a == b);
        if !same {
            return Err(format!("{path}: the {name} file does not decode to the rows written"));
        }
        println!(
            "{{\"file\":\"{path}\",\"variant\":\"{name}\",\"rows\":{rows},\"bytes\":{},\"encode_cpu_s\":{},\"decode_cpu_s\":{}}}",
            bytes.len(),
            median(encode_s),
            median(decode_s)
        );
    }
    let _ = std::fs::remove_file(&scratch);
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = args.first().and_then(|r| r.parse::<usize>().ok()).filter(|&r| r > 0);
    let (Some(runs), true) = (runs, args.len() >= 2) else {
        eprintln!("usage: featc-encodings RUNS FILE.parquet [FILE.parquet ...]");
        std::process::exit(2);
    };
    for path in &args[1..] {
        if let Err(e) = measure(path, runs) {
            eprintln!("featc-encodings: {e}");
            std::process::exit(1);
        }
    }
}
