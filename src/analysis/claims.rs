//! Claim durability: the headline sentences a sponsor is tempted to announce a
//! month after an AI rollout, and the share of replications in which each one
//! still holds in each of the four quarters that follow.
//!
//! How the claims are derived (and said in the brief):
//! - the *change* is the first week any category is routed to the AI;
//! - the *first month* is the four weeks from the change; *before* is every
//!   week before it (none when the AI starts in week 0);
//! - each claim's number is read off the first month's mean over replications
//!   and rounded *towards the weaker claim* (down to a multiple of 5 points or
//!   two significant figures), as a careful sponsor would;
//! - a quarter is a 13-week block after the first month; in each replication a
//!   claim holds in a quarter if the quarter's figure (a ratio of that
//!   quarter's summed counters) meets it, comparing with the same
//!   replication's "before" where the claim needs one.

use super::experiment::DetailedRun;
use super::metrics::metric_index;
use crate::scenario::Scenario;

pub const FIRST_MONTH_WEEKS: usize = 4;
pub const QUARTER_WEEKS: usize = 13;
pub const QUARTERS: usize = 4;
/// "CSAT unchanged": within this many points (of 100) below the level before.
pub const CSAT_TOLERANCE: f64 = 0.02;

/// One quarter's verdict for one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterHold {
    /// Weeks `[from, to)`; `to` is clamped to the horizon.
    pub from_week: usize,
    pub to_week: usize,
    /// Share of replications in which the claim holds; `None` when the
    /// quarter starts after the horizon.
    pub share_holding: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub statement: String,
    /// How the number in the statement was derived from the first month.
    pub derivation: String,
    pub quarters: Vec<QuarterHold>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimsReport {
    /// First week routed to the AI; `None` when the scenario has no rollout.
    pub change_week: Option<usize>,
    pub claims: Vec<Claim>,
    /// Claims that could not be made, and why.
    pub not_made: Vec<String>,
}

/// `v` rounded down to a multiple of `step`.
fn floor_to(v: f64, step: f64) -> f64 {
    (v / step + 1e-9).floor() * step
}

/// `v` rounded down to two significant figures (734 → 730, 1,260 → 1,200).
pub fn floor_two_significant(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 0.0;
    }
    let magnitude = 10f64.powi(v.log10().floor() as i32 - 1);
    floor_to(v, magnitude.max(1.0))
}

fn mean(values: &[f64]) -> f64 {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        f64::NAN
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    }
}

/// Share of replications for which `holds(i)` is true, over replications
/// where it can be judged (`Some`).
fn share(n: usize, holds: impl Fn(usize) -> Option<bool>) -> Option<f64> {
    let judged: Vec<bool> = (0..n).filter_map(holds).collect();
    if judged.is_empty() {
        None
    } else {
        Some(judged.iter().filter(|h| **h).count() as f64 / judged.len() as f64)
    }
}

/// The quarters after the first month, clamped to the horizon.
pub fn quarter_blocks(change_week: usize, horizon: usize) -> Vec<(usize, usize)> {
    (0..QUARTERS)
        .map(|q| {
            let from = change_week + FIRST_MONTH_WEEKS + q * QUARTER_WEEKS;
            (from, (from + QUARTER_WEEKS).min(horizon).max(from))
        })
        .collect()
}

/// Agents whose productive chat capacity equals `contacts_per_week` handled
/// at `handle_minutes` each.
pub fn agent_equivalents(scenario: &Scenario, contacts_per_week: f64, handle_minutes: f64) -> f64 {
    let s = &scenario.staffing;
    let capacity_hours = s.paid_hours_per_week * (1.0 - s.shrinkage) * s.concurrency;
    if capacity_hours > 0.0 {
        contacts_per_week * handle_minutes / 60.0 / capacity_hours
    } else {
        f64::NAN
    }
}

/// The share-weighted mean human handle time of the scenario's categories.
pub fn mean_human_handle_minutes(scenario: &Scenario) -> f64 {
    scenario
        .categories
        .iter()
        .map(|c| c.share * c.human_handle_minutes.mean)
        .sum()
}

pub fn claim_durability(scenario: &Scenario, run: &DetailedRun) -> ClaimsReport {
    let horizon = run.counters.first().map_or(0, |w| w.len());
    let n = run.counters.len();
    let change = scenario
        .categories
        .iter()
        .filter_map(|c| c.ai_start_week())
        .min()
        .map(|w| w as usize);
    let Some(change) = change else {
        return ClaimsReport {
            change_week: None,
            claims: Vec::new(),
            not_made: vec![
                "no category is ever routed to the AI, so there is no AI headline to test".into(),
            ],
        };
    };
    let first = (change, change + FIRST_MONTH_WEEKS);
    let quarters = quarter_blocks(change, horizon);
    let mut claims = Vec::new();
    let mut not_made = Vec::new();
    if first.1 > horizon {
        not_made.push(format!(
            "the horizon ends before the first month after the change (weeks {}-{}) is over",
            first.0,
            first.1 - 1
        ));
        return ClaimsReport {
            change_week: Some(change),
            claims,
            not_made,
        };
    }
    let metric = |name: &str| metric_index(name).expect("metric defined in METRICS");
    let by_quarter = |holds: &dyn Fn(usize, usize, usize) -> Option<bool>| -> Vec<QuarterHold> {
        quarters
            .iter()
            .map(|&(from, to)| QuarterHold {
                from_week: from,
                to_week: to,
                share_holding: if from >= horizon {
                    None
                } else {
                    share(n, |r| holds(r, from, to))
                },
            })
            .collect()
    };
    let judge = |v: f64, ok: bool| v.is_finite().then_some(ok);

    // 1. The AI handles at least X% of contacts.
    let ai_share = metric("ai_share");
    let first_share = mean(&run.block_values(ai_share, first.0, first.1));
    let x = floor_to(first_share * 100.0, 5.0);
    if x > 0.0 {
        claims.push(Claim {
            statement: format!("The AI handles at least {x:.0}% of contacts"),
            derivation: format!(
                "first month's AI share {:.1}%, rounded down to a multiple of 5 points",
                first_share * 100.0
            ),
            quarters: by_quarter(&|r, from, to| {
                let v = super::block_value(&run.counters[r], ai_share, from, to);
                judge(v, v * 100.0 >= x - 1e-9)
            }),
        });
    } else {
        not_made.push(format!(
            "AI share in the first month is {:.1}%, too small for a headline",
            first_share * 100.0
        ));
    }

    // 2. The AI does the work of N agents.
    let ai_resolved = metric("ai_resolved");
    let handle = mean_human_handle_minutes(scenario);
    let equivalents = |r: usize, from: usize, to: usize| {
        let weeks = (to.min(horizon).saturating_sub(from)) as f64;
        let resolved = super::block_value(&run.counters[r], ai_resolved, from, to);
        agent_equivalents(scenario, resolved / weeks, handle)
    };
    let first_agents = mean(
        &(0..n)
            .map(|r| equivalents(r, first.0, first.1))
            .collect::<Vec<_>>(),
    );
    let agents = floor_two_significant(first_agents);
    if agents >= 1.0 {
        claims.push(Claim {
            statement: format!("The AI does the work of {agents:.0} agents"),
            derivation: format!(
                "first month's AI-resolved contacts per week x {handle:.1} min (the categories' mean human handle time) / productive chat-hours per agent and week (paid hours x (1 - shrinkage) x concurrency) = {first_agents:.0}, rounded down to two significant figures"
            ),
            quarters: by_quarter(&|r, from, to| {
                let v = equivalents(r, from, to);
                judge(v, v >= agents - 1e-9)
            }),
        });
    } else {
        not_made.push(
            "the AI resolves too little in the first month to claim the work of an agent".into(),
        );
    }

    // 3 and 4 compare with the weeks before the change.
    if change == 0 {
        not_made.push(
            "the AI starts in week 0, so there is no \"before\" for CSAT and cost-per-contact claims"
                .into(),
        );
        return ClaimsReport {
            change_week: Some(change),
            claims,
            not_made,
        };
    }
    let csat = metric("csat_true");
    let before_csat = run.block_values(csat, 0, change);
    let first_csat = run.block_values(csat, first.0, first.1);
    claims.push(Claim {
        statement: format!(
            "CSAT is unchanged (within {:.0} points of the level before the AI)",
            CSAT_TOLERANCE * 100.0
        ),
        derivation: format!(
            "true CSAT in weeks 0-{} was {:.1}% and {:.1}% in the first month; the claim holds while a quarter's CSAT is no more than {:.0} points below the same replication's level before",
            change - 1,
            mean(&before_csat) * 100.0,
            mean(&first_csat) * 100.0,
            CSAT_TOLERANCE * 100.0
        ),
        quarters: by_quarter(&|r, from, to| {
            let v = super::block_value(&run.counters[r], csat, from, to);
            let before = before_csat[r];
            judge(v - before, v >= before - CSAT_TOLERANCE - 1e-12)
        }),
    });

    let cost = metric("cost_per_contact");
    let before_cost = run.block_values(cost, 0, change);
    let first_cost = run.block_values(cost, first.0, first.1);
    let reductions: Vec<f64> = before_cost
        .iter()
        .zip(&first_cost)
        .map(|(b, f)| 1.0 - f / b)
        .collect();
    let reduction = mean(&reductions);
    let y = if reduction >= 0.05 {
        floor_to(reduction * 100.0, 5.0)
    } else {
        floor_to(reduction * 100.0, 1.0)
    };
    if y >= 1.0 {
        claims.push(Claim {
            statement: format!("Cost per contact is down {y:.0}%"),
            derivation: format!(
                "cost per contact fell {:.1}% from weeks 0-{} to the first month, rounded down to a multiple of 5 points (whole points below 5)",
                reduction * 100.0,
                change - 1
            ),
            quarters: by_quarter(&|r, from, to| {
                let v = super::block_value(&run.counters[r], cost, from, to);
                let down = 1.0 - v / before_cost[r];
                judge(down, down * 100.0 >= y - 1e-9)
            }),
        });
    } else {
        not_made.push(format!(
            "cost per contact changed by {:+.1}% in the first month: no saving to claim",
            -reduction * 100.0
        ));
    }
    ClaimsReport {
        change_week: Some(change),
        claims,
        not_made,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_towards_the_weaker_claim() {
        assert_eq!(floor_to(64.9, 5.0), 60.0);
        assert_eq!(floor_to(65.0, 5.0), 65.0);
        assert_eq!(floor_two_significant(734.0), 730.0);
        assert_eq!(floor_two_significant(1260.0), 1200.0);
        assert_eq!(floor_two_significant(7.9), 7.0);
        assert_eq!(floor_two_significant(f64::NAN), 0.0);
    }

    #[test]
    fn quarters_follow_the_first_month_and_stop_at_the_horizon() {
        assert_eq!(
            quarter_blocks(4, 52),
            vec![(8, 21), (21, 34), (34, 47), (47, 52)]
        );
        assert_eq!(quarter_blocks(40, 52)[1], (57, 57));
    }

    #[test]
    fn share_counts_only_judged_replications() {
        assert_eq!(share(4, |r| Some(r < 3)), Some(0.75));
        assert_eq!(share(2, |_| None), None);
        assert_eq!(share(3, |r| (r > 0).then_some(r == 1)), Some(0.5));
    }
}
