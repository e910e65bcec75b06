//! How long and how much it takes to undo an automation bet, measured on
//! replications against the counterfactual: the same scenario without the
//! change, run with the same seeds.
//!
//! Per replication (definitions, also in docs and the report):
//! - *change week*: `[reversibility] change_week`, else the first planned
//!   layoff or AI-share increase (decision or rollout step).
//! - *counterfactual*: the scenario with AI shares held where they were
//!   before the change, no decision from the change week on and no rules
//!   ([`counterfactual`]).
//! - *baseline*: CSAT (true) and service level over the `baseline_weeks`
//!   before the change (shared by both runs).
//! - *detection*: weeks from the change to the first week the monitored
//!   signal breached its threshold; censored when it never did.
//! - *reversal*: the first re-routing, rehire, requisition or outsourcing
//!   decision at or after the change, planned or taken by a rule.
//! - *recovery*: weeks from the reversal to the first of `consecutive_weeks`
//!   weeks in a row with true CSAT no more than `csat_tolerance` and service
//!   level no more than `service_level_tolerance` below the counterfactual's
//!   same weeks; censored at the last week that could start such a run.
//! - *round-trip cost*: severance, recruiting, training, outsourcing and
//!   wrong-answer cost from the change on, minus the counterfactual's.
//! - *savings while automated*: the counterfactual's pay, AI and outsourcing
//!   cost minus the variant's, from the change to the reversal.
//! - *dissatisfied customers*: from the change on, each week's contacts that
//!   ended times how far CSAT fell below the counterfactual's that week.
//!
//! Across replications: means with Student-t intervals, Kaplan–Meier
//! (median, restricted mean) for detection and recovery, paired differences
//! for levers, a recovery-probability curve and a bootstrap interval for the
//! point of no return. No interval is given for fewer than 3 replications.

mod assess;
mod curve;
mod run_recovery;
mod variants;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use self::assess::{
    assess, monitored, recovery_within, reversal_week, Reference, ReplicationReversal,
};
pub use self::curve::{
    cut_grid, point_of_no_return, recovery_curve, CurvePoint, CutThreshold, PointOfNoReturn,
};
pub use self::run_recovery::{difference as recovery_difference, recovery_times, RecoveryTimes};
pub use self::variants::{
    change_week, counterfactual, first_layoff_week, lever_names, planned_cut, with_cut,
    with_reversal_fixed, LEVERS,
};
use super::forks::Paused;
use super::metrics::Metric;
use super::replicate::{check_invariants, InvariantError, ReplicationResult};
use crate::scenario::Scenario;
use crate::stats::{Estimate, KaplanMeier, TimeToEvent};

/// Fewest replications an interval is given for.
pub const MIN_REPLICATIONS_FOR_INTERVAL: usize = 3;
/// Replications `wfsim reversibility` runs unless told otherwise (or the
/// scenario asks for more).
pub const DEFAULT_REPLICATIONS: u32 = 10;
/// Widest spacing of the recovery-probability curve, in FTE.
const CURVE_STEP_FTE: f64 = 50.0;
/// Fewest steps across the cut searched: a small cut is drawn in steps of
/// down to 1 FTE, so the curve shows where it crosses the confidence.
const CURVE_MIN_STEPS: f64 = 14.0;

/// The curve's spacing for a search up to `max_cut`: 50 FTE, finer for cuts
/// under 700 FTE so there are at least 14 steps, and never under 1 FTE.
fn curve_step(max_cut: f64) -> f64 {
    (max_cut / CURVE_MIN_STEPS)
        .floor()
        .clamp(1.0, CURVE_STEP_FTE)
}

/// Why the analysis cannot be made for this scenario (bad input, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ReversibilityError {
    #[error("{0}")]
    NotApplicable(String),
    #[error(transparent)]
    Invariant(#[from] InvariantError),
}

/// A mean over replications with its 95 % interval, or none for fewer than
/// 3 replications; `n` counts the replications it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub mean: f64,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub n: usize,
}

impl Figure {
    /// Student-t interval over the finite values.
    pub fn from_values(values: &[f64]) -> Figure {
        Figure::from_estimate(&Estimate::from_values(values))
    }

    pub fn from_estimate(e: &Estimate) -> Figure {
        let shown = e.n >= MIN_REPLICATIONS_FOR_INTERVAL;
        Figure {
            mean: e.mean,
            ci95_low: shown.then_some(e.ci95_low),
            ci95_high: shown.then_some(e.ci95_high),
            n: e.n,
        }
    }

    /// Whether the interval excludes 0 (false without an interval).
    pub fn excludes_zero(&self) -> bool {
        match (self.ci95_low, self.ci95_high) {
            (Some(low), Some(high)) => low > 0.0 || high < 0.0,
            _ => false,
        }
    }
}

/// A time to an event over replications: the Kaplan–Meier restricted mean
/// (`mean`, with its interval), the median, and how many saw the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeFigure {
    pub mean: f64,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub n: usize,
    /// `None` when fewer than half saw the event within their follow-up.
    pub median: Option<f64>,
    /// Replications in which the event was observed.
    pub recovered: usize,
    /// Replications still waiting for it at the end of their follow-up.
    pub censored: usize,
    /// The restricted mean's horizon: the longest follow-up.
    pub restricted_to: f64,
    /// The share that had not yet seen the event, step by step: (weeks, share).
    #[serde(skip)]
    pub curve: Vec<(f64, f64)>,
}

impl TimeFigure {
    pub fn from_times(times: &[TimeToEvent]) -> TimeFigure {
        let km = KaplanMeier::fit(times);
        let rm = km.restricted_mean();
        let shown = km.n >= MIN_REPLICATIONS_FOR_INTERVAL;
        TimeFigure {
            mean: rm.map_or(f64::NAN, |r| r.mean),
            ci95_low: rm.filter(|_| shown).map(|r| r.ci95_low),
            ci95_high: rm.filter(|_| shown).map(|r| r.ci95_high),
            n: km.n,
            median: km.median(),
            recovered: km.events,
            censored: km.censored,
            restricted_to: km.tau,
            curve: km.curve(),
        }
    }
}

/// One week of the counterfactual, over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CounterfactualWeek {
    pub week: u32,
    pub csat: Figure,
    pub service_level: Figure,
    pub cost_total: Figure,
}

/// One lever's effect, paired replication by replication against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeverEffect {
    pub lever: &'static str,
    pub description: &'static str,
    /// Weeks sooner the operation is back, counted from the change (so an
    /// earlier reversal counts), each run restricted to its follow-up.
    pub recovery_weeks_saved: Figure,
    /// Fewer customer-weeks below the counterfactual's CSAT: the drop in
    /// `dissatisfied_customers`, which does not depend on when the reversal
    /// happens.
    pub customer_weeks_saved: Figure,
    /// Total cost from the change on, with the lever minus without.
    pub cost_difference: Figure,
    /// Whether the recovery-weeks interval excludes 0.
    pub distinguishable: bool,
    /// Replications that recovered with the lever (of `replications`).
    pub recovered: usize,
    pub replications: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reversibility {
    pub scenario: String,
    pub replications: u32,
    pub change_week: u32,
    pub window_weeks: u32,
    pub csat_tolerance: f64,
    pub service_level_tolerance: f64,
    pub consecutive_weeks: u32,
    pub monitored_signal: String,
    pub threshold: f64,
    pub confidence: f64,
    pub baseline_csat: Figure,
    pub baseline_service_level: Figure,
    /// The counterfactual over the whole horizon.
    pub counterfactual_csat: Figure,
    pub counterfactual_service_level: Figure,
    pub counterfactual_cost_total: Figure,
    /// The counterfactual week by week: what the charts draw dashed.
    pub counterfactual_weekly: Vec<CounterfactualWeek>,
    pub detection_weeks: TimeFigure,
    /// Over the replications that reversed.
    pub recovery_weeks: TimeFigure,
    pub round_trip_cost: Figure,
    pub savings_while_automated: Figure,
    pub dissatisfied_customers: Figure,
    pub cost_difference: Figure,
    /// `None` when not searched (no workforce, no reversal, or skipped).
    pub point_of_no_return_fte: Option<PointOfNoReturn>,
    /// The scenario's own cut (its first planned layoff), `None` when it
    /// plans none (the search then runs up to the whole headcount).
    pub planned_cut_fte: Option<f64>,
    /// The week of the reversal, over the replications that reversed.
    pub reversal_week: Figure,
    pub recovery_probability: Vec<CurvePoint>,
    /// Ranked, most recovery weeks saved first.
    pub levers: Vec<LeverEffect>,
    pub reversed: usize,
    pub recovered: usize,
    pub per_replication: Vec<ReplicationReversal>,
    /// What a reader must know to read the figures (few replications, ...).
    pub notes: Vec<String>,
}

/// What to compute beyond the base and counterfactual runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Options {
    pub window_weeks: u32,
    pub search_point_of_no_return: bool,
    pub levers: bool,
    /// The share of replications that must recover within the window at
    /// the point of no return.
    pub confidence: f64,
}

/// Everything one replication contributes; replications are independent, so
/// they can be computed on different machines and aggregated later.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplicationFigures {
    /// The base run itself (its `replication` numbers these figures), for
    /// the tables, plots and brief.
    pub base: ReplicationResult,
    /// The same replication without the change.
    pub counterfactual: ReplicationResult,
    pub assessment: ReplicationReversal,
    pub monitored_signal: String,
    pub threshold: f64,
    /// The bracket of this replication's largest recoverable cut.
    pub cut_threshold: Option<CutThreshold>,
    /// In `LEVERS` order, each lever run against the counterfactual; `None`
    /// where the lever does not apply.
    pub levers: Vec<Option<ReplicationReversal>>,
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

/// A variant's run, forked from the base run's shared past, checked.
fn run_variant_checked(s: &Scenario, paused: &Paused) -> Result<ReplicationResult, InvariantError> {
    let r = paused.run_variant(s);
    check_invariants(&r, s.seed)?;
    Ok(r)
}

/// Whether a variant with its reversal held in week `reversal` recovers
/// within the window, its run stopped as soon as that is known.
fn recovers_within(
    v: &Scenario,
    change: u32,
    window: u32,
    reversal: u32,
    paused: &Paused,
    counterfactual: &ReplicationResult,
) -> Result<bool, InvariantError> {
    let run = paused.run_variant_until(v, |weeks| {
        recovery_within(v, reversal, window, weeks, &counterfactual.weeks).is_some()
    });
    check_invariants(&run, v.seed)?;
    Ok(fits(&assessed(v, change, &run, counterfactual), window))
}

/// Assesses a variant's run against the counterfactual.
fn assessed(
    s: &Scenario,
    change: u32,
    run: &ReplicationResult,
    counterfactual: &ReplicationResult,
) -> ReplicationReversal {
    assess(
        s,
        change,
        &run.weeks,
        &run.decisions,
        Reference::Counterfactual(&counterfactual.weeks),
    )
}

/// Whether a run's recovery fits the window (a run that never reversed never
/// needed to recover).
fn fits(r: &ReplicationReversal, window: u32) -> bool {
    match (r.reversal_week, r.recovery_weeks()) {
        (None, _) => true,
        (Some(_), Some(weeks)) => weeks <= window,
        (Some(_), None) => false,
    }
}

/// The largest cut searched: the scenario's own, or the whole headcount when
/// it plans none.
pub fn cut_searched(s: &Scenario) -> f64 {
    match planned_cut(s) {
        cut if cut > 0.0 => cut,
        _ => s.workforce.as_ref().map_or(0.0, |w| w.initial_fte),
    }
}

/// Runs of the cut search per replication, at most: the largest cut (none
/// when it is the scenario's own), the bisection's steps over the curve's
/// grid, and a cut of 0 when no other cut recovered.
pub fn cut_runs_at_most(s: &Scenario) -> usize {
    let max_cut = cut_searched(s);
    let intervals = cut_grid(max_cut, curve_step(max_cut))
        .len()
        .saturating_sub(1);
    2 + intervals.next_power_of_two().trailing_zeros() as usize
}

/// Bisects one replication's cut for the largest whose recovery fits the
/// window. The reversal stays in the week it came in the base run: under a
/// rule a bigger cut is noticed sooner, which would mix the size of the hole
/// with the time it was left to deepen. Each run stops once its recovery is
/// decided (recovered, or no longer able to within the window). The largest
/// cut is the scenario's own when it plans one: the base run (`base_fits`)
/// already answers it.
#[allow(clippy::too_many_arguments)]
fn bracket_threshold(
    s: &Scenario,
    change: u32,
    window: u32,
    fixed: &Scenario,
    paused: &Paused,
    reversal: u32,
    counterfactual: &ReplicationResult,
    base_fits: bool,
    replication: u32,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<CutThreshold, InvariantError> {
    let max_cut = cut_searched(s);
    let mut fixed = fixed.clone();
    let k = s.reversibility.consecutive_weeks;
    fixed.horizon_weeks = reversal
        .saturating_add(window)
        .saturating_add(k)
        .saturating_add(1)
        .min(s.horizon_weeks);
    let fits_with = |cut: f64| -> Result<bool, InvariantError> {
        let v = with_cut(&fixed, change, cut);
        recovers_within(&v, change, window, reversal, paused, counterfactual)
    };
    let largest_fits = if max_cut == planned_cut(s) {
        base_fits
    } else {
        fits_with(max_cut)?
    };
    if largest_fits {
        return Ok(CutThreshold {
            recovers: max_cut,
            fails: None,
        });
    }
    // Bisection over the curve's grid: the threshold ends between two
    // neighbouring grid cuts, so at every cut the curve is read at each
    // replication either recovers or does not (no interpolation there).
    let grid = cut_grid(max_cut, curve_step(max_cut));
    let steps = (grid.len() - 1).next_power_of_two().trailing_zeros();
    let (mut low, mut high) = (0, grid.len() - 1);
    let mut low_seen = false;
    let mut step = 0;
    while high - low > 1 {
        let mid = (low + high) / 2;
        if fits_with(grid[mid])? {
            low = mid;
            low_seen = true;
        } else {
            high = mid;
        }
        step += 1;
        progress(&format!(
            "replication {replication}: cut search {step}/{steps}: between {} and {} FTE",
            grid[low], grid[high]
        ));
    }
    if !low_seen && !fits_with(0.0)? {
        return Ok(CutThreshold {
            recovers: 0.0,
            fails: Some(0.0),
        });
    }
    Ok(CutThreshold {
        recovers: grid[low],
        fails: Some(grid[high]),
    })
}

/// The base run, its counterfactual, the cut bisection and the levers of one
/// replication.
pub fn analyse_replication(
    s: &Scenario,
    change: u32,
    replication: u32,
    options: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<ReplicationFigures, InvariantError> {
    // The past every variant shares is simulated once: the base run pauses
    // at the change (where the counterfactual leaves it) and at the cut
    // (where cuts and most levers leave it), and each variant is forked from
    // the latest pause whose past it shares (`forks`).
    let mut pauses = vec![change];
    pauses.extend(first_layoff_week(s));
    // ... and at the reversal, where the levers pulled then leave it.
    let (base, paused) = Paused::run_watching(s, replication, &pauses, |run| {
        reversal_week(change, run.decisions())
    });
    check_invariants(&base, s.seed)?;
    let cf = run_variant_checked(&counterfactual(s, change), &paused)?;
    let assessment = assessed(s, change, &base, &cf);
    let (signal, breach) = monitored(s, change, &base.decisions);
    progress(&format!(
        "replication {replication}: base and counterfactual runs done"
    ));
    // Without a reversal there is no reversal week to hold, no recovery to
    // fit in a window and no decision for a lever to act at.
    let reversal = assessment.reversal_week;
    let fixed = reversal.map(|_| with_reversal_fixed(s, &base));
    // The cut search and the levers are independent: with few replications
    // and many cores they run side by side (the results do not depend on it).
    let search = || match (
        reversal,
        &s.workforce,
        &fixed,
        options.search_point_of_no_return,
    ) {
        (Some(rv), Some(_), Some(fixed), true) => bracket_threshold(
            s,
            change,
            options.window_weeks,
            fixed,
            &paused,
            rv,
            &cf,
            fits(&assessment, options.window_weeks),
            replication,
            progress,
        )
        .map(Some),
        _ => Ok(None),
    };
    let pull_levers = || -> Result<Vec<Option<ReplicationReversal>>, InvariantError> {
        let (Some(rv), Some(fixed), true) = (reversal, &fixed, options.levers) else {
            return Ok(LEVERS.iter().map(|_| None).collect());
        };
        // Levers pulled at the reversal share the held reversal's run up to
        // it, which is the base run's (forked from its pause there).
        let held = paused.variant(fixed, &[rv]);
        LEVERS
            .par_iter()
            .map(|lever| {
                let Some(variant) = (lever.apply)(s, fixed, rv) else {
                    return Ok(None);
                };
                let run = match held.run_forked(&variant) {
                    Some(run) => {
                        check_invariants(&run, s.seed)?;
                        run
                    }
                    None => run_variant_checked(&variant, &paused)?,
                };
                progress(&format!(
                    "replication {replication}: lever {} done",
                    lever.name
                ));
                Ok(Some(assessed(&variant, change, &run, &cf)))
            })
            .collect()
    };
    let (cut_threshold, levers) = rayon::join(search, pull_levers);
    let (cut_threshold, levers) = (cut_threshold?, levers?);
    Ok(ReplicationFigures {
        base,
        counterfactual: cf,
        assessment,
        monitored_signal: signal.name().to_string(),
        threshold: breach.threshold(),
        cut_threshold,
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

fn whole_run(r: &ReplicationResult, metric: Metric) -> f64 {
    r.totals()[metric.index()]
}

/// The counterfactual's weekly CSAT, service level and cost over replications.
fn counterfactual_weekly(figures: &[ReplicationFigures]) -> Vec<CounterfactualWeek> {
    let weeks = figures
        .iter()
        .map(|f| f.counterfactual.weeks.len())
        .min()
        .unwrap_or(0);
    let at = |week: usize, metric: Metric| {
        Figure::from_values(
            &figures
                .iter()
                .map(|f| assess::metric(&f.counterfactual.weeks, metric, week, week + 1))
                .collect::<Vec<_>>(),
        )
    };
    (0..weeks)
        .map(|w| CounterfactualWeek {
            week: w as u32,
            csat: at(w, Metric::CsatTrue),
            service_level: at(w, Metric::ServiceLevel),
            cost_total: at(w, Metric::CostTotal),
        })
        .collect()
}

/// Each lever's paired effect, most recovery weeks saved first.
fn lever_effects(figures: &[ReplicationFigures]) -> Vec<LeverEffect> {
    let mut levers: Vec<LeverEffect> = LEVERS
        .iter()
        .enumerate()
        .filter_map(|(i, lever)| {
            let pairs: Vec<(&ReplicationReversal, &ReplicationReversal)> = figures
                .iter()
                .filter_map(|f| f.levers.get(i)?.as_ref().map(|l| (&f.assessment, l)))
                .collect();
            if pairs.is_empty() {
                return None;
            }
            let paired = |f: &dyn Fn(&ReplicationReversal) -> f64, sign: f64| {
                let d: Vec<f64> = pairs.iter().map(|(b, l)| sign * (f(b) - f(l))).collect();
                Figure::from_values(&d)
            };
            let recovery_weeks_saved = paired(&|r| r.back_after_change.weeks, 1.0);
            Some(LeverEffect {
                lever: lever.name,
                description: lever.description,
                distinguishable: recovery_weeks_saved.excludes_zero(),
                recovery_weeks_saved,
                customer_weeks_saved: paired(&|r| r.dissatisfied_customers, 1.0),
                cost_difference: paired(&|r| r.cost_difference, -1.0),
                recovered: pairs
                    .iter()
                    .filter(|(_, l)| l.recovery_weeks().is_some())
                    .count(),
                replications: pairs.len(),
            })
        })
        .collect();
    levers.sort_by(|a, b| {
        b.recovery_weeks_saved
            .mean
            .total_cmp(&a.recovery_weeks_saved.mean)
    });
    levers
}

/// Combines per-replication figures (in replication order) into the report.
pub fn aggregate(s: &Scenario, options: &Options, figures: &[ReplicationFigures]) -> Reversibility {
    let per: Vec<ReplicationReversal> = figures.iter().map(|f| f.assessment).collect();
    let figure = |f: &dyn Fn(&ReplicationReversal) -> f64| {
        Figure::from_values(&per.iter().map(f).collect::<Vec<_>>())
    };
    let counterfactual = |metric: Metric| {
        Figure::from_values(
            &figures
                .iter()
                .map(|f| whole_run(&f.counterfactual, metric))
                .collect::<Vec<_>>(),
        )
    };
    let thresholds: Vec<CutThreshold> = figures.iter().filter_map(|f| f.cut_threshold).collect();
    let max_cut = cut_searched(s);
    let recovery_times: Vec<TimeToEvent> = per.iter().filter_map(|r| r.recovery).collect();
    let mut notes = Vec::new();
    if figures.len() < MIN_REPLICATIONS_FOR_INTERVAL {
        notes.push(format!(
            "{} replications: no interval is given for fewer than {MIN_REPLICATIONS_FOR_INTERVAL}; run at least {DEFAULT_REPLICATIONS}",
            figures.len()
        ));
    }
    let reversed = per.iter().filter(|r| r.reversal_week.is_some()).count();
    if reversed < figures.len() {
        notes.push(format!(
            "{} of {} replications never reversed: recovery, the cut search and the levers rest on the {reversed} that did",
            figures.len() - reversed,
            figures.len()
        ));
    }
    let point_of_no_return_fte = point_of_no_return(&thresholds, max_cut, options.confidence);
    if let Some(p) = &point_of_no_return_fte {
        if p.mean >= max_cut {
            notes.push(format!(
                "the point of no return is at least the largest cut searched ({max_cut} FTE)"
            ));
        }
    }
    let first = figures.first();
    Reversibility {
        scenario: s.name.clone(),
        replications: figures.len() as u32,
        change_week: change_week(s).unwrap_or(0),
        window_weeks: options.window_weeks,
        csat_tolerance: s.reversibility.csat_tolerance,
        service_level_tolerance: s.reversibility.service_level_tolerance,
        consecutive_weeks: s.reversibility.consecutive_weeks,
        monitored_signal: first.map_or(String::new(), |f| f.monitored_signal.clone()),
        threshold: first.map_or(f64::NAN, |f| f.threshold),
        confidence: options.confidence,
        baseline_csat: figure(&|r| r.baseline_csat),
        baseline_service_level: figure(&|r| r.baseline_service_level),
        counterfactual_csat: counterfactual(Metric::CsatTrue),
        counterfactual_service_level: counterfactual(Metric::ServiceLevel),
        counterfactual_cost_total: counterfactual(Metric::CostTotal),
        counterfactual_weekly: counterfactual_weekly(figures),
        detection_weeks: TimeFigure::from_times(
            &per.iter().map(|r| r.detection).collect::<Vec<_>>(),
        ),
        recovery_weeks: TimeFigure::from_times(&recovery_times),
        round_trip_cost: figure(&|r| r.round_trip_cost),
        savings_while_automated: figure(&|r| r.savings_while_automated),
        dissatisfied_customers: figure(&|r| r.dissatisfied_customers),
        cost_difference: figure(&|r| r.cost_difference),
        recovery_probability: if thresholds.is_empty() {
            Vec::new()
        } else {
            recovery_curve(&thresholds, max_cut, curve_step(max_cut))
        },
        point_of_no_return_fte,
        planned_cut_fte: Some(planned_cut(s)).filter(|c| *c > 0.0),
        reversal_week: Figure::from_values(
            &per.iter()
                .filter_map(|r| r.reversal_week.map(f64::from))
                .collect::<Vec<_>>(),
        ),
        levers: lever_effects(figures),
        reversed,
        recovered: per.iter().filter(|r| r.recovery_weeks().is_some()).count(),
        per_replication: per,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::curve_step;

    #[test]
    fn the_curve_has_at_least_fourteen_steps_of_one_to_fifty_fte() {
        assert_eq!(curve_step(700.0), 50.0);
        assert_eq!(curve_step(3000.0), 50.0);
        assert_eq!(curve_step(100.0), 7.0);
        assert_eq!(curve_step(15.0), 1.0);
        assert_eq!(curve_step(0.0), 1.0);
    }
}
