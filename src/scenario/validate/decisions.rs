//! `[[decisions]]`: the planned timeline, each an action in a given week.

use super::actions::{self, ActionContext};
use super::checker::Checker;
use crate::scenario::policy::Decision;
use crate::scenario::raw_policy::RawAction;

/// Sorted by week; decisions of one week keep the file's order, which is the
/// order they are taken in.
pub(super) fn check(
    c: &mut Checker,
    raw: &[RawAction],
    cx: &ActionContext<'_>,
    horizon: u32,
) -> Vec<Decision> {
    let mut decisions = Vec::new();
    for (i, d) in raw.iter().enumerate() {
        let path = format!("decisions[{i}]");
        let week = match d.week {
            Some(week) => {
                c.week_in_horizon(&format!("{path}.week"), week, horizon);
                week
            }
            None => {
                c.push(
                    &path,
                    "needs week, the week the decision takes effect".into(),
                    "add e.g. week = 8",
                );
                0
            }
        };
        if let Some(action) = actions::check(c, &path, d, cx) {
            decisions.push(Decision { week, action });
        }
    }
    decisions.sort_by_key(|d| d.week);
    decisions
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;
    use crate::scenario::policy::Action;

    #[derive(serde::Deserialize)]
    struct List {
        decisions: Vec<RawAction>,
    }

    fn checked(text: &str) -> (Vec<Decision>, Vec<crate::scenario::Problem>) {
        let raw = raw::<List>(text).decisions;
        let cx = ActionContext::new(&["faq"], None);
        let mut decisions = Vec::new();
        let found = problems(|c| decisions = check(c, &raw, &cx, 52));
        (decisions, found)
    }

    #[test]
    fn decisions_are_sorted_by_week_keeping_the_file_order_within_a_week() {
        let (decisions, found) = checked(
            "[[decisions]]\nweek = 9\naction = \"pause_ai_rollout\"\n\
             [[decisions]]\nweek = 3\naction = \"route_to_humans\"\n\
             [[decisions]]\nweek = 3\naction = \"resume_ai_rollout\"",
        );
        assert!(found.is_empty());
        let order: Vec<(u32, Action)> = decisions.into_iter().map(|d| (d.week, d.action)).collect();
        assert_eq!(
            order,
            vec![
                (3, Action::RouteToHumans { category: None }),
                (3, Action::ResumeAiRollout),
                (9, Action::PauseAiRollout),
            ]
        );
    }

    #[test]
    fn a_decision_needs_a_week_inside_the_horizon() {
        let (decisions, found) = checked(
            "[[decisions]]\naction = \"pause_ai_rollout\"\n\
             [[decisions]]\nweek = 52\naction = \"resume_ai_rollout\"",
        );
        assert_eq!(decisions.len(), 2, "the action itself is sound");
        assert_eq!(
            found,
            vec![
                problem(
                    "decisions[0]",
                    "needs week, the week the decision takes effect",
                    "add e.g. week = 8"
                ),
                problem(
                    "decisions[1].week",
                    "week 52 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
            ]
        );
    }
}
