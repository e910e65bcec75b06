//! Runs replications in parallel and aggregates them into a `RunResult`.
//!
//! A replication depends only on (scenario, seed, replication index), and
//! results are collected in index order, so the result is the same whatever
//! the number of threads.

use super::metrics::{Counter, Counters, COUNTERS, METRICS};
use super::pools::{aggregate_pools, pool_conservation_gap, PoolCounters, PoolRun};
use super::recorder::{DecisionEntry, Recorder};
use crate::model::{self, RunEnd};
use crate::scenario::Scenario;
use crate::stats::Estimate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One replication's weekly counters and end state.
///
/// Serialisable whole, so the partial files of a sharded run (`crate::shard`)
/// carry every field; a field added here travels to `wfsim merge` by itself,
/// and must hold only finite numbers (JSON has no NaN).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplicationResult {
    pub replication: u32,
    #[serde(with = "super::counters_serde")]
    pub weeks: Vec<Counters>,
    pub end: RunEnd,
    /// Every decision taken, in the order taken.
    pub decisions: Vec<DecisionEntry>,
    /// Headcount at the start, before week 0's movements.
    pub initial_headcount: f64,
    /// `pools[pool][week]` for the scenario's `[[pools]]`; absent from the
    /// partial file of a scenario without pools, which is then unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pools: Vec<Vec<PoolCounters>>,
}

impl ReplicationResult {
    /// Counters summed over the horizon.
    pub fn total_counters(&self) -> Counters {
        let mut sum = [0.0; COUNTERS];
        for week in &self.weeks {
            for (s, v) in sum.iter_mut().zip(week) {
                *s += v;
            }
        }
        sum
    }

    /// Every metric over the horizon, in `METRICS` order.
    pub fn totals(&self) -> Vec<f64> {
        let sum = self.total_counters();
        let first = self.weeks.first().copied().unwrap_or([0.0; COUNTERS]);
        let last = self.weeks.last().copied().unwrap_or([0.0; COUNTERS]);
        METRICS
            .iter()
            .map(|m| {
                m.formula
                    .value(&sum, &first, &last, self.weeks.len() as f64)
            })
            .collect()
    }

    /// Every metric in week `week`.
    pub fn week_values(&self, week: usize) -> Vec<f64> {
        let w = &self.weeks[week];
        METRICS
            .iter()
            .map(|m| m.formula.value(w, w, w, 1.0))
            .collect()
    }

    /// Contacts that arrived, or were in the system when week 0 started
    /// (carried over from the warm-up), but are neither ended nor still in
    /// the system; 0 unless the model lost or invented a contact.
    pub fn conservation_gap(&self) -> f64 {
        let t = self.total_counters();
        let ended = t[Counter::Resolved as usize]
            + t[Counter::WrongAnswer as usize]
            + t[Counter::Abandoned as usize]
            + t[Counter::Trapped as usize];
        t[Counter::Arrived as usize] + self.end.in_system_at_start as f64
            - ended
            - self.end.in_system as f64
    }

    /// The first week in which headcount differs from last week's plus the
    /// people who joined minus those who left, with the size of the gap.
    pub fn people_gap(&self) -> Option<(u32, f64)> {
        let mut present = self.initial_headcount;
        for (week, w) in self.weeks.iter().enumerate() {
            present += w[Counter::Hired as usize] + w[Counter::Rehired as usize]
                - w[Counter::Attrition as usize]
                - w[Counter::LaidOff as usize];
            let gap = w[Counter::Fte as usize] - present;
            if gap.abs() > 1e-6 {
                return Some((week as u32, gap));
            }
            present = w[Counter::Fte as usize];
        }
        None
    }
}

/// Simulates one replication.
pub fn run_replication(scenario: &Scenario, replication: u32) -> ReplicationResult {
    let (recorder, end) =
        model::simulate(scenario, u64::from(replication), Recorder::new(scenario));
    replication_result(scenario, replication, recorder, end)
}

/// Packs what a replication's recorder collected.
pub(super) fn replication_result(
    scenario: &Scenario,
    replication: u32,
    recorder: Recorder,
    end: RunEnd,
) -> ReplicationResult {
    let (weeks, decisions, pools) = recorder.into_parts();
    ReplicationResult {
        replication,
        weeks,
        end,
        decisions,
        initial_headcount: initial_headcount(scenario),
        pools,
    }
}

/// Headcount before anything happens in week 0.
pub fn initial_headcount(scenario: &Scenario) -> f64 {
    match &scenario.workforce {
        Some(w) => w.initial_fte.round().max(0.0),
        None => scenario.staffing.fte_in_week(0),
    }
}

/// A broken invariant: a defect in wfsim, reported with what replays it.
#[derive(Debug, thiserror::Error)]
#[error("internal error: replication {replication} (seed {seed}) broke {what}; replay it with --seed {seed} and report it")]
pub struct InvariantError {
    pub replication: u32,
    pub seed: u64,
    pub what: String,
}

/// Checks the cheap invariants of one replication: every contact that arrived
/// ended or is still in the system; every person is hired, present or gone.
pub fn check_invariants(r: &ReplicationResult, seed: u64) -> Result<(), InvariantError> {
    let gap = r.conservation_gap();
    if gap.abs() > 0.5 {
        return Err(InvariantError {
            replication: r.replication,
            seed,
            what: format!("conservation of contacts: {gap} contacts unaccounted for"),
        });
    }
    let gap = pool_conservation_gap(&r.pools, &r.total_counters());
    if gap > 0.5 {
        return Err(InvariantError {
            replication: r.replication,
            seed,
            what: format!("conservation of contacts in pools: {gap} contacts unaccounted for"),
        });
    }
    if let Some((week, gap)) = r.people_gap() {
        return Err(InvariantError {
            replication: r.replication,
            seed,
            what: format!("conservation of people in week {week}: headcount off by {gap}"),
        });
    }
    Ok(())
}

/// The aggregated outcome of a run.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub scenario: String,
    pub description: String,
    pub replications: u32,
    pub seed: u64,
    pub weeks: u32,
    /// `weekly[week][metric]`, metrics in `METRICS` order.
    pub weekly: Vec<Vec<Estimate>>,
    /// Horizon totals, in `METRICS` order.
    pub totals: Vec<Estimate>,
    /// `replication_totals[replication][metric]`.
    pub replication_totals: Vec<Vec<f64>>,
    pub contacts_simulated: f64,
    pub events_processed: u64,
    pub peak_contacts_in_system: usize,
    /// `(replication, decision)` for every decision of every replication.
    pub decisions: Vec<(u32, DecisionEntry)>,
    /// Each `[[pools]]` entry's figures, in the scenario's order; empty
    /// without pools.
    pub pools: Vec<PoolRun>,
}

/// Runs `scenario.replications` replications (seeded from `scenario.seed`) on
/// `threads` threads (`None`: all cores) and aggregates them.
pub fn run(scenario: &Scenario, threads: Option<usize>) -> Result<RunResult, InvariantError> {
    let all: Vec<u32> = (0..scenario.replications).collect();
    let results = run_replications(scenario, &all, threads)?;
    Ok(aggregate(scenario, &results))
}

/// Runs the replications numbered `indices` (a shard's share, or all of them)
/// on `threads` threads and checks each conserves contacts; results come back
/// in the order of `indices`. `aggregate` of all of them, in index order, is
/// what `run` returns, which is how `wfsim merge` rebuilds a sharded run.
pub fn run_replications(
    scenario: &Scenario,
    indices: &[u32],
    threads: Option<usize>,
) -> Result<Vec<ReplicationResult>, InvariantError> {
    let runs: Vec<(&Scenario, u32)> = indices.iter().map(|&r| (scenario, r)).collect();
    run_items(&runs, threads)
}

/// Runs each `(scenario, replication)` in one parallel pass on `threads`
/// threads and checks each conserves contacts; results come back in the
/// order of `runs`. A sweep's shard runs replications of several points.
pub fn run_items(
    runs: &[(&Scenario, u32)],
    threads: Option<usize>,
) -> Result<Vec<ReplicationResult>, InvariantError> {
    let results: Vec<ReplicationResult> = on_threads(threads, || {
        runs.par_iter()
            .map(|&(scenario, r)| run_replication(scenario, r))
            .collect()
    });
    for (r, (scenario, _)) in results.iter().zip(runs) {
        check_invariants(r, scenario.seed)?;
    }
    Ok(results)
}

/// Runs `work` on a pool of `threads` threads (`None`: rayon's global pool of
/// all cores). Results never depend on the number of threads.
pub fn on_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    }
}

pub fn aggregate(scenario: &Scenario, results: &[ReplicationResult]) -> RunResult {
    let weeks = scenario.horizon_weeks as usize;
    let per_rep_weeks: Vec<Vec<Vec<f64>>> = results
        .iter()
        .map(|r| (0..weeks).map(|w| r.week_values(w)).collect())
        .collect();
    let weekly = (0..weeks)
        .map(|w| {
            (0..METRICS.len())
                .map(|m| {
                    let values: Vec<f64> = per_rep_weeks.iter().map(|rep| rep[w][m]).collect();
                    Estimate::from_values(&values)
                })
                .collect()
        })
        .collect();
    let replication_totals: Vec<Vec<f64>> = results.iter().map(|r| r.totals()).collect();
    let totals = (0..METRICS.len())
        .map(|m| {
            let values: Vec<f64> = replication_totals.iter().map(|t| t[m]).collect();
            Estimate::from_values(&values)
        })
        .collect();
    RunResult {
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        replications: scenario.replications,
        seed: scenario.seed,
        weeks: scenario.horizon_weeks,
        weekly,
        totals,
        replication_totals,
        contacts_simulated: results
            .iter()
            .map(|r| r.total_counters()[Counter::Arrived as usize])
            .sum(),
        events_processed: results.iter().map(|r| r.end.events_processed).sum(),
        peak_contacts_in_system: results
            .iter()
            .map(|r| r.end.peak_in_system)
            .max()
            .unwrap_or(0),
        decisions: results
            .iter()
            .flat_map(|r| r.decisions.iter().map(|d| (r.replication, d.clone())))
            .collect(),
        pools: aggregate_pools(
            &scenario
                .pools
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>(),
            &results
                .iter()
                .map(|r| r.pools.as_slice())
                .collect::<Vec<_>>(),
        ),
    }
}

impl RunResult {
    /// The total of a metric by name.
    pub fn total(&self, name: &str) -> Option<Estimate> {
        super::metrics::metric_index(name).map(|i| self.totals[i])
    }
}
