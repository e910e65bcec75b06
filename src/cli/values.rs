//! Parsers for the numbers given as flags, so a bad value is refused while the
//! command line is read, naming the flag, the accepted range and what was
//! given: not a number, NaN, infinity, a negative or a zero where they make no
//! sense. (Commands also accept negative numbers as values, so `--seed -3`
//! is reported as a bad seed rather than an unknown flag `-3`.)

fn number(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("must be a number (got {text:?})"))?;
    if !value.is_finite() {
        return Err(format!("must be a finite number (got {text})"));
    }
    Ok(value)
}

/// A finite number above 0: rates, durations.
pub fn positive(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if value <= 0.0 {
        return Err(format!("must be greater than 0 (got {text})"));
    }
    Ok(value)
}

/// A finite number of at least 0: arrival rates, answer thresholds.
pub fn non_negative(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if value < 0.0 {
        return Err(format!("must not be negative (got {text})"));
    }
    Ok(value)
}

/// A share from 0 to 1.
pub fn probability(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!(
            "must be a share between 0 and 1, e.g. 0.8 for 80% (got {text})"
        ));
    }
    Ok(value)
}

/// A share above 0 and at most 1 (occupancy: 0 would need infinitely many agents).
pub fn open_share(text: &str) -> Result<f64, String> {
    let value = number(text)?;
    if !(value > 0.0 && value <= 1.0) {
        return Err(format!(
            "must be above 0 and at most 1, e.g. 0.85 (got {text})"
        ));
    }
    Ok(value)
}

fn whole(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.len() > 1
        && trimmed.starts_with('-')
        && trimmed[1..].chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!("must not be negative (got {text})"));
    }
    trimmed.parse().map_err(|_| {
        if trimmed.parse::<f64>().is_ok() {
            format!("must be a whole number (got {text})")
        } else {
            format!("must be a whole number, not {text:?}")
        }
    })
}

/// A seed: any whole number from 0 to 2^64 − 1.
pub fn seed(text: &str) -> Result<u64, String> {
    whole(text).map_err(|e| {
        if e.contains("whole number") && text.trim().chars().all(|c| c.is_ascii_digit()) {
            format!("must be at most {} (got {text})", u64::MAX)
        } else {
            e
        }
    })
}

/// A count from `MIN` to `MAX`.
pub fn count<const MIN: u32, const MAX: u32>(text: &str) -> Result<u32, String> {
    let value = whole(text).map_err(|e| {
        if text.trim().chars().all(|c| c.is_ascii_digit()) {
            format!("must be at most {MAX} (got {text})")
        } else {
            e
        }
    })?;
    if value < u64::from(MIN) {
        return Err(format!("must be at least {MIN} (got {text})"));
    }
    if value > u64::from(MAX) {
        return Err(format!("must be at most {MAX} (got {text})"));
    }
    Ok(value as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_refuse_text_nan_infinity_and_out_of_range_values() {
        assert_eq!(positive("2.5"), Ok(2.5));
        for bad in ["", "five", "NaN", "nan", "inf", "-inf", "0", "-1", "1e999"] {
            assert!(positive(bad).is_err(), "{bad}");
        }
        assert_eq!(non_negative("0"), Ok(0.0));
        assert!(non_negative("-0.1").is_err());
        assert!(probability("1.01").is_err());
        assert_eq!(probability("1"), Ok(1.0));
        assert!(open_share("0").is_err());
        assert_eq!(open_share("1"), Ok(1.0));
    }

    #[test]
    fn counts_name_their_bounds() {
        assert_eq!(count::<1, 10>("10"), Ok(10));
        assert_eq!(
            count::<1, 10>("0").unwrap_err(),
            "must be at least 1 (got 0)"
        );
        assert_eq!(
            count::<1, 10>("11").unwrap_err(),
            "must be at most 10 (got 11)"
        );
        assert_eq!(
            count::<1, 10>("99999999999999999999").unwrap_err(),
            "must be at most 10 (got 99999999999999999999)"
        );
        assert_eq!(
            count::<1, 10>("-3").unwrap_err(),
            "must not be negative (got -3)"
        );
        assert_eq!(
            count::<1, 10>("2.5").unwrap_err(),
            "must be a whole number (got 2.5)"
        );
        assert!(count::<1, 10>("x").unwrap_err().contains("whole number"));
        assert_eq!(seed("18446744073709551615"), Ok(u64::MAX));
        assert!(seed("18446744073709551616")
            .unwrap_err()
            .contains("at most"));
        assert!(seed("-1").unwrap_err().contains("negative"));
    }
}
