//! Numbers as the files write them: a fixed number of decimals per place,
//! named here so every writer (summary.md, compare.md, the brief,
//! sensitivity.md, reversibility.md, the plots' labels) takes its precision
//! from one module instead of its own `format!`.
//!
//! The precisions are those each file had before they were gathered here,
//! and the goldens (tests/golden/) freeze them: a file's text is a contract
//! its readers diff from run to run, so gathering them changed no byte.
//! The terminal's adaptive formatter (`79.5 M`, `70.1 %`) is the parent
//! module's; CSV and JSON keep every digit (`report::number`).

use super::{thousands, MISSING};

/// How one number is written: scaled, to a fixed number of decimals, with
/// or without a sign and thousands separators, then a suffix. Built from a
/// constructor (`decimals`, `percent`, `points`) and modifiers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed {
    decimals: usize,
    /// The value is multiplied by this (100 for a share in percent)...
    factor: f64,
    /// ...then divided by this (1e6 for an amount in millions).
    divisor: f64,
    /// `+` before a value that is not negative (a difference).
    signed: bool,
    /// Thousands separators in the whole part (`1,234`).
    grouped: bool,
    suffix: &'static str,
}

impl Fixed {
    /// `decimals` decimals, nothing else: `3.26`, `1234`.
    pub const fn decimals(decimals: usize) -> Fixed {
        Fixed {
            decimals,
            factor: 1.0,
            divisor: 1.0,
            signed: false,
            grouped: false,
            suffix: "",
        }
    }

    /// A share in percent, the sign right after the number: `70.1%`.
    pub const fn percent(decimals: usize) -> Fixed {
        Fixed {
            factor: 100.0,
            suffix: "%",
            ..Fixed::decimals(decimals)
        }
    }

    /// A difference of shares in percentage points: `+2.4 pts`.
    pub const fn points(decimals: usize) -> Fixed {
        Fixed {
            factor: 100.0,
            signed: true,
            suffix: " pts",
            ..Fixed::decimals(decimals)
        }
    }

    /// Written with its sign, `+` included (`format!`'s `{:+}`).
    pub const fn signed(self) -> Fixed {
        Fixed {
            signed: true,
            ..self
        }
    }

    /// With thousands separators: `1,234,567`.
    pub const fn grouped(self) -> Fixed {
        Fixed {
            grouped: true,
            ..self
        }
    }

    /// Multiplied by `factor` first (100: a share read as points).
    pub const fn times(self, factor: f64) -> Fixed {
        Fixed { factor, ..self }
    }

    /// Divided by `divisor` first (1e6: an amount read in millions).
    pub const fn per(self, divisor: f64) -> Fixed {
        Fixed { divisor, ..self }
    }

    /// Followed by `suffix` (`" %"`, `" FTE"`).
    pub const fn suffix(self, suffix: &'static str) -> Fixed {
        Fixed { suffix, ..self }
    }

    /// The text; `–` for a value that is not a number or infinite.
    pub fn show(self, v: f64) -> String {
        if !v.is_finite() {
            return MISSING.to_string();
        }
        let x = v * self.factor / self.divisor;
        let text = if self.signed {
            format!("{x:+.*}", self.decimals)
        } else {
            format!("{x:.*}", self.decimals)
        };
        let mut text = if self.grouped { grouped(&text) } else { text };
        text.push_str(self.suffix);
        text
    }
}

/// Thousands separators in the whole part of `text`, its sign and
/// fraction kept: `-1234.5` → `-1,234.5`.
fn grouped(text: &str) -> String {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-' | b'+') => text.split_at(1),
        _ => ("", text),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (rest, None),
    };
    let mut out = format!("{sign}{}", thousands(whole));
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The files that write a metric by its unit, each with the precisions its
/// readers know (and its golden freezes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `summary.md`: shares to a tenth of a percent, counts and amounts
    /// whole, rates (per contact, seconds, minutes, people) to hundredths.
    Summary,
    /// The brief: as the summary but with separators; per-contact money and
    /// minutes to cents, everything else whole.
    Brief,
    /// `compare.md`: shares to hundredths of a percent (differences between
    /// scenarios are small), cost per contact to a tenth of a cent.
    Compare,
}

impl Layout {
    /// How a level of a quantity in `unit` (a metric's unit) is written.
    pub fn level(self, unit: &str) -> Fixed {
        match (self, unit) {
            (Layout::Summary, "share") | (Layout::Brief, "share") => Fixed::percent(1),
            (Layout::Summary, "contacts" | "responses" | "currency" | "FTE" | "slots") => {
                Fixed::decimals(0)
            }
            (Layout::Summary, _) => Fixed::decimals(2),
            (Layout::Brief, "currency/contact" | "minutes") => Fixed::decimals(2).grouped(),
            (Layout::Brief, _) => Fixed::decimals(0).grouped(),
            (Layout::Compare, "share") => Fixed::percent(2),
            (Layout::Compare, "currency/contact") => Fixed::decimals(3),
            (Layout::Compare, _) => Fixed::decimals(0),
        }
    }

    /// How a difference of two levels is written: signed, shares in points.
    pub fn change(self, unit: &str) -> Fixed {
        match (self, unit) {
            (Layout::Brief, "share") => Fixed::points(1),
            // Per-contact money and minutes are small: no separators.
            (Layout::Brief, "currency/contact" | "minutes") => Fixed::decimals(2).signed(),
            (Layout::Compare, "share") => Fixed::points(2),
            (Layout::Summary, "share") => Fixed::points(1),
            _ => self.level(unit).signed(),
        }
    }
}

/// FTE read as whole people where they are whole or from 100 up, else to a
/// tenth (a cut of 12.5 FTE); the brief adds separators.
pub fn fte(v: f64) -> Fixed {
    Fixed::decimals(if v.fract() == 0.0 || v.abs() >= 100.0 {
        0
    } else {
        1
    })
}

/// Four significant figures, without exponent (`0.01235`, `1234`,
/// `273300000`): `run --uncertainty`'s spreads, whose magnitudes range
/// from shares to money.
pub fn significant(v: f64) -> String {
    if !v.is_finite() {
        return MISSING.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let digits = (3 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.digits$}")
}

/// An effect in `sensitivity.md`, scaled by `factor` (100: a share in
/// points): decimals by magnitude, so effects from 0.1 point to millions
/// read at a glance; below 0.1 in scientific notation (`3.20e-2`).
pub fn effect(v: f64, factor: f64) -> String {
    if !v.is_finite() {
        return MISSING.to_string();
    }
    let v = v * factor;
    let magnitude = v.abs();
    if magnitude >= 1000.0 {
        format!("{v:.0}")
    } else if magnitude >= 10.0 {
        format!("{v:.1}")
    } else if magnitude >= 0.1 || magnitude == 0.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.2e}")
    }
}

/// A signed effect: `+` before one that is not negative.
pub fn signed_effect(v: f64, factor: f64) -> String {
    let text = effect(v, factor);
    if v.is_finite() && v >= 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// An axis tick: whole numbers with separators, from 100 up whole, else up
/// to 2 decimals without trailing zeros (`0.25`, `0.5`); empty when not
/// finite, so a broken scale draws no text.
pub fn tick(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if (v - v.round()).abs() < 1e-9 {
        // `-0` never shows: the digits are of the magnitude.
        let digits = thousands(&format!("{:.0}", v.abs()));
        if v < 0.0 {
            format!("-{digits}")
        } else {
            digits
        }
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A value labelled on a chart, in at most four significant figures
/// (`1.23M`, `12346`, `123.4`, `1.23`, `0.123`); `n/a` when not finite.
pub fn short(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.2}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}", v)
    } else if a >= 100.0 {
        format!("{:.1}", v)
    } else if a >= 1.0 {
        format!("{:.2}", v)
    } else {
        format!("{:.3}", v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_writes_as_format_does_with_scale_sign_separators_and_suffix() {
        assert_eq!(Fixed::decimals(2).show(3.256), "3.26");
        assert_eq!(Fixed::decimals(0).show(-0.3), "-0");
        assert_eq!(Fixed::percent(1).show(0.7012), "70.1%");
        assert_eq!(Fixed::percent(2).show(0.7012), "70.12%");
        assert_eq!(Fixed::points(1).show(-0.0238), "-2.4 pts");
        assert_eq!(Fixed::points(2).show(0.0), "+0.00 pts");
        assert_eq!(Fixed::decimals(0).grouped().show(1_234_567.4), "1,234,567");
        assert_eq!(
            Fixed::decimals(0).grouped().signed().show(-1234.0),
            "-1,234"
        );
        assert_eq!(Fixed::decimals(2).grouped().show(1234.5), "1,234.50");
        assert_eq!(Fixed::decimals(2).per(1e6).show(273_322_048.0), "273.32");
        assert_eq!(
            Fixed::decimals(0).times(100.0).suffix(" %").show(0.9),
            "90 %"
        );
        assert_eq!(Fixed::decimals(3).signed().show(0.0125), "+0.013");
        assert_eq!(Fixed::percent(1).show(f64::NAN), MISSING);
        assert_eq!(Fixed::decimals(0).show(f64::INFINITY), MISSING);
    }

    #[test]
    fn each_layout_keeps_its_precisions() {
        use Layout::{Brief, Compare, Summary};
        assert_eq!(Summary.level("share").show(0.9555), "95.5%");
        assert_eq!(Summary.level("contacts").show(1010.4), "1010");
        assert_eq!(Summary.level("currency/contact").show(5.3115), "5.31");
        assert_eq!(Summary.level("people").show(3.256), "3.26");
        assert_eq!(Brief.level("currency").show(273_322_048.6), "273,322,049");
        assert_eq!(Brief.level("minutes").show(6.1), "6.10");
        assert_eq!(Brief.change("share").show(-0.0238), "-2.4 pts");
        assert_eq!(Brief.change("currency/contact").show(1234.5), "+1234.50");
        assert_eq!(Brief.change("contacts").show(-1234.4), "-1,234");
        assert_eq!(Compare.level("share").show(0.7012), "70.12%");
        assert_eq!(Compare.level("currency/contact").show(3.39251), "3.393");
        assert_eq!(Compare.change("share").show(0.00123), "+0.12 pts");
        assert_eq!(Compare.change("currency").show(12.0), "+12");
    }

    #[test]
    fn adaptive_styles_of_the_files() {
        assert_eq!(fte(12.5).show(12.5), "12.5");
        assert_eq!(fte(120.5).grouped().show(1200.5), "1,200");
        assert_eq!(significant(0.0123456), "0.01235");
        assert_eq!(significant(1234.4), "1234");
        assert_eq!(significant(f64::NAN), MISSING);
        assert_eq!(significant(0.0), "0");
        assert_eq!(effect(0.0123, 100.0), "1.23");
        assert_eq!(effect(0.0004, 1.0), "4.00e-4");
        assert_eq!(effect(12_345.6, 1.0), "12346");
        assert_eq!(signed_effect(2.5, 1.0), "+2.50");
        assert_eq!(signed_effect(-2.5, 1.0), "-2.50");
        assert_eq!(tick(1500.0), "1,500");
        assert_eq!(tick(-2000.0), "-2,000");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(0.5), "0.5");
        assert_eq!(tick(150.4), "150");
        assert_eq!(tick(f64::NAN), "");
        assert_eq!(short(1_234_567.0), "1.23M");
        assert_eq!(short(0.1234), "0.123");
        assert_eq!(short(f64::NAN), "n/a");
    }
}
