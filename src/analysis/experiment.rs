//! Runs replications and keeps each one's weekly counters beside the
//! aggregate: the claim-durability analysis and paired (common random numbers)
//! differences need per-replication values, not just means.
//!
//! Uses the same `run_replication` and `aggregate` as `analysis::run`, so the
//! `RunResult` is identical; `on_done` is called once per finished replication
//! (from worker threads) to drive a progress bar.

use super::metrics::{Counters, COUNTERS, METRICS};
use super::replicate::{aggregate, run_replication, InvariantError, ReplicationResult, RunResult};
use crate::scenario::Scenario;
use rayon::prelude::*;

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
        .value(&sum, &weeks[to - 1], (to - from) as f64)
}

/// `analysis::run` that also keeps per-replication counters and reports each
/// finished replication to `on_done`.
pub fn run_detailed(
    scenario: &Scenario,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<DetailedRun, InvariantError> {
    let replicate = || -> Vec<ReplicationResult> {
        (0..scenario.replications)
            .into_par_iter()
            .map(|r| {
                let result = run_replication(scenario, r);
                on_done();
                result
            })
            .collect()
    };
    let results = match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(replicate),
            Err(_) => replicate(),
        },
        None => replicate(),
    };
    for r in &results {
        let gap = r.conservation_gap();
        if gap.abs() > 0.5 {
            return Err(InvariantError {
                replication: r.replication,
                seed: scenario.seed,
                gap,
            });
        }
    }
    Ok(DetailedRun::from_replications(scenario, &results))
}
