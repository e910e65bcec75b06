//! `[staffing]`: the headcount (constant, or a schedule of week -> FTE) and
//! what an agent's paid hour yields. With `[workforce]`, only the starting
//! headcount comes from here (see `workforce`).

use super::checker::Checker;
use crate::scenario::raw::{RawRosterShape, RawStaffing, RawStaffingStep};
use crate::scenario::{RosterShape, Staffing};

pub(super) fn check(c: &mut Checker, s: &RawStaffing, horizon: u32) -> Staffing {
    let fte_schedule = fte_schedule(c, s, horizon);
    hours(c, s);
    c.non_negative("staffing.answer_seconds", s.answer_seconds);
    c.probability("staffing.service_level_target", s.service_level_target);
    Staffing {
        fte_schedule,
        paid_hours_per_week: s.paid_hours_per_week,
        shrinkage: s.shrinkage,
        concurrency: s.concurrency,
        handle_factor_per_extra_chat: s.handle_factor_per_extra_chat,
        max_occupancy: s.max_occupancy,
        roster: match s.roster {
            RawRosterShape::FollowDemand => RosterShape::FollowDemand,
            RawRosterShape::Flat => RosterShape::Flat,
        },
        answer_seconds: s.answer_seconds,
        service_level_target: s.service_level_target,
    }
}

/// Exactly one of `fte` and `schedule`; a stand-in of nobody when that rule
/// is broken (the scenario is refused anyway).
fn fte_schedule(c: &mut Checker, s: &RawStaffing, horizon: u32) -> Vec<(u32, f64)> {
    match (s.fte, s.schedule.is_empty()) {
        (Some(fte), true) => {
            c.non_negative("staffing.fte", fte);
            c.at_most("staffing.fte", fte, c.limits.max_fte);
            vec![(0, fte)]
        }
        (None, false) => schedule(c, &s.schedule, horizon),
        (Some(_), false) => {
            c.push(
                "staffing",
                "has both fte and schedule".into(),
                "keep fte for a constant headcount or schedule for a list of week -> FTE, not both",
            );
            vec![(0, 0.0)]
        }
        (None, true) => {
            c.push(
                "staffing",
                "needs fte or schedule".into(),
                "add fte = 1200, or schedule = [{ from_week = 0, fte = 1200 }, ..]",
            );
            vec![(0, 0.0)]
        }
    }
}

/// Steps in increasing weeks from week 0, so a week's headcount is the last
/// step at or before it.
fn schedule(c: &mut Checker, schedule: &[RawStaffingStep], horizon: u32) -> Vec<(u32, f64)> {
    let mut steps: Vec<(u32, f64)> = Vec::new();
    for (i, step) in schedule.iter().enumerate() {
        let path = format!("staffing.schedule[{i}]");
        c.non_negative(&format!("{path}.fte"), step.fte);
        c.at_most(&format!("{path}.fte"), step.fte, c.limits.max_fte);
        c.week_in_horizon(&format!("{path}.from_week"), step.from_week, horizon);
        if let Some((prev, _)) = steps.last() {
            if step.from_week <= *prev {
                c.push(
                    format!("{path}.from_week"),
                    format!(
                        "must come after the previous step's week {prev} (got {})",
                        step.from_week
                    ),
                    "list the steps in increasing week order",
                );
            }
        }
        steps.push((step.from_week, step.fte));
    }
    if steps.first().is_some_and(|(w, _)| *w != 0) {
        c.push(
            "staffing.schedule[0].from_week",
            "the first step must start at week 0".into(),
            "add a step { from_week = 0, fte = .. } for the starting headcount",
        );
    }
    steps
}

/// Paid hours, the share of them lost to shrinkage and the chats handled at
/// once: together, an agent's productive capacity.
fn hours(c: &mut Checker, s: &RawStaffing) {
    if c.finite("staffing.paid_hours_per_week", s.paid_hours_per_week)
        && !(s.paid_hours_per_week > 0.0 && s.paid_hours_per_week <= 168.0)
    {
        c.push(
            "staffing.paid_hours_per_week",
            format!(
                "must be above 0 and at most 168 (got {})",
                s.paid_hours_per_week
            ),
            "a full-time agent is paid about 37.5 to 40 hours a week",
        );
    }
    if c.finite("staffing.shrinkage", s.shrinkage) && !(0.0..1.0).contains(&s.shrinkage) {
        c.push(
            "staffing.shrinkage",
            format!("must be at least 0 and below 1 (got {})", s.shrinkage),
            "shrinkage is the share of paid time not available for contacts, typically 0.3 to 0.35",
        );
    }
    if c.finite("staffing.concurrency", s.concurrency) && !(1.0..=10.0).contains(&s.concurrency) {
        c.push(
            "staffing.concurrency",
            format!("must be between 1 and 10 (got {})", s.concurrency),
            "chat agents handle 1 to 3 chats at once; use 1 for phone",
        );
    }
    if let Some(max) = s.max_occupancy {
        let key = "staffing.max_occupancy";
        if c.finite(key, max) && !(0.5..=1.0).contains(&max) {
            c.push(
                key,
                format!("must be between 0.5 and 1 (got {max})"),
                "the largest share of their slots agents on shift are busy; floors cap it at 0.85 to 0.95, and 1 means no ceiling",
            );
        }
    }
    let key = "staffing.handle_factor_per_extra_chat";
    let k = s.handle_factor_per_extra_chat;
    if c.finite(key, k) && !(0.0..=1.0).contains(&k) {
        c.push(
            key,
            format!("must be between 0 and 1 (got {k})"),
            "each chat beyond the first makes every chat this much longer: 0.2 turns 2 concurrent chats into 1.67 chats' capacity; 0 keeps capacity proportional to concurrency",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    fn checked(text: &str) -> (Option<Staffing>, Vec<crate::scenario::Problem>) {
        let mut staffing = None;
        let found = problems(|c| staffing = Some(check(c, &raw(text), 52)));
        (staffing, found)
    }

    #[test]
    fn a_constant_headcount_or_a_schedule_from_week_0_is_sound() {
        let (staffing, found) = checked("fte = 120\nroster = \"flat\"");
        assert!(found.is_empty());
        let staffing = staffing.unwrap();
        assert_eq!(staffing.fte_schedule, vec![(0, 120.0)]);
        assert_eq!(staffing.roster, RosterShape::Flat);
        let (staffing, found) =
            checked("schedule = [{ from_week = 0, fte = 120 }, { from_week = 10, fte = 80 }]");
        assert!(found.is_empty());
        assert_eq!(staffing.unwrap().fte_schedule, vec![(0, 120.0), (10, 80.0)]);
    }

    #[test]
    fn an_occupancy_ceiling_is_kept_between_a_half_and_one() {
        let (staffing, found) = checked("fte = 10\nmax_occupancy = 0.9");
        assert!(found.is_empty());
        assert_eq!(staffing.unwrap().max_occupancy, Some(0.9));
        assert_eq!(checked("fte = 10").0.unwrap().max_occupancy, None);
        assert_eq!(
            checked("fte = 10\nmax_occupancy = 1.2").1,
            vec![problem(
                "staffing.max_occupancy",
                "must be between 0.5 and 1 (got 1.2)",
                "the largest share of their slots agents on shift are busy; floors cap it at 0.85 to 0.95, and 1 means no ceiling"
            )]
        );
    }

    #[test]
    fn fte_and_schedule_are_one_or_the_other() {
        let both = "fte = 10\nschedule = [{ from_week = 0, fte = 10 }]";
        assert_eq!(
            checked(both).1,
            vec![problem(
                "staffing",
                "has both fte and schedule",
                "keep fte for a constant headcount or schedule for a list of week -> FTE, not both"
            )]
        );
        assert_eq!(
            checked("").1,
            vec![problem(
                "staffing",
                "needs fte or schedule",
                "add fte = 1200, or schedule = [{ from_week = 0, fte = 1200 }, ..]"
            )]
        );
    }

    #[test]
    fn schedule_steps_are_checked_in_order_and_must_start_at_week_0() {
        let text = "schedule = [{ from_week = 5, fte = 10 }, { from_week = 5, fte = -1 }, \
            { from_week = 52, fte = 300000 }]";
        assert_eq!(
            checked(text).1,
            vec![
                problem(
                    "staffing.schedule[1].fte",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
                problem(
                    "staffing.schedule[1].from_week",
                    "must come after the previous step's week 5 (got 5)",
                    "list the steps in increasing week order"
                ),
                problem(
                    "staffing.schedule[2].fte",
                    "is larger than the limit 200000 (got 300000)",
                    "use a smaller value, or pass --allow-large if this machine can take it"
                ),
                problem(
                    "staffing.schedule[2].from_week",
                    "week 52 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
                problem(
                    "staffing.schedule[0].from_week",
                    "the first step must start at week 0",
                    "add a step { from_week = 0, fte = .. } for the starting headcount"
                ),
            ]
        );
    }

    #[test]
    fn hours_shrinkage_and_concurrency_are_bounded() {
        let text = "fte = 10\npaid_hours_per_week = 169\nshrinkage = 1.0\nconcurrency = 0.5\n\
            answer_seconds = -1\nservice_level_target = 80";
        assert_eq!(
            checked(text).1,
            vec![
                problem(
                    "staffing.paid_hours_per_week",
                    "must be above 0 and at most 168 (got 169)",
                    "a full-time agent is paid about 37.5 to 40 hours a week"
                ),
                problem(
                    "staffing.shrinkage",
                    "must be at least 0 and below 1 (got 1)",
                    "shrinkage is the share of paid time not available for contacts, typically 0.3 to 0.35"
                ),
                problem(
                    "staffing.concurrency",
                    "must be between 1 and 10 (got 0.5)",
                    "chat agents handle 1 to 3 chats at once; use 1 for phone"
                ),
                problem(
                    "staffing.answer_seconds",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
                problem(
                    "staffing.service_level_target",
                    "must be a probability between 0 and 1 (got 80)",
                    "write a share such as 0.25 for 25%"
                ),
            ]
        );
    }
}
