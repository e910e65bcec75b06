//! Side-by-side comparison of scenarios run with common random numbers.
//!
//! Every scenario is run with the same seed and the same number of
//! replications, so replication `r` of each sees the same random streams. The
//! difference against the first scenario is computed per replication pair and
//! its interval taken over the pairs: noise shared by both runs cancels, so
//! the interval is narrower than the two separate intervals suggest.

use super::experiment::{run_detailed, DetailedRun};
use super::findings::RunFindings;
use super::metrics::{Metric, METRICS};
use super::replicate::{InvariantError, RunResult};
use super::reversibility::{recovery_difference, recovery_times, RecoveryTimes};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// The key figures compared, in table order.
pub const KEY_FIGURES: &[Metric] = &[
    Metric::AiShare,
    Metric::CsatTrue,
    Metric::CsatMeasured,
    Metric::ServiceLevel,
    Metric::AbandonRate,
    Metric::RepeatShare,
    Metric::Fte,
    Metric::CostPerContact,
    Metric::CostTotal,
];

/// One figure across scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedFigure {
    pub metric: &'static str,
    pub unit: &'static str,
    /// One estimate per scenario, in scenario order.
    pub values: Vec<Estimate>,
    /// Scenario minus the first scenario, from paired replications; `None`
    /// for the first scenario itself.
    pub differences: Vec<Option<Estimate>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub scenarios: Vec<String>,
    pub replications: u32,
    pub seed: u64,
    pub figures: Vec<ComparedFigure>,
}

/// Per-replication differences `b − a` of one metric's horizon totals, over
/// the replications both runs have.
pub fn paired_difference(a: &RunResult, b: &RunResult, metric: usize) -> Estimate {
    let values: Vec<f64> = a
        .replication_totals
        .iter()
        .zip(&b.replication_totals)
        .map(|(ra, rb)| rb[metric] - ra[metric])
        .collect();
    Estimate::from_values(&values)
}

/// Compares `runs` (the first is the reference) on `KEY_FIGURES`.
pub fn compare(runs: &[&RunResult]) -> Comparison {
    let figures = KEY_FIGURES
        .iter()
        .map(|metric| metric.index())
        .map(|m| ComparedFigure {
            metric: METRICS[m].name,
            unit: METRICS[m].unit,
            values: runs.iter().map(|r| r.totals[m]).collect(),
            differences: runs
                .iter()
                .enumerate()
                .map(|(i, r)| (i > 0).then(|| paired_difference(runs[0], r, m)))
                .collect(),
        })
        .collect();
    Comparison {
        scenarios: runs.iter().map(|r| r.scenario.clone()).collect(),
        replications: runs.first().map_or(0, |r| r.replications),
        seed: runs.first().map_or(0, |r| r.seed),
        figures,
    }
}

/// Adds recovery weeks where a scenario reverses (`None`: it makes no
/// change, or no replication reversed). Each value is the Kaplan-Meier
/// restricted mean over the replications that reversed, so a replication
/// still unrecovered at the horizon counts as censored instead of being
/// dropped; each difference against the first scenario is paired where
/// every replication of both recovered, and otherwise compares restricted
/// means at their common follow-up (`reversibility::recovery_difference`).
pub fn add_recovery(c: &mut Comparison, per_scenario: &[Option<RecoveryTimes>]) {
    if per_scenario.iter().all(Option::is_none) {
        return;
    }
    let nan = Estimate::from_values(&[]);
    let first = per_scenario.first().and_then(Option::as_ref);
    c.figures.push(ComparedFigure {
        metric: "recovery_weeks",
        unit: "weeks",
        values: per_scenario
            .iter()
            .map(|v| v.as_ref().map_or(nan, RecoveryTimes::estimate))
            .collect(),
        differences: per_scenario
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (i > 0).then(|| match (first, v) {
                    (Some(a), Some(b)) => recovery_difference(a, b),
                    _ => nan,
                })
            })
            .collect(),
    });
}

/// A comparison and what the brief shows of each scenario, `findings[i]`
/// belonging to the `i`-th scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareResult {
    pub comparison: Comparison,
    pub findings: Vec<RunFindings>,
}

/// Runs every scenario with its own seed and replications (the caller gives
/// them the same ones, for common random numbers). Two files may share a
/// name, or be the same file: the later run is labelled `name #i` so that
/// tables keep them apart.
pub fn run_compared(
    scenarios: &[Scenario],
    threads: Option<usize>,
    on_week: &(dyn Fn() + Sync),
) -> Result<Vec<DetailedRun>, InvariantError> {
    let mut runs: Vec<DetailedRun> = Vec::with_capacity(scenarios.len());
    for (i, s) in scenarios.iter().enumerate() {
        let mut run = run_detailed(s, threads, on_week)?;
        let name = &run.result.scenario;
        if scenarios[..i].iter().any(|p| &p.name == name) {
            run.result.scenario = format!("{name} #{}", i + 1);
        }
        runs.push(run);
    }
    Ok(runs)
}

/// The comparison of `runs` (`runs[i]` ran `scenarios[i]`, the first the
/// reference), with recovery weeks added where a scenario reverses (read
/// from the runs: no extra run) and each scenario's findings.
pub fn compare_runs(scenarios: &[Scenario], runs: &[DetailedRun]) -> CompareResult {
    let results: Vec<&RunResult> = runs.iter().map(|r| &r.result).collect();
    let mut comparison = compare(&results);
    let recovery: Vec<Option<RecoveryTimes>> = scenarios
        .iter()
        .zip(runs)
        .map(|(s, run)| recovery_times(s, run))
        .collect();
    add_recovery(&mut comparison, &recovery);
    let findings = scenarios
        .iter()
        .zip(runs)
        .map(|(s, r)| RunFindings::of(s, r))
        .collect();
    CompareResult {
        comparison,
        findings,
    }
}
