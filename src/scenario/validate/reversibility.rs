//! `[reversibility]`: how `wfsim reversibility` judges that a reversal has
//! recovered. Every key is optional and falls back to its default.

use super::checker::Checker;
use crate::scenario::policy::ReversibilitySettings;
use crate::scenario::raw_policy::RawReversibility;

pub(super) fn check(
    c: &mut Checker,
    raw: Option<&RawReversibility>,
    horizon: u32,
) -> ReversibilitySettings {
    let mut settings = ReversibilitySettings::default();
    let Some(rv) = raw else {
        return settings;
    };
    if let Some(week) = rv.change_week {
        c.week_in_horizon("reversibility.change_week", week, horizon);
        settings.change_week = Some(week);
    }
    if let Some(weeks) = rv.baseline_weeks {
        c.at_least_one(
            "reversibility.baseline_weeks",
            weeks,
            "average a few weeks before the change, e.g. 4",
        );
        settings.baseline_weeks = weeks;
    }
    if let Some(tolerance) = rv.csat_tolerance {
        c.probability("reversibility.csat_tolerance", tolerance);
        settings.csat_tolerance = tolerance;
    }
    if let Some(tolerance) = rv.service_level_tolerance {
        c.probability("reversibility.service_level_tolerance", tolerance);
        settings.service_level_tolerance = tolerance;
    }
    if let Some(k) = rv.consecutive_weeks {
        c.at_least_one(
            "reversibility.consecutive_weeks",
            k,
            "e.g. 4: recovered means four good weeks in a row",
        );
        settings.consecutive_weeks = k;
    }
    if let Some(window) = rv.window_weeks {
        c.at_least_one(
            "reversibility.window_weeks",
            window,
            "e.g. 12: the weeks a recovery may take",
        );
        settings.window_weeks = window;
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn absent_keys_keep_their_defaults() {
        let mut settings = None;
        let found = problems(|c| settings = Some(check(c, None, 52)));
        assert!(found.is_empty());
        assert_eq!(settings, Some(ReversibilitySettings::default()));
        let found = problems(|c| {
            settings = Some(check(
                c,
                Some(&raw("change_week = 8\nwindow_weeks = 20")),
                52,
            ))
        });
        assert!(found.is_empty());
        assert_eq!(
            settings,
            Some(ReversibilitySettings {
                change_week: Some(8),
                window_weeks: 20,
                ..ReversibilitySettings::default()
            })
        );
    }

    #[test]
    fn weeks_and_tolerances_out_of_range_are_reported_in_order() {
        let text = "change_week = 52\nbaseline_weeks = 0\ncsat_tolerance = 1.5\n\
            service_level_tolerance = -0.1\nconsecutive_weeks = 0\nwindow_weeks = 0";
        assert_eq!(
            problems(|c| {
                check(c, Some(&raw(text)), 52);
            }),
            vec![
                problem(
                    "reversibility.change_week",
                    "week 52 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
                problem(
                    "reversibility.baseline_weeks",
                    "must be at least 1 (got 0)",
                    "average a few weeks before the change, e.g. 4"
                ),
                problem(
                    "reversibility.csat_tolerance",
                    "must be a probability between 0 and 1 (got 1.5)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "reversibility.service_level_tolerance",
                    "must be a probability between 0 and 1 (got -0.1)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "reversibility.consecutive_weeks",
                    "must be at least 1 (got 0)",
                    "e.g. 4: recovered means four good weeks in a row"
                ),
                problem(
                    "reversibility.window_weeks",
                    "must be at least 1 (got 0)",
                    "e.g. 12: the weeks a recovery may take"
                ),
            ]
        );
    }
}
