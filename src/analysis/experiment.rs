//! Runs replications and keeps each one's weekly counters beside the
//! aggregate: the claim-durability analysis and paired (common random numbers)
//! differences need per-replication values, not just means.
//!
//! Each replication runs the same `Recorder` as `analysis::run_replication`,
//! wrapped in `Ticking`, which forwards every observation unchanged and calls
//! `on_week` at each week's end (from worker threads) to drive a progress
//! bar; a test checks that the `RunResult` is identical to `analysis::run`'s.

use super::metrics::{Counters, COUNTERS, METRICS};
use super::recorder::Recorder;
use super::replicate::{
    aggregate, check_invariants, on_threads, replication_result, InvariantError, ReplicationResult,
    RunResult,
};
use crate::engine::Seconds;
use crate::model::{
    self, CostKind, DecisionSource, EscalationReason, IntervalLoad, Observer, OutcomeRecord,
    PeopleWeek, WeekState,
};
use crate::scenario::{Action, Scenario};
use rayon::prelude::*;

/// Forwards every observation to `inner` and reports each week's end.
/// Every `Observer` method must be forwarded here: one that is not would be
/// silently lost (`run_detailed_matches_run` catches it for the recorder).
struct Ticking<'a, O: Observer> {
    inner: O,
    on_week: &'a (dyn Fn() + Sync),
}

impl<O: Observer> Observer for Ticking<'_, O> {
    #[inline]
    fn on_arrival(&mut self, now: Seconds, category: usize, contact_number: u8) {
        self.inner.on_arrival(now, category, contact_number)
    }
    #[inline]
    fn on_ai_start(&mut self, now: Seconds, category: usize) {
        self.inner.on_ai_start(now, category)
    }
    #[inline]
    fn on_escalated(&mut self, now: Seconds, category: usize, reason: EscalationReason) {
        self.inner.on_escalated(now, category, reason)
    }
    #[inline]
    fn on_queue_enter(&mut self, now: Seconds, category: usize) {
        self.inner.on_queue_enter(now, category)
    }
    #[inline]
    fn on_answered(&mut self, now: Seconds, category: usize, wait_seconds: Seconds) {
        self.inner.on_answered(now, category, wait_seconds)
    }
    #[inline]
    fn on_abandoned(&mut self, now: Seconds, category: usize, wait_seconds: Seconds) {
        self.inner.on_abandoned(now, category, wait_seconds)
    }
    #[inline]
    fn on_human_done(&mut self, now: Seconds, category: usize, handle_seconds: Seconds) {
        self.inner.on_human_done(now, category, handle_seconds)
    }
    #[inline]
    fn on_outcome(&mut self, now: Seconds, record: &OutcomeRecord) {
        self.inner.on_outcome(now, record)
    }
    #[inline]
    fn on_repeat_scheduled(&mut self, now: Seconds, arrives_at: Seconds, category: usize) {
        self.inner.on_repeat_scheduled(now, arrives_at, category)
    }
    #[inline]
    fn on_survey(&mut self, received_at: Seconds, satisfied: bool) {
        self.inner.on_survey(received_at, satisfied)
    }
    #[inline]
    fn on_cost(&mut self, now: Seconds, kind: CostKind, amount: f64) {
        self.inner.on_cost(now, kind, amount)
    }
    #[inline]
    fn on_interval(&mut self, load: &IntervalLoad) {
        self.inner.on_interval(load)
    }
    fn on_start(&mut self, in_system: usize) {
        self.inner.on_start(in_system)
    }
    fn on_week_end(&mut self, state: &WeekState) {
        self.inner.on_week_end(state);
        (self.on_week)();
    }
    #[inline]
    fn on_people(&mut self, people: &PeopleWeek) {
        self.inner.on_people(people)
    }
    #[inline]
    fn on_decision(&mut self, week: u32, source: DecisionSource, action: &Action) {
        self.inner.on_decision(week, source, action)
    }
}

/// `analysis::run_replication`, reporting each simulated week to `on_week`.
fn run_replication_ticking(
    scenario: &Scenario,
    replication: u32,
    on_week: &(dyn Fn() + Sync),
) -> ReplicationResult {
    let observer = Ticking {
        inner: Recorder::new(scenario),
        on_week,
    };
    let (observer, end) = model::simulate(scenario, u64::from(replication), observer);
    replication_result(scenario, replication, observer.inner, end)
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
    let results: Vec<ReplicationResult> = on_threads(threads, || {
        (0..scenario.replications)
            .into_par_iter()
            .map(|r| run_replication_ticking(scenario, r, on_week))
            .collect()
    });
    for r in &results {
        check_invariants(r, scenario.seed)?;
    }
    Ok(DetailedRun::from_replications(scenario, &results))
}
