//! Bad input: truncated files, random bytes and flipped bytes never panic or hang, and a
//! failed import leaves no file (neither `.q` nor `.tmp`) behind. A small xorshift generator
//! keeps the cases reproducible without a dependency.

use std::io::Read;
use std::path::{Path, PathBuf};

use featc_core::log::LogReader;
use featc_import::dbn::{self, DbnOptions};
use featc_import::itch::{self, ItchOptions};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel)
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("featc-import-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p)
            } else {
                found.push(p)
            }
        }
    }
    found
}

/// Runs `import` on `bytes`; a failure must leave `out` empty, a success only sealed logs.
fn check(bytes: &[u8], work: &Path, case: usize, import: &dyn Fn(&Path, &Path) -> Result<(), String>) {
    let input = work.join(format!("case{case}.bin"));
    std::fs::write(&input, bytes).unwrap();
    let out = work.join(format!("out{case}"));
    match import(&input, &out) {
        Err(_) => assert!(files_under(&out).is_empty(), "case {case}: a failed import left {:?}", files_under(&out)),
        Ok(()) => {
            for f in files_under(&out) {
                assert!(f.extension().is_some_and(|e| e == "q"), "case {case}: {f:?} left behind");
                LogReader::open(&f).unwrap_or_else(|e| panic!("case {case}: {f:?} unreadable: {e}"));
            }
        }
    }
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

fn dbn_import(lenient: bool) -> impl Fn(&Path, &Path) -> Result<(), String> {
    move |input, out| {
        let opts = DbnOptions { inputs: vec![input.to_path_buf()], out_dir: out.to_path_buf(), symbol: None, lenient };
        dbn::import(&opts).map(|_| ()).map_err(|e| e.to_string())
    }
}

fn itch_import(lenient: bool) -> impl Fn(&Path, &Path) -> Result<(), String> {
    move |input, out| {
        let opts = ItchOptions {
            input: input.to_path_buf(),
            out_dir: out.to_path_buf(),
            date: Some("2010-12-24".into()),
            symbol: None,
            lenient,
        };
        itch::import(&opts).map(|_| ()).map_err(|e| e.to_string())
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

#[test]
fn broken_dbn_never_panics_or_leaves_files() {
    let work = scratch("dbn");
    let mut base = decoded("databento/cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst");
    base.truncate(206 + 56 * 3000);
    let compressed = std::fs::read(data("databento/xnas-itch/test_data.mbp-10.dbn.zst")).unwrap();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for case in 0..150 {
        let src = if case % 5 == 4 { &compressed } else { &base };
        let bytes = mutate(src, &mut rng, case);
        check(&bytes, &work, case, &dbn_import(case % 2 == 0));
    }
    std::fs::remove_dir_all(work).unwrap();
}

#[test]
fn broken_itch_never_panics_or_leaves_files() {
    let work = scratch("itch");
    let mut base = decoded("itch/ex20101224.TEST_ITCH_50.gz");
    base.truncate(40_000);
    let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
    for case in 0..150 {
        let bytes = mutate(&base, &mut rng, case);
        check(&bytes, &work, case, &itch_import(case % 2 == 0));
    }
    std::fs::remove_dir_all(work).unwrap();
}

#[test]
fn a_malformed_dbn_record_names_file_and_offset_and_writes_nothing() {
    let work = scratch("dbn-named");
    let mut b = decoded("databento/cme-esh4/esh4-glbx-mdp3-20231225.mbo.dbn.zst");
    b.truncate(206 + 56 * 100);
    // Record 50's action byte (offset 38 in the record) becomes 'Z'.
    let at = 206 + 56 * 50;
    b[at + 38] = b'Z';
    let input = work.join("bad.mbo.dbn");
    std::fs::write(&input, &b).unwrap();
    let out = work.join("out");
    let e = dbn_import(false)(&input, &out).unwrap_err();
    assert!(e.contains("bad.mbo.dbn: byte offset 3006:") && e.contains("action"), "{e}");
    assert!(files_under(&out).is_empty());
    let opts = DbnOptions { inputs: vec![input], out_dir: out.clone(), symbol: None, lenient: true };
    let r = dbn::import(&opts).unwrap();
    assert_eq!(r.skipped_by_reason.iter().find(|(k, _)| k == dbn::MALFORMED).map(|x| x.1), Some(1));
    std::fs::remove_dir_all(work).unwrap();
}

#[test]
fn a_truncated_itch_message_names_file_and_offset_and_writes_nothing() {
    let work = scratch("itch-named");
    let mut b = decoded("itch/ex20101224.TEST_ITCH_50.gz");
    b.truncate(1000);
    let input = work.join("ex20101224.cut");
    std::fs::write(&input, &b).unwrap();
    let out = work.join("out");
    let e = itch_import(false)(&input, &out).unwrap_err();
    assert!(e.contains("ex20101224.cut: byte offset") && e.contains("ends"), "{e}");
    assert!(files_under(&out).is_empty());
    std::fs::remove_dir_all(work).unwrap();
}
