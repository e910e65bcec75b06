//! The scenarios a reversibility analysis runs beside the base: the
//! counterfactual, the base with its reversal held where it came, a cut of
//! another size, and the levers. Each is the scenario file's scenario with one
//! thing changed, run with the same seeds, so a difference between two runs
//! is that change's effect (`crate::random` says what is paired).

use super::super::replicate::ReplicationResult;
use crate::scenario::{Action, Breach, Decision, Outsourcing, Pool, Scenario, Signal};

/// The week the automation bet starts: `[reversibility] change_week`, else
/// the first planned change decision or AI-rollout step above week 0's share.
pub fn change_week(s: &Scenario) -> Option<u32> {
    if let Some(week) = s.reversibility.change_week {
        return Some(week);
    }
    let planned = s
        .decisions
        .iter()
        .find(|d| d.action.is_change())
        .map(|d| d.week);
    // AI already live at week 0 is the baseline, not the change.
    let rollout = s
        .categories
        .iter()
        .filter(|c| !c.never_ai)
        .filter_map(|c| {
            let start = c.ai_share_in_week(0);
            c.ai_rollout
                .iter()
                .find(|(week, share)| *week > 0 && *share > start)
                .map(|(week, _)| *week)
        })
        .min();
    match (planned, rollout) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The plan without the bet: AI shares stay where they were before the
/// change week, no decision from the change week on is taken, and no rule is
/// evaluated (rules watch for the bet going wrong). Everything before the
/// change is the base's, so with the same seeds both runs share those weeks.
pub fn counterfactual(s: &Scenario, change: u32) -> Scenario {
    let mut v = s.clone();
    v.decisions.retain(|d| d.week < change);
    v.rules.clear();
    for c in &mut v.categories {
        c.ai_rollout.retain(|(week, _)| *week < change);
    }
    v
}

/// The scenario with its cut set to `fte`: the first planned layoff resized,
/// or a layoff added at the change week when none is planned.
pub fn with_cut(s: &Scenario, change: u32, fte: f64) -> Scenario {
    let mut v = s.clone();
    match v
        .decisions
        .iter_mut()
        .find(|d| matches!(d.action, Action::Layoff { .. }))
    {
        Some(d) => {
            if let Action::Layoff { fte: f, .. } = &mut d.action {
                *f = fte;
            }
        }
        None => {
            v.decisions.push(Decision {
                week: change,
                action: Action::Layoff {
                    fte,
                    pools: vec![
                        Pool::Waiting,
                        Pool::Training,
                        Pool::Ramping,
                        Pool::Proficient,
                    ],
                },
            });
            v.decisions.sort_by_key(|d| d.week);
        }
    }
    v
}

/// The week of the scenario's first planned layoff, the one `with_cut`
/// resizes: variants of the cut share everything before it.
pub fn first_layoff_week(s: &Scenario) -> Option<u32> {
    s.decisions
        .iter()
        .find(|d| matches!(d.action, Action::Layoff { .. }))
        .map(|d| d.week)
}

/// The size of the scenario's cut: its first planned layoff, else 0.
pub fn planned_cut(s: &Scenario) -> f64 {
    s.decisions
        .iter()
        .find_map(|d| match d.action {
            Action::Layoff { fte, .. } => Some(fte),
            _ => None,
        })
        .unwrap_or(0.0)
}

/// The scenario with every rule that fired in replication `r` replaced by
/// its actions planned for the week they were taken, and no rules left: the
/// reversal stays where it was while something else (the cut, a lever) is
/// varied. With the same seeds it reproduces `r` itself.
pub fn with_reversal_fixed(s: &Scenario, r: &ReplicationResult) -> Scenario {
    let mut v = s.clone();
    let mut fired: Vec<(u32, &str)> = r
        .decisions
        .iter()
        .filter(|d| d.source == "rule")
        .map(|d| (d.week, d.rule.as_str()))
        .collect();
    fired.dedup();
    for (week, name) in fired {
        if let Some(rule) = s.rules.iter().find(|rule| rule.name == name) {
            v.decisions.extend(rule.actions.iter().map(|a| Decision {
                week,
                action: a.clone(),
            }));
        }
    }
    v.decisions.sort_by_key(|d| d.week);
    v.rules.clear();
    v
}

/// A way to shorten recovery, pulled at the decision it modifies.
pub struct Lever {
    pub name: &'static str,
    pub description: &'static str,
    /// The variant: from the base scenario and the base with its reversal
    /// fixed (in week `reversal`); `None` where the lever does not apply.
    pub apply: fn(&Scenario, &Scenario, u32) -> Option<Scenario>,
}

/// `fixed` with `action` taken in the reversal week.
fn at_reversal(fixed: &Scenario, reversal: u32, action: Action) -> Scenario {
    let mut v = fixed.clone();
    v.decisions.push(Decision {
        week: reversal,
        action,
    });
    v.decisions.sort_by_key(|d| d.week);
    v
}

pub const LEVERS: &[Lever] = &[
    Lever {
        name: "alumni_retention",
        description: "keep laid-off staff warm: twice the share willing to return (at least 20 %, at most all), willingness lasting twice as long; acts from the layoff (nobody is an alumnus before)",
        apply: |_, fixed, _| {
            let mut v = fixed.clone();
            let w = v.workforce.as_mut()?;
            w.alumni_return_share = (w.alumni_return_share * 2.0).clamp(0.2, 1.0);
            w.alumni_half_life_weeks *= 2.0;
            Some(v)
        },
    },
    Lever {
        name: "recruiting_capacity",
        description: "from the reversal, twice the hires recruiting can onboard a week, and hiring 25 % faster",
        apply: |_, fixed, reversal| {
            fixed.workforce.as_ref()?;
            Some(at_reversal(
                fixed,
                reversal,
                Action::ScaleRecruiting {
                    capacity: 2.0,
                    time_to_hire: 0.75,
                },
            ))
        },
    },
    Lever {
        name: "retained_trainers",
        description: "layoffs spare the trainers, and at the reversal the training team doubles from experienced agents",
        apply: |_, fixed, reversal| {
            fixed.workforce.as_ref()?.trainers?;
            let mut v = at_reversal(fixed, reversal, Action::ScaleTrainers { factor: 2.0 });
            for d in &mut v.decisions {
                if let Action::Layoff { pools, .. } = &mut d.action {
                    pools.retain(|p| *p != Pool::Trainers);
                }
            }
            Some(v)
        },
    },
    Lever {
        name: "outsourcing_contract",
        description: "a surge contract signed in advance: started with the reversal at half the lead time (a contract of 10 % of the headcount at 1.4x pay when none exists)",
        apply: |_, fixed, reversal| {
            let mut v = fixed.clone();
            let pay = v.costs.agent_cost_per_hour;
            let w = v.workforce.as_mut()?;
            let contract = w.outsourcing.get_or_insert(Outsourcing {
                lead_time_weeks: 4,
                ramp_weeks: 0,
                notice_weeks: 0,
                capacity_fte: (w.initial_fte * 0.1).round(),
                cost_per_hour: pay * 1.4,
                error_multiplier: 1.2,
                csat_multiplier: 0.97,
            });
            contract.lead_time_weeks /= 2;
            // A contract already started at the reversal restarts with the
            // shorter lead time; otherwise it starts then.
            v.decisions
                .retain(|d| !(d.week == reversal && d.action == Action::StartOutsourcing));
            Some(at_reversal(&v, reversal, Action::StartOutsourcing))
        },
    },
    Lever {
        name: "earlier_trigger",
        description: "rules act one week sooner (one fewer consecutive week, at least 1) on a threshold 2 points stricter; acts when the alarm fires",
        apply: |s, _, _| {
            let mut v = s.clone();
            if v.rules.is_empty() {
                return None;
            }
            for rule in &mut v.rules {
                rule.consecutive_weeks = rule.consecutive_weeks.saturating_sub(1).max(1);
                rule.breach = match (rule.signal, rule.breach) {
                    (Signal::Backlog, Breach::Above(t)) => Breach::Above(t * 0.8),
                    (Signal::Backlog, Breach::Below(t)) => Breach::Below(t * 1.2),
                    (_, Breach::Below(t)) => Breach::Below((t + 0.02).min(1.0)),
                    (_, Breach::Above(t)) => Breach::Above((t - 0.02).max(0.0)),
                };
            }
            Some(v)
        },
    },
];

/// Names of the levers, in definition order.
pub fn lever_names() -> Vec<&'static str> {
    LEVERS.iter().map(|l| l.name).collect()
}
