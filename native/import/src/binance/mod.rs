//! Binance raw websocket captures (`<local receive ns> <combined-stream JSON>` per line,
//! plain or gzip) into daily L2 `.q` logs: docs/formats/binance.md.
//!
//! Two passes over the input: the first finds the symbol, the market (futures diff events
//! carry `pu`) and the decimals every price and size needs; the second replays the capture.

pub mod daily;
pub mod decimal;
pub mod message;
pub mod replay;
pub mod sync;

use std::path::PathBuf;

use featc_core::error::FeatcError;
use featc_core::import::text::{disk_len, ByteProgress, Lines, Progress};

use crate::counts::Tally;
use crate::outputs::{OutputFile, OutputSet};
use daily::DailyL2Logs;
use decimal::{check_value, DecimalsSeen};
use message::{parse_line, LevelText, Message};
use replay::{LineError, PacketSink, Replay, SyncReport};
pub use sync::Market;

/// A line that is not a capture line, or a value that is not an exact decimal.
pub const BAD_LINE: &str = "BINANCE_BAD_LINE";

#[derive(Clone, Debug)]
pub struct BinanceOptions {
    /// Capture files, replayed in this order as one stream (a day split over files).
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    /// `None`: COIN-M when the capture shows it (docs/formats/binance.md, "Markets"), else
    /// USD-M when diff events carry `pu`, else spot.
    pub market: Option<Market>,
    /// Skip and count bad lines instead of failing.
    pub lenient: bool,
    /// A book snapshot every this many ns of exchange time (docs/formats/q.md, "Snapshots");
    /// 0: none. `featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS` is the command line's default.
    pub snapshot_every_ns: i64,
    /// Replace logs that exist instead of failing with `LOG_EXISTS` (docs/formats/q.md, "Writing").
    pub force: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinanceReport {
    pub files: Vec<OutputFile>,
    pub symbol: String,
    pub market: Market,
    pub price_decimals: u8,
    pub size_decimals: u8,
    pub lines: u64,
    pub records: u64,
    pub packets: u64,
    pub sync: SyncReport,
    /// Days opened with a snapshot of the book carried over midnight.
    pub carried_snapshots: u64,
    pub skipped_by_reason: Vec<(String, u64)>,
    /// What each log's import report holds (docs/formats/q.md, "Import report").
    pub log_counts: Vec<(String, u64)>,
}

/// What the first pass learns.
pub struct Survey {
    pub symbol: String,
    pub market: Market,
    pub decimals: DecimalsSeen,
}

pub fn import(opts: &BinanceOptions) -> Result<BinanceReport, FeatcError> {
    import_with_progress(opts, &mut |_, _| {})
}

/// `import`, telling `progress` the bytes of the inputs on disk read so far and their total,
/// about every megabyte and once at the end. Both passes read every input, so each counts
/// twice in the total.
pub fn import_with_progress(opts: &BinanceOptions, progress: Progress) -> Result<BinanceReport, FeatcError> {
    let mut progress = ByteProgress::new(progress, 2 * disk_len(&opts.inputs));
    let survey = survey_with_progress(&opts.inputs, opts.market, opts.lenient, &mut progress)?;
    let outputs = OutputSet::new(&opts.out_dir, opts.force);
    let venue = match survey.market {
        Market::Spot => "BINANCE",
        Market::UsdM => "BINANCE-USDM",
        Market::CoinM => "BINANCE-COINM",
    };
    let decimals = (survey.decimals.price, survey.decimals.size);
    let sink = DailyL2Logs::new(outputs, &survey.symbol, venue, decimals, opts.snapshot_every_ns);
    let (replay, lines) = replay_with_progress(&opts.inputs, &survey, opts.lenient, sink, &mut progress)?;
    let carried_snapshots = replay.sink.carried_snapshots;
    let counts = log_counts(&replay.report, replay.skipped.entries());
    let files = replay.sink.outputs.finish(&counts)?;
    progress.end();
    Ok(BinanceReport {
        records: files.iter().map(|f| f.records).sum(),
        packets: files.iter().map(|f| f.packets).sum(),
        files,
        symbol: survey.symbol,
        market: survey.market,
        price_decimals: survey.decimals.price,
        size_decimals: survey.decimals.size,
        lines,
        sync: replay.report,
        carried_snapshots,
        skipped_by_reason: replay.skipped.into_vec(),
        log_counts: counts,
    })
}

/// The import report of a Binance import (docs/formats/binance.md, "Import report"): what was
/// skipped by reason, the gaps, and the adjusted exchange times.
pub fn log_counts(sync: &SyncReport, skipped: &[(String, u64)]) -> Vec<(String, u64)> {
    let mut skipped = skipped.to_vec();
    for (reason, n) in [(STALE, sync.depth_stale), (SNAPSHOT_UNUSED, sync.snapshots_unused)] {
        if n > 0 {
            skipped.push((reason.to_string(), n));
        }
    }
    let lost: Vec<(String, u64)> =
        [(GAP, sync.gaps)].into_iter().filter(|&(_, n)| n > 0).map(|(r, n)| (r.to_string(), n)).collect();
    let adjusted: Vec<(String, u64)> = [(RAISED, sync.raised_timestamps), (MICROSECONDS, sync.microsecond_times)]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(r, n)| (r.to_string(), n))
        .collect();
    crate::report::report_counts(&[("skipped", &skipped), ("lost", &lost), ("adjusted", &adjusted)])
}

/// Import report reasons.
pub const STALE: &str = "diff event older than the snapshot (Binance's drop rule)";
pub const SNAPSHOT_UNUSED: &str = "snapshot while the book was in step, not applied";
pub const GAP: &str = "gap in the update ids: book cleared until the next snapshot";
pub const RAISED: &str = "exchange time behind the previous packet's, raised to it";
pub const MICROSECONDS: &str = "time sent in microseconds (timeUnit=MICROSECOND), read as such";

/// Replays the inputs, in order, into `sink`; returns the replay and the lines read.
pub fn replay<S: PacketSink>(
    inputs: &[PathBuf],
    survey: &Survey,
    lenient: bool,
    sink: S,
) -> Result<(Replay<S>, u64), FeatcError> {
    replay_with_progress(inputs, survey, lenient, sink, &mut ByteProgress::new(&mut |_, _| {}, 0))
}

fn replay_with_progress<S: PacketSink>(
    inputs: &[PathBuf],
    survey: &Survey,
    lenient: bool,
    sink: S,
    progress: &mut ByteProgress,
) -> Result<(Replay<S>, u64), FeatcError> {
    let mut replay = Replay::new(sink, survey.market, survey.decimals.price, survey.decimals.size);
    let mut lines = 0;
    for path in inputs {
        let mut input = Lines::open(path)?;
        let meter = input.disk_meter();
        while let Some((n, text)) = input.next_line()? {
            progress.at(meter.done());
            lines += 1;
            let outcome =
                text.and_then(parse_line).map_err(LineError::Bad).and_then(|l| replay.line(l.local_ns, l.message));
            match outcome {
                Ok(()) => {}
                Err(LineError::Fatal(e)) => return Err(e),
                Err(LineError::Bad(reason)) => bad_line(&mut replay.skipped, &input.name, n, &reason, lenient)?,
            }
        }
        progress.finished(input.file_len);
    }
    replay.finish();
    Ok((replay, lines))
}

/// The first pass: symbol, market and decimals. Under `lenient`, bad lines are left for the
/// second pass to count.
pub fn survey(inputs: &[PathBuf], market: Option<Market>, lenient: bool) -> Result<Survey, FeatcError> {
    survey_with_progress(inputs, market, lenient, &mut ByteProgress::new(&mut |_, _| {}, 0))
}

fn survey_with_progress(
    inputs: &[PathBuf],
    market: Option<Market>,
    lenient: bool,
    progress: &mut ByteProgress,
) -> Result<Survey, FeatcError> {
    let mut symbol: Option<String> = None;
    let mut futures = false;
    // The first line that shows a COIN-M capture: (file, line, what).
    let mut coinm: Option<(String, u64, String)> = None;
    let mut decimals = DecimalsSeen::default();
    // Where each input ended, for an error about the inputs as a whole.
    let mut ends: Vec<String> = Vec::with_capacity(inputs.len());
    for path in inputs {
        let mut input = Lines::open(path)?;
        let meter = input.disk_meter();
        while let Some((n, text)) = input.next_line()? {
            progress.at(meter.done());
            match text.and_then(|text| survey_line(text, &mut decimals)) {
                Ok(seen) => {
                    futures |= seen.futures;
                    if coinm.is_none() {
                        coinm = seen.coinm.map(|what| (input.name.clone(), n, what));
                    }
                    if symbol.is_none() {
                        symbol = seen.symbol;
                    }
                }
                Err(reason) => bad_line(&mut Tally::default(), &input.name, n, &reason, lenient)?,
            }
        }
        progress.finished(input.file_len);
        ends.push(format!("{}: line {}", input.name, input.number));
    }
    let Some(symbol) = symbol else {
        return Err(FeatcError::new(
            BAD_LINE,
            format!("{}: the input ends, and no depth or trade message names a symbol", ends.join(", ")),
        ));
    };
    let market = match (market, coinm) {
        // Never imported as another market silently: its sizes are contracts, not coins.
        (Some(m), Some((file, line, what))) if m != Market::CoinM => {
            return Err(FeatcError::new(
                BAD_LINE,
                format!(
                    "{file}: line {line}: {what}: a COIN-M futures capture, imported as --market {}; use --market coinm (or none)",
                    market_flag(m)
                ),
            ))
        }
        (Some(m), _) => m,
        (None, Some(_)) => Market::CoinM,
        (None, None) if futures => Market::UsdM,
        (None, None) => Market::Spot,
    };
    Ok(Survey { symbol, market, decimals })
}

/// The `--market` value of `m`.
pub fn market_flag(m: Market) -> &'static str {
    match m {
        Market::Spot => "spot",
        Market::UsdM => "usdm",
        Market::CoinM => "coinm",
    }
}

/// Whether `symbol` is a COIN-M contract: `<BASE>USD_PERP` or `<BASE>USD_<YYMMDD>` (USD-M's
/// delivery contracts are quoted in USDT or USDC: `BTCUSDT_240927`).
pub fn is_coinm_symbol(symbol: &str) -> bool {
    symbol.split_once('_').is_some_and(|(pair, _)| pair.to_ascii_uppercase().ends_with("USD"))
}

/// What one line tells the survey.
struct Seen {
    symbol: Option<String>,
    /// A futures diff event (it carries `pu`).
    futures: bool,
    /// Why the line is COIN-M's, when it is.
    coinm: Option<String>,
}

/// The symbol a line names, whether it is a futures diff event and whether it is COIN-M's;
/// records its decimals.
fn survey_line(text: &str, decimals: &mut DecimalsSeen) -> Result<Seen, String> {
    let mut levels = |list: &[LevelText]| -> Result<(), String> {
        for (p, q) in list {
            // Both checked before either counts: a skipped line adds no decimals.
            let (dp, dq) = (check_value(p)?, check_value(q)?);
            decimals.price = decimals.price.max(dp);
            decimals.size = decimals.size.max(dq);
        }
        Ok(())
    };
    let by_symbol = |s: &str| is_coinm_symbol(s).then(|| format!("symbol {s}"));
    match parse_line(text)?.message {
        Message::Snapshot { bids, asks, pair, .. } => {
            levels(&bids)?;
            levels(&asks)?;
            Ok(Seen { symbol: None, futures: false, coinm: pair.map(|p| format!("depth snapshot with `pair` {p}")) })
        }
        Message::Depth { prev, pair, symbol, bids, asks, .. } => {
            levels(&bids)?;
            levels(&asks)?;
            let coinm = pair.map(|p| format!("diff depth event with `ps` {p}")).or_else(|| by_symbol(&symbol));
            Ok(Seen { symbol: Some(symbol), futures: prev.is_some(), coinm })
        }
        Message::Trade { price, qty, symbol, .. } => {
            levels(&[(price, qty)])?;
            let coinm = by_symbol(&symbol);
            Ok(Seen { symbol: Some(symbol), futures: false, coinm })
        }
        Message::Ticker { bid, ask, .. } => {
            levels(&[bid, ask])?;
            Ok(Seen { symbol: None, futures: false, coinm: None })
        }
    }
}

fn bad_line(skipped: &mut Tally, file: &str, line: u64, reason: &str, lenient: bool) -> Result<(), FeatcError> {
    if !lenient {
        return Err(FeatcError::new(BAD_LINE, format!("{file}: line {line}: {reason}")));
    }
    skipped.bump(&format!("bad line: {}", reason_kind(reason)));
    Ok(())
}

/// A reason without its line-specific details, so skips group by kind.
fn reason_kind(reason: &str) -> &str {
    reason.split([':', '"']).next().unwrap_or(reason).trim()
}
