//! How long and how much it takes to undo an automation bet, measured on
//! replications: the baseline before the change, when the monitored signal
//! breached, how long recovery took after the reversal, what the round trip
//! cost, the largest cut that still recovers inside the window, and which
//! levers shorten recovery most.
//!
//! Definitions (documented in the README too):
//! - *change week*: `[reversibility] change_week`, else the first planned
//!   layoff or AI-share increase (decision or rollout step).
//! - *baseline*: CSAT (true) and service level over the `baseline_weeks` before
//!   the change, as ratios of sums.
//! - *detection*: weeks from the change to the first week the monitored signal
//!   (the rule that reversed, else the first rule, else measured CSAT below
//!   `csat.threshold`) breached its threshold.
//! - *reversal*: the first re-routing, rehire, requisition or outsourcing
//!   decision at or after the change, planned or taken by a rule.
//! - *recovery*: weeks from the reversal to the first of `consecutive_weeks`
//!   weeks in a row with true CSAT no more than `csat_tolerance` below baseline
//!   and service level at target. A replication that never recovers has no
//!   recovery time (it is counted in `not_recovered`).
//! - *round-trip cost*: severance, recruiting, training and outsourcing from
//!   the change on, plus wrong-answer cost above the baseline's weekly rate.
//! - *savings while automated*: baseline weekly pay + AI + outsourcing cost
//!   minus the actual, summed from the change to the reversal.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::experiment::block_value;
use super::metrics::{metric_index, Counter, Counters};
use super::recorder::DecisionEntry;
use super::replicate::{check_invariants, run_replication, InvariantError, ReplicationResult};
use crate::scenario::{Action, Breach, Outsourcing, Pool, Scenario, Signal};
use crate::stats::Estimate;

/// Why the analysis cannot be made for this scenario (bad input, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ReversibilityError {
    #[error("{0}")]
    NotApplicable(String),
    #[error(transparent)]
    Invariant(#[from] InvariantError),
}

/// What one replication showed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplicationReversal {
    pub baseline_csat: f64,
    pub baseline_service_level: f64,
    pub detection_weeks: Option<u32>,
    pub reversal_week: Option<u32>,
    pub recovery_weeks: Option<u32>,
    pub round_trip_cost: f64,
    pub savings_while_automated: f64,
}

/// How much one lever shortens recovery, paired replication by replication.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverEffect {
    pub lever: &'static str,
    pub description: &'static str,
    pub recovery_weeks_saved: Estimate,
    /// Replications that recovered with the lever (out of all).
    pub recovered: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reversibility {
    pub scenario: String,
    pub replications: u32,
    pub change_week: u32,
    pub window_weeks: u32,
    pub csat_tolerance: f64,
    pub consecutive_weeks: u32,
    pub monitored_signal: String,
    pub threshold: f64,
    pub baseline_csat: Estimate,
    pub baseline_service_level: Estimate,
    pub detection_weeks: Estimate,
    pub recovery_weeks: Estimate,
    pub round_trip_cost: Estimate,
    pub savings_while_automated: Estimate,
    /// `None` when the scenario has no workforce pipeline to cut.
    pub point_of_no_return_fte: Option<Estimate>,
    /// Ranked, most weeks saved first.
    pub levers: Vec<LeverEffect>,
    pub reversed: usize,
    pub recovered: usize,
    pub per_replication: Vec<ReplicationReversal>,
}

/// What to compute beyond the base run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Options {
    pub window_weeks: u32,
    pub search_point_of_no_return: bool,
    pub levers: bool,
}

/// The week the automation bet starts.
pub fn change_week(s: &Scenario) -> Option<u32> {
    if let Some(week) = s.reversibility.change_week {
        return Some(week);
    }
    let planned = s
        .decisions
        .iter()
        .find(|d| d.action.is_change())
        .map(|d| d.week);
    // The first rollout step that raises a category's share above where it
    // started (AI already live at week 0 is the baseline, not the change).
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

fn value(w: &Counters, c: Counter) -> f64 {
    w[c as usize]
}

/// A metric of `METRICS` (by name) over weeks `[from, to)`, as a ratio of
/// sums: the very definition the reports and the model's rules use.
fn metric(weeks: &[Counters], name: &str, from: usize, to: usize) -> f64 {
    metric_index(name).map_or(f64::NAN, |m| block_value(weeks, m, from, to))
}

fn operating_cost(w: &Counters) -> f64 {
    value(w, Counter::CostHuman) + value(w, Counter::CostAi) + value(w, Counter::CostOutsourcing)
}

/// The signal and threshold management watches for this replication.
fn monitored(s: &Scenario, decisions: &[DecisionEntry]) -> (Signal, Breach) {
    let change = change_week(s).unwrap_or(0);
    let reversing_rule = decisions
        .iter()
        .find(|d| d.reversal && d.source == "rule" && d.week >= change)
        .and_then(|d| s.rules.iter().find(|rule| rule.name == d.rule));
    match reversing_rule.or(s.rules.first()) {
        Some(rule) => (rule.signal, rule.breach),
        None => (Signal::CsatMeasured, Breach::Below(s.csat.threshold)),
    }
}

/// Reads one replication's dip and recovery from its weekly counters and
/// decision log.
pub fn assess(
    s: &Scenario,
    change: u32,
    weeks: &[Counters],
    decisions: &[DecisionEntry],
) -> ReplicationReversal {
    let settings = &s.reversibility;
    let start = change.saturating_sub(settings.baseline_weeks) as usize;
    let end = (change as usize).min(weeks.len());
    let before = &weeks[start..end];
    let baseline_csat = metric(weeks, "csat_true", start, end);
    let baseline_service_level = metric(weeks, "service_level", start, end);
    let n_before = before.len().max(1) as f64;
    let baseline_cost = before.iter().map(operating_cost).sum::<f64>() / n_before;
    let baseline_wrong = metric(weeks, "cost_wrong_answers", start, end) / n_before;

    let (signal, breach) = monitored(s, decisions);
    let detection_weeks = (change as usize..weeks.len())
        .find(|&w| breach.is_breached(metric(weeks, signal.name(), w, w + 1)))
        .map(|w| w as u32 - change);
    let reversal_week = decisions
        .iter()
        .find(|d| d.reversal && d.week >= change)
        .map(|d| d.week);
    let target = s.staffing.service_level_target;
    let good = |w: usize| {
        metric(weeks, "csat_true", w, w + 1) >= baseline_csat - settings.csat_tolerance
            && metric(weeks, "service_level", w, w + 1) >= target
    };
    let k = settings.consecutive_weeks.max(1) as usize;
    let recovery_weeks = reversal_week.and_then(|rv| {
        (rv as usize..weeks.len().saturating_sub(k - 1))
            .find(|&t| (t..t + k).all(good))
            .map(|t| t as u32 - rv)
    });
    let after = &weeks[(change as usize).min(weeks.len())..];
    let round_trip_cost: f64 = after
        .iter()
        .map(|w| {
            value(w, Counter::CostSeverance)
                + value(w, Counter::CostRecruiting)
                + value(w, Counter::CostTraining)
                + value(w, Counter::CostOutsourcing)
                + (value(w, Counter::CostWrongAnswer) - baseline_wrong).max(0.0)
        })
        .sum();
    let automated_end = reversal_week.map_or(weeks.len(), |w| (w as usize).min(weeks.len()));
    let savings_while_automated: f64 = weeks[(change as usize).min(automated_end)..automated_end]
        .iter()
        .map(|w| baseline_cost - operating_cost(w))
        .sum();
    ReplicationReversal {
        baseline_csat,
        baseline_service_level,
        detection_weeks,
        reversal_week,
        recovery_weeks,
        round_trip_cost,
        savings_while_automated,
    }
}

fn estimate<T: Copy>(values: &[T], f: impl Fn(T) -> Option<f64>) -> Estimate {
    let v: Vec<f64> = values.iter().map(|x| f(*x).unwrap_or(f64::NAN)).collect();
    Estimate::from_values(&v)
}

/// Everything one replication contributes; replications are independent, so
/// they can be computed on different machines and aggregated later.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplicationFigures {
    /// The base run itself (its `replication` numbers these figures), for
    /// the tables, plots and brief.
    pub base: ReplicationResult,
    pub assessment: ReplicationReversal,
    pub monitored_signal: String,
    pub threshold: f64,
    pub point_of_no_return_fte: Option<f64>,
    /// In `LEVERS` order; `None` where the lever does not apply.
    pub levers: Vec<Option<LeverRun>>,
}

/// One replication with one lever pulled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeverRun {
    /// Recovery weeks saved against the base run (never-recovered runs count
    /// the weeks that were checked); `None` unless both runs reversed.
    pub weeks_saved: Option<f64>,
    pub recovered: bool,
}

/// Checks that the scenario has a change to reverse and returns its week.
pub fn applicable_change_week(s: &Scenario) -> Result<u32, ReversibilityError> {
    let change = change_week(s).ok_or_else(|| {
        ReversibilityError::NotApplicable(format!(
            "scenario {:?} makes no change to reverse: it has no layoff, no set_ai_share decision and no ai_rollout step above 0; add one (see scenarios/over-automation.toml)",
            s.name
        ))
    })?;
    if change == 0 {
        return Err(ReversibilityError::NotApplicable(format!(
            "scenario {:?} changes in week 0, so there is no baseline to return to; start the change later or set [reversibility] change_week",
            s.name
        )));
    }
    Ok(change)
}

fn run_checked(s: &Scenario, replication: u32) -> Result<ReplicationResult, InvariantError> {
    let r = run_replication(s, replication);
    check_invariants(&r, s.seed)?;
    Ok(r)
}

/// The reversal of one checked run of a variant (a lever pulled, a cut
/// tried), when only its assessment is needed.
fn run_assessed(
    s: &Scenario,
    change: u32,
    replication: u32,
) -> Result<ReplicationReversal, InvariantError> {
    let run = run_checked(s, replication)?;
    Ok(assess(s, change, &run.weeks, &run.decisions))
}

/// The base run, the point-of-no-return search and the levers of one
/// replication (about 13 runs of the scenario with everything on).
pub fn analyse_replication(
    s: &Scenario,
    change: u32,
    replication: u32,
    options: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<ReplicationFigures, InvariantError> {
    let base = run_checked(s, replication)?;
    let assessment = assess(s, change, &base.weeks, &base.decisions);
    let (signal, breach) = monitored(s, &base.decisions);
    progress(&format!("replication {replication}: base run done"));
    // Without a reversal in the base run there is no reversal week to hold,
    // and no recovery to fit in a window: that replication is not searched.
    let searchable = assessment.reversal_week.is_some();
    let point_of_no_return_fte = match (
        &s.workforce,
        options.search_point_of_no_return && searchable,
    ) {
        (Some(_), true) => Some(point_of_no_return(
            s,
            change,
            options.window_weeks,
            &base,
            &assessment,
            replication,
            progress,
        )?),
        _ => None,
    };
    let mut levers = Vec::new();
    for lever in LEVERS {
        let variant = if options.levers {
            (lever.apply)(s)
        } else {
            None
        };
        let Some(variant) = variant else {
            levers.push(None);
            continue;
        };
        let with = run_assessed(&variant, change, replication)?;
        progress(&format!(
            "replication {replication}: lever {} done",
            lever.name
        ));
        let k = s.reversibility.consecutive_weeks;
        // Compared only where both runs reversed: a run that never needed to
        // reverse has no recovery to compare.
        let weeks_saved = match (
            recovery_or_censored(&assessment, s.horizon_weeks, k),
            recovery_or_censored(&with, variant.horizon_weeks, k),
        ) {
            (Some(base), Some(lever)) => Some(base - lever),
            _ => None,
        };
        levers.push(Some(LeverRun {
            weeks_saved,
            recovered: with.recovery_weeks.is_some(),
        }));
    }
    Ok(ReplicationFigures {
        base,
        assessment,
        monitored_signal: signal.name().to_string(),
        threshold: breach.threshold(),
        point_of_no_return_fte,
        levers,
    })
}

/// The full analysis over the scenario's replications, in parallel;
/// `progress` hears each step as it finishes.
pub fn analyse(
    s: &Scenario,
    options: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Reversibility, ReversibilityError> {
    let change = applicable_change_week(s)?;
    let figures = (0..s.replications)
        .into_par_iter()
        .map(|r| analyse_replication(s, change, r, options, progress))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(aggregate(s, options, &figures))
}

/// Combines per-replication figures (in replication order) into the report.
pub fn aggregate(s: &Scenario, options: &Options, figures: &[ReplicationFigures]) -> Reversibility {
    let per_replication: Vec<ReplicationReversal> = figures.iter().map(|f| f.assessment).collect();
    let ponr: Vec<f64> = figures
        .iter()
        .filter_map(|f| f.point_of_no_return_fte)
        .collect();
    let mut levers: Vec<LeverEffect> = LEVERS
        .iter()
        .enumerate()
        .filter_map(|(i, lever)| {
            let runs: Vec<LeverRun> = figures
                .iter()
                .filter_map(|f| f.levers.get(i).copied().flatten())
                .collect();
            if runs.is_empty() {
                return None;
            }
            let saved: Vec<f64> = runs.iter().filter_map(|r| r.weeks_saved).collect();
            Some(LeverEffect {
                lever: lever.name,
                description: lever.description,
                recovery_weeks_saved: Estimate::from_values(&saved),
                recovered: runs.iter().filter(|r| r.recovered).count(),
            })
        })
        .collect();
    levers.sort_by(|a, b| {
        b.recovery_weeks_saved
            .mean
            .total_cmp(&a.recovery_weeks_saved.mean)
    });
    let first = figures.first();
    Reversibility {
        scenario: s.name.clone(),
        replications: figures.len() as u32,
        change_week: change_week(s).unwrap_or(0),
        window_weeks: options.window_weeks,
        csat_tolerance: s.reversibility.csat_tolerance,
        consecutive_weeks: s.reversibility.consecutive_weeks,
        monitored_signal: first.map_or(String::new(), |f| f.monitored_signal.clone()),
        threshold: first.map_or(f64::NAN, |f| f.threshold),
        baseline_csat: estimate(&per_replication, |r| Some(r.baseline_csat)),
        baseline_service_level: estimate(&per_replication, |r| Some(r.baseline_service_level)),
        detection_weeks: estimate(&per_replication, |r| r.detection_weeks.map(f64::from)),
        recovery_weeks: estimate(&per_replication, |r| r.recovery_weeks.map(f64::from)),
        round_trip_cost: estimate(&per_replication, |r| Some(r.round_trip_cost)),
        savings_while_automated: estimate(&per_replication, |r| Some(r.savings_while_automated)),
        point_of_no_return_fte: (!ponr.is_empty()).then(|| Estimate::from_values(&ponr)),
        levers,
        reversed: per_replication
            .iter()
            .filter(|r| r.reversal_week.is_some())
            .count(),
        recovered: per_replication
            .iter()
            .filter(|r| r.recovery_weeks.is_some())
            .count(),
        per_replication,
    }
}

/// Recovery weeks, or the weeks left after the reversal when it never came
/// (a lower bound), or 0 without a reversal: what a lever is compared on.
fn recovery_or_censored(r: &ReplicationReversal, horizon: u32, k: u32) -> Option<f64> {
    match (r.reversal_week, r.recovery_weeks) {
        (Some(_), Some(weeks)) => Some(f64::from(weeks)),
        // Every start up to horizon - k was checked and failed.
        (Some(rv), None) => Some(f64::from((horizon + 1).saturating_sub(k + rv))),
        (None, _) => None,
    }
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
            v.decisions.push(crate::scenario::Decision {
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

/// The scenario with every rule that fired in replication `r` replaced by its
/// actions planned for the week they were taken, and no rules left: the
/// reversal stays where it was while something else (the cut) is varied.
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
            v.decisions
                .extend(rule.actions.iter().map(|a| crate::scenario::Decision {
                    week,
                    action: a.clone(),
                }));
        }
    }
    v.decisions.sort_by_key(|d| d.week);
    v.rules.clear();
    v
}

/// Whether a replication's recovery fits the window: it reversed and
/// recovered within it, or never needed to reverse.
fn fits(r: &ReplicationReversal, window: u32) -> bool {
    match (r.reversal_week, r.recovery_weeks) {
        (None, _) => true,
        (Some(_), Some(weeks)) => weeks <= window,
        (Some(_), None) => false,
    }
}

/// Bisects the cut size for one replication, with its seed, for the largest
/// cut whose recovery fits the window (to about 1/64 of the headcount). The
/// reversal stays in the week it came in the base run: under a rule, a bigger
/// cut is noticed sooner and a smaller one later, which would mix the size of
/// the hole with the time it was left to deepen; held fixed, recovery only
/// grows with the cut, so bisection is sound.
fn point_of_no_return(
    s: &Scenario,
    change: u32,
    window: u32,
    base_run: &ReplicationResult,
    base: &ReplicationReversal,
    replication: u32,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<f64, InvariantError> {
    const STEPS: u32 = 6;
    let headcount = s.workforce.as_ref().map_or(0.0, |w| w.initial_fte);
    let mut fixed = with_reversal_fixed(s, base_run);
    // Whether recovery fits is decided by reversal + window + k weeks.
    if let Some(rv) = base.reversal_week {
        let k = s.reversibility.consecutive_weeks;
        fixed.horizon_weeks = rv
            .saturating_add(window)
            .saturating_add(k)
            .saturating_add(1)
            .min(s.horizon_weeks);
    }
    let fits_with = |cut: f64| -> Result<bool, InvariantError> {
        let v = with_cut(&fixed, change, cut);
        Ok(fits(&run_assessed(&v, change, replication)?, window))
    };
    if fits_with(headcount)? {
        return Ok(headcount);
    }
    let (mut low, mut high) = (0.0, headcount);
    for step in 1..=STEPS {
        if high - low <= 1.0 {
            break;
        }
        let mid = ((low + high) / 2.0f64).round();
        if fits_with(mid)? {
            low = mid;
        } else {
            high = mid;
        }
        progress(&format!(
            "replication {replication}: point of no return step {step}/{STEPS}: between {low} and {high} FTE"
        ));
    }
    Ok(low)
}

struct Lever {
    name: &'static str,
    description: &'static str,
    /// The scenario with the lever pulled; `None` when it does not apply.
    apply: fn(&Scenario) -> Option<Scenario>,
}

const LEVERS: &[Lever] = &[
    Lever {
        name: "alumni_retention",
        description: "keep laid-off staff warm: twice the share willing to return (at most all), willingness lasting twice as long",
        apply: |s| {
            let mut v = s.clone();
            let w = v.workforce.as_mut()?;
            w.alumni_return_share = (w.alumni_return_share * 2.0).clamp(0.2, 1.0);
            w.alumni_half_life_weeks *= 2.0;
            Some(v)
        },
    },
    Lever {
        name: "recruiting_capacity",
        description: "twice the hires recruiting can onboard a week, and hiring 25 % faster",
        apply: |s| {
            let mut v = s.clone();
            let w = v.workforce.as_mut()?;
            w.recruiting_capacity_per_week *= 2.0;
            w.time_to_hire_weeks.mean *= 0.75;
            Some(v)
        },
    },
    Lever {
        name: "retained_trainers",
        description: "layoffs spare the trainers, and twice as many are kept (at most the headcount)",
        apply: |s| {
            let mut v = s.clone();
            let w = v.workforce.as_mut()?;
            let trainers = w.trainers?;
            w.trainers = Some((trainers * 2.0).min(w.initial_fte));
            for d in &mut v.decisions {
                if let Action::Layoff { pools, .. } = &mut d.action {
                    pools.retain(|p| *p != Pool::Trainers);
                }
            }
            for rule in &mut v.rules {
                for a in &mut rule.actions {
                    if let Action::Layoff { pools, .. } = a {
                        pools.retain(|p| *p != Pool::Trainers);
                    }
                }
            }
            Some(v)
        },
    },
    Lever {
        name: "outsourcing_contract",
        description: "a surge contract signed in advance: started with the reversal, half the lead time (a contract of 10 % of the headcount at 1.4x pay when none exists)",
        apply: |s| {
            let mut v = s.clone();
            let pay = v.costs.agent_cost_per_hour;
            let w = v.workforce.as_mut()?;
            let contract = w.outsourcing.get_or_insert(Outsourcing {
                lead_time_weeks: 4,
                capacity_fte: (w.initial_fte * 0.1).round(),
                cost_per_hour: pay * 1.4,
                error_multiplier: 1.2,
                csat_multiplier: 0.97,
            });
            contract.lead_time_weeks /= 2;
            let mut started = false;
            for rule in &mut v.rules {
                if rule.actions.iter().any(Action::is_reversal)
                    && !rule.actions.contains(&Action::StartOutsourcing)
                {
                    rule.actions.push(Action::StartOutsourcing);
                }
                started |= rule.actions.contains(&Action::StartOutsourcing);
            }
            let reversal = v
                .decisions
                .iter()
                .find(|d| d.action.is_reversal())
                .map(|d| d.week);
            if let Some(week) = reversal {
                if !v.decisions.iter().any(|d| d.action == Action::StartOutsourcing) {
                    v.decisions.push(crate::scenario::Decision {
                        week,
                        action: Action::StartOutsourcing,
                    });
                    v.decisions.sort_by_key(|d| d.week);
                }
                started = true;
            }
            started.then_some(v)
        },
    },
    Lever {
        name: "earlier_trigger",
        description: "rules act one week sooner (one fewer consecutive week, at least 1) on a threshold 2 points stricter",
        apply: |s| {
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

/// Recovery weeks of every replication of a finished run, read from its
/// weekly counters and decision log without running anything (NaN where a
/// replication did not reverse or did not recover); `None` when the scenario
/// makes no change or no replication reversed.
pub fn recovery_weeks_by_replication(s: &Scenario, run: &super::DetailedRun) -> Option<Vec<f64>> {
    let change = change_week(s).filter(|w| *w > 0)?;
    let values: Vec<Option<ReplicationReversal>> = run
        .counters
        .iter()
        .enumerate()
        .map(|(i, weeks)| {
            let decisions: Vec<DecisionEntry> = run
                .result
                .decisions
                .iter()
                .filter(|(rep, _)| *rep as usize == i)
                .map(|(_, d)| d.clone())
                .collect();
            Some(assess(s, change, weeks, &decisions))
        })
        .collect();
    if !values.iter().flatten().any(|a| a.reversal_week.is_some()) {
        return None;
    }
    Some(
        values
            .iter()
            .map(|a| a.and_then(|a| a.recovery_weeks).map_or(f64::NAN, f64::from))
            .collect(),
    )
}
