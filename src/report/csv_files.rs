//! `weekly.csv` (long form: one row per week and metric) and
//! `replications.csv` (one row per replication, one column per metric).

use serde::Serialize;

use super::{number, WriteError};
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
