//! The JSON contracts other tools read: `summary.json` (with `[[pools]]`
//! also `pools`: each pool's `name` and `totals`, figure -> mean and 95% CI),
//! and the objects `wfsim queue --json` and `wfsim staff --json` print.
//!
//! Each is a typed struct. Their fields are declared in alphabetical order
//! and maps are `BTreeMap`s because the contracts were first written from
//! sorted maps: tools and goldens compare the bytes, so the order is part of
//! the contract.

use std::collections::BTreeMap;

use serde::Serialize;

use super::uncertainty::UncertaintyJson;
use super::WriteError;
use crate::analysis::pools::POOL_METRICS;
use crate::analysis::{RunResult, SimulatedQueue, METRICS};
use crate::queueing::QueueMetrics;
use crate::stats::Estimate;

/// An estimate as the contracts write it: `{"ci95_high","ci95_low","mean"}`,
/// a value that is not finite as `null`.
#[derive(Serialize)]
pub(crate) struct JsonEstimate {
    ci95_high: f64,
    ci95_low: f64,
    mean: f64,
}

impl From<&Estimate> for JsonEstimate {
    fn from(e: &Estimate) -> Self {
        JsonEstimate {
            ci95_high: e.ci95_high,
            ci95_low: e.ci95_low,
            mean: e.mean,
        }
    }
}

/// `summary.json`: `totals` maps a metric to its horizon estimate, `units`
/// a metric to its unit.
#[derive(Serialize)]
struct Summary<'a> {
    contacts_simulated: f64,
    description: &'a str,
    /// Only with `[[pools]]`, so a scenario without them keeps its bytes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pools: Vec<PoolJson<'a>>,
    replications: u32,
    scenario: &'a str,
    seed: u64,
    totals: BTreeMap<&'static str, JsonEstimate>,
    /// With `wfsim run --uncertainty` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<UncertaintyJson<'a>>,
    units: BTreeMap<&'static str, &'static str>,
    weeks: u32,
}

/// One pool's horizon figures.
#[derive(Serialize)]
struct PoolJson<'a> {
    name: &'a str,
    totals: BTreeMap<&'static str, JsonEstimate>,
}

/// Pretty JSON with a final newline, as every JSON file is written.
pub(crate) fn pretty(what: &'static str, value: &impl Serialize) -> Result<Vec<u8>, WriteError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| WriteError::Render {
        what,
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn summary_json(result: &RunResult) -> Result<Vec<u8>, WriteError> {
    summary_json_with(result, None)
}

/// `summary.json`, with the `uncertainty` object when there is one.
pub(crate) fn summary_json_with(
    result: &RunResult,
    uncertainty: Option<UncertaintyJson<'_>>,
) -> Result<Vec<u8>, WriteError> {
    let summary = Summary {
        contacts_simulated: result.contacts_simulated,
        description: &result.description,
        pools: result
            .pools
            .iter()
            .map(|pool| PoolJson {
                name: &pool.name,
                totals: POOL_METRICS
                    .iter()
                    .zip(&pool.totals)
                    .map(|(m, e)| (m.name, e.into()))
                    .collect(),
            })
            .collect(),
        replications: result.replications,
        scenario: &result.scenario,
        seed: result.seed,
        totals: METRICS
            .iter()
            .zip(&result.totals)
            .map(|(m, e)| (m.name, e.into()))
            .collect(),
        uncertainty,
        units: METRICS.iter().map(|m| (m.name, m.unit)).collect(),
        weeks: result.weeks,
    };
    pretty("summary.json", &summary)
}

/// The closed-form figures of one queue.
#[derive(Serialize)]
struct Analytic {
    mean_wait_s: f64,
    occupancy: f64,
    p_abandon: f64,
    p_wait: f64,
    service_level: f64,
}

impl From<&QueueMetrics> for Analytic {
    fn from(m: &QueueMetrics) -> Self {
        Analytic {
            mean_wait_s: m.mean_wait_s,
            occupancy: m.occupancy,
            p_abandon: m.p_abandon,
            p_wait: m.p_wait,
            service_level: m.service_level,
        }
    }
}

/// The same figures simulated, each with its interval.
#[derive(Serialize)]
struct Simulated {
    mean_wait_s: JsonEstimate,
    occupancy: JsonEstimate,
    p_abandon: JsonEstimate,
    p_wait: JsonEstimate,
    service_level: JsonEstimate,
}

impl From<&SimulatedQueue> for Simulated {
    fn from(s: &SimulatedQueue) -> Self {
        Simulated {
            mean_wait_s: (&s.mean_wait_s).into(),
            occupancy: (&s.occupancy).into(),
            p_abandon: (&s.p_abandon).into(),
            p_wait: (&s.p_wait).into(),
            service_level: (&s.service_level).into(),
        }
    }
}

/// `wfsim queue --json`; the simulation's fields only with `--simulate`.
#[derive(Serialize)]
struct QueueJson {
    analytic: Analytic,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts_simulated: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    simulated: Option<Simulated>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wall_seconds: Option<f64>,
}

/// `wfsim staff --json`; the simulation's fields only with `--simulate`.
#[derive(Serialize)]
struct StaffJson {
    agents: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    agents_simulated: Option<u32>,
    analytic: Analytic,
    #[serde(skip_serializing_if = "Option::is_none")]
    contacts_simulated: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    simulated: Option<Simulated>,
}

/// One line of JSON; a serialisation of these plain structs cannot fail,
/// but a failure would still be reported rather than printed half.
fn line(what: &'static str, value: &impl Serialize) -> Result<String, WriteError> {
    serde_json::to_string(value).map_err(|e| WriteError::Render {
        what,
        message: e.to_string(),
    })
}

/// `wfsim queue --json`: the analytic figures and, when simulated, the
/// simulation with the seconds it took.
pub fn queue_json(
    analytic: &QueueMetrics,
    simulated: Option<(&SimulatedQueue, f64)>,
) -> Result<String, WriteError> {
    let value = QueueJson {
        analytic: analytic.into(),
        contacts_simulated: simulated.map(|(s, _)| s.contacts_simulated),
        simulated: simulated.map(|(s, _)| s.into()),
        wall_seconds: simulated.map(|(_, wall)| wall),
    };
    line("queue JSON", &value)
}

/// `wfsim staff --json`: the analytic answer and, when confirmed by
/// simulation, the agents the simulation settled on and its figures.
pub fn staff_json(
    agents: u32,
    analytic: &QueueMetrics,
    confirmed: Option<(u32, &SimulatedQueue)>,
) -> Result<String, WriteError> {
    let value = StaffJson {
        agents,
        agents_simulated: confirmed.map(|(n, _)| n),
        analytic: analytic.into(),
        contacts_simulated: confirmed.map(|(_, s)| s.contacts_simulated),
        simulated: confirmed.map(|(_, s)| s.into()),
    };
    line("staff JSON", &value)
}
