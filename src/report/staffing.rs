//! `staffing.csv` (one row per interval of every week) and
//! `staffing_weeks.csv` (one row per week) for `wfsim staff SCENARIO.toml`.

use serde::Serialize;

use super::WriteError;
use crate::analysis::StaffingPlan;

fn rows<T: Serialize>(what: &'static str, rows: &[T]) -> Result<Vec<u8>, WriteError> {
    let error = |message: String| WriteError::Render { what, message };
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(|e| error(e.to_string()))?;
    }
    writer.into_inner().map_err(|e| error(e.to_string()))
}

pub fn staffing_csv(plan: &StaffingPlan) -> Result<Vec<u8>, WriteError> {
    rows("staffing.csv", &plan.intervals)
}

pub fn staffing_weeks_csv(plan: &StaffingPlan) -> Result<Vec<u8>, WriteError> {
    rows("staffing_weeks.csv", &plan.weeks)
}
