//! featc-reference: examples/goog_1s.feat by hand, the yardstick of npm run bench.
//!
//! `featc-reference run LOG.q OUT.parquet` maps the log, replays it into its book, keeps the
//! rows in memory and writes them; it prints one JSON line with the records, packets and rows,
//! `compute_s` (the replay: book and features, rows into memory) and `total_s` (from the start
//! of the process to the file synced and renamed).
//! `featc-reference compare A.parquet B.parquet` checks two files hold the same rows bit for
//! bit; it prints the rows and columns compared, or the first difference with status 1.

mod book;
mod compare;
mod goog_1s;
mod log;
mod parquet_out;

use std::time::Instant;

fn run(log_path: &str, out: &str) -> Result<String, String> {
    let started = Instant::now();
    let log = log::Log::open(log_path)?;
    let computing = Instant::now();
    let (rows, counts) = goog_1s::replay(&log);
    let compute_s = computing.elapsed().as_secs_f64();
    parquet_out::write(out, &rows, &log.symbol, &log.date)?;
    let total_s = started.elapsed().as_secs_f64();
    Ok(format!(
        "{{\"records\":{},\"packets\":{},\"rows\":{},\"compute_s\":{compute_s},\"total_s\":{total_s}}}",
        counts.records,
        counts.packets,
        rows.len()
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("run") if args.len() == 4 => run(&args[2], &args[3]),
        Some("compare") if args.len() == 4 => compare::compare(&args[2], &args[3])
            .map(|(rows, columns)| format!("{{\"rows\":{rows},\"columns\":{columns}}}")),
        _ => Err("usage: featc-reference run LOG.q OUT.parquet | compare A.parquet B.parquet".into()),
    };
    match result {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("featc-reference: {e}");
            std::process::exit(1);
        }
    }
}
