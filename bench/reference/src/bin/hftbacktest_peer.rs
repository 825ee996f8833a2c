//! hftbacktest-peer: examples/goog_1s.feat's columns with hftbacktest's `ROIVectorMarketDepth`
//! (crates.io `hftbacktest`, its L3 market-by-order depth over a vector of the price range of
//! interest) as the book, a peer of npm run bench (bench/reference.mjs).
//!
//! `hftbacktest-peer LOG.q OUT.parquet` maps the log, finds the day's price range and tick (a
//! pass not timed: hftbacktest is told its range of interest up front), replays every record
//! into the depth with its L3 calls, computes the columns as featc-reference does from what the
//! depth answers, and writes the rows; it prints one JSON line like featc-reference's. The depth
//! keeps quantities as f64 and prices as ticks times the tick size, so its rows match featc's to
//! a relative 1e-9, not bit for bit (`featc-reference compare A B --within 1e-9`).

use std::time::Instant;

use featc_reference::goog_1s::Rows;
use featc_reference::log::{kind, Log, ASK, BID, BUY, LAST, SELL};
use featc_reference::{cpu_seconds, parquet_out};
use hftbacktest::depth::{L3MarketDepth, MarketDepth, ROIVectorMarketDepth, INVALID_MAX, INVALID_MIN};
use hftbacktest::types::Side;

const BAR_NS: i64 = 1_000_000_000;

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// The lowest and highest price of the day's orders and the largest tick that divides them all.
fn price_range(log: &Log) -> (i64, i64, i64) {
    let (mut lo, mut hi, mut tick) = (i64::MAX, i64::MIN, 0);
    for i in 0..log.records {
        let r = log.record(i);
        if r.kind == kind::ADD || r.kind == kind::MODIFY {
            lo = lo.min(r.price);
            hi = hi.max(r.price);
            tick = gcd(tick, r.price);
        }
    }
    (lo, hi, tick.max(1))
}

struct Touch {
    ok: bool,
    tick: i64,
    qty: f64,
}

fn touch(depth: &ROIVectorMarketDepth, side: u8) -> Touch {
    let tick = if side == BID { depth.best_bid_tick() } else { depth.best_ask_tick() };
    if tick == INVALID_MIN || tick == INVALID_MAX {
        return Touch { ok: false, tick: 0, qty: 0.0 };
    }
    let qty = if side == BID { depth.best_bid_qty() } else { depth.best_ask_qty() };
    Touch { ok: true, tick, qty }
}

/// The quantity of a side's best `n` levels, walking the vector from the best tick.
fn depth_of(depth: &ROIVectorMarketDepth, side: u8, n: usize) -> f64 {
    let (lo, hi) = depth.roi_tick();
    let mut total = 0.0;
    let mut found = 0;
    if side == BID {
        let mut t = depth.best_bid_tick();
        if t == INVALID_MIN {
            return 0.0;
        }
        while t >= lo && found < n {
            let q = depth.bid_qty_at_tick(t);
            if q > 0.0 {
                total += q;
                found += 1;
            }
            t -= 1;
        }
    } else {
        let mut t = depth.best_ask_tick();
        if t == INVALID_MAX {
            return 0.0;
        }
        while t <= hi && found < n {
            let q = depth.ask_qty_at_tick(t);
            if q > 0.0 {
                total += q;
                found += 1;
            }
            t += 1;
        }
    }
    total
}

fn emit(depth: &ROIVectorMarketDepth, at: i64, times: (i64, i64), sums: &mut (f64, f64), rows: &mut Rows) {
    rows.ts.push(at);
    rows.exchange_ts.push(times.0);
    rows.ingest_ts.push(times.1);
    let (bid, ask) = (depth.best_bid(), depth.best_ask());
    if bid.is_nan() || ask.is_nan() {
        rows.mid.push(None);
        rows.spread_bps.push(None);
    } else {
        let mid = (bid + ask) / 2.0;
        rows.mid.push(Some(mid));
        rows.spread_bps.push((mid != 0.0).then(|| (ask - bid) / mid * 1e4));
    }
    let (b, a) = (depth_of(depth, BID, 5), depth_of(depth, ASK, 5));
    rows.imbalance_5.push((b + a != 0.0).then(|| (b - a) / (b + a)));
    rows.ofi.push(sums.0);
    rows.trade_flow.push(sums.1);
    *sums = (0.0, 0.0);
}

/// Takes `by` off order `id`: a smaller order at the same price, or none. Its side.
fn reduce(depth: &mut ROIVectorMarketDepth, id: u64, by: f64, ts: i64) -> Side {
    let order = depth.orders().get(&id).unwrap_or_else(|| panic!("order {id} is not resting"));
    let (side, left, px) = (order.side, order.qty - by, order.price_tick as f64 * depth.tick_size);
    if (left / depth.lot_size).round() as i64 == 0 {
        depth.delete_order(id, ts).unwrap();
    } else {
        depth.modify_order(id, px, left, ts).unwrap();
    }
    side
}

fn replay(log: &Log, depth: &mut ROIVectorMarketDepth, price_scale: f64, size_scale: f64) -> (Rows, u64) {
    let mut rows = Rows::default();
    let (mut prev_bid, mut prev_ask) = (Touch { ok: false, tick: 0, qty: 0.0 }, Touch { ok: false, tick: 0, qty: 0.0 });
    let mut sums = (0.0, 0.0);
    let mut times = (0, 0);
    let mut next_bar: Option<i64> = None;
    let mut open = false;
    let (mut trades, mut signed, mut packets) = (0u64, 0f64, 0u64);
    let n = log.records;
    for i in 0..n {
        let r = log.record(i);
        if !open {
            open = true;
            match next_bar {
                None => next_bar = Some(r.exchange_ts.div_euclid(BAR_NS) * BAR_NS + BAR_NS),
                Some(mut b) => {
                    while r.exchange_ts >= b {
                        emit(depth, b, times, &mut sums, &mut rows);
                        b += BAR_NS;
                    }
                    next_bar = Some(b);
                }
            }
        }
        let (px, qty, ts) = (r.price as f64 / price_scale, r.size as f64 / size_scale, r.exchange_ts);
        match r.kind {
            kind::ADD => {
                if r.side == BID {
                    depth.add_buy_order(r.order_id, px, qty, ts).unwrap();
                } else {
                    depth.add_sell_order(r.order_id, px, qty, ts).unwrap();
                }
            }
            kind::CANCEL => {
                reduce(depth, r.order_id, qty, ts);
            }
            kind::DELETE => {
                depth.delete_order(r.order_id, ts).unwrap();
            }
            kind::MODIFY => {
                depth.modify_order(r.order_id, px, qty, ts).unwrap();
            }
            kind::EXECUTE => {
                let side = reduce(depth, r.order_id, qty, ts);
                let buy = match r.aggressor {
                    0 => side == Side::Sell,
                    a => a == BUY,
                };
                trades += 1;
                signed += if buy { qty } else { -qty };
            }
            kind::TRADE => {
                trades += 1;
                signed += match r.aggressor {
                    BUY => qty,
                    SELL => -qty,
                    _ => 0.0,
                };
            }
            kind::CLEAR => {
                depth.clear_orders(Side::Buy);
                depth.clear_orders(Side::Sell);
            }
            _ => {}
        }
        if r.flags & LAST != 0 || i + 1 == n {
            open = false;
            packets += 1;
            times = (r.exchange_ts, r.ingest_ts);
            let (bid, ask) = (touch(depth, BID), touch(depth, ASK));
            if bid.ok && prev_bid.ok && ask.ok && prev_ask.ok {
                let e_bid = if bid.tick > prev_bid.tick {
                    bid.qty
                } else if bid.tick < prev_bid.tick {
                    -prev_bid.qty
                } else {
                    bid.qty - prev_bid.qty
                };
                let e_ask = if ask.tick < prev_ask.tick {
                    ask.qty
                } else if ask.tick > prev_ask.tick {
                    -prev_ask.qty
                } else {
                    ask.qty - prev_ask.qty
                };
                sums.0 += e_bid - e_ask;
            }
            prev_bid = bid;
            prev_ask = ask;
            sums.1 += signed;
            if trades > 0 {
                emit(depth, r.exchange_ts, times, &mut sums, &mut rows);
            }
            trades = 0;
            signed = 0.0;
        }
    }
    (rows, packets)
}

fn run(log_path: &str, out: &str) -> Result<String, String> {
    let started = Instant::now();
    let log = Log::open(log_path)?;
    if log.book_kind != 1 {
        return Err(format!("{log_path}: the hftbacktest peer replays L3 logs only"));
    }
    let price_scale = 10f64.powi(log.price_decimals as i32);
    let size_scale = 10f64.powi(log.size_decimals as i32);
    let (lo, hi, tick) = price_range(&log);
    let mut depth = ROIVectorMarketDepth::new(
        tick as f64 / price_scale,
        1.0 / size_scale,
        lo as f64 / price_scale,
        hi as f64 / price_scale,
    );
    let (computing, computing_cpu) = (Instant::now(), cpu_seconds());
    let (rows, packets) = replay(&log, &mut depth, price_scale, size_scale);
    let (compute_s, compute_cpu_s) = (computing.elapsed().as_secs_f64(), cpu_seconds() - computing_cpu);
    parquet_out::write(out, &rows, &log.symbol, &log.date)?;
    let (total_s, total_cpu_s) = (started.elapsed().as_secs_f64(), cpu_seconds());
    Ok(format!(
        "{{\"records\":{},\"packets\":{packets},\"rows\":{},\"ticks\":{},\"compute_s\":{compute_s},\"total_s\":{total_s},\"compute_cpu_s\":{compute_cpu_s},\"total_cpu_s\":{total_cpu_s}}}",
        log.records,
        rows.len(),
        (hi - lo) / tick + 1,
    ))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.len() {
        3 => run(&args[1], &args[2]),
        _ => Err("usage: hftbacktest-peer LOG.q OUT.parquet".into()),
    };
    match result {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("hftbacktest-peer: {e}");
            std::process::exit(1);
        }
    }
}
