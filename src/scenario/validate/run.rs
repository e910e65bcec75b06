//! The top-level keys that shape the run rather than the operation: its name
//! (a folder name), how many weeks it covers, how many replications and how
//! fine its intervals. Checked first: later tables measure weeks and volumes
//! against them.

use super::checker::Checker;
use crate::scenario::raw::RawScenario;

pub(super) fn check(c: &mut Checker, raw: &RawScenario) {
    name(c, &raw.name);
    horizon(c, raw.horizon_weeks);
    warmup(c, raw.warmup_weeks);
    replications(c, raw.replications);
    interval(c, raw.interval_minutes);
}

/// Weeks a replication simulates: warm-up weeks cost as much as the weeks
/// reported, so size limits count both.
pub(super) fn simulated_weeks(raw: &RawScenario) -> f64 {
    f64::from(raw.horizon_weeks) + f64::from(raw.warmup_weeks)
}

/// The name becomes the output folder, so it must not climb out of it.
fn name(c: &mut Checker, name: &str) {
    if name.trim().is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        c.push(
            "name",
            format!("must be a plain name usable as a folder (got {name:?})"),
            "use letters, digits, '-' and '_', e.g. name = \"over-automation\"",
        );
    }
}

fn horizon(c: &mut Checker, horizon: u32) {
    if horizon == 0 {
        c.push(
            "horizon_weeks",
            "must be at least 1 (got 0)".into(),
            "simulate at least one week",
        );
    } else if horizon > c.limits.max_horizon_weeks {
        c.push(
            "horizon_weeks",
            format!(
                "is longer than the limit of {} weeks (got {horizon})",
                c.limits.max_horizon_weeks
            ),
            c.large_help(),
        );
    }
}

fn warmup(c: &mut Checker, warmup: u32) {
    if warmup > c.limits.max_warmup_weeks {
        c.push(
            "warmup_weeks",
            format!(
                "is longer than the limit of {} weeks (got {warmup})",
                c.limits.max_warmup_weeks
            ),
            c.large_help(),
        );
    }
}

fn replications(c: &mut Checker, replications: u32) {
    if replications == 0 {
        c.push(
            "replications",
            "must be at least 1 (got 0)".into(),
            "use 10 or more for confidence intervals",
        );
    } else if replications > c.limits.max_replications {
        c.push(
            "replications",
            format!(
                "is more than the limit of {} (got {replications})",
                c.limits.max_replications
            ),
            c.large_help(),
        );
    }
}

/// Intervals must divide an hour so hourly demand weights map onto them.
fn interval(c: &mut Checker, minutes: u32) {
    if !(15..=60).contains(&minutes) || 60 % minutes != 0 {
        c.push(
            "interval_minutes",
            format!("must be 15, 20, 30 or 60 (got {minutes})"),
            "intervals must divide an hour so hourly demand weights map onto them",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    const SOUND: &str = r#"
        name = "over-automation"
        horizon_weeks = 52
        [demand]
        contacts_per_week = 1000
        [[categories]]
        name = "faq"
        share = 1.0
        human_handle_minutes = { distribution = "exponential", mean = 5.0 }
        [staffing]
        fte = 10
    "#;

    /// `SOUND` with its name replaced by `keys`, which must name it.
    fn with(keys: &str) -> RawScenario {
        raw(&format!(
            "{keys}\n{}",
            SOUND.replace("name = \"over-automation\"", "")
        ))
    }

    #[test]
    fn a_sound_run_has_no_problems() {
        assert!(problems(|c| check(c, &raw(SOUND))).is_empty());
    }

    #[test]
    fn every_bad_run_key_is_reported_in_file_order() {
        let scenario =
            with("name = \"../up\"\nwarmup_weeks = 53\nreplications = 0\ninterval_minutes = 45");
        let scenario = RawScenario {
            horizon_weeks: 0,
            ..scenario
        };
        assert_eq!(
            problems(|c| check(c, &scenario)),
            vec![
                problem(
                    "name",
                    "must be a plain name usable as a folder (got \"../up\")",
                    "use letters, digits, '-' and '_', e.g. name = \"over-automation\""
                ),
                problem(
                    "horizon_weeks",
                    "must be at least 1 (got 0)",
                    "simulate at least one week"
                ),
                problem(
                    "warmup_weeks",
                    "is longer than the limit of 52 weeks (got 53)",
                    "use a smaller value, or pass --allow-large if this machine can take it"
                ),
                problem(
                    "replications",
                    "must be at least 1 (got 0)",
                    "use 10 or more for confidence intervals"
                ),
                problem(
                    "interval_minutes",
                    "must be 15, 20, 30 or 60 (got 45)",
                    "intervals must divide an hour so hourly demand weights map onto them"
                ),
            ]
        );
    }

    #[test]
    fn sizes_above_the_limits_are_refused() {
        let scenario = RawScenario {
            horizon_weeks: 521,
            replications: 1001,
            ..raw(SOUND)
        };
        let help = "use a smaller value, or pass --allow-large if this machine can take it";
        assert_eq!(
            problems(|c| check(c, &scenario)),
            vec![
                problem(
                    "horizon_weeks",
                    "is longer than the limit of 520 weeks (got 521)",
                    help
                ),
                problem(
                    "replications",
                    "is more than the limit of 1000 (got 1001)",
                    help
                ),
            ]
        );
    }

    #[test]
    fn warm_up_weeks_count_as_simulated() {
        assert_eq!(
            simulated_weeks(&with("name = \"x\"\nwarmup_weeks = 3")),
            55.0
        );
    }
}
