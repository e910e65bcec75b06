//! `summary.json`: the contract other tools read. Keys: `scenario`,
//! `replications`, `seed`, `weeks`, `totals` (metric -> mean and 95% CI),
//! plus `units`, `description` and `contacts_simulated`; with `[[pools]]`,
//! `pools` (each pool's `name` and `totals`, figure -> mean and 95% CI).

use serde_json::{json, Map};

use super::WriteError;
use crate::analysis::pools::POOL_METRICS;
use crate::analysis::{RunResult, METRICS};

pub fn summary_json(result: &RunResult) -> Result<Vec<u8>, WriteError> {
    let mut totals = Map::new();
    let mut units = Map::new();
    for (metric, estimate) in METRICS.iter().zip(&result.totals) {
        // An Estimate serialises as {"mean","ci95_low","ci95_high"}; NaN becomes null.
        totals.insert(metric.name.to_string(), json!(estimate));
        units.insert(metric.name.to_string(), json!(metric.unit));
    }
    let mut value = json!({
        "scenario": result.scenario,
        "description": result.description,
        "replications": result.replications,
        "seed": result.seed,
        "weeks": result.weeks,
        "totals": totals,
        "units": units,
        "contacts_simulated": result.contacts_simulated,
    });
    // Only with pools, so a scenario without them keeps its bytes.
    if !result.pools.is_empty() {
        let pools: Vec<_> = result
            .pools
            .iter()
            .map(|pool| {
                let totals: Map<_, _> = POOL_METRICS
                    .iter()
                    .zip(&pool.totals)
                    .map(|(m, e)| (m.name.to_string(), json!(e)))
                    .collect();
                json!({ "name": pool.name, "totals": totals })
            })
            .collect();
        value["pools"] = json!(pools);
    }
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(|e| WriteError::Render {
        what: "summary.json",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
