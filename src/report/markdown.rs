//! `summary.md`: what a sponsor reads first. Headline totals with their
//! uncertainty, then the weekly path of usage beside quality, so a volume
//! headline is never read without the signals that lag it.

use std::fmt::Write;

use super::units::fixed::{Fixed, Layout};
use crate::analysis::{Metric, RunResult};
use crate::stats::Estimate;

const WEEKLY: &[Metric] = &[
    Metric::Arrived,
    Metric::AiShare,
    Metric::RepeatShare,
    Metric::CsatTrue,
    Metric::CsatMeasured,
    Metric::ServiceLevel,
    Metric::AbandonRate,
    Metric::Occupancy,
    Metric::Fte,
    Metric::CostTotal,
];

fn show(value: f64, unit: &str) -> String {
    Layout::Summary.level(unit).show(value)
}

fn show_estimate(e: &Estimate, unit: &str) -> String {
    if e.n > 1 && e.ci95_high > e.ci95_low {
        format!(
            "{} ({} – {})",
            show(e.mean, unit),
            show(e.ci95_low, unit),
            show(e.ci95_high, unit)
        )
    } else {
        show(e.mean, unit)
    }
}

/// A Markdown table: a heading row, the `---` rule, then the rows, every
/// line `| a | b |`. Every Markdown file and the brief write their tables
/// through it, so they read alike and a change of shape is made once.
pub(crate) fn markdown_table<H: AsRef<str>, C: AsRef<str>>(
    header: &[H],
    rows: &[Vec<C>],
) -> String {
    let mut out = String::new();
    table_line(&mut out, header);
    out.push('|');
    out.push_str(&"---|".repeat(header.len()));
    out.push('\n');
    for row in rows {
        table_line(&mut out, row);
    }
    out
}

fn table_line<C: AsRef<str>>(out: &mut String, cells: &[C]) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(cell.as_ref());
        out.push_str(" |");
    }
    out.push('\n');
}

pub fn summary_markdown(result: &RunResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# wfsim run: {}\n", result.scenario);
    if !result.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", result.description.trim());
    }
    let _ = writeln!(
        out,
        "{} weeks, {} replications, seed {}. Figures are means over replications with 95% confidence intervals in brackets (Student t). {} contacts simulated in all.\n",
        result.weeks,
        result.replications,
        result.seed,
        Fixed::decimals(0).show(result.contacts_simulated)
    );
    let _ = writeln!(out, "## Over the whole horizon\n");
    let headline: Vec<Vec<String>> = super::headline::headline()
        .map(|metric| {
            let (i, m) = (metric.index(), metric.def());
            vec![
                m.name.to_string(),
                show_estimate(&result.totals[i], m.unit),
                m.unit.to_string(),
                m.description.to_string(),
            ]
        })
        .collect();
    out.push_str(&markdown_table(
        &["metric", "value", "unit", "meaning"],
        &headline,
    ));
    let _ = writeln!(out, "\n## Week by week\n");
    let _ = writeln!(out, "Usage (AI share) moves at once; quality (repeats, CSAT) moves later. Measured CSAT is the survey signal people actually see.\n");
    let mut header = vec!["week"];
    header.extend(WEEKLY.iter().map(|m| m.name()));
    let step = (result.weeks as usize).div_ceil(26).max(1);
    let weekly: Vec<Vec<String>> = result
        .weekly
        .iter()
        .enumerate()
        .filter(|(week, _)| week % step == 0 || week + 1 == result.weekly.len())
        .map(|(week, estimates)| {
            let mut row = vec![week.to_string()];
            row.extend(
                WEEKLY
                    .iter()
                    .map(|m| show(estimates[m.index()].mean, m.unit())),
            );
            row
        })
        .collect();
    out.push_str(&markdown_table(&header, &weekly));
    let _ = writeln!(
        out,
        "\nEvery replication conserves contacts: in_system_at_start + arrived = resolved + wrong_answer + abandoned + trapped + in_system_at_end. Column definitions: docs/outputs.md."
    );
    out
}
