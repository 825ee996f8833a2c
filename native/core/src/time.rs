//! Calendar arithmetic for importers and the generator: civil dates, and New York local time
//! to UTC under the US daylight-saving rules in force since 2007 (Energy Policy Act of 2005):
//! EDT (UTC-4) from the second Sunday of March, 02:00 local, to the first Sunday of November,
//! 02:00 local; EST (UTC-5) otherwise.

pub const NS_PER_SEC: i64 = 1_000_000_000;
pub const NS_PER_DAY: i64 = 86_400 * NS_PER_SEC;
const NS_PER_HOUR: i64 = 3_600 * NS_PER_SEC;

/// A date `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and checks the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32))
        };
        let d = Date { year: num(0..4)? as i32, month: num(5..7)?, day: num(8..10)? };
        (d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month)).then_some(d)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(&self) -> i64 {
        let y = self.year as i64 - (self.month <= 2) as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        (self.days_since_epoch() + 4).rem_euclid(7) as u32
    }

    /// The calendar day after this one.
    pub fn next_day(&self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date { day: self.day + 1, ..*self }
        } else if self.month < 12 {
            Date { month: self.month + 1, day: 1, ..*self }
        } else {
            Date { year: self.year + 1, month: 1, day: 1 }
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day of the month of the `n`-th (1-based) Sunday of `month`.
fn nth_sunday(year: i32, month: u32, n: u32) -> u32 {
    let first = Date { year, month, day: 1 }.weekday();
    1 + (7 - first) % 7 + 7 * (n - 1)
}

/// Whether New York observes daylight time at `ns_after_midnight` local time on `date`. In
/// the repeated hour of the November change (01:00-02:00) the first, daylight, reading is
/// taken.
pub fn new_york_is_dst(date: Date, ns_after_midnight: i64) -> bool {
    let start = nth_sunday(date.year, 3, 2);
    let end = nth_sunday(date.year, 11, 1);
    let two_am = 2 * NS_PER_HOUR;
    match date.month {
        4..=10 => true,
        3 if date.day > start => true,
        3 if date.day == start => ns_after_midnight >= two_am,
        11 if date.day < end => true,
        11 if date.day == end => ns_after_midnight < two_am,
        _ => false,
    }
}

/// UTC nanoseconds since the epoch of New York local time `ns_after_midnight` on `date`.
pub fn new_york_to_utc_ns(date: Date, ns_after_midnight: i64) -> i64 {
    let offset_hours = if new_york_is_dst(date, ns_after_midnight) { 4 } else { 5 };
    date.days_since_epoch() * NS_PER_DAY + ns_after_midnight + offset_hours * NS_PER_HOUR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn civil_dates() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2012-06-21").days_since_epoch(), 15_512);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("2012-06-21").weekday(), 4);
        for bad in ["2012-02-30", "2013-02-29", "2012-13-01", "2012-6-21", "2012/06/21", "abcd-ef-gh"] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2012-02-29").is_some());
    }

    #[test]
    fn next_day_rolls_over_months_years_and_leap_days() {
        for (from, to) in [
            ("2024-02-28", "2024-02-29"),
            ("2024-02-29", "2024-03-01"),
            ("2023-02-28", "2023-03-01"),
            ("2024-04-30", "2024-05-01"),
            ("2024-12-31", "2025-01-01"),
            ("2024-06-11", "2024-06-12"),
        ] {
            assert_eq!(d(from).next_day(), d(to), "{from}");
            assert_eq!(d(to).days_since_epoch(), d(from).days_since_epoch() + 1);
        }
    }

    #[test]
    fn new_york_offsets() {
        let h = NS_PER_HOUR;
        // 2012-06-21 09:30 EDT = 13:30 UTC = 1340285400 s.
        assert_eq!(new_york_to_utc_ns(d("2012-06-21"), 9 * h + h / 2), 1_340_285_400 * NS_PER_SEC);
        // 2024-01-02 09:30 EST = 14:30 UTC.
        assert_eq!(new_york_to_utc_ns(d("2024-01-02"), 9 * h + h / 2), 1_704_205_800 * NS_PER_SEC);
        // 2024: DST from March 10 to November 3.
        let cases = [
            ("2024-03-09", 12, false),
            ("2024-03-10", 1, false),
            ("2024-03-10", 3, true),
            ("2024-03-11", 0, true),
            ("2024-11-02", 23, true),
            ("2024-11-03", 1, true),
            ("2024-11-03", 2, false),
            ("2024-11-04", 12, false),
            ("2012-03-11", 9, true),
            ("2012-11-04", 9, false),
        ];
        for (date, hour, dst) in cases {
            assert_eq!(new_york_is_dst(d(date), hour * h), dst, "{date} {hour}:00");
        }
    }
}
