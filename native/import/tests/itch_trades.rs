//! ITCH Trade (Non-Cross) messages `P` on small hand-built files: the aggressor is the side
//! opposite the Buy/Sell Indicator before 2014-07-14, and unknown from then on, when NASDAQ
//! sets the indicator to `B` whatever the resting side (docs/formats/itch.md, "Messages").

mod common;

use std::path::Path;

use common::scratch;
use featc_core::log::{aggressor, kind, side, LogReader, Record};
use featc_import::itch::{self, ItchOptions};

/// The 11-byte header every ITCH 5.0 message starts with, then `len - 11` zero bytes.
fn message(t: u8, locate: u16, ns: u64, len: usize) -> Vec<u8> {
    let mut b = vec![0u8; len];
    b[0] = t;
    b[1..3].copy_from_slice(&locate.to_be_bytes());
    b[5..11].copy_from_slice(&ns.to_be_bytes()[2..]);
    b
}

/// A stock directory message `R` naming `stock` for `locate`.
fn directory(locate: u16, stock: &str) -> Vec<u8> {
    let mut b = message(b'R', locate, 1, 39);
    b[11..19].copy_from_slice(format!("{stock:<8}").as_bytes());
    b
}

/// A Trade (Non-Cross) message `P`: `indicator` `B` or `S`, `shares` at `price` (Price(4)).
fn trade(locate: u16, ns: u64, stock: &str, indicator: u8, shares: u32, price: u32, matched: u64) -> Vec<u8> {
    let mut b = message(b'P', locate, ns, 44);
    b[19] = indicator;
    b[20..24].copy_from_slice(&shares.to_be_bytes());
    b[24..32].copy_from_slice(format!("{stock:<8}").as_bytes());
    b[32..36].copy_from_slice(&price.to_be_bytes());
    b[36..44].copy_from_slice(&matched.to_be_bytes());
    b
}

/// The messages, each behind its 2-byte big-endian length (NASDAQ's framing), at `path`.
fn write_itch(path: &Path, messages: &[Vec<u8>]) {
    let mut bytes = Vec::new();
    for m in messages {
        bytes.extend((m.len() as u16).to_be_bytes());
        bytes.extend(m);
    }
    std::fs::write(path, bytes).unwrap();
}

/// A directory and two hidden trades at 09:30: one with indicator `B`, one with `S`.
fn day() -> Vec<Vec<u8>> {
    let open = 34_200_000_000_000;
    vec![
        directory(7, "ZZZT"),
        trade(7, open, "ZZZT", b'B', 100, 1_000_000, 1),
        trade(7, open + 1_000, "ZZZT", b'S', 200, 1_000_100, 2),
    ]
}

/// The TRADE records of importing `file_name` (holding `day()`) with `date` given or not.
fn trades(out: &Path, file_name: &str, date: Option<&str>) -> Vec<Record> {
    std::fs::create_dir_all(out).unwrap();
    let input = out.join(file_name);
    write_itch(&input, &day());
    let r = itch::import(&ItchOptions {
        input,
        out_dir: out.join("q"),
        date: date.map(str::to_string),
        symbol: None,
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
    })
    .unwrap();
    assert_eq!(r.files.len(), 1, "{file_name}");
    let log = LogReader::open(&r.files[0].path).unwrap();
    let records: Vec<Record> = (0..log.len()).map(|i| log.record(i)).collect();
    assert!(records.iter().all(|r| r.kind == kind::TRADE && r.side == side::NONE), "{file_name}");
    assert_eq!(records.iter().map(|r| (r.size, r.price)).collect::<Vec<_>>(), [(100, 1_000_000), (200, 1_000_100)]);
    records
}

#[test]
fn trade_aggressor_is_opposite_the_indicator_before_2014_07_14_and_unknown_after() {
    let out = scratch("itch-trades");
    // Before: the indicator is the resting non-displayed order's side, the aggressor the other.
    for (name, date) in [("20101224.itch", None), ("07112014.NASDAQ_ITCH50", None), ("day.itch", Some("2014-07-11"))] {
        let got: Vec<u8> = trades(&out.join(name), name, date).iter().map(|r| r.aggressor).collect();
        assert_eq!(got, [aggressor::SELL, aggressor::BUY], "{name}");
    }
    // From 2014-07-14 (the file name's date, or --date) the indicator is always `B`: unknown.
    for (name, date) in [("07142014.NASDAQ_ITCH50", None), ("20190130.itch", None), ("day.itch", Some("2014-07-14"))] {
        let got: Vec<u8> = trades(&out.join(format!("after-{name}")), name, date).iter().map(|r| r.aggressor).collect();
        assert_eq!(got, [aggressor::UNKNOWN, aggressor::UNKNOWN], "{name}");
    }
    assert!(!itch::trade_indicator_masked(featc_core::time::Date::parse("2014-07-13").unwrap()));
    assert!(itch::trade_indicator_masked(itch::TRADE_INDICATOR_MASKED_FROM));
    std::fs::remove_dir_all(out).unwrap();
}

/// A Stock Trading Action `H` setting `state` (`T` trading, `H` halted, `P` paused, `Q` quotation only).
fn trading_action(locate: u16, ns: u64, stock: &str, state: u8) -> Vec<u8> {
    let mut b = message(b'H', locate, ns, 25);
    b[11..19].copy_from_slice(format!("{stock:<8}").as_bytes());
    b[19] = state;
    b
}

/// An Operational Halt `h` on `market` (`Q` Nasdaq, `B` BX, `X` PSX), `action` `H` or `T`.
fn operational_halt(locate: u16, ns: u64, stock: &str, market: u8, action: u8) -> Vec<u8> {
    let mut b = message(b'h', locate, ns, 21);
    b[11..19].copy_from_slice(format!("{stock:<8}").as_bytes());
    b[19] = market;
    b[20] = action;
    b
}

#[test]
fn an_operational_halt_of_the_nasdaq_book_is_a_status_and_its_end_restores_the_trading_state() {
    let dir = scratch("itch-operational-halt");
    let input = dir.join("01302019.NASDAQ_ITCH50");
    let t = 34_200_000_000_000;
    write_itch(
        &input,
        &[
            directory(7, "ZZZT"),
            trading_action(7, t, "ZZZT", b'T'),
            operational_halt(7, t + 1, "ZZZT", b'Q', b'H'),
            operational_halt(7, t + 2, "ZZZT", b'Q', b'T'),
            // BX's halt leaves the Nasdaq book trading.
            operational_halt(7, t + 3, "ZZZT", b'B', b'H'),
            trading_action(7, t + 4, "ZZZT", b'Q'),
            operational_halt(7, t + 5, "ZZZT", b'Q', b'H'),
            operational_halt(7, t + 6, "ZZZT", b'Q', b'T'),
        ],
    );
    let r = itch::import(&ItchOptions {
        input,
        out_dir: dir.join("q"),
        date: None,
        symbol: None,
        lenient: false,
        snapshot_every_ns: 0,
        force: false,
    })
    .unwrap();
    let log = LogReader::open(&r.files[0].path).unwrap();
    let status: Vec<i64> =
        (0..log.len()).map(|i| log.record(i)).filter(|r| r.kind == kind::STATUS).map(|r| r.aux).collect();
    // Trading, halted, resumed (trading), quotation only, halted, resumed (quotation only).
    assert_eq!(status, [1, -1, 1, 0, -1, 0]);
    assert!(
        r.skipped_by_reason.iter().any(|(k, n)| k == itch::OTHER_MARKET_HALT && *n == 1),
        "{:?}",
        r.skipped_by_reason
    );
}
