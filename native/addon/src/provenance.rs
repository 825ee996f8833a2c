//! The key-value metadata every Parquet file carries (docs/architecture.md section 6), so a dataset
//! names the kernel, the spec and the source it came from.

use std::collections::BTreeMap;

use std::path::Path;

use featc_core::driver::{ResetReason, StreamStart, WarmStart, WarmUp};
use featc_core::ffi::{RunCounts, KERNEL_ABI_VERSION};

use crate::arrow_batch::TimestampUnit;

use crate::kernel_meta::KernelMeta;

/// The Parquet footer's `created_by`, the same in both engines (runtime/batch/provenance.ts).
pub fn created_by(version: &str) -> String {
    format!("featc version {version}")
}

/// The footer's key-values, sorted by key. The caller's extra keys (`featc.version` among
/// them) come first; the keys the host derives itself override any caller key of the same
/// name, so a file cannot claim a kernel or a source it was not made from.
/// `source` is the log the job read, `run` what its run counted.
pub fn footer_metadata(
    extra: &BTreeMap<String, String>,
    meta: &KernelMeta,
    source: &str,
    run: &RunCounts,
) -> BTreeMap<String, String> {
    let mut kv = extra.clone();
    kv.insert("featc.kernel_abi".into(), KERNEL_ABI_VERSION.to_string());
    kv.insert("featc.ir_hash".into(), meta.ir_hash.clone());
    kv.insert("featc.spec".into(), meta.spec.clone());
    kv.insert("featc.source".into(), source.to_string());
    kv.insert("featc.time_range".into(), time_range(run.records, run.first_ts, run.last_ts));
    kv.insert("featc.rows".into(), run.rows.to_string());
    kv.insert("featc.records".into(), run.records.to_string());
    kv
}

/// What a file's replay began from (docs/formats/parquet.md, "Streams and warm starts"):
/// `featc.stream`, and for a warm-started run's first file `featc.warm_start`. `previous` is
/// the file before it in the stream, `warm_up` the warm start the run asked for.
pub fn stream_metadata(
    start: StreamStart,
    previous: Option<&Path>,
    warm_up: Option<WarmUp>,
    warm_start: Option<WarmStart>,
) -> BTreeMap<String, String> {
    let before = || previous.map_or_else(|| "the previous file".to_string(), |p| p.display().to_string());
    let stream = match start {
        StreamStart::First => "first: no earlier file in this run; state starts empty".to_string(),
        StreamStart::Continued => format!("continued: book and state carried from {}", before()),
        StreamStart::Reset(reason) => {
            let why = match reason {
                ResetReason::BookKind => format!("its book kind differs from {}'s", before()),
                ResetReason::Decimals => format!("its price or size decimals differ from {}'s", before()),
                ResetReason::MissingDay => format!("its date is not the day after {}'s (a day is missing)", before()),
                ResetReason::Book => format!("the book it starts from is not the book {} closed with", before()),
            };
            format!("reset: {why}; state starts empty")
        }
    };
    let mut kv = BTreeMap::from([("featc.stream".to_string(), stream)]);
    if let Some(warm) = warm_up {
        let horizon = format!("warm-up {} ns and {} events", warm.ns, warm.events);
        let text = match warm_start {
            Some(w) => {
                format!("from the book snapshot as of {} (record {}), {horizon}", iso8601_ns(w.as_of_ts), w.record)
            }
            None => format!("none: no snapshot leaves the {horizon} before the window; replayed from the first record"),
        };
        kv.insert("featc.warm_start".to_string(), text);
    }
    kv
}

/// `featc.source_records_sha256`: the source log's records' SHA-256 as its header records it.
pub fn source_records_text(hex: Option<String>) -> String {
    hex.unwrap_or_else(|| "not recorded (the log was written before logs carried it)".to_string())
}

/// What the run was asked and what it skipped (docs/formats/parquet.md): `featc.emit_window`
/// (`all`, or `<from>..<to>` in ISO-8601 UTC, an open end written `*`), `featc.timestamps`
/// and `featc.skipped` (a JSON object of error code to count, `{}` when nothing was skipped).
pub fn run_metadata(
    emit_from_ns: i64,
    emit_to_ns: i64,
    timestamps: TimestampUnit,
    skipped_by_reason: &[(&str, u64)],
) -> BTreeMap<String, String> {
    let end = |ns: i64, open: i64| if ns == open { "*".to_string() } else { iso8601_ns(ns) };
    let window = if emit_from_ns == i64::MIN && emit_to_ns == i64::MAX {
        "all".to_string()
    } else {
        format!("{}..{}", end(emit_from_ns, i64::MIN), end(emit_to_ns, i64::MAX))
    };
    let unit = match timestamps {
        TimestampUnit::Nanos => "ns",
        TimestampUnit::Micros => "us (nanoseconds floored to microseconds)",
    };
    let skipped: Vec<String> = skipped_by_reason.iter().map(|(code, n)| format!("\"{code}\":{n}")).collect();
    BTreeMap::from([
        ("featc.emit_window".to_string(), window),
        ("featc.timestamps".to_string(), unit.to_string()),
        ("featc.skipped".to_string(), format!("{{{}}}", skipped.join(","))),
    ])
}

/// `<first>..<last> (<first_ns>..<last_ns> ns)`, the exchange timestamps of the input's first
/// and last record; `empty` for a log without records.
pub fn time_range(records: u64, first_ts: i64, last_ts: i64) -> String {
    if records == 0 {
        return "empty".to_string();
    }
    format!("{}..{} ({first_ts}..{last_ts} ns)", iso8601_ns(first_ts), iso8601_ns(last_ts))
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` for nanoseconds since the Unix epoch (UTC, proleptic
/// Gregorian calendar; negative values are before 1970).
pub fn iso8601_ns(ns: i64) -> String {
    const NS_PER_DAY: i128 = 86_400 * 1_000_000_000;
    let ns = ns as i128;
    let days = ns.div_euclid(NS_PER_DAY);
    let in_day = ns.rem_euclid(NS_PER_DAY);
    let (year, month, day) = civil_from_days(days as i64);
    let secs = in_day / 1_000_000_000;
    let frac = in_day % 1_000_000_000;
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{frac:09}Z", secs / 3600, (secs / 60) % 60, secs % 60)
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's `civil_from_days`,
/// exact for the whole i64 nanosecond range.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_nanoseconds_in_utc() {
        assert_eq!(iso8601_ns(0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(iso8601_ns(1_705_744_800_123_456_789), "2024-01-20T10:00:00.123456789Z");
        assert_eq!(iso8601_ns(-1), "1969-12-31T23:59:59.999999999Z");
        assert_eq!(iso8601_ns(951_782_400_000_000_000), "2000-02-29T00:00:00.000000000Z");
        assert_eq!(iso8601_ns(i64::MAX), "2262-04-11T23:47:16.854775807Z");
    }

    #[test]
    fn host_keys_override_caller_keys() {
        let meta = KernelMeta { name: "d".into(), ir_hash: "h1".into(), spec: "d.feat".into(), columns: vec![] };
        let mut extra = BTreeMap::new();
        extra.insert("featc.version".to_string(), "0.1.0".to_string());
        extra.insert("featc.ir_hash".to_string(), "forged".to_string());
        let run = RunCounts { records: 2, packets: 2, rows: 1, first_ts: 0, last_ts: 1_000, skipped: 0 };
        let kv = footer_metadata(&extra, &meta, "x.q", &run);
        assert_eq!(kv["featc.ir_hash"], "h1");
        assert_eq!(kv["featc.version"], "0.1.0");
        assert_eq!(
            kv["featc.time_range"],
            "1970-01-01T00:00:00.000000000Z..1970-01-01T00:00:00.000001000Z (0..1000 ns)"
        );
        assert_eq!(kv["featc.kernel_abi"], KERNEL_ABI_VERSION.to_string());
    }
}
