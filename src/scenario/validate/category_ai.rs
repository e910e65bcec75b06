//! A category's AI side: the share routed to the AI week by week, what an AI
//! attempt ends in and how long it takes. The outcomes and handle time are
//! required only of a category the AI ever sees, so a human-only category
//! needs no AI keys at all.

use super::checker::Checker;
use super::SUM_TOLERANCE;
use crate::scenario::raw::{RawAiOutcomes, RawCategory, RawRolloutStep};
use crate::scenario::{AiOutcomes, DistributionKind, DurationSpec};

pub(super) struct AiSide {
    /// `(from_week, share)`, first step at week 0.
    pub rollout: Vec<(u32, f64)>,
    pub outcomes: AiOutcomes,
    pub handle_minutes: DurationSpec,
}

/// `path` is the category's (`categories[i]`).
pub(super) fn check(c: &mut Checker, path: &str, rc: &RawCategory, horizon: u32) -> AiSide {
    c.probability(&format!("{path}.ai_share"), rc.ai_share);
    let rollout = rollout(
        c,
        &format!("{path}.ai_rollout"),
        rc.ai_share,
        &rc.ai_rollout,
        horizon,
    );
    let uses_ai = !rc.never_ai && rollout.iter().any(|(_, s)| *s > 0.0);
    if rc.never_ai && (rc.ai_share > 0.0 || !rc.ai_rollout.is_empty()) {
        c.push(
            format!("{path}.never_ai"),
            "is true but the category also has an AI share or rollout".into(),
            "remove ai_share and ai_rollout, or set never_ai = false",
        );
    }
    let outcomes = outcomes_if_used(c, path, rc, uses_ai);
    let handle_minutes = handle_minutes_if_used(c, path, rc, uses_ai);
    AiSide {
        rollout,
        outcomes,
        handle_minutes,
    }
}

/// The week-0 share from `ai_share` unless a step starts at week 0 itself.
fn rollout(
    c: &mut Checker,
    path: &str,
    initial: f64,
    steps: &[RawRolloutStep],
    horizon: u32,
) -> Vec<(u32, f64)> {
    let mut rollout = vec![(0, initial)];
    let mut previous: Option<u32> = None;
    for (i, step) in steps.iter().enumerate() {
        let item = format!("{path}[{i}]");
        c.probability(&format!("{item}.share"), step.share);
        c.week_in_horizon(&format!("{item}.from_week"), step.from_week, horizon);
        if previous.is_some_and(|p| step.from_week <= p) {
            c.push(
                format!("{item}.from_week"),
                format!(
                    "must come after the previous step's week {} (got {})",
                    previous.unwrap_or(0),
                    step.from_week
                ),
                "list the steps in increasing week order",
            );
        }
        previous = Some(step.from_week);
        if step.from_week == 0 {
            rollout[0] = (0, step.share);
        } else {
            rollout.push((step.from_week, step.share));
        }
    }
    rollout
}

/// A category the AI never sees escalates everything, should it ever be asked.
fn outcomes_if_used(c: &mut Checker, path: &str, rc: &RawCategory, uses_ai: bool) -> AiOutcomes {
    if let Some(o) = &rc.ai_outcomes {
        return outcomes(c, &format!("{path}.ai_outcomes"), o);
    }
    if uses_ai {
        c.push(
            path,
            "sends contacts to the AI but has no ai_outcomes".into(),
            "add ai_outcomes = { resolved = .., escalated = .., wrong_answer = .., stuck = .. }",
        );
    }
    AiOutcomes {
        resolved: 0.0,
        escalated: 1.0,
        wrong_answer: 0.0,
        stuck: 0.0,
    }
}

/// The four ends of an AI attempt are exhaustive, so they must sum to 1.
fn outcomes(c: &mut Checker, path: &str, raw: &RawAiOutcomes) -> AiOutcomes {
    let parts = [
        ("resolved", raw.resolved),
        ("escalated", raw.escalated),
        ("wrong_answer", raw.wrong_answer),
        ("stuck", raw.stuck),
    ];
    for (key, value) in parts {
        c.probability(&format!("{path}.{key}"), value);
    }
    let total: f64 = parts.iter().map(|(_, v)| v).sum();
    if total.is_finite() && (total - 1.0).abs() > SUM_TOLERANCE {
        c.push(
            path,
            format!("resolved + escalated + wrong_answer + stuck must sum to 1 (got {total})"),
            "the four outcomes of an AI attempt are exhaustive; adjust them so they add up to 1",
        );
    }
    AiOutcomes {
        resolved: raw.resolved,
        escalated: raw.escalated,
        wrong_answer: raw.wrong_answer,
        stuck: raw.stuck,
    }
}

fn handle_minutes_if_used(
    c: &mut Checker,
    path: &str,
    rc: &RawCategory,
    uses_ai: bool,
) -> DurationSpec {
    if let Some(h) = &rc.ai_handle_minutes {
        return c.duration(&format!("{path}.ai_handle_minutes"), h);
    }
    if uses_ai {
        c.push(
            path,
            "sends contacts to the AI but has no ai_handle_minutes".into(),
            "add ai_handle_minutes = { distribution = \"lognormal\", mean = 2.0, cv = 0.8 }",
        );
    }
    DurationSpec {
        kind: DistributionKind::Fixed,
        mean: 1.0,
        cv: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    const HUMAN: &str = "name = \"faq\"\nshare = 1.0\n\
        human_handle_minutes = { distribution = \"exponential\", mean = 6.0 }\n";

    fn category(keys: &str) -> RawCategory {
        raw(&format!("{HUMAN}{keys}"))
    }

    #[test]
    fn a_rollout_starts_from_ai_share_unless_a_step_starts_at_week_0() {
        let text = "ai_share = 0.2\nai_rollout = [{ from_week = 4, share = 0.5 }]\n\
            ai_outcomes = { resolved = 0.7, escalated = 0.2, wrong_answer = 0.05, stuck = 0.05 }\n\
            ai_handle_minutes = { distribution = \"lognormal\", mean = 2.0, cv = 0.8 }";
        let mut side = None;
        let found = problems(|c| side = Some(check(c, "categories[0]", &category(text), 52)));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(side.take().unwrap().rollout, vec![(0, 0.2), (4, 0.5)]);
        let text = "ai_share = 0.2\nai_rollout = [{ from_week = 0, share = 0.0 }]";
        let found = problems(|c| side = Some(check(c, "categories[0]", &category(text), 52)));
        assert!(
            found.is_empty(),
            "an AI share of 0 needs no AI keys: {found:?}"
        );
        assert_eq!(side.unwrap().rollout, vec![(0, 0.0)]);
    }

    #[test]
    fn a_category_the_ai_sees_needs_its_outcomes_and_handle_time() {
        let found = problems(|c| {
            check(c, "categories[3]", &category("ai_share = 0.5"), 52);
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "categories[3]",
                    "sends contacts to the AI but has no ai_outcomes",
                    "add ai_outcomes = { resolved = .., escalated = .., wrong_answer = .., stuck = .. }"
                ),
                problem(
                    "categories[3]",
                    "sends contacts to the AI but has no ai_handle_minutes",
                    "add ai_handle_minutes = { distribution = \"lognormal\", mean = 2.0, cv = 0.8 }"
                ),
            ]
        );
    }

    #[test]
    fn rollout_steps_must_lie_in_the_horizon_in_increasing_weeks() {
        let text = "never_ai = true\nai_rollout = [{ from_week = 8, share = 0.5 }, \
            { from_week = 3, share = 1.5 }, { from_week = 60, share = 0.5 }]";
        let found = problems(|c| {
            check(c, "categories[0]", &category(text), 52);
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "categories[0].ai_rollout[1].share",
                    "must be a probability between 0 and 1 (got 1.5)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "categories[0].ai_rollout[1].from_week",
                    "must come after the previous step's week 8 (got 3)",
                    "list the steps in increasing week order"
                ),
                problem(
                    "categories[0].ai_rollout[2].from_week",
                    "week 60 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
                problem(
                    "categories[0].never_ai",
                    "is true but the category also has an AI share or rollout",
                    "remove ai_share and ai_rollout, or set never_ai = false"
                ),
            ]
        );
    }

    #[test]
    fn outcomes_must_be_probabilities_summing_to_1() {
        let text = "ai_outcomes = { resolved = 0.5, escalated = 0.25, wrong_answer = -0.25, stuck = 0.25 }";
        let found = problems(|c| {
            check(c, "categories[0]", &category(text), 52);
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "categories[0].ai_outcomes.wrong_answer",
                    "must be a probability between 0 and 1 (got -0.25)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "categories[0].ai_outcomes",
                    "resolved + escalated + wrong_answer + stuck must sum to 1 (got 0.75)",
                    "the four outcomes of an AI attempt are exhaustive; adjust them so they add up to 1"
                ),
            ]
        );
    }
}
