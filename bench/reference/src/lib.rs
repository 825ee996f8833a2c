//! The pieces of featc-reference (examples/goog_1s.feat by hand, the yardstick of npm run bench)
//! that its peers in the bench share: the `.q` log mapped, the rows written and compared, the
//! process's CPU time.

pub mod book;
pub mod compare;
pub mod goog_1s;
pub mod log;
pub mod parquet_out;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, out: *mut Timespec) -> i32;
}

/// CPU time of the process so far (CLOCK_PROCESS_CPUTIME_ID), in seconds.
pub fn cpu_seconds() -> f64 {
    let mut t = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid out-pointer for the call.
    unsafe { clock_gettime(2, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}
