//! UTC calendar days of nanosecond timestamps: outputs are split per symbol and UTC day.

use featc_core::time::{Date, NS_PER_DAY};

/// The UTC date of `ns` nanoseconds since the epoch (Howard Hinnant's civil_from_days).
pub fn utc_date(ns: i64) -> Date {
    let z = ns.div_euclid(NS_PER_DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + (month <= 2) as i64) as i32;
    Date { year, month, day }
}

/// A symbol as a folder name: path separators and NULs become `_`; empty or dot-led names
/// are refused by the caller.
pub fn folder_name(symbol: &str) -> String {
    symbol.chars().map(|c| if c == '/' || c == '\\' || c == '\0' || c.is_control() { '_' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates() {
        for s in ["1970-01-01", "2000-02-29", "2010-12-24", "2023-12-25", "2100-03-01"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(utc_date(d.days_since_epoch() * NS_PER_DAY).to_string(), s);
            assert_eq!(utc_date(d.days_since_epoch() * NS_PER_DAY + NS_PER_DAY - 1).to_string(), s);
        }
    }
}
