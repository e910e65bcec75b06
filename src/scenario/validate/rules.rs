//! `[[rules]]`: adaptive policy, "when this signal breaches this threshold
//! for so many weeks, take these actions".

use super::actions::{self, ActionContext};
use super::checker::Checker;
use crate::scenario::policy::{Action, Breach, Rule, Signal};
use crate::scenario::raw_policy::{RawRule, RawSignal};

/// A rule without a usable threshold is dropped (and reported); its other
/// keys and actions are still checked.
pub(super) fn check(
    c: &mut Checker,
    raw: &[RawRule],
    cx: &ActionContext<'_>,
    horizon: u32,
) -> Vec<Rule> {
    (0..raw.len())
        .filter_map(|i| rule(c, i, raw, cx, horizon))
        .collect()
}

/// The `i`th rule; those before it are where a repeated name is found.
fn rule(
    c: &mut Checker,
    i: usize,
    raw: &[RawRule],
    cx: &ActionContext<'_>,
    horizon: u32,
) -> Option<Rule> {
    let path = format!("rules[{i}]");
    let r = &raw[i];
    name(c, &path, r, &raw[..i]);
    let signal = match r.signal {
        RawSignal::CsatMeasured => Signal::CsatMeasured,
        RawSignal::ServiceLevel => Signal::ServiceLevel,
        RawSignal::AbandonRate => Signal::AbandonRate,
        RawSignal::RepeatShare => Signal::RepeatShare,
        RawSignal::Backlog => Signal::Backlog,
        RawSignal::AiErrorRateQa => Signal::AiErrorRateQa,
    };
    if signal == Signal::AiErrorRateQa && cx.qa_sample_per_week == 0 {
        c.push(
            format!("{path}.signal"),
            "watches ai_error_rate_qa, but no QA review samples AI conversations".into(),
            "set ai.qa_sample_per_week (e.g. [ai] qa_sample_per_week = 200), or watch another signal",
        );
    }
    if let Some(n) = r.relative_to_trailing_weeks {
        c.at_least_one(
            &format!("{path}.relative_to_trailing_weeks"),
            n,
            "the number of measured weeks averaged for the baseline, e.g. 8",
        );
    }
    let breach = breach(c, &path, r, signal);
    c.at_least_one(
        &format!("{path}.consecutive_weeks"),
        r.consecutive_weeks,
        "1 acts on the first breaching week; 2 or 3 ignores a single noisy week",
    );
    c.at_least_one(
        &format!("{path}.max_fires"),
        r.max_fires,
        "remove the rule to switch it off",
    );
    c.week_in_horizon(&format!("{path}.from_week"), r.from_week, horizon);
    let actions = rule_actions(c, &path, r, cx);
    let breach = breach?;
    Some(Rule {
        name: r.name.clone(),
        signal,
        breach,
        consecutive_weeks: r.consecutive_weeks,
        cooldown_weeks: r.cooldown_weeks,
        max_fires: r.max_fires,
        from_week: r.from_week,
        trailing_weeks: r.relative_to_trailing_weeks,
        actions,
    })
}

/// `decisions.csv` names the rule that fired, so names must be present and
/// distinct.
fn name(c: &mut Checker, path: &str, r: &RawRule, earlier: &[RawRule]) {
    if r.name.trim().is_empty() {
        c.push(
            format!("{path}.name"),
            "must not be empty".into(),
            "name the rule, e.g. name = \"csat-alarm\"",
        );
    }
    if earlier.iter().any(|o| o.name == r.name) {
        c.push(
            format!("{path}.name"),
            format!("repeats the rule name {:?}", r.name),
            "give every rule its own name; decisions.csv refers to rules by name",
        );
    }
}

/// Exactly one side is watched. A backlog is a count; every other signal is a
/// share, so its threshold is a probability.
fn breach(c: &mut Checker, path: &str, r: &RawRule, signal: Signal) -> Option<Breach> {
    let breach = match (r.below, r.above) {
        (Some(t), None) => Breach::Below(t),
        (None, Some(t)) => Breach::Above(t),
        (Some(_), Some(_)) => {
            c.push(
                path,
                "has both below and above".into(),
                "a rule watches one side: keep below (fires when the signal falls under it) or above",
            );
            return None;
        }
        (None, None) => {
            c.push(
                path,
                "needs a threshold: below or above".into(),
                "add e.g. below = 0.75 for CSAT, or above = 0.05 for the abandon rate",
            );
            return None;
        }
    };
    let key = if r.below.is_some() { "below" } else { "above" };
    let key = format!("{path}.{key}");
    if r.relative_to_trailing_weeks.is_some() {
        // A change from the baseline: a share moves by at most 1 either way.
        let t = breach.threshold();
        if c.finite(&key, t) && signal != Signal::Backlog && !(-1.0..=1.0).contains(&t) {
            c.push(
                key,
                format!(
                    "is a change from the trailing baseline and must be between -1 and 1 (got {t})"
                ),
                "e.g. below = -0.03 fires on a drop of 3 points from the baseline",
            );
        }
    } else if signal == Signal::Backlog {
        c.non_negative(&key, breach.threshold());
    } else {
        c.probability(&key, breach.threshold());
    }
    Some(breach)
}

/// A rule acts in the week after it fires, so its actions carry no week.
fn rule_actions(c: &mut Checker, path: &str, r: &RawRule, cx: &ActionContext<'_>) -> Vec<Action> {
    if r.actions.is_empty() {
        c.push(
            format!("{path}.actions"),
            "is empty".into(),
            "add e.g. actions = [{ action = \"route_to_humans\" }]",
        );
    }
    let mut actions = Vec::new();
    for (j, a) in r.actions.iter().enumerate() {
        let apath = format!("{path}.actions[{j}]");
        if let Some(week) = a.week {
            c.push(
                format!("{apath}.week"),
                format!("does not apply to a rule's action (got {week})"),
                "a rule acts in the week after it fires; remove week",
            );
        }
        if let Some(action) = actions::check(c, &apath, a, cx) {
            actions.push(action);
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;
    use crate::scenario::Problem;

    #[derive(serde::Deserialize)]
    struct List {
        rules: Vec<RawRule>,
    }

    fn checked(text: &str) -> (Vec<Rule>, Vec<Problem>) {
        let raw = raw::<List>(text).rules;
        let cx = ActionContext::new(&["faq"], None);
        let mut rules = Vec::new();
        let found = problems(|c| rules = check(c, &raw, &cx, 52));
        (rules, found)
    }

    #[test]
    fn a_sound_rule_keeps_its_threshold_side_and_actions() {
        let (rules, found) = checked(
            "[[rules]]\nname = \"csat-alarm\"\nsignal = \"csat_measured\"\nbelow = 0.7\n\
             actions = [{ action = \"route_to_humans\", category = \"faq\" }]",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].breach, Breach::Below(0.7));
        assert_eq!(rules[0].consecutive_weeks, 2);
        assert_eq!(
            rules[0].actions,
            vec![Action::RouteToHumans { category: Some(0) }]
        );
    }

    #[test]
    fn a_trailing_rule_takes_a_change_and_a_qa_rule_needs_a_review() {
        let (rules, found) = checked(
            "[[rules]]\nname = \"drop\"\nsignal = \"csat_measured\"\nbelow = -0.03\n\
             relative_to_trailing_weeks = 8\nactions = [{ action = \"route_to_humans\" }]",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(rules[0].trailing_weeks, Some(8));
        assert_eq!(rules[0].breach, Breach::Below(-0.03));
        let (_, found) = checked(
            "[[rules]]\nname = \"qa\"\nsignal = \"ai_error_rate_qa\"\nabove = 1.5\n\
             relative_to_trailing_weeks = 0\nactions = [{ action = \"route_to_humans\" }]",
        );
        let paths: Vec<&str> = found.iter().map(|p| p.key_path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "rules[0].signal",
                "rules[0].relative_to_trailing_weeks",
                "rules[0].above"
            ]
        );
    }

    #[test]
    fn a_rule_without_one_threshold_is_dropped_but_still_checked() {
        let (rules, found) = checked(
            "[[rules]]\nname = \"r\"\nsignal = \"backlog\"\nabove = -3.0\nactions = []\n\
             [[rules]]\nname = \"r\"\nsignal = \"service_level\"\nbelow = 0.5\nabove = 0.5\n\
             consecutive_weeks = 0\nmax_fires = 0\nfrom_week = 52\n\
             actions = [{ action = \"pause_ai_rollout\", week = 3 }]",
        );
        assert_eq!(rules.len(), 1, "the first rule keeps its (bad) threshold");
        assert_eq!(
            found,
            vec![
                problem(
                    "rules[0].above",
                    "must not be negative (got -3)",
                    "use 0 or a positive number"
                ),
                problem(
                    "rules[0].actions",
                    "is empty",
                    "add e.g. actions = [{ action = \"route_to_humans\" }]"
                ),
                problem(
                    "rules[1].name",
                    "repeats the rule name \"r\"",
                    "give every rule its own name; decisions.csv refers to rules by name"
                ),
                problem(
                    "rules[1]",
                    "has both below and above",
                    "a rule watches one side: keep below (fires when the signal falls under it) or above"
                ),
                problem(
                    "rules[1].consecutive_weeks",
                    "must be at least 1 (got 0)",
                    "1 acts on the first breaching week; 2 or 3 ignores a single noisy week"
                ),
                problem(
                    "rules[1].max_fires",
                    "must be at least 1 (got 0)",
                    "remove the rule to switch it off"
                ),
                problem(
                    "rules[1].from_week",
                    "week 52 lies outside the horizon of 52 weeks (weeks count from 0)",
                    "use a week from 0 to 51, or lengthen horizon_weeks"
                ),
                problem(
                    "rules[1].actions[0].week",
                    "does not apply to a rule's action (got 3)",
                    "a rule acts in the week after it fires; remove week"
                ),
            ]
        );
    }

    #[test]
    fn a_share_signal_needs_a_probability_and_a_rule_a_name() {
        let (rules, found) = checked(
            "[[rules]]\nname = \" \"\nsignal = \"abandon_rate\"\nbelow = 1.5\n\
             actions = [{ action = \"pause_ai_rollout\" }]\n\
             [[rules]]\nname = \"quiet\"\nsignal = \"repeat_share\"\n\
             actions = [{ action = \"pause_ai_rollout\" }]",
        );
        assert_eq!(rules.len(), 1);
        assert_eq!(
            found,
            vec![
                problem(
                    "rules[0].name",
                    "must not be empty",
                    "name the rule, e.g. name = \"csat-alarm\""
                ),
                problem(
                    "rules[0].below",
                    "must be a probability between 0 and 1 (got 1.5)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "rules[1]",
                    "needs a threshold: below or above",
                    "add e.g. below = 0.75 for CSAT, or above = 0.05 for the abandon rate"
                ),
            ]
        );
    }
}
