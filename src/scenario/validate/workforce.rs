//! `[workforce]`: the headcount pipeline (hiring, training, ramp-up,
//! attrition, layoffs, alumni). With it, headcount moves by decisions and
//! rules from a constant starting `staffing.fte`.

use super::checker::Checker;
use super::outsourcing;
use crate::scenario::policy::{LoadFeedback, Workforce};
use crate::scenario::raw::RawStaffing;
use crate::scenario::raw_policy::{RawLoadFeedback, RawWorkforce};

/// Training and ramp-up longer than this are typos for weeks, not plans.
const MAX_TRAINING_WEEKS: u32 = 104;

/// A mean time to hire longer than this is a typo too. Like the training
/// bound it guards plausibility, not the machine, so `--allow-large` (which
/// raises only the size limits in `Limits`) leaves it where it is.
const MAX_TIME_TO_HIRE_WEEKS: f64 = 520.0;

pub(super) fn check(c: &mut Checker, w: &RawWorkforce, staffing: &RawStaffing) -> Workforce {
    let initial_fte = starting_headcount(c, staffing);
    let target_fte = w.target_fte.unwrap_or(initial_fte);
    c.non_negative("workforce.target_fte", target_fte);
    c.at_most("workforce.target_fte", target_fte, c.limits.max_fte);
    let growth = w.target_growth_per_year;
    if c.finite("workforce.target_growth_per_year", growth) && !(-0.5..=1.0).contains(&growth) {
        c.push(
            "workforce.target_growth_per_year",
            format!("must be between -0.5 and 1 (got {growth})"),
            "a yearly growth of the hiring target, e.g. 0.11 to keep pace with demand growing 11 % a year; 0 keeps it flat",
        );
    }
    let time_to_hire_weeks = c.duration("workforce.time_to_hire_weeks", &w.time_to_hire_weeks);
    if time_to_hire_weeks.mean.is_finite() && time_to_hire_weeks.mean > MAX_TIME_TO_HIRE_WEEKS {
        c.push(
            "workforce.time_to_hire_weeks.mean",
            format!(
                "is longer than ten years, the limit {MAX_TIME_TO_HIRE_WEEKS} (got {})",
                time_to_hire_weeks.mean
            ),
            "hiring takes weeks or months, not decades: use a mean of at most 520 weeks",
        );
    }
    recruiting(c, w);
    training(c, w, initial_fte);
    c.probability(
        "workforce.ramp_start_productivity",
        w.ramp_start_productivity,
    );
    let new_hire_attrition = w
        .new_hire_attrition_per_year
        .unwrap_or(w.attrition_per_year);
    leaving(c, w, new_hire_attrition);
    let outsourcing = w.outsourcing.as_ref().map(|o| outsourcing::check(c, o));
    Workforce {
        initial_fte,
        target_fte,
        target_growth_per_year: growth,
        backfill: w.backfill,
        time_to_hire_weeks,
        recruiting_capacity_per_week: w.recruiting_capacity_per_week,
        cost_per_hire: w.cost_per_hire,
        training_weeks: w.training_weeks,
        trainers: w.trainers,
        trainees_per_trainer: w.trainees_per_trainer,
        training_cost_per_trainee_week: w.training_cost_per_trainee_week,
        ramp_weeks: w.ramp_weeks,
        ramp_start_productivity: w.ramp_start_productivity,
        attrition_per_year: w.attrition_per_year,
        new_hire_attrition_per_year: new_hire_attrition,
        severance_weeks: w.severance_weeks,
        loading_factor: w.loading_factor,
        alumni_return_share: w.alumni_return_share,
        alumni_half_life_weeks: w.alumni_half_life_weeks,
        returner_training_weeks: w.returner_training_weeks,
        returner_ramp_weeks: w.returner_ramp_weeks,
        outsourcing,
        load: w.load.as_ref().map(|l| load(c, l)),
    }
}

/// The pipeline starts from one headcount; a schedule would fight it.
fn starting_headcount(c: &mut Checker, staffing: &RawStaffing) -> f64 {
    match (staffing.fte, staffing.schedule.is_empty()) {
        (Some(fte), true) => fte,
        _ => {
            c.push(
                "workforce",
                "needs a constant staffing.fte as the starting headcount, not a schedule".into(),
                "with [workforce] the headcount comes from the pipeline and decisions: replace staffing.schedule by staffing.fte = <headcount at week 0>",
            );
            0.0
        }
    }
}

fn recruiting(c: &mut Checker, w: &RawWorkforce) {
    let capacity = w.recruiting_capacity_per_week;
    c.positive("workforce.recruiting_capacity_per_week", capacity);
    // The pipeline rounds headcounts to whole people (`model::workforce::whole`).
    if capacity > 0.0 && capacity.round() == 0.0 {
        c.push(
            "workforce.recruiting_capacity_per_week",
            format!("rounds to 0 people a week, so nobody is ever hired (got {capacity})"),
            "people start in whole numbers: use at least 1",
        );
    }
    c.non_negative("workforce.cost_per_hire", w.cost_per_hire);
}

/// Trainers are senior agents taken from the starting headcount.
fn training(c: &mut Checker, w: &RawWorkforce, initial_fte: f64) {
    if let Some(trainers) = w.trainers {
        c.non_negative("workforce.trainers", trainers);
        if trainers >= 0.0 && trainers.round() == 0.0 {
            c.push(
                "workforce.trainers",
                format!("rounds to 0 trainers, so no training class ever starts (got {trainers})"),
                "use at least 1, or remove trainers for classes never short of trainers",
            );
        }
        if trainers.is_finite() && trainers > initial_fte {
            c.push(
                "workforce.trainers",
                format!("is more than the starting headcount {initial_fte} (got {trainers})"),
                "trainers are senior agents counted in staffing.fte; use at most that many",
            );
        }
    }
    c.positive("workforce.trainees_per_trainer", w.trainees_per_trainer);
    c.non_negative(
        "workforce.training_cost_per_trainee_week",
        w.training_cost_per_trainee_week,
    );
    for (key, weeks) in [
        ("training_weeks", w.training_weeks),
        ("ramp_weeks", w.ramp_weeks),
        ("returner_training_weeks", w.returner_training_weeks),
        ("returner_ramp_weeks", w.returner_ramp_weeks),
    ] {
        if weeks > MAX_TRAINING_WEEKS {
            c.push(
                format!("workforce.{key}"),
                format!("is longer than two years (got {weeks})"),
                "training and ramp-up take weeks, not years",
            );
        }
    }
}

/// The highest annual turnover rate accepted: the whole team replaced
/// every five weeks is a typing error, not an operation.
const MAX_TURNOVER_PER_YEAR: f64 = 10.0;

/// Attrition, severance and the alumni who may come back.
fn leaving(c: &mut Checker, w: &RawWorkforce, new_hire_attrition: f64) {
    // New hires' rate defaults to the settled one: checked where written,
    // so one bad value is reported once.
    let explicit_new_hire = w.new_hire_attrition_per_year.map(|_| new_hire_attrition);
    for (key, rate) in [
        ("attrition_per_year", Some(w.attrition_per_year)),
        ("new_hire_attrition_per_year", explicit_new_hire),
    ]
    .into_iter()
    .filter_map(|(k, r)| r.map(|r| (k, r)))
    {
        let path = format!("workforce.{key}");
        c.non_negative(&path, rate);
        if rate.is_finite() && rate > MAX_TURNOVER_PER_YEAR {
            c.push(
                path,
                format!("is a turnover rate above {MAX_TURNOVER_PER_YEAR} a year (got {rate})"),
                "a turnover rate is leavers / average headcount a year: 0.2 is 20 %, 1.5 is 150 % (some outsourcers); 10 would replace the team every five weeks",
            );
        }
    }
    c.non_negative("workforce.severance_weeks", w.severance_weeks);
    if c.finite("workforce.loading_factor", w.loading_factor)
        && !(1.0..=3.0).contains(&w.loading_factor)
    {
        c.push(
            "workforce.loading_factor",
            format!("must be between 1 and 3 (got {})", w.loading_factor),
            "loaded cost / salary: 1.25-1.4 is typical (employer taxes, benefits, overhead); 1 pays severance on the loaded cost",
        );
    }
    c.probability("workforce.alumni_return_share", w.alumni_return_share);
    c.positive("workforce.alumni_half_life_weeks", w.alumni_half_life_weeks);
}

/// Bounded so that a typo cannot turn the feedback into a runaway: at
/// most 0.1 turnover a year and 0.01 absence per point.
fn load(c: &mut Checker, l: &RawLoadFeedback) -> LoadFeedback {
    let t = l.occupancy_threshold;
    if c.finite("workforce.load.occupancy_threshold", t) && !(0.5..=1.0).contains(&t) {
        c.push(
            "workforce.load.occupancy_threshold",
            format!("must be between 0.5 and 1 (got {t})"),
            "the occupancy above which people wear out, e.g. 0.88 (estimate)",
        );
    }
    for (key, value, max, help) in [
        (
            "workforce.load.extra_attrition_per_point",
            l.extra_attrition_per_point,
            0.1,
            "annual turnover added per point of occupancy above the threshold, e.g. 0.02 (estimate)",
        ),
        (
            "workforce.load.extra_absence_per_point",
            l.extra_absence_per_point,
            0.01,
            "share of paid time lost per point above the threshold, e.g. 0.003 (estimate)",
        ),
    ] {
        if c.finite(key, value) && !(0.0..=max).contains(&value) {
            c.push(key, format!("must be between 0 and {max} (got {value})"), help);
        }
    }
    LoadFeedback {
        occupancy_threshold: t,
        extra_attrition_per_point: l.extra_attrition_per_point,
        extra_absence_per_point: l.extra_absence_per_point,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, problems_within, raw};
    use super::super::Limits;
    use super::*;

    fn checked(
        workforce: &str,
        staffing: &str,
    ) -> (Option<Workforce>, Vec<crate::scenario::Problem>) {
        let mut checked = None;
        let found = problems(|c| checked = Some(check(c, &raw(workforce), &raw(staffing))));
        (checked, found)
    }

    #[test]
    fn the_target_grows_at_a_bounded_yearly_rate_flat_by_default() {
        let (workforce, found) = checked("target_growth_per_year = 0.11", "fte = 100");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(workforce.unwrap().target_growth_per_year, 0.11);
        assert_eq!(
            checked("", "fte = 100").0.unwrap().target_growth_per_year,
            0.0
        );
        assert_eq!(
            checked("target_growth_per_year = 1.5", "fte = 100").1,
            vec![problem(
                "workforce.target_growth_per_year",
                "must be between -0.5 and 1 (got 1.5)",
                "a yearly growth of the hiring target, e.g. 0.11 to keep pace with demand growing 11 % a year; 0 keeps it flat"
            )]
        );
    }

    #[test]
    fn the_target_defaults_to_the_starting_headcount_and_new_hires_to_everyone_s_attrition() {
        let (workforce, found) = checked("attrition_per_year = 0.3\ntrainers = 5", "fte = 100");
        assert!(found.is_empty(), "{found:?}");
        let workforce = workforce.unwrap();
        assert_eq!(workforce.initial_fte, 100.0);
        assert_eq!(workforce.target_fte, 100.0);
        assert_eq!(workforce.new_hire_attrition_per_year, 0.3);
        assert!(workforce.outsourcing.is_none());
    }

    #[test]
    fn turnover_rates_above_one_are_accepted_and_absurd_ones_refused() {
        let (_, found) = checked(
            "attrition_per_year = 1.5\nnew_hire_attrition_per_year = 2.4",
            "fte = 100",
        );
        assert!(
            found.is_empty(),
            "an outsourcer's 150 % a year is a rate: {found:?}"
        );
        let (_, found) = checked(
            "attrition_per_year = 12\nnew_hire_attrition_per_year = 0.5",
            "fte = 100",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].key_path, "workforce.attrition_per_year");
        assert!(
            found[0].message.contains("turnover rate above 10"),
            "{found:?}"
        );
        let (_, found) = checked(
            "attrition_per_year = -0.1\nnew_hire_attrition_per_year = 0.5",
            "fte = 100",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_schedule_cannot_start_the_pipeline() {
        let (_, found) = checked("", "schedule = [{ from_week = 0, fte = 10 }]");
        assert_eq!(
            found,
            vec![problem(
                "workforce",
                "needs a constant staffing.fte as the starting headcount, not a schedule",
                "with [workforce] the headcount comes from the pipeline and decisions: replace staffing.schedule by staffing.fte = <headcount at week 0>"
            )]
        );
    }

    #[test]
    fn hiring_and_training_that_round_to_nobody_are_refused() {
        let text = "recruiting_capacity_per_week = 0.4\ntrainers = 0.3\ntraining_weeks = 105\n\
            time_to_hire_weeks = { distribution = \"fixed\", mean = 600.0 }";
        let (_, found) = checked(text, "fte = 100");
        assert_eq!(
            found,
            vec![
                problem(
                    "workforce.time_to_hire_weeks.mean",
                    "is longer than ten years, the limit 520 (got 600)",
                    "hiring takes weeks or months, not decades: use a mean of at most 520 weeks"
                ),
                problem(
                    "workforce.recruiting_capacity_per_week",
                    "rounds to 0 people a week, so nobody is ever hired (got 0.4)",
                    "people start in whole numbers: use at least 1"
                ),
                problem(
                    "workforce.trainers",
                    "rounds to 0 trainers, so no training class ever starts (got 0.3)",
                    "use at least 1, or remove trainers for classes never short of trainers"
                ),
                problem(
                    "workforce.training_weeks",
                    "is longer than two years (got 105)",
                    "training and ramp-up take weeks, not years"
                ),
            ]
        );
    }

    #[test]
    fn trainers_come_out_of_the_starting_headcount_and_rates_are_not_negative() {
        let text = "trainers = 20\nattrition_per_year = 11\nnew_hire_attrition_per_year = -0.1\n\
            alumni_half_life_weeks = 0";
        let (_, found) = checked(text, "fte = 10");
        assert_eq!(
            found,
            vec![
                problem(
                    "workforce.trainers",
                    "is more than the starting headcount 10 (got 20)",
                    "trainers are senior agents counted in staffing.fte; use at most that many"
                ),
                problem(
                    "workforce.attrition_per_year",
                    "is a turnover rate above 10 a year (got 11)",
                    "a turnover rate is leavers / average headcount a year: 0.2 is 20 %, 1.5 is 150 % (some outsourcers); 10 would replace the team every five weeks"
                ),
                problem(
                    "workforce.new_hire_attrition_per_year",
                    "must not be negative (got -0.1)",
                    "use 0 or a positive number"
                ),
                problem(
                    "workforce.alumni_half_life_weeks",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
            ]
        );
    }

    #[test]
    fn allow_large_does_not_raise_the_time_to_hire_bound_and_its_help_does_not_offer_it() {
        let text = "time_to_hire_weeks = { distribution = \"fixed\", mean = 600.0 }";
        for limits in [Limits::default(), Limits::relaxed()] {
            let found = problems_within(&limits, |c| {
                check(c, &raw(text), &raw("fte = 100"));
            });
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].key_path, "workforce.time_to_hire_weeks.mean");
            assert!(!found[0].help.contains("--allow-large"), "{found:?}");
        }
    }
}
