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
use super::metrics::Metric;
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

/// The claims a sponsor could announce a month after the AI starts, and how
/// many replications still bear each one out quarter by quarter.
pub fn claim_durability(scenario: &Scenario, run: &DetailedRun) -> ClaimsReport {
    let Some(change) = change_week(scenario) else {
        return ClaimsReport {
            change_week: None,
            claims: Vec::new(),
            not_made: vec![
                "no category is ever routed to the AI, so there is no AI headline to test".into(),
            ],
        };
    };
    let mut report = ClaimsReport {
        change_week: Some(change),
        claims: Vec::new(),
        not_made: Vec::new(),
    };
    let evidence = Evidence::new(scenario, run, change);
    if evidence.first.1 > evidence.horizon {
        report.not_made.push(format!(
            "the horizon ends before the first month after the change (weeks {}-{}) is over",
            evidence.first.0,
            evidence.first.1 - 1
        ));
        return report;
    }
    report.add(ai_share_claim(&evidence));
    report.add(agents_claim(&evidence));
    // CSAT and cost per contact compare with the weeks before the change.
    if change == 0 {
        report.not_made.push(
            "the AI starts in week 0, so there is no \"before\" for CSAT and cost-per-contact claims"
                .into(),
        );
        return report;
    }
    report.add(Ok(csat_claim(&evidence)));
    report.add(cost_claim(&evidence));
    report
}

impl ClaimsReport {
    /// A claim made, or why it was not.
    fn add(&mut self, claim: Result<Claim, String>) {
        match claim {
            Ok(claim) => self.claims.push(claim),
            Err(why) => self.not_made.push(why),
        }
    }
}

/// The first week any category is routed to the AI.
fn change_week(scenario: &Scenario) -> Option<usize> {
    scenario
        .categories
        .iter()
        .filter_map(|c| c.ai_start_week())
        .min()
        .map(|w| w as usize)
}

/// What every claim is read from and judged against: the replications' weekly
/// counters, the first month after the change and the quarters after it.
struct Evidence<'a> {
    scenario: &'a Scenario,
    run: &'a DetailedRun,
    change: usize,
    /// Weeks `[from, to)` of the first month.
    first: (usize, usize),
    horizon: usize,
    quarters: Vec<(usize, usize)>,
}

impl<'a> Evidence<'a> {
    fn new(scenario: &'a Scenario, run: &'a DetailedRun, change: usize) -> Self {
        let horizon = run.counters.first().map_or(0, |w| w.len());
        Evidence {
            scenario,
            run,
            change,
            first: (change, change + FIRST_MONTH_WEEKS),
            horizon,
            quarters: quarter_blocks(change, horizon),
        }
    }

    /// Replication `r`'s `metric` over weeks `[from, to)`.
    fn value(&self, r: usize, metric: usize, from: usize, to: usize) -> f64 {
        super::block_value(&self.run.counters[r], metric, from, to)
    }

    /// Each quarter's share of replications `r` for which `holds(r, from,
    /// to)`; none for a quarter past the horizon.
    fn by_quarter(&self, holds: impl Fn(usize, usize, usize) -> Option<bool>) -> Vec<QuarterHold> {
        self.quarters
            .iter()
            .map(|&(from, to)| QuarterHold {
                from_week: from,
                to_week: to,
                share_holding: if from >= self.horizon {
                    None
                } else {
                    share(self.run.counters.len(), |r| holds(r, from, to))
                },
            })
            .collect()
    }
}

/// A verdict on a figure that may not be computable (no contacts, no cost
/// before): such a replication is not judged at all.
fn judge(v: f64, ok: bool) -> Option<bool> {
    v.is_finite().then_some(ok)
}

/// "The AI handles at least X% of contacts": the usage headline, which moves
/// at once and so is the first a sponsor is tempted to announce.
fn ai_share_claim(e: &Evidence<'_>) -> Result<Claim, String> {
    let ai_share = Metric::AiShare.index();
    let first_share = mean(&e.run.block_values(ai_share, e.first.0, e.first.1));
    let x = floor_to(first_share * 100.0, 5.0);
    if x > 0.0 {
        Ok(Claim {
            statement: format!("The AI handles at least {x:.0}% of contacts"),
            derivation: format!(
                "first month's AI share {:.1}%, rounded down to a multiple of 5 points",
                first_share * 100.0
            ),
            quarters: e.by_quarter(|r, from, to| {
                let v = e.value(r, ai_share, from, to);
                judge(v, v * 100.0 >= x - 1e-9)
            }),
        })
    } else {
        Err(format!(
            "AI share in the first month is {:.1}%, too small for a headline",
            first_share * 100.0
        ))
    }
}

/// "The AI does the work of N agents", the reference case's headline: the
/// AI's correct resolutions priced in agents' productive hours.
fn agents_claim(e: &Evidence<'_>) -> Result<Claim, String> {
    let ai_resolved = Metric::AiResolved.index();
    let handle = mean_human_handle_minutes(e.scenario);
    let equivalents = |r: usize, from: usize, to: usize| {
        let weeks = (to.min(e.horizon).saturating_sub(from)) as f64;
        let resolved = e.value(r, ai_resolved, from, to);
        agent_equivalents(e.scenario, resolved / weeks, handle)
    };
    let first_agents = mean(
        &(0..e.run.counters.len())
            .map(|r| equivalents(r, e.first.0, e.first.1))
            .collect::<Vec<_>>(),
    );
    let agents = floor_two_significant(first_agents);
    if agents >= 1.0 {
        Ok(Claim {
            statement: format!("The AI does the work of {agents:.0} agents"),
            derivation: format!(
                "first month's AI-resolved contacts per week x {handle:.1} min (the categories' mean human handle time) / productive chat-hours per agent and week (paid hours x (1 - shrinkage) x concurrency) = {first_agents:.0}, rounded down to two significant figures"
            ),
            quarters: e.by_quarter(|r, from, to| {
                let v = equivalents(r, from, to);
                judge(v, v >= agents - 1e-9)
            }),
        })
    } else {
        Err("the AI resolves too little in the first month to claim the work of an agent".into())
    }
}

/// "CSAT is unchanged": made whenever there are weeks before the change, as
/// it takes no figure from the first month.
fn csat_claim(e: &Evidence<'_>) -> Claim {
    let csat = Metric::CsatTrue.index();
    let before_csat = e.run.block_values(csat, 0, e.change);
    let first_csat = e.run.block_values(csat, e.first.0, e.first.1);
    Claim {
        statement: format!(
            "CSAT is unchanged (within {:.0} points of the level before the AI)",
            CSAT_TOLERANCE * 100.0
        ),
        derivation: format!(
            "true CSAT in weeks 0-{} was {:.1}% and {:.1}% in the first month; the claim holds while a quarter's CSAT is no more than {:.0} points below the same replication's level before",
            e.change - 1,
            mean(&before_csat) * 100.0,
            mean(&first_csat) * 100.0,
            CSAT_TOLERANCE * 100.0
        ),
        quarters: e.by_quarter(|r, from, to| {
            let v = e.value(r, csat, from, to);
            let before = before_csat[r];
            judge(v - before, v >= before - CSAT_TOLERANCE - 1e-12)
        }),
    }
}

/// "Cost per contact is down Y%", against each replication's own cost before.
fn cost_claim(e: &Evidence<'_>) -> Result<Claim, String> {
    let cost = Metric::CostPerContact.index();
    let before_cost = e.run.block_values(cost, 0, e.change);
    let first_cost = e.run.block_values(cost, e.first.0, e.first.1);
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
        Ok(Claim {
            statement: format!("Cost per contact is down {y:.0}%"),
            derivation: format!(
                "cost per contact fell {:.1}% from weeks 0-{} to the first month, rounded down to a multiple of 5 points (whole points below 5)",
                reduction * 100.0,
                e.change - 1
            ),
            quarters: e.by_quarter(|r, from, to| {
                let v = e.value(r, cost, from, to);
                let down = 1.0 - v / before_cost[r];
                judge(down, down * 100.0 >= y - 1e-9)
            }),
        })
    } else {
        Err(format!(
            "cost per contact changed by {:+.1}% in the first month: no saving to claim",
            -reduction * 100.0
        ))
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

    /// Replications of weekly counters from `(ai_share, csat, cost per
    /// contact)` by week, 1000 arrivals a week.
    fn run_of(scenario: &Scenario, weeks: &[Vec<(f64, f64, f64)>]) -> DetailedRun {
        use crate::analysis::{Counter, ReplicationResult, COUNTERS};
        let counters = |&(ai, csat, cost): &(f64, f64, f64)| {
            let mut c = [0.0; COUNTERS];
            c[Counter::Arrived as usize] = 1000.0;
            c[Counter::Outcomes as usize] = 1000.0;
            c[Counter::AiHandled as usize] = 1000.0 * ai;
            c[Counter::CsatSum as usize] = 1000.0 * csat;
            c[Counter::CostHuman as usize] = 1000.0 * cost;
            c
        };
        let replications: Vec<ReplicationResult> = weeks
            .iter()
            .enumerate()
            .map(|(r, weeks)| ReplicationResult {
                replication: r as u32,
                weeks: weeks.iter().map(counters).collect(),
                end: crate::model::RunEnd {
                    in_system: 0,
                    in_system_at_start: 0,
                    events_processed: 0,
                    peak_in_system: 0,
                },
                decisions: Vec::new(),
                initial_headcount: 0.0,
                pools: Vec::new(),
            })
            .collect();
        DetailedRun::from_replications(scenario, &replications)
    }

    /// A one-category scenario whose AI starts in `start` (never: `None`).
    fn scenario(horizon: usize, start: Option<usize>) -> Scenario {
        let ai = start.map_or(String::new(), |w| {
            format!(
                "ai_rollout = [{{ from_week = {w}, share = 0.6 }}]\n\
                 ai_outcomes = {{ resolved = 0.7, escalated = 0.3, wrong_answer = 0.0, stuck = 0.0 }}\n\
                 ai_handle_minutes = {{ distribution = \"fixed\", mean = 2.0 }}"
            )
        });
        let text = format!(
            "name = \"claims\"\nhorizon_weeks = {horizon}\n[demand]\ncontacts_per_week = 1000\n\
             [[categories]]\nname = \"faq\"\nshare = 1.0\n\
             human_handle_minutes = {{ distribution = \"fixed\", mean = 6.0 }}\n{ai}\n\
             [staffing]\nfte = 10"
        );
        crate::scenario::parse("claims.toml", &text, &crate::scenario::Limits::default())
            .expect("test scenario")
    }

    #[test]
    fn without_an_ai_rollout_or_a_first_month_there_is_no_headline() {
        let s = scenario(8, None);
        let report = claim_durability(&s, &run_of(&s, &[vec![(0.0, 0.8, 10.0); 8]]));
        assert_eq!(report.change_week, None);
        assert_eq!(
            report.not_made,
            vec!["no category is ever routed to the AI, so there is no AI headline to test"]
        );
        let s = scenario(5, Some(2));
        let report = claim_durability(&s, &run_of(&s, &[vec![(0.6, 0.8, 10.0); 5]]));
        assert!(report.claims.is_empty());
        assert_eq!(
            report.not_made,
            vec!["the horizon ends before the first month after the change (weeks 2-5) is over"]
        );
    }

    #[test]
    fn an_ai_from_week_0_has_no_before_for_csat_or_cost() {
        let s = scenario(10, Some(0));
        let report = claim_durability(&s, &run_of(&s, &[vec![(0.6, 0.8, 10.0); 10]]));
        let statements: Vec<&str> = report.claims.iter().map(|c| c.statement.as_str()).collect();
        assert_eq!(statements, vec!["The AI handles at least 60% of contacts"]);
        assert_eq!(
            report.not_made,
            vec![
                "the AI resolves too little in the first month to claim the work of an agent",
                "the AI starts in week 0, so there is no \"before\" for CSAT and cost-per-contact claims",
            ]
        );
    }

    #[test]
    fn a_claim_holds_in_a_quarter_for_the_replications_whose_figure_meets_it() {
        // AI from week 2; quarters are weeks 6-18, 19-31, then past the horizon.
        let s = scenario(32, Some(2));
        let week = |w: usize, late_share: f64| {
            let ai = match w {
                0..=1 => 0.0,
                2..=18 => 0.62,
                _ => late_share,
            };
            (ai, 0.8, if w < 2 { 10.0 } else { 11.0 })
        };
        let steady: Vec<_> = (0..32).map(|w| week(w, 0.62)).collect();
        let falling: Vec<_> = (0..32).map(|w| week(w, 0.5)).collect();
        let report = claim_durability(&s, &run_of(&s, &[steady, falling]));
        assert_eq!(report.change_week, Some(2));
        let held = |claim: &Claim| -> Vec<Option<f64>> {
            claim.quarters.iter().map(|q| q.share_holding).collect()
        };
        assert_eq!(
            report.claims[0].statement,
            "The AI handles at least 60% of contacts"
        );
        assert_eq!(
            held(&report.claims[0]),
            vec![Some(1.0), Some(0.5), None, None]
        );
        assert!(report.claims[1].statement.starts_with("CSAT is unchanged"));
        assert_eq!(
            held(&report.claims[1]),
            vec![Some(1.0), Some(1.0), None, None]
        );
        assert_eq!(report.claims.len(), 2);
        assert_eq!(
            report.not_made,
            vec![
                "the AI resolves too little in the first month to claim the work of an agent",
                "cost per contact changed by +10.0% in the first month: no saving to claim",
            ]
        );
    }

    #[test]
    fn share_counts_only_judged_replications() {
        assert_eq!(share(4, |r| Some(r < 3)), Some(0.75));
        assert_eq!(share(2, |_| None), None);
        assert_eq!(share(3, |r| (r > 0).then_some(r == 1)), Some(0.5));
    }
}
