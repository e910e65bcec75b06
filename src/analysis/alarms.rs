//! Which alarm fired first. A scenario that watches several signals (a
//! service-level alarm, a CSAT alarm, a QA review) is only as early as the
//! first of them, and the brief says which one that was, replication by
//! replication, so a reader sees what actually caught the problem.

use super::replicate::RunResult;
use crate::scenario::Scenario;

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
    let mut first: Vec<FirstAlarm> = Vec::new();
    for replication in 0..result.replications {
        let earliest = result
            .decisions
            .iter()
            .filter(|(r, d)| *r == replication && d.source == "rule")
            .map(|(_, d)| d)
            .min_by_key(|d| {
                let order = scenario.rules.iter().position(|r| r.name == d.rule);
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
                signal: scenario
                    .rules
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
        rules: scenario.rules.len(),
        replications: result.replications as usize,
        first,
    }
}
