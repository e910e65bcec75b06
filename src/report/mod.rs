//! Reports: pure functions from a `RunResult` to bytes, and one atomic writer.
//!
//! Every exporter renders into memory; only when all of them have succeeded
//! are the files written, each under a temporary name in the output folder and
//! then renamed, so a failed or interrupted run leaves the previous outputs
//! whole and never a half-written file.
//!
//! Layer rule: report renders the analysis' result types and computes no
//! figure of its own (no run, no claim, no comparison); every JSON output is
//! a `#[derive(Serialize)]` struct, never a `json!` map. It prints nothing:
//! the terminal's text is returned as a string for `cli` to print (checked
//! by `tests/it/layers.rs`).

pub mod brief;
mod calibrated_scenario;
mod compare;
mod contact_log;
mod csv_files;
mod folder_lock;
mod fs;
mod headline;
mod json;
mod markdown;
mod outputs;
pub mod plot;
mod reversibility;
mod sensitivity;
mod staffing;
mod sweep;
pub mod table;
pub mod terminal;
mod uncertainty;
pub mod units;
pub mod workbook;

pub use calibrated_scenario::calibrated_scenario;
pub use compare::{compare_csv, compare_markdown};
pub use contact_log::{contacts_csv, WEEK_ZERO};
pub use csv_files::{decisions_csv, pools_csv, replications_csv, weekly_csv};
pub use fs::{check_writable, write_atomically, WriteError};
pub use json::{queue_json, staff_json, summary_json};
pub use markdown::summary_markdown;
pub use outputs::{render_compare, render_run_brief, render_sensitivity_brief, run_figures};
pub use reversibility::{reversibility_json, reversibility_markdown};
pub use sensitivity::{
    drivers, sensitivity_csv, sensitivity_json, sensitivity_markdown, tornado_figures, Drivers,
    SENSITIVITY_CSV_HEADER,
};
pub use staffing::{staffing_csv, staffing_weeks_csv};
pub use sweep::{sweep_csv, sweep_figures, SweepPoint};
pub use uncertainty::{render_run_uncertain, uncertainty_markdown};

use crate::analysis::RunResult;

/// The files `wfsim run` writes, rendered; `pools.csv` only for a scenario
/// with `[[pools]]`.
pub fn render_run(result: &RunResult) -> Result<Vec<(&'static str, Vec<u8>)>, WriteError> {
    let mut files = vec![
        ("weekly.csv", weekly_csv(result)?),
        ("replications.csv", replications_csv(result)?),
        ("decisions.csv", decisions_csv(result)?),
        ("summary.json", summary_json(result)?),
        ("summary.md", summary_markdown(result).into_bytes()),
    ];
    if let Some(pools) = pools_csv(result)? {
        files.push(("pools.csv", pools));
    }
    Ok(files)
}

/// Formats a number for CSV and Markdown: empty when not finite, otherwise the
/// shortest text that reads back as the same value.
pub(crate) fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        String::new()
    }
}
