//! Bad input: truncated files, random bytes and flipped bytes never panic or hang, and a
//! failed import leaves no file (neither `.q` nor `.tmp`) behind. A small xorshift generator
//! keeps the cases reproducible without a dependency.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS;
use featc_import::dbn::{self, DbnOptions};
use featc_import::itch::{self, ItchOptions};

/// Runs `import` on `bytes`; a failure must leave `out` empty, a success only sealed logs.
fn check(bytes: &[u8], work: &Path, case: usize, import: &dyn Fn(&Path, &Path) -> Result<Vec<PathBuf>, String>) {
    let input = work.join(format!("case{case}.bin"));
    std::fs::write(&input, bytes).unwrap();
    let out = work.join(format!("out{case}"));
    assert_all_or_nothing(&out, import(&input, &out), case);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&input);
}

fn mutate(base: &[u8], rng: &mut XorShift, case: usize) -> Vec<u8> {
    match case % 3 {
        0 => base[..rng.below(base.len())].to_vec(),
        1 => {
            let mut b = base.to_vec();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            b
        }
        _ => (0..rng.below(4096)).map(|_| rng.next() as u8).collect(),
    }
}

fn dbn_import(lenient: bool) -> impl Fn(&Path, &Path) -> Result<Vec<PathBuf>, String> {
    move |input, out| {
        let opts = DbnOptions {
            inputs: vec![input.to_path_buf()],
            out_dir: out.to_path_buf(),
            symbol: None,
            lenient,
            snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
            force: false,
        };
        dbn::import(&opts).map(|r| r.files.into_iter().map(|f| f.path).collect()).map_err(|e| e.to_string())
    }
}

fn itch_import(lenient: bool) -> impl Fn(&Path, &Path) -> Result<Vec<PathBuf>, String> {
    move |input, out| {
        let opts = ItchOptions {
            input: input.to_path_buf(),
            out_dir: out.to_path_buf(),
            date: Some("2010-12-24".into()),
            symbol: None,
            lenient,
            snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
            force: false,
        };
        itch::import(&opts).map(|r| r.files.into_iter().map(|f| f.path).collect()).map_err(|e| e.to_string())
    }
}

fn decoded(rel: &str) -> Vec<u8> {
    let mut b = Vec::new();
    let f = std::fs::File::open(data(rel)).unwrap();
    if rel.ends_with(".zst") {
        zstd::stream::read::Decoder::new(f).unwrap().read_to_end(&mut b).unwrap();
    } else {
        flate2::read::MultiGzDecoder::new(f).read_to_end(&mut b).unwrap();
    }
    b
}

/// 150 broken variants of `source(case)` through `import`, lenient every other case.
fn fuzz<'a, I>(tag: &str, seed: u64, source: &dyn Fn(usize) -> &'a [u8], import: fn(bool) -> I)
where
    I: Fn(&Path, &Path) -> Result<Vec<PathBuf>, String>,
{
    let work = scratch(tag);
    let mut rng = XorShift(seed);
    for case in 0..150 {
        let bytes = mutate(source(case), &mut rng, case);
        check(&bytes, &work, case, &import(case % 2 == 0));
    }
    std::fs::remove_dir_all(work).unwrap();
}

/// The error of a strict import of `bytes` as the file `work/name`; it must leave nothing in
/// `work/out`.
fn strict_error(
    work: &Path,
    name: &str,
    bytes: &[u8],
    import: impl Fn(&Path, &Path) -> Result<Vec<PathBuf>, String>,
) -> String {
    let input = work.join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = work.join("out");
    let e = import(&input, &out).unwrap_err();
    assert!(files_under(&out).is_empty(), "{e}: left {:?}", files_under(&out));
    e
}

#[test]
fn broken_dbn_never_panics_or_leaves_files() {
    let mut base = decoded("databento/cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst");
    base.truncate(206 + 56 * 3000);
    let compressed = std::fs::read(data("databento/xnas-itch/test_data.mbp-10.dbn.zst")).unwrap();
    fuzz("dbn", 0x9E37_79B9_7F4A_7C15, &|case| if case % 5 == 4 { &compressed } else { &base }, dbn_import);
}

#[test]
fn broken_itch_never_panics_or_leaves_files() {
    let mut base = decoded("itch/ex20101224.TEST_ITCH_50.gz");
    base.truncate(40_000);
    fuzz("itch", 0xD1B5_4A32_D192_ED03, &|_| &base, itch_import);
}

#[test]
fn a_malformed_dbn_record_names_file_and_offset_and_writes_nothing() {
    let work = scratch("dbn-named");
    let mut b = decoded("databento/cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst");
    b.truncate(206 + 56 * 100);
    // Record 50's action byte (offset 38 in the record) becomes 'Z'.
    let at = 206 + 56 * 50;
    b[at + 38] = b'Z';
    let e = strict_error(&work, "bad.mbo.dbn", &b, dbn_import(false));
    assert!(e.contains("bad.mbo.dbn: byte offset 3006:") && e.contains("action"), "{e}");
    let opts = DbnOptions {
        inputs: vec![work.join("bad.mbo.dbn")],
        out_dir: work.join("out"),
        symbol: None,
        lenient: true,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    };
    let r = dbn::import(&opts).unwrap();
    assert_eq!(r.skipped_by_reason.iter().find(|(k, _)| k == dbn::MALFORMED).map(|x| x.1), Some(1));
    std::fs::remove_dir_all(work).unwrap();
}

#[test]
fn a_truncated_itch_message_names_file_and_offset_and_writes_nothing() {
    let work = scratch("itch-named");
    let mut b = decoded("itch/ex20101224.TEST_ITCH_50.gz");
    b.truncate(1000);
    let e = strict_error(&work, "ex20101224.cut", &b, itch_import(false));
    assert!(e.contains("ex20101224.cut: byte offset") && e.contains("ends"), "{e}");
    std::fs::remove_dir_all(work).unwrap();
}
