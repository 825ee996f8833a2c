//! Exact decimal strings to fixed point (docs/formats/q.md: `raw / 10^decimals`). Venues send
//! prices and sizes as decimal text ("61837.63000000"); going through f64 would round, so the
//! digits are read as integers and any value that needs more decimals than the log holds is an
//! error, never a rounding.

/// Significant fractional digits of a plain decimal (`"61837.63000000"` -> 2), or `None` when
/// the text is not one.
pub fn fraction_digits(text: &str) -> Option<u8> {
    let (int, frac) = split(text)?;
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let used = frac.trim_end_matches('0').len();
    u8::try_from(used).ok()
}

/// The most decimals a `.q` log holds (docs/formats/q.md, "Header").
pub const MAX_DECIMALS: u8 = 18;

/// Whether `text` is a plain decimal a log can hold: its reason when it is not a decimal, or
/// needs more than `MAX_DECIMALS` significant decimals. The survey of an import checks every
/// value with it, so a line holding such a value is refused (or skipped, when lenient) by
/// its number, instead of the whole input failing after the survey.
pub fn check_value(text: &str) -> Result<u8, String> {
    match fraction_digits(text) {
        None => Err(format!("{text:?} is not a decimal number")),
        Some(d) if d > MAX_DECIMALS => Err(format!("{text} needs {d} decimals; a log holds at most {MAX_DECIMALS}")),
        Some(d) => Ok(d),
    }
}

/// `text` as a fixed-point integer with `decimals` decimals; the reason when it is not a
/// non-negative decimal, has more significant decimals, or does not fit an i64.
pub fn parse_fixed(text: &str, decimals: u8) -> Result<i64, String> {
    let Some((int, frac)) = split(text) else {
        return Err(format!("{text:?} is not a decimal number"));
    };
    if int.is_empty() && frac.is_empty() {
        return Err(format!("{text:?} is not a decimal number"));
    }
    let significant = frac.trim_end_matches('0');
    if significant.len() > decimals as usize {
        return Err(format!("{text} needs {} decimals; the log holds {decimals}", significant.len()));
    }
    let overflow = || format!("{text} does not fit a 64-bit fixed-point value with {decimals} decimals");
    let mut v: i64 = 0;
    for d in int.bytes().chain(significant.bytes()) {
        v = v.checked_mul(10).and_then(|v| v.checked_add(i64::from(d - b'0'))).ok_or_else(overflow)?;
    }
    for _ in significant.len()..decimals as usize {
        v = v.checked_mul(10).ok_or_else(overflow)?;
    }
    Ok(v)
}

/// Integer and fraction digits of `[0-9]*(.[0-9]*)?`.
fn split(text: &str) -> Option<(&str, &str)> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (digits(int) && digits(frac)).then_some((int, frac))
}

/// The decimals a set of values needs: the most significant fractional digits seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecimalsSeen {
    pub price: u8,
    pub size: u8,
}

impl DecimalsSeen {
    pub fn price(&mut self, text: &str) {
        self.price = self.price.max(fraction_digits(text).unwrap_or(0));
    }

    pub fn size(&mut self, text: &str) {
        self.size = self.size.max(fraction_digits(text).unwrap_or(0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_or_says_why_not() {
        assert_eq!(parse_fixed("61837.63000000", 2), Ok(6183763));
        assert_eq!(parse_fixed("0.00032000", 5), Ok(32));
        assert_eq!(parse_fixed("9682", 2), Ok(968200));
        assert_eq!(parse_fixed(".5", 1), Ok(5));
        assert_eq!(parse_fixed("0.00000000", 5), Ok(0));
        assert!(parse_fixed("0.001", 2).unwrap_err().contains("needs 3 decimals"));
        assert!(parse_fixed("-1", 2).is_err());
        assert!(parse_fixed("1e5", 2).is_err());
        assert!(parse_fixed("", 2).is_err());
        assert!(parse_fixed(".", 2).is_err());
        assert!(parse_fixed("99999999999999999999", 0).unwrap_err().contains("does not fit"));
        assert_eq!(fraction_digits("61837.63000000"), Some(2));
        assert_eq!(fraction_digits("12"), Some(0));
        assert_eq!(fraction_digits("x"), None);
    }

    #[test]
    fn a_value_with_more_decimals_than_a_log_holds_is_refused_by_itself() {
        assert_eq!(check_value("2.625050000000000000"), Ok(5));
        assert_eq!(check_value("0.000000000000000001"), Ok(18));
        assert_eq!(
            check_value("1.0000000000000000000001"),
            Err("1.0000000000000000000001 needs 22 decimals; a log holds at most 18".to_string())
        );
        assert_eq!(check_value("1e5"), Err("\"1e5\" is not a decimal number".to_string()));
    }
}
