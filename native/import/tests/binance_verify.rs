//! The Binance book against Binance's own bookTicker (docs/formats/binance.md, "Ground
//! truth"), on the real captures in ../shared/data/binance: spot BTCUSDT over midnight (two
//! files stitched) and USD-M futures BTCUSDT.

use std::path::PathBuf;

use featc_import::binance::Market;
use featc_import::verify::binance::verify;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/binance").join(name)
}

#[test]
fn spot_book_equals_every_matching_book_ticker_across_midnight() {
    let inputs = [data("spot_btcusdt_20240808.gz"), data("spot_btcusdt_20240809.gz")];
    let r = verify(&inputs, None, false).expect("verify");
    eprintln!("{r:#?}");
    assert_eq!(r.market, Market::Spot);
    assert_eq!((r.price_decimals, r.size_decimals), (2, 6));
    assert_eq!(r.sync.gaps, 0);
    // Measured: 6,495 diff events (2 older than the snapshot), 73,174 tickers, 1,072 of
    // them at the end of a diff event; depth@100ms aggregates, so the rest are in between.
    assert_eq!((r.events, r.applied, r.tickers), (6495, 6493, 73174));
    assert_eq!(r.rows_compared, 1072);
    assert_eq!(r.rows_equal, r.rows_compared, "{:?}", r.first_mismatch);
}

#[test]
fn futures_book_equals_every_matching_book_ticker() {
    let r = verify(&[data("usdm_btcusdt_20240808.gz")], None, false).expect("verify");
    eprintln!("{r:#?}");
    assert_eq!(r.market, Market::UsdM);
    assert_eq!(r.sync.gaps, 0);
    assert_eq!((r.events, r.applied, r.tickers), (6551, 6547, 66089));
    assert_eq!(r.rows_compared, 629);
    assert_eq!(r.rows_equal, r.rows_compared, "{:?}", r.first_mismatch);
}
