//! `compare.csv` (long form: one row per figure and scenario) and
//! `compare.md` (one row per figure, scenarios side by side with the
//! difference against the first; the terminal's table is in `terminal`).

use std::fmt::Write;

use serde::Serialize;

use super::markdown::markdown_table;
use super::units::fixed::Layout;
use super::{number, WriteError};
use crate::analysis::compare::Comparison;
use crate::stats::Estimate;

#[derive(Serialize)]
struct Row<'a> {
    metric: &'a str,
    unit: &'a str,
    scenario: &'a str,
    mean: String,
    ci95_low: String,
    ci95_high: String,
    diff_mean: String,
    diff_ci95_low: String,
    diff_ci95_high: String,
}

/// Columns: `metric, unit, scenario, mean, ci95_low, ci95_high, diff_mean,
/// diff_ci95_low, diff_ci95_high` (the difference against the first scenario,
/// paired by replication; empty for the first).
pub fn compare_csv(c: &Comparison) -> Result<Vec<u8>, WriteError> {
    let error = |e: csv::Error| WriteError::Render {
        what: "compare.csv",
        message: e.to_string(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    for f in &c.figures {
        for ((scenario, v), d) in c.scenarios.iter().zip(&f.values).zip(&f.differences) {
            let (dm, dl, dh) = match d {
                Some(d) => (number(d.mean), number(d.ci95_low), number(d.ci95_high)),
                None => Default::default(),
            };
            writer
                .serialize(Row {
                    metric: f.metric,
                    unit: f.unit,
                    scenario,
                    mean: number(v.mean),
                    ci95_low: number(v.ci95_low),
                    ci95_high: number(v.ci95_high),
                    diff_mean: dm,
                    diff_ci95_low: dl,
                    diff_ci95_high: dh,
                })
                .map_err(error)?;
        }
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "compare.csv",
        message: e.to_string(),
    })
}

fn value(v: f64, unit: &str) -> String {
    Layout::Compare.level(unit).show(v)
}

fn estimate(e: &Estimate, unit: &str) -> String {
    format!(
        "{} [{}, {}]",
        value(e.mean, unit),
        value(e.ci95_low, unit),
        value(e.ci95_high, unit)
    )
}

fn difference(e: &Estimate, unit: &str) -> String {
    let signed = |v: f64| Layout::Compare.change(unit).show(v);
    format!(
        "{} [{}, {}]",
        signed(e.mean),
        signed(e.ci95_low),
        signed(e.ci95_high)
    )
}

/// The table as rows of cells: header first.
fn cells(c: &Comparison) -> Vec<Vec<String>> {
    let mut header = vec!["figure".to_string(), "unit".to_string()];
    for (i, s) in c.scenarios.iter().enumerate() {
        header.push(s.clone());
        if i > 0 {
            header.push(format!("{s} - {}", c.scenarios[0]));
        }
    }
    let mut rows = vec![header];
    for f in &c.figures {
        let mut row = vec![f.metric.to_string(), f.unit.to_string()];
        for (v, d) in f.values.iter().zip(&f.differences) {
            row.push(estimate(v, f.unit));
            if let Some(d) = d {
                row.push(difference(d, f.unit));
            }
        }
        rows.push(row);
    }
    rows
}

/// `compare.md`.
pub fn compare_markdown(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# wfsim compare: {}\n", c.scenarios.join(" vs "));
    let _ = writeln!(
        out,
        "Seed {}, {} replications for every scenario (common random numbers). Horizon means with 95% confidence intervals in brackets; differences against `{}` are per replication pair, with the interval over the pairs.\n",
        c.seed,
        c.replications,
        c.scenarios.first().map_or("", String::as_str)
    );
    let rows = cells(c);
    out.push_str(&markdown_table(&rows[0], &rows[1..]));
    out
}
