//! Timestamps as helpdesk exports write them, without a date-time crate:
//! RFC 3339 with or without an offset, or `YYYY-MM-DD HH:MM:SS`.
//!
//! Two readings are kept because they answer different questions: the
//! instant (UTC seconds) orders contacts and measures the time between a
//! customer's contacts; the wall clock as written (weekday and hour) is when
//! customers contact the operation, which is what the weekday and hourly
//! weights of a scenario describe.

/// One `created_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z (the offset applied when given).
    pub instant: i64,
    /// Days since 1970-01-01 of the wall-clock date as written.
    pub local_day: i64,
    /// Seconds into the wall-clock day as written, 0..86,400.
    pub local_second: u32,
}

impl Timestamp {
    /// 0 = Monday … 6 = Sunday, of the date as written.
    pub fn weekday(&self) -> usize {
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        (self.local_day + 3).rem_euclid(7) as usize
    }

    /// 0..24, of the time as written.
    pub fn hour(&self) -> usize {
        (self.local_second / 3600) as usize
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A day count from 1970-01-01 back to a proleptic Gregorian date (Howard
/// Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Seconds from 1970-01-01 00:00:00 as `YYYY-MM-DD HH:MM:SS`.
pub fn wall_clock_text(seconds: i64) -> String {
    let (days, second) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        second / 3600,
        second / 60 % 60,
        second % 60
    )
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn number(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `2025-03-04T09:15:00Z`, `2025-03-04T09:15:00.250+01:00`,
/// `2025-03-04 09:15:00`; `None` for anything else or an impossible date.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.len() < 19 || !text.is_char_boundary(19) {
        return None;
    }
    let (date_time, zone) = text.split_at(19);
    let b = date_time.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (
        number(&date_time[0..4])?,
        number(&date_time[5..7])?,
        number(&date_time[8..10])?,
    );
    let (h, mi, s) = (
        number(&date_time[11..13])?,
        number(&date_time[14..16])?,
        number(&date_time[17..19])?,
    );
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let zone = match zone.strip_prefix('.') {
        Some(rest) => rest.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => zone,
    };
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = zone[1..].split_once(':')?;
            let (oh, om) = (number(oh)?, number(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let local_day = days_from_civil(y, mo, d);
    let local_second = (h * 3600 + mi * 60 + s.min(59)) as u32;
    Some(Timestamp {
        instant: local_day * 86_400 + i64::from(local_second) - offset,
        local_day,
        local_second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_read_to_the_same_wall_clock_and_offsets_move_the_instant() {
        let z = parse_timestamp("2025-03-04T09:15:00Z").unwrap();
        let plain = parse_timestamp("2025-03-04 09:15:00").unwrap();
        let paris = parse_timestamp("2025-03-04T09:15:00.250+01:00").unwrap();
        assert_eq!(z, plain);
        assert_eq!((paris.local_day, paris.hour()), (z.local_day, 9));
        assert_eq!(z.instant - paris.instant, 3600);
        // 2025-03-04 was a Tuesday.
        assert_eq!(z.weekday(), 1);
        assert_eq!(z.instant, 1_741_079_700);
    }

    #[test]
    fn impossible_or_other_forms_are_refused() {
        for bad in [
            "",
            "2025-02-29 10:00:00",
            "2025-13-01 10:00:00",
            "04/03/2025 09:15",
            "2025-03-04T09:15:00+1",
            "2025-03-04T25:00:00Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        assert!(
            parse_timestamp("2024-02-29 10:00:00").is_some(),
            "a leap day"
        );
    }
}
