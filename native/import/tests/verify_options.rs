//! `featc verify-book` options on the samples: `--lenient` skips what the importers skip under
//! `--lenient` (and says so in the notes) instead of failing, and every check says what its
//! agreement means (its role), which sets the default `--min-agreement`.

mod common;

use std::fs;

use common::*;
use featc_import::verify::{verify, CheckRole};

#[test]
fn each_check_names_its_role() {
    let lobster = verify(
        "lobster",
        &[
            data("lobster/AAPL_2012-06-21_34200000_57600000_message_10.first999.csv"),
            data("lobster/AAPL_2012-06-21_34200000_57600000_orderbook_10.first999.csv"),
        ],
        false,
    )
    .unwrap();
    assert_eq!(
        lobster.iter().map(|r| r.role).collect::<Vec<_>>(),
        [CheckRole::Exact, CheckRole::Detail, CheckRole::Detail]
    );
    assert_eq!((lobster[0].rows_compared, lobster[0].rows_equal), (999, 999));
    let esh4 = ["esh4-glbx-mdp3-20231224.mbo.dbn.zst", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"]
        .map(|f| data(&format!("databento/cme-esh4/{f}")));
    assert_eq!(verify("dbn-mbo", &esh4, false).unwrap()[0].role, CheckRole::Consistency);
    let itch = verify("itch", &[data("itch/ex20101224.TEST_ITCH_50.gz")], false).unwrap();
    assert_eq!((itch[0].role, itch[0].rows_equal), (CheckRole::Exact, 10));
}

#[test]
fn lenient_checks_skip_what_the_importers_skip() {
    let dir = scratch("verify-lenient");
    // A LOBSTER message file with one malformed line: strict fails naming it.
    let message = dir.join("AAPL_2012-06-21_34200000_57600000_message_10.csv");
    let text = fs::read_to_string(data("lobster/AAPL_2012-06-21_34200000_57600000_message_10.first999.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[500] = "34215.5,1,oops,100,5800000,1";
    fs::write(&message, lines.join("\n") + "\n").unwrap();
    let orderbook = data("lobster/AAPL_2012-06-21_34200000_57600000_orderbook_10.first999.csv");
    let e = verify("lobster", &[message.clone(), orderbook.clone()], false).unwrap_err();
    assert!(e.message.contains("message_10.csv:501"), "{}", e.message);
    let r = verify("lobster", &[message, orderbook], true).unwrap();
    assert!(r[0].notes[0].contains("1 malformed line"), "{:?}", r[0].notes);
    assert_eq!(r[0].rows_compared, 999);
    assert!(r[0].rows_equal < 999, "the skipped message's row cannot agree");
    // A DBN file cut inside a record: strict fails, lenient checks what was read.
    let bytes =
        zstd::decode_all(fs::File::open(data("databento/cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst")).unwrap())
            .unwrap();
    let cut = dir.join("cut.mbo.dbn");
    fs::write(&cut, &bytes[..bytes.len() / 2 + 3]).unwrap();
    assert!(verify("dbn-mbo", std::slice::from_ref(&cut), false).is_err());
    let r = verify("dbn-mbo", &[cut], true).unwrap();
    assert!(r[0].events > 30_000);
    assert!(r[0].notes.iter().any(|n| n.starts_with("rest of cut.mbo.dbn unreadable")), "{:?}", r[0].notes);
    let _ = fs::remove_dir_all(dir);
}
