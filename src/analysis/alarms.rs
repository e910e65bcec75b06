//! Which alarm fired first. A scenario that watches several signals (a
//! service-level alarm, a CSAT alarm, a QA review) is only as early as the
//! first of them, and the brief says which one that was, replication by
//! replication, so a reader sees what actually caught the problem.

use super::recorder::DecisionEntry;
use super::replicate::RunResult;
use crate::scenario::{Rule, Scenario};

/// One rule's record as the first to act.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstAlarm {
    pub rule: String,
    /// The signal it watches, as scenario files name it.
    pub signal: &'static str,
    /// Replications in which it acted before any other rule.
    pub replications: usize,
    /// The earliest and latest week it acted in, over those replications.
    pub weeks: (u32, u32),
}

/// What the rules of a run did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlarmFindings {
    /// Rules the scenario declares.
    pub rules: usize,
    pub replications: usize,
    /// The rules that acted first at least once, most often first.
    pub first: Vec<FirstAlarm>,
}

/// Reads the decision log: in each replication, the rule behind the first
/// rule-driven decision (ties within a week go to the rule declared first).
pub fn first_alarms(scenario: &Scenario, result: &RunResult) -> AlarmFindings {
    first_of(&scenario.rules, &result.decisions, result.replications)
}

/// `first_alarms` on the decision log itself: `(replication, decision)`.
fn first_of(
    rules: &[Rule],
    decisions: &[(u32, DecisionEntry)],
    replications: u32,
) -> AlarmFindings {
    let mut first: Vec<FirstAlarm> = Vec::new();
    for replication in 0..replications {
        let earliest = decisions
            .iter()
            .filter(|(r, d)| *r == replication && d.source == "rule")
            .map(|(_, d)| d)
            .min_by_key(|d| {
                let order = rules.iter().position(|r| r.name == d.rule);
                (d.week, order)
            });
        let Some(d) = earliest else { continue };
        match first.iter_mut().find(|f| f.rule == d.rule) {
            Some(f) => {
                f.replications += 1;
                f.weeks = (f.weeks.0.min(d.week), f.weeks.1.max(d.week));
            }
            None => first.push(FirstAlarm {
                rule: d.rule.clone(),
                signal: rules
                    .iter()
                    .find(|r| r.name == d.rule)
                    .map_or("", |r| r.signal.name()),
                replications: 1,
                weeks: (d.week, d.week),
            }),
        }
    }
    first.sort_by(|a, b| {
        b.replications
            .cmp(&a.replications)
            .then(a.weeks.cmp(&b.weeks))
    });
    AlarmFindings {
        rules: rules.len(),
        replications: replications as usize,
        first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Action, Breach, Signal};

    fn rule(name: &str, signal: Signal) -> Rule {
        Rule {
            name: name.into(),
            signal,
            breach: Breach::Below(0.8),
            consecutive_weeks: 1,
            cooldown_weeks: 0,
            max_fires: 1,
            from_week: 0,
            trailing_weeks: None,
            actions: vec![Action::OpenHumanExit],
        }
    }

    fn decision(replication: u32, week: u32, source: &str, rule: &str) -> (u32, DecisionEntry) {
        let entry = DecisionEntry {
            week,
            source: source.into(),
            rule: rule.into(),
            action: "open_human_exit".into(),
            category: String::new(),
            value: None,
            reversal: true,
        };
        (replication, entry)
    }

    #[test]
    fn the_earliest_rule_decision_of_each_replication_counts_and_ties_go_to_the_first_declared() {
        let rules = [
            rule("sl", Signal::ServiceLevel),
            rule("csat", Signal::CsatMeasured),
        ];
        let log = [
            decision(0, 3, "planned", ""),
            decision(0, 40, "rule", "csat"),
            decision(0, 42, "rule", "sl"),
            decision(1, 44, "rule", "csat"),
            decision(1, 44, "rule", "sl"),
            decision(2, 41, "rule", "csat"),
        ];
        // Replication 3 never fires.
        let a = first_of(&rules, &log, 4);
        assert_eq!(a.rules, 2);
        assert_eq!(a.replications, 4);
        let summary: Vec<(&str, &str, usize, (u32, u32))> = a
            .first
            .iter()
            .map(|f| (f.rule.as_str(), f.signal, f.replications, f.weeks))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("csat", "csat_measured", 2, (40, 41)),
                ("sl", "service_level", 1, (44, 44)),
            ]
        );
    }
}
