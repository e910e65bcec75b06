//! `weekly.csv` (long form: one row per week and metric),
//! `replications.csv` (one row per replication, one column per metric) and
//! `decisions.csv` (every decision taken, by replication and week) and,
//! for a scenario with `[[pools]]`, `pools.csv` (one row per pool and week).

use serde::Serialize;

use super::{number, WriteError};
use crate::analysis::pools::POOL_METRICS;
use crate::analysis::{RunResult, METRICS};

#[derive(Serialize)]
struct WeeklyRow<'a> {
    week: u32,
    metric: &'a str,
    unit: &'a str,
    mean: String,
    ci95_low: String,
    ci95_high: String,
}

fn csv_error(what: &'static str) -> impl Fn(csv::Error) -> WriteError {
    move |e| WriteError::Render {
        what,
        message: e.to_string(),
    }
}

pub fn weekly_csv(result: &RunResult) -> Result<Vec<u8>, WriteError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (week, estimates) in result.weekly.iter().enumerate() {
        for (metric, estimate) in METRICS.iter().zip(estimates) {
            writer
                .serialize(WeeklyRow {
                    week: week as u32,
                    metric: metric.name,
                    unit: metric.unit,
                    mean: number(estimate.mean),
                    ci95_low: number(estimate.ci95_low),
                    ci95_high: number(estimate.ci95_high),
                })
                .map_err(csv_error("weekly.csv"))?;
        }
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "weekly.csv",
        message: e.to_string(),
    })
}

pub fn replications_csv(result: &RunResult) -> Result<Vec<u8>, WriteError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["replication".to_string(), "seed".to_string()];
    header.extend(METRICS.iter().map(|m| m.name.to_string()));
    writer
        .write_record(&header)
        .map_err(csv_error("replications.csv"))?;
    for (replication, totals) in result.replication_totals.iter().enumerate() {
        let mut row = vec![replication.to_string(), result.seed.to_string()];
        row.extend(totals.iter().map(|v| number(*v)));
        writer
            .write_record(&row)
            .map_err(csv_error("replications.csv"))?;
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "replications.csv",
        message: e.to_string(),
    })
}

#[derive(Serialize)]
struct DecisionRow<'a> {
    replication: u32,
    week: u32,
    source: &'a str,
    rule: &'a str,
    action: &'a str,
    category: &'a str,
    value: String,
    reversal: bool,
}

/// Every decision of every replication: planned ones, AI rollout steps and
/// those taken by adaptive rules, in the order they were taken.
pub fn decisions_csv(result: &RunResult) -> Result<Vec<u8>, WriteError> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Written by hand so that an empty log still has its header.
    writer
        .write_record([
            "replication",
            "week",
            "source",
            "rule",
            "action",
            "category",
            "value",
            "reversal",
        ])
        .map_err(csv_error("decisions.csv"))?;
    for (replication, d) in &result.decisions {
        writer
            .serialize(DecisionRow {
                replication: *replication,
                week: d.week,
                source: &d.source,
                rule: &d.rule,
                action: &d.action,
                category: &d.category,
                value: d.value.map_or(String::new(), number),
                reversal: d.reversal,
            })
            .map_err(csv_error("decisions.csv"))?;
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "decisions.csv",
        message: e.to_string(),
    })
}

/// One row per pool and week: the pool's figures (`POOL_METRICS`), each the
/// mean over replications; the horizon's, with intervals, are in
/// `summary.json`. `None` for a scenario without pools, which writes no file.
pub fn pools_csv(result: &RunResult) -> Result<Option<Vec<u8>>, WriteError> {
    if result.pools.is_empty() {
        return Ok(None);
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["pool".to_string(), "week".to_string()];
    header.extend(POOL_METRICS.iter().map(|m| m.name.to_string()));
    writer
        .write_record(&header)
        .map_err(csv_error("pools.csv"))?;
    for pool in &result.pools {
        for (week, figures) in pool.weekly.iter().enumerate() {
            let mut row = vec![pool.name.clone(), week.to_string()];
            row.extend(figures.iter().map(|e| number(e.mean)));
            writer.write_record(&row).map_err(csv_error("pools.csv"))?;
        }
    }
    writer
        .into_inner()
        .map(Some)
        .map_err(|e| WriteError::Render {
            what: "pools.csv",
            message: e.to_string(),
        })
}
