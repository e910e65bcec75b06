//! The checks every table shares. They collect problems rather than return at
//! the first, so a user sees everything wrong with a file in one pass; each
//! message and its help are worded here once, so the same fault reads the
//! same wherever it occurs.

use super::Limits;
use crate::scenario::diagnostic::Problem;
use crate::scenario::raw::{RawDistributionKind, RawDuration};
use crate::scenario::{DistributionKind, DurationSpec};

/// Problems found so far, and the size limits in force (whose help depends on
/// whether `--allow-large` was given).
pub(super) struct Checker {
    problems: Vec<Problem>,
    pub limits: Limits,
}

impl Checker {
    pub fn new(limits: &Limits) -> Self {
        Checker {
            problems: Vec::new(),
            limits: *limits,
        }
    }

    /// Every problem, in the order found: the order breaks ties between
    /// problems reported at the same place in the file.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// Adds problems found by a check that keeps its own list.
    pub fn extend(&mut self, problems: Vec<Problem>) {
        self.problems.extend(problems);
    }

    pub fn push(&mut self, path: impl Into<String>, message: String, help: impl Into<String>) {
        self.problems.push(Problem::new(path, message, help));
    }

    /// How to get past a size limit.
    pub fn large_help(&self) -> &'static str {
        self.limits.raise_help()
    }

    /// `false` (after reporting it) when `value` is NaN or infinite, so the
    /// caller can skip range checks that would only repeat the complaint.
    pub fn finite(&mut self, path: &str, value: f64) -> bool {
        if value.is_finite() {
            return true;
        }
        self.push(
            path,
            format!("must be a finite number (got {value})"),
            "write an ordinary number; nan and inf are not allowed",
        );
        false
    }

    pub fn probability(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && !(0.0..=1.0).contains(&value) {
            self.push(
                path,
                format!("must be a probability between 0 and 1 (got {value})"),
                "write a share such as 0.25 for 25%",
            );
        }
    }

    pub fn non_negative(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && value < 0.0 {
            self.push(
                path,
                format!("must not be negative (got {value})"),
                "use 0 or a positive number",
            );
        }
    }

    pub fn positive(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && value <= 0.0 {
            self.push(
                path,
                format!("must be greater than 0 (got {value})"),
                "durations, rates and volumes must be positive",
            );
        }
    }

    /// Silent on a value that is not finite: the value's own check says so.
    pub fn at_most(&mut self, path: &str, value: f64, limit: f64) {
        if value.is_finite() && value > limit {
            self.push(
                path,
                format!("is larger than the limit {limit} (got {value})"),
                self.large_help(),
            );
        }
    }

    /// A count where 0 would silently switch something off.
    pub fn at_least_one(&mut self, path: &str, count: u32, help: &str) {
        if count == 0 {
            self.push(path, "must be at least 1 (got 0)".into(), help);
        }
    }

    pub fn week_in_horizon(&mut self, path: &str, week: u32, horizon: u32) {
        if week >= horizon {
            self.push(
                path,
                format!(
                    "week {week} lies outside the horizon of {horizon} weeks (weeks count from 0)"
                ),
                format!(
                    "use a week from 0 to {}, or lengthen horizon_weeks",
                    horizon.saturating_sub(1)
                ),
            );
        }
    }

    /// A duration table (`{ distribution, mean, cv }`): `cv` is required
    /// exactly where the distribution has a free spread.
    pub fn duration(&mut self, path: &str, raw: &RawDuration) -> DurationSpec {
        let kind = match raw.distribution {
            RawDistributionKind::Exponential => DistributionKind::Exponential,
            RawDistributionKind::Lognormal => DistributionKind::Lognormal,
            RawDistributionKind::Gamma => DistributionKind::Gamma,
            RawDistributionKind::Fixed => DistributionKind::Fixed,
        };
        self.positive(&format!("{path}.mean"), raw.mean);
        let cv = match (kind, raw.cv) {
            (DistributionKind::Exponential, None) => 1.0,
            (DistributionKind::Fixed, None) => 0.0,
            (DistributionKind::Exponential | DistributionKind::Fixed, Some(cv)) => {
                self.push(
                    format!("{path}.cv"),
                    format!("does not apply to this distribution (got {cv})"),
                    "remove cv, or use distribution = \"lognormal\" or \"gamma\" to set the spread",
                );
                cv
            }
            (_, None) => {
                self.push(
                    path,
                    "needs cv, the coefficient of variation (standard deviation / mean)"
                        .to_string(),
                    "add e.g. cv = 0.8",
                );
                1.0
            }
            (_, Some(cv)) => {
                if self.finite(&format!("{path}.cv"), cv) && !(cv > 0.0 && cv <= 10.0) {
                    self.push(
                        format!("{path}.cv"),
                        format!("must be above 0 and at most 10 (got {cv})"),
                        "typical handle-time cv is 0.5 to 1.2",
                    );
                }
                cv
            }
        };
        DurationSpec {
            kind,
            mean: raw.mean,
            cv,
        }
    }
}

/// What the table checkers' tests share: a checker under the default limits,
/// and raw tables written as TOML, as a user would write them.
#[cfg(test)]
pub(super) mod testing {
    use super::{Checker, Limits, Problem};

    /// The problems `check` reports, in order, under the default limits.
    pub fn problems(check: impl FnOnce(&mut Checker)) -> Vec<Problem> {
        problems_within(&Limits::default(), check)
    }

    pub fn problems_within(limits: &Limits, check: impl FnOnce(&mut Checker)) -> Vec<Problem> {
        let mut c = Checker::new(limits);
        check(&mut c);
        c.into_problems()
    }

    /// A raw table from TOML text; panics on text the test got wrong.
    pub fn raw<T: serde::de::DeserializeOwned>(text: &str) -> T {
        toml::from_str(text).unwrap_or_else(|e| panic!("test TOML does not parse: {e}"))
    }

    pub fn problem(path: &str, message: &str, help: &str) -> Problem {
        Problem::new(path, message, help)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{problem, problems, problems_within, raw};
    use super::*;

    #[test]
    fn a_value_that_is_not_finite_is_reported_once_not_also_out_of_range() {
        let found = problems(|c| {
            c.probability("p", f64::NAN);
            c.positive("q", f64::INFINITY);
            c.at_most("q", f64::INFINITY, 1.0);
        });
        let help = "write an ordinary number; nan and inf are not allowed";
        assert_eq!(
            found,
            vec![
                problem("p", "must be a finite number (got NaN)", help),
                problem("q", "must be a finite number (got inf)", help),
            ]
        );
    }

    #[test]
    fn range_checks_name_the_value_and_the_fix() {
        let found = problems(|c| {
            c.probability("p", 1.5);
            c.non_negative("n", -2.0);
            c.positive("z", 0.0);
            c.week_in_horizon("w", 52, 52);
            c.week_in_horizon("ok", 51, 52);
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "p",
                    "must be a probability between 0 and 1 (got 1.5)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "n",
                    "must not be negative (got -2)",
                    "use 0 or a positive number"
                ),
                problem(
                    "z",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "w",
                    "week 52 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
            ]
        );
    }

    #[test]
    fn a_size_limit_offers_allow_large_only_when_it_is_not_given() {
        let over = |limits: &Limits| problems_within(limits, |c| c.at_most("x", 3.0, 2.0));
        let message = "is larger than the limit 2 (got 3)";
        assert_eq!(
            over(&Limits::default()),
            vec![problem(
                "x",
                message,
                "use a smaller value, or pass --allow-large if this machine can take it"
            )]
        );
        assert_eq!(
            over(&Limits::relaxed()),
            vec![problem(
                "x",
                message,
                "use a smaller value: this is beyond even the --allow-large limits"
            )]
        );
    }

    #[test]
    fn a_duration_takes_cv_exactly_where_the_distribution_has_a_spread() {
        let mut spec = None;
        let found = problems(|c| {
            spec = Some(c.duration("d", &raw("distribution = \"exponential\"\nmean = 3.0")));
        });
        assert!(found.is_empty());
        assert_eq!(
            spec,
            Some(DurationSpec {
                kind: DistributionKind::Exponential,
                mean: 3.0,
                cv: 1.0
            })
        );
        let found = problems(|c| {
            c.duration("a", &raw("distribution = \"fixed\"\nmean = 0.0\ncv = 0.5"));
            c.duration("b", &raw("distribution = \"gamma\"\nmean = 2.0"));
            c.duration(
                "c",
                &raw("distribution = \"lognormal\"\nmean = 2.0\ncv = 11.0"),
            );
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "a.mean",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "a.cv",
                    "does not apply to this distribution (got 0.5)",
                    "remove cv, or use distribution = \"lognormal\" or \"gamma\" to set the spread"
                ),
                problem(
                    "b",
                    "needs cv, the coefficient of variation (standard deviation / mean)",
                    "add e.g. cv = 0.8"
                ),
                problem(
                    "c.cv",
                    "must be above 0 and at most 10 (got 11)",
                    "typical handle-time cv is 0.5 to 1.2"
                ),
            ]
        );
    }
}
