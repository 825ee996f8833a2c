//! featc-reference: examples/goog_1s.feat by hand, the yardstick of npm run bench.
//!
//! `featc-reference run LOG.q OUT.parquet` maps the log, replays it into its book, keeps the
//! rows in memory and writes them; it prints one JSON line with the records, packets and rows,
//! `compute_s` (the replay: book and features, rows into memory) and `total_s` (from the start
//! of the process to the file synced and renamed), each as wall time and as the process's CPU
//! time (`compute_cpu_s`; `total_cpu_s`, all of it from its start), which a loaded machine's
//! other work does not inflate.
//! `featc-reference compare A.parquet B.parquet [--within R]` checks two files hold the same
//! rows bit for bit (or, with `--within`, floats within a relative difference R of each other,
//! for a peer whose book keeps sizes as floats); it prints the rows and columns compared, or the
//! first difference with status 1.

use std::time::Instant;

use featc_reference::{compare, cpu_seconds, goog_1s, log, parquet_out};

fn run(log_path: &str, out: &str) -> Result<String, String> {
    let started = Instant::now();
    let log = log::Log::open(log_path)?;
    let (computing, computing_cpu) = (Instant::now(), cpu_seconds());
    let (rows, counts) = goog_1s::replay(&log);
    let (compute_s, compute_cpu_s) = (computing.elapsed().as_secs_f64(), cpu_seconds() - computing_cpu);
    parquet_out::write(out, &rows, &log.symbol, &log.date)?;
    let (total_s, total_cpu_s) = (started.elapsed().as_secs_f64(), cpu_seconds());
    Ok(format!(
        "{{\"records\":{},\"packets\":{},\"rows\":{},\"compute_s\":{compute_s},\"total_s\":{total_s},\"compute_cpu_s\":{compute_cpu_s},\"total_cpu_s\":{total_cpu_s}}}",
        counts.records,
        counts.packets,
        rows.len()
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("run") if args.len() == 4 => run(&args[2], &args[3]),
        Some("compare") if args.len() == 4 || (args.len() == 6 && args[4] == "--within") => {
            let within = match args.get(5).map(|r| r.parse::<f64>()) {
                None => Ok(0.0),
                Some(Ok(r)) if r >= 0.0 => Ok(r),
                Some(_) => Err(format!("--within takes a relative difference >= 0, got '{}'", args[5])),
            };
            within
                .and_then(|within| compare::compare(&args[2], &args[3], within))
                .map(|(rows, columns)| format!("{{\"rows\":{rows},\"columns\":{columns}}}"))
        }
        _ => Err("usage: featc-reference run LOG.q OUT.parquet | compare A.parquet B.parquet [--within R]".into()),
    };
    match result {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("featc-reference: {e}");
            std::process::exit(1);
        }
    }
}
