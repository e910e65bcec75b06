//! Every number wfsim writes as text is formatted here, so a precision is
//! chosen once and read the same wherever it appears. Two families:
//!
//! * Readable, in this module, for the terminal: a value and its unit in,
//!   short text out. `79516186.75` contacts reads `79.5 M`, a share of
//!   `0.7012` reads `70.1 %`, 3148.2 FTE read `3,148`, a cost per contact
//!   `3.39`; an interval takes its estimate's scale (`79.5 M [79.1 M,
//!   80.0 M]`), a difference its sign (`+1.2 M`, a share's `-2.4 pts`).
//! * Fixed, in `fixed`, for the files a reader diffs from run to run
//!   (summary.md, compare.md, the brief, sensitivity.md, reversibility.md,
//!   the plots' labels and ticks): named precisions (`Fixed`, a `Layout`
//!   per file) that the goldens freeze.
//!
//! CSV and JSON keep every digit (see `report::number`), so nothing
//! downstream ever reads these strings.

pub mod fixed;

/// How a quantity is shown. `Unit::of` maps a metric's unit (the `unit`
/// of `analysis::METRICS`) to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Things counted or averaged: contacts, responses, people, FTE, slots;
    /// thousands separators, then `M` and `bn`.
    Count,
    /// A share from 0 to 1, shown in percent (`70.1 %`); a difference of
    /// shares in percentage points (`-2.4 pts`).
    Share,
    /// Money: cents below 1,000, whole amounts with separators up to a
    /// million, then `M` and `bn`. (Scenarios name no currency.)
    Currency,
    /// Seconds (`45.2 s`).
    Seconds,
    /// Minutes (`6.10 min`, `12.5 min`).
    Minutes,
    /// Weeks, to the tenth (`16.8 weeks`, `0.0 weeks`).
    Weeks,
}

/// Shown for a value that is not a number (nothing to measure) or infinite.
pub const MISSING: &str = "–";

/// Values at or above this are shown in scientific notation (`1.50e15`).
const SCIENTIFIC: f64 = 1e15;

impl Unit {
    /// The unit of a metric, by its `unit` text; anything unknown is a count.
    pub fn of(metric_unit: &str) -> Unit {
        match metric_unit {
            "share" => Unit::Share,
            // Money, whatever it is per: `currency/contact`, `currency/issue`.
            u if u == "currency" || u.starts_with("currency/") => Unit::Currency,
            "seconds" => Unit::Seconds,
            "minutes" => Unit::Minutes,
            "weeks" => Unit::Weeks,
            _ => Unit::Count,
        }
    }

    /// What follows the number: the symbol, or the word, after a space.
    fn suffix(self) -> &'static str {
        match self {
            Unit::Share => " %",
            Unit::Seconds => " s",
            Unit::Minutes => " min",
            Unit::Weeks => " weeks",
            Unit::Count | Unit::Currency => "",
        }
    }

    /// Whether the text after the number already says the unit, so a
    /// table's unit column may stay empty.
    pub fn is_shown_by_its_symbol(self) -> bool {
        !self.suffix().is_empty()
    }
}

/// How one estimate's numbers are written: all of them (mean and bounds)
/// with the same scale and decimals, chosen from the largest of them (and,
/// for counts, whether they are all whole).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    /// The value is multiplied by this (100 for a share).
    factor: f64,
    /// Then divided by this (1e6 for `M`).
    divisor: f64,
    decimals: usize,
    /// ` M`, ` bn` or empty.
    magnitude: &'static str,
    scientific: bool,
}

impl Style {
    /// The style for a group of values shown together (an estimate).
    fn for_values(unit: Unit, values: &[f64]) -> Style {
        let finite = || values.iter().filter(|v| v.is_finite());
        let largest = finite().fold(0.0, |m: f64, v| m.max(v.abs()));
        let style = Style::for_magnitude(unit, largest);
        // Counts that are whole (agents, a cut in FTE, 0) read without
        // decimals below a million.
        if unit == Unit::Count
            && style.divisor == 1.0
            && !style.scientific
            && finite().all(|v| v.fract() == 0.0)
        {
            return style.with_decimals(0);
        }
        style
    }

    fn for_magnitude(unit: Unit, magnitude: f64) -> Style {
        let plain = |decimals| Style {
            factor: 1.0,
            divisor: 1.0,
            decimals,
            magnitude: "",
            scientific: false,
        };
        let m = if magnitude.is_finite() {
            magnitude
        } else {
            0.0
        };
        if unit == Unit::Share {
            // Tenths of a point, hundredths below one point (an abandon
            // rate of 0.23 %, a difference of -0.04 pts); 0 is `0.0 %`.
            let decimals = if m * 100.0 >= 0.995 || m == 0.0 { 1 } else { 2 };
            return Style {
                factor: 100.0,
                ..plain(decimals)
            };
        }
        if m >= SCIENTIFIC {
            return Style {
                scientific: true,
                ..plain(2)
            };
        }
        // Decide on the value as it will be rounded, so 999,999.6 is `1.0 M`
        // rather than `1,000,000`.
        if m >= 999_950_000.0 {
            return Style {
                divisor: 1e9,
                magnitude: " bn",
                ..plain(1)
            };
        }
        if m >= 999_950.0 {
            return Style {
                divisor: 1e6,
                magnitude: " M",
                ..plain(1)
            };
        }
        let decimals = match unit {
            Unit::Currency if m < 999.995 => 2,
            Unit::Currency => 0,
            Unit::Weeks if m < 99.95 => 1,
            _ if m >= 99.95 => 0,
            _ if m >= 9.995 => 1,
            _ => 2,
        };
        plain(decimals)
    }

    fn with_decimals(self, decimals: usize) -> Style {
        Style { decimals, ..self }
    }

    /// The number, without the unit: `79.5 M`, `3,148`, `-0.25`.
    fn number(&self, v: f64, signed: bool) -> String {
        if !v.is_finite() {
            return MISSING.to_string();
        }
        let scaled = v * self.factor / self.divisor;
        if self.scientific {
            let text = format!("{scaled:.*e}", self.decimals);
            return if signed && scaled >= 0.0 {
                format!("+{text}")
            } else {
                text
            };
        }
        let rounded = format!("{:.*}", self.decimals, scaled.abs());
        // A value that rounds to zero has no sign (no `-0.0`, no `+0.0`).
        let zero = rounded.bytes().all(|b| b == b'0' || b == b'.');
        let sign = if zero {
            ""
        } else if scaled < 0.0 {
            "-"
        } else if signed {
            "+"
        } else {
            ""
        };
        let (whole, fraction) = match rounded.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rounded.as_str(), None),
        };
        let mut text = format!("{sign}{}", thousands(whole));
        if let Some(f) = fraction {
            text.push('.');
            text.push_str(f);
        }
        text.push_str(self.magnitude);
        text
    }
}

/// `1234567` → `1,234,567`.
fn thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An exact whole count with thousands separators: `322,222,484`
/// (rounded to the nearest whole number; `–` when not finite).
pub fn whole(v: f64) -> String {
    Style::for_magnitude(Unit::Count, 0.0)
        .with_decimals(0)
        .number(v, false)
}

/// What a number is: a level, a change (signed) or a distance between two
/// levels (unsigned). Changes and distances of shares are in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Level,
    Change,
    Distance,
}

/// One value with its unit: `79.5 M`, `70.1 %`, `3,148`, `–` for NaN.
pub fn value(v: f64, unit: Unit) -> String {
    one(v, unit, Kind::Level)
}

/// A signed difference: `+1.2 M`, `-2.4 pts` for shares, `+0.35`.
pub fn difference(v: f64, unit: Unit) -> String {
    one(v, unit, Kind::Change)
}

/// An unsigned distance, such as a tolerance or a swing: `2.0 pts` for
/// shares, otherwise as `value`.
pub fn distance(v: f64, unit: Unit) -> String {
    one(v, unit, Kind::Distance)
}

fn one(v: f64, unit: Unit, kind: Kind) -> String {
    let style = Style::for_values(unit, &[v]);
    with_suffix(style.number(v, kind == Kind::Change), unit, kind)
}

fn with_suffix(number: String, unit: Unit, kind: Kind) -> String {
    if number == MISSING {
        return number;
    }
    let suffix = match unit {
        Unit::Share if kind != Kind::Level => " pts",
        _ => unit.suffix(),
    };
    number + suffix
}

/// An estimate as two cells, the mean and its interval, in one style:
/// (`79.5 M`, `[79.1 M, 80.0 M]`). The interval is `–` when a bound is
/// missing (fewer than 2 replications, nothing measured).
pub fn estimate(mean: f64, low: f64, high: f64, unit: Unit) -> (String, String) {
    shown(mean, low, high, unit, Kind::Level)
}

/// A column of values of one quantity, all in one style (chosen from the
/// whole column), so their decimals line up: `["24", "18"]`,
/// `["1.01", "0.64"]`.
pub fn column(values: &[f64], unit: Unit) -> Vec<String> {
    column_of(values, unit, Kind::Level)
}

/// A column of distances (spreads, tolerances) in one style; see `distance`.
pub fn distance_column(values: &[f64], unit: Unit) -> Vec<String> {
    column_of(values, unit, Kind::Distance)
}

fn column_of(values: &[f64], unit: Unit, kind: Kind) -> Vec<String> {
    let style = Style::for_values(unit, values);
    values
        .iter()
        .map(|&v| with_suffix(style.number(v, kind == Kind::Change), unit, kind))
        .collect()
}

/// A column of estimates `(mean, low, high)` of one quantity, all in one
/// style, as (mean, interval) cells; see `estimate`.
pub fn estimate_column(rows: &[(f64, f64, f64)], unit: Unit) -> Vec<(String, String)> {
    let all: Vec<f64> = rows.iter().flat_map(|&(m, l, h)| [m, l, h]).collect();
    let style = Style::for_values(unit, &all);
    rows.iter()
        .map(|&(mean, low, high)| cells(&style, mean, low, high, unit, Kind::Level))
        .collect()
}

/// A paired difference as two cells: (`-2.4 pts`, `[-3.1 pts, -1.7 pts]`).
pub fn difference_estimate(mean: f64, low: f64, high: f64, unit: Unit) -> (String, String) {
    shown(mean, low, high, unit, Kind::Change)
}

/// A distance and its interval, unsigned: (`11.9 pts`, `[10.8 pts, 13.0 pts]`).
pub fn distance_estimate(mean: f64, low: f64, high: f64, unit: Unit) -> (String, String) {
    shown(mean, low, high, unit, Kind::Distance)
}

fn shown(mean: f64, low: f64, high: f64, unit: Unit, kind: Kind) -> (String, String) {
    let style = Style::for_values(unit, &[mean, low, high]);
    cells(&style, mean, low, high, unit, kind)
}

fn cells(
    style: &Style,
    mean: f64,
    low: f64,
    high: f64,
    unit: Unit,
    kind: Kind,
) -> (String, String) {
    let cell = |v: f64| with_suffix(style.number(v, kind == Kind::Change), unit, kind);
    let interval = if low.is_finite() && high.is_finite() {
        format!("[{}, {}]", cell(low), cell(high))
    } else {
        MISSING.to_string()
    };
    (cell(mean), interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_separators_then_millions_and_billions() {
        assert_eq!(value(0.0, Unit::Count), "0");
        assert_eq!(value(24.0, Unit::Count), "24");
        assert_eq!(value(3.256, Unit::Count), "3.26");
        assert_eq!(value(19.7333, Unit::Count), "19.7");
        assert_eq!(value(2465.0449, Unit::Count), "2,465");
        assert_eq!(value(407_815.0, Unit::Count), "407,815");
        assert_eq!(value(79_516_186.75, Unit::Count), "79.5 M");
        assert_eq!(value(2_300_000_000.0, Unit::Count), "2.3 bn");
        assert_eq!(value(1_234_567_000_000.0, Unit::Count), "1,234.6 bn");
    }

    #[test]
    fn rounding_picks_the_scale_of_the_rounded_value() {
        // Half away from zero never shows as the next scale's 1,000.
        assert_eq!(value(9.996, Unit::Count), "10.0");
        assert_eq!(value(99.96, Unit::Count), "100");
        assert_eq!(value(999_949.0, Unit::Count), "999,949");
        assert_eq!(value(999_950.0, Unit::Count), "1.0 M");
        assert_eq!(value(999_949_999.0, Unit::Count), "999.9 M");
        assert_eq!(value(999_950_000.0, Unit::Count), "1.0 bn");
        assert_eq!(value(0.125, Unit::Count), "0.12");
        assert_eq!(value(0.135, Unit::Count), "0.14");
        assert_eq!(value(2.5, Unit::Weeks), "2.5 weeks");
        assert_eq!(value(0.0, Unit::Weeks), "0.0 weeks");
    }

    #[test]
    fn shares_read_as_percent_and_their_differences_as_points() {
        assert_eq!(value(0.7012, Unit::Share), "70.1 %");
        assert_eq!(value(1.0, Unit::Share), "100.0 %");
        assert_eq!(value(0.0023, Unit::Share), "0.23 %");
        assert_eq!(value(0.0, Unit::Share), "0.0 %");
        assert_eq!(difference(-0.0238, Unit::Share), "-2.4 pts");
        assert_eq!(difference(0.5907, Unit::Share), "+59.1 pts");
        assert_eq!(difference(-0.0004, Unit::Share), "-0.04 pts");
        assert_eq!(distance(0.02, Unit::Share), "2.0 pts");
        assert_eq!(
            distance_estimate(0.1188, 0.108, 0.13, Unit::Share),
            ("11.9 pts".to_string(), "[10.8 pts, 13.0 pts]".to_string())
        );
        assert_eq!(distance(1_500_000.0, Unit::Currency), "1.5 M");
    }

    #[test]
    fn negative_values_and_negative_zero() {
        assert_eq!(value(-2465.4, Unit::Count), "-2,465");
        assert_eq!(value(-19_890_078.0, Unit::Currency), "-19.9 M");
        assert_eq!(value(-0.485, Unit::Currency), "-0.48");
        // Rounds to zero: no minus sign, and a difference reads +0.
        assert_eq!(value(-0.0001, Unit::Count), "0.00");
        assert_eq!(value(-0.0, Unit::Share), "0.0 %");
        assert_eq!(difference(-0.00001, Unit::Share), "0.00 pts");
        assert_eq!(difference(0.0, Unit::Share), "0.0 pts");
        assert_eq!(difference(0.0, Unit::Count), "0");
        assert_eq!(difference(0.0, Unit::Currency), "0.00");
        assert_eq!(difference(-446.0, Unit::Count), "-446");
    }

    #[test]
    fn nan_and_infinity_read_as_missing() {
        for unit in [Unit::Count, Unit::Share, Unit::Currency, Unit::Seconds] {
            assert_eq!(value(f64::NAN, unit), MISSING);
            assert_eq!(value(f64::INFINITY, unit), MISSING);
            assert_eq!(difference(f64::NEG_INFINITY, unit), MISSING);
        }
        assert_eq!(whole(f64::NAN), MISSING);
        assert_eq!(
            estimate(f64::NAN, f64::NAN, f64::NAN, Unit::Share),
            (MISSING.to_string(), MISSING.to_string())
        );
    }

    #[test]
    fn an_interval_takes_its_estimates_scale() {
        assert_eq!(
            estimate(
                79_516_186.75,
                79_077_132.827_1,
                79_955_240.672_9,
                Unit::Count
            ),
            ("79.5 M".to_string(), "[79.1 M, 80.0 M]".to_string())
        );
        // A bound below a million still reads in millions beside its mean.
        assert_eq!(
            estimate(1_200_000.0, 950_000.0, 1_460_000.0, Unit::Count),
            ("1.2 M".to_string(), "[0.9 M, 1.5 M]".to_string())
        );
        assert_eq!(
            estimate(0.6881, 0.6819, 0.6944, Unit::Share),
            ("68.8 %".to_string(), "[68.2 %, 69.4 %]".to_string())
        );
        assert_eq!(
            difference_estimate(-0.0004, -0.0005, -0.0003, Unit::Share),
            (
                "-0.04 pts".to_string(),
                "[-0.05 pts, -0.03 pts]".to_string()
            )
        );
        assert_eq!(
            difference_estimate(3.0, -1000.0, 1006.0, Unit::Count),
            ("+3".to_string(), "[-1,000, +1,006]".to_string())
        );
        // No interval (one replication, nothing measured): the mean alone.
        assert_eq!(
            estimate(5.3115, f64::NAN, f64::NAN, Unit::Currency),
            ("5.31".to_string(), MISSING.to_string())
        );
    }

    #[test]
    fn a_column_shares_one_style() {
        assert_eq!(column(&[24.0, 18.0, 0.0], Unit::Count), ["24", "18", "0"]);
        assert_eq!(column(&[24.0, 18.5], Unit::Count), ["24.0", "18.5"]);
        assert_eq!(column(&[1.011, 0.637], Unit::Count), ["1.01", "0.64"]);
        assert_eq!(
            distance_column(&[0.004, 0.0213], Unit::Share),
            ["0.4 pts", "2.1 pts"]
        );
        assert_eq!(
            column(&[0.005, 0.5, f64::NAN], Unit::Share),
            ["0.5 %", "50.0 %", MISSING]
        );
        assert_eq!(
            estimate_column(&[(0.008, 0.007, 0.009), (0.123, 0.12, 0.126)], Unit::Share),
            [
                ("0.8 %".to_string(), "[0.7 %, 0.9 %]".to_string()),
                ("12.3 %".to_string(), "[12.0 %, 12.6 %]".to_string()),
            ]
        );
        assert_eq!(
            estimate_column(
                &[(999_000.0, 990_000.0, 1_010_000.0), (5.0, 4.0, 6.0)],
                Unit::Currency
            ),
            [
                ("1.0 M".to_string(), "[1.0 M, 1.0 M]".to_string()),
                ("0.0 M".to_string(), "[0.0 M, 0.0 M]".to_string()),
            ]
        );
    }

    #[test]
    fn very_large_and_very_small_values() {
        assert_eq!(value(1.5e15, Unit::Count), "1.50e15");
        assert_eq!(value(-2.0e300, Unit::Currency), "-2.00e300");
        assert_eq!(difference(1.5e15, Unit::Count), "+1.50e15");
        assert_eq!(value(f64::MAX, Unit::Count), "1.80e308");
        assert_eq!(value(1e-9, Unit::Count), "0.00");
        assert_eq!(value(5e-324, Unit::Share), "0.00 %");
        assert_eq!(value(1e-9, Unit::Currency), "0.00");
        assert_eq!(whole(322_222_484.0), "322,222,484");
        assert_eq!(whole(999.5), "1,000");
        assert_eq!(whole(-1234.0), "-1,234");
    }

    #[test]
    fn currency_shows_cents_below_a_thousand() {
        assert_eq!(value(3.393, Unit::Currency), "3.39");
        assert_eq!(value(152.3, Unit::Currency), "152.30");
        assert_eq!(value(999.996, Unit::Currency), "1,000");
        assert_eq!(value(12_345.6, Unit::Currency), "12,346");
        assert_eq!(value(273_322_048.575, Unit::Currency), "273.3 M");
        assert_eq!(value(1.5e9, Unit::Currency), "1.5 bn");
        assert_eq!(difference(-0.485, Unit::Currency), "-0.48");
        assert_eq!(Unit::of("currency/contact"), Unit::Currency);
    }

    #[test]
    fn metric_units_map_to_their_display() {
        assert_eq!(Unit::of("share"), Unit::Share);
        assert_eq!(Unit::of("contacts"), Unit::Count);
        assert_eq!(Unit::of("FTE"), Unit::Count);
        assert_eq!(Unit::of("seconds"), Unit::Seconds);
        assert_eq!(value(8.12598, Unit::Seconds), "8.13 s");
        assert_eq!(Unit::of("minutes"), Unit::Minutes);
        assert_eq!(value(6.1, Unit::Minutes), "6.10 min");
        assert!(Unit::Share.is_shown_by_its_symbol());
        assert!(!Unit::Count.is_shown_by_its_symbol());
        assert_eq!(Unit::of("currency/contact"), Unit::Currency);
        assert_eq!(Unit::of("currency/issue"), Unit::Currency);
        // Every metric's unit is one the formatter knows: a new unit fails
        // here rather than reading as a plain count.
        const COUNTS: [&str; 5] = ["contacts", "responses", "people", "FTE", "slots"];
        for m in crate::analysis::METRICS {
            let expected = match m.unit {
                "share" => Unit::Share,
                "seconds" => Unit::Seconds,
                "minutes" => Unit::Minutes,
                u if u == "currency" || u.starts_with("currency/") => Unit::Currency,
                u if COUNTS.contains(&u) => Unit::Count,
                other => panic!("{}: unit {other:?} has no display in Unit::of", m.name),
            };
            assert_eq!(Unit::of(m.unit), expected, "{}", m.name);
        }
    }
}
