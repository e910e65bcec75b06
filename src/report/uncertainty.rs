//! What `wfsim run --uncertainty` adds to a run's outputs: the declared
//! parameters and their draws, and for every metric how much of its spread
//! over replications comes from the parameters rather than the simulation's
//! own randomness. `summary.json` gains an `uncertainty` object and
//! `summary.md` a section; every other file is the run's as usual.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::json::summary_json_with;
use super::markdown::markdown_table;
use super::units::fixed::{significant, Fixed};
use super::{number, render_run, WriteError};
use crate::analysis::uncertainty::Uncertainty;
use crate::analysis::RunResult;

// The `uncertainty` object of `summary.json`. Fields are declared in
// alphabetical order and metrics kept in a sorted map: the object was first
// written through a sorted map, and its bytes are the contract.

#[derive(Serialize)]
struct Parameter<'a> {
    distribution: &'static str,
    /// The value each replication drew, in replication order.
    draws: Vec<f64>,
    high: f64,
    key: &'a str,
    low: f64,
    most_likely: Option<f64>,
}

#[derive(Serialize)]
struct SpreadJson {
    /// Share of the variance the draws add, in [0, 1].
    parameter_share: Option<f64>,
    /// Standard deviation of the replication totals without the draws.
    sd_simulation: Option<f64>,
    /// With the draws (what the run's intervals rest on).
    sd_total: Option<f64>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

#[derive(Serialize)]
pub(crate) struct UncertaintyJson<'a> {
    method: &'static str,
    /// Metric name -> its spreads.
    metrics: BTreeMap<&'static str, SpreadJson>,
    parameters: Vec<Parameter<'a>>,
    replications: usize,
}

fn uncertainty_json(u: &Uncertainty) -> UncertaintyJson<'_> {
    let parameters = u
        .parameters
        .iter()
        .enumerate()
        .map(|(j, p)| Parameter {
            distribution: p.distribution.name(),
            draws: u.draws.iter().map(|row| row[j]).collect(),
            high: p.high,
            key: &p.key,
            low: p.low,
            most_likely: p.most_likely,
        })
        .collect();
    let metrics = u
        .spreads
        .iter()
        .map(|s| {
            let spread = SpreadJson {
                parameter_share: finite(s.parameter_share),
                sd_simulation: finite(s.sd_simulation),
                sd_total: finite(s.sd_total),
            };
            (s.metric.name(), spread)
        })
        .collect();
    UncertaintyJson {
        method: "latin hypercube over replications; spreads against the same replications without the draws",
        metrics,
        parameters,
        replications: u.draws.len(),
    }
}

/// `summary.md`'s section on parameter uncertainty.
pub fn uncertainty_markdown(u: &Uncertainty, result: &RunResult) -> String {
    let mut md = String::new();
    let n = u.draws.len();
    let _ = writeln!(
        md,
        "\n## Parameter uncertainty\n\nEach of the {n} replications drew every declared `[[uncertain]]` parameter from its range (a Latin hypercube: each range cut into {n} equally likely strata, each used once), so the intervals above cover the parameters as well as the simulation's randomness. The same {n} replications were also run without the draws (same seeds): the spread without them is the simulation's, and the share of the variance the draws add is the parameters'. With few replications these shares are rough.\n"
    );
    let parameters: Vec<Vec<String>> = u
        .parameters
        .iter()
        .map(|p| {
            vec![
                format!("`{}`", p.key),
                number(p.low),
                number(p.high),
                p.distribution.name().to_string(),
            ]
        })
        .collect();
    md.push_str(&markdown_table(
        &["parameter", "low", "high", "distribution"],
        &parameters,
    ));
    let mut spreads = Vec::new();
    for metric in super::headline::with_spread() {
        let Some(s) = u.spreads.iter().find(|s| s.metric == metric) else {
            continue;
        };
        let m = metric.index();
        let share = Fixed::percent(0).show(s.parameter_share);
        spreads.push(vec![
            format!("{} ({})", metric.name(), metric.unit()),
            significant(result.totals[m].mean),
            significant(s.sd_simulation),
            significant(s.sd_total),
            share,
        ]);
    }
    md.push('\n');
    md.push_str(&markdown_table(
        &[
            "metric",
            "mean",
            "sd, simulation only",
            "sd, with parameters",
            "share of variance from parameters",
        ],
        &spreads,
    ));
    md
}

/// The files `wfsim run --uncertainty` writes: `render_run`'s, with the
/// uncertainty added to `summary.json` and `summary.md`.
pub fn render_run_uncertain(
    result: &RunResult,
    u: &Uncertainty,
) -> Result<Vec<(&'static str, Vec<u8>)>, WriteError> {
    let mut files = render_run(result)?;
    for (name, bytes) in &mut files {
        match *name {
            "summary.json" => *bytes = summary_json_with(result, Some(uncertainty_json(u)))?,
            "summary.md" => bytes.extend(uncertainty_markdown(u, result).into_bytes()),
            _ => {}
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::uncertainty::Spread;
    use crate::analysis::Metric;
    use crate::scenario::{Uncertain, UncertainDistribution};

    /// The object's keys come out sorted at every level, as they did when
    /// it was written through a sorted map: the order is the contract's.
    #[test]
    fn the_uncertainty_object_keeps_the_contracts_key_order() {
        let u = Uncertainty {
            parameters: vec![Uncertain {
                key: "staffing.fte".into(),
                low: 1.0,
                high: 3.0,
                most_likely: Some(2.0),
                distribution: UncertainDistribution::Triangular,
                source: String::new(),
            }],
            draws: vec![vec![1.5], vec![2.5]],
            spreads: [Metric::ServiceLevel, Metric::CostTotal, Metric::AbandonRate]
                .map(|metric| Spread {
                    metric,
                    sd_simulation: 0.5,
                    sd_total: f64::NAN,
                    parameter_share: 0.25,
                })
                .to_vec(),
        };
        let typed = serde_json::to_string_pretty(&uncertainty_json(&u)).unwrap();
        let sorted: serde_json::Value = serde_json::from_str(&typed).unwrap();
        assert_eq!(typed, serde_json::to_string_pretty(&sorted).unwrap());
        assert!(typed.contains("\"sd_total\": null"), "{typed}");
    }
}
