//! Runs replications and keeps each one's weekly counters beside the
//! aggregate: the claim-durability analysis and paired (common random numbers)
//! differences need per-replication values, not just means.
//!
//! Each replication runs the same `Recorder` as `analysis::run_replication`,
//! paired with `WeekTick`, which calls `on_week` at each week's end (from
//! worker threads) to drive a progress bar; a test checks that the
//! `RunResult` is identical to `analysis::run`'s.

use super::metrics::{Counters, COUNTERS, METRICS};
use super::recorder::Recorder;
use super::replicate::{
    aggregate, check_invariants, on_threads, replication_result, InvariantError, ReplicationResult,
    RunResult,
};
use crate::model::{self, Observer, WeekState};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// Reports each week's end to `on_week`. It runs beside the recorder as the
/// pair `(Recorder, WeekTick)`, whose forwarding `model::Observer` generates
/// from the same list as its hooks, so no observation can miss the recorder.
struct WeekTick<'a>(&'a (dyn Fn() + Sync));

impl Observer for WeekTick<'_> {
    fn on_week_end(&mut self, _: &WeekState) {
        (self.0)();
    }
}

/// `analysis::run_replication`, reporting each simulated week to `on_week`.
fn run_replication_ticking(
    scenario: &Scenario,
    replication: u32,
    on_week: &(dyn Fn() + Sync),
) -> ReplicationResult {
    let observer = (Recorder::new(scenario), WeekTick(on_week));
    let ((recorder, _), end) = model::simulate(scenario, u64::from(replication), observer);
    replication_result(scenario, replication, recorder, end)
}

/// A run's aggregate and every replication's weekly counters.
#[derive(Debug, Clone)]
pub struct DetailedRun {
    pub result: RunResult,
    /// `counters[replication][week]`.
    pub counters: Vec<Vec<Counters>>,
}

impl DetailedRun {
    /// Builds from replications (as `analysis::run` does, plus the counters).
    pub fn from_replications(scenario: &Scenario, replications: &[ReplicationResult]) -> Self {
        DetailedRun {
            result: aggregate(scenario, replications),
            counters: replications.iter().map(|r| r.weeks.clone()).collect(),
        }
    }

    /// A metric over weeks `[from, to)` (clamped to the horizon) for every
    /// replication: a ratio of the counters summed over those weeks, as for
    /// horizon totals. NaN for an empty range.
    pub fn block_values(&self, metric: usize, from: usize, to: usize) -> Vec<f64> {
        self.counters
            .iter()
            .map(|weeks| block_value(weeks, metric, from, to))
            .collect()
    }
}

/// One replication's metric over weeks `[from, to)`.
pub fn block_value(weeks: &[Counters], metric: usize, from: usize, to: usize) -> f64 {
    let to = to.min(weeks.len());
    if from >= to {
        return f64::NAN;
    }
    let mut sum = [0.0; COUNTERS];
    for week in &weeks[from..to] {
        for (s, v) in sum.iter_mut().zip(week) {
            *s += v;
        }
    }
    METRICS[metric]
        .formula
        .value(&sum, &weeks[from], &weeks[to - 1], (to - from) as f64)
}

/// `analysis::run` that also keeps per-replication counters and calls
/// `on_week` each time a replication finishes a simulated week (so
/// `horizon_weeks x replications` calls in all).
pub fn run_detailed(
    scenario: &Scenario,
    threads: Option<usize>,
    on_week: &(dyn Fn() + Sync),
) -> Result<DetailedRun, InvariantError> {
    run_each(scenario, |_| scenario, threads, on_week)
}

/// `run_detailed` with replication `r` simulating `variants[r]`: `scenario`
/// with other values of some keys (its uncertain parameters drawn), the same
/// seed and horizon, aggregated as a run of `scenario`.
pub fn run_detailed_variants(
    scenario: &Scenario,
    variants: &[Scenario],
    threads: Option<usize>,
    on_week: &(dyn Fn() + Sync),
) -> Result<DetailedRun, InvariantError> {
    assert_eq!(variants.len(), scenario.replications as usize);
    run_each(scenario, |r| &variants[r as usize], threads, on_week)
}

fn run_each<'a>(
    scenario: &Scenario,
    scenario_of: impl Fn(u32) -> &'a Scenario + Sync,
    threads: Option<usize>,
    on_week: &(dyn Fn() + Sync),
) -> Result<DetailedRun, InvariantError> {
    let results: Vec<ReplicationResult> = on_threads(threads, || {
        (0..scenario.replications)
            .into_par_iter()
            .map(|r| run_replication_ticking(scenario_of(r), r, on_week))
            .collect()
    });
    for r in &results {
        check_invariants(r, scenario.seed)?;
    }
    Ok(DetailedRun::from_replications(scenario, &results))
}
