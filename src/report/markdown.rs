//! `summary.md`: what a sponsor reads first. Headline totals with their
//! uncertainty, then the weekly path of usage beside quality, so a volume
//! headline is never read without the signals that lag it.

use std::fmt::Write;

use crate::analysis::{metric_index, RunResult, METRICS};
use crate::stats::Estimate;

const HEADLINE: &[&str] = &[
    "arrived",
    "repeat_contacts",
    "ai_share",
    "ai_resolution_rate",
    "resolved",
    "wrong_answer",
    "abandoned",
    "trapped",
    "csat_true",
    "csat_measured",
    "service_level",
    "abandon_rate",
    "mean_wait_seconds",
    "occupancy",
    "fte",
    "cost_human",
    "cost_ai",
    "cost_wrong_answers",
    "cost_total",
    "cost_per_contact",
    "cost_per_issue",
];

const WEEKLY: &[&str] = &[
    "arrived",
    "ai_share",
    "repeat_share",
    "csat_true",
    "csat_measured",
    "service_level",
    "abandon_rate",
    "occupancy",
    "fte",
    "cost_total",
];

fn show(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    match unit {
        "share" => format!("{:.1}%", value * 100.0),
        "contacts" | "responses" | "currency" | "FTE" | "slots" => format!("{value:.0}"),
        _ => format!("{:.2}", value),
    }
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

pub fn summary_markdown(result: &RunResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# wfsim run: {}\n", result.scenario);
    if !result.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", result.description.trim());
    }
    let _ = writeln!(
        out,
        "{} weeks, {} replications, seed {}. Figures are means over replications with 95% confidence intervals in brackets (Student t). {:.0} contacts simulated in all.\n",
        result.weeks, result.replications, result.seed, result.contacts_simulated
    );
    let _ = writeln!(out, "## Over the whole horizon\n");
    let _ = writeln!(
        out,
        "| metric | value | unit | meaning |\n|---|---|---|---|"
    );
    for name in HEADLINE {
        if let Some(i) = metric_index(name) {
            let m = &METRICS[i];
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                m.name,
                show_estimate(&result.totals[i], m.unit),
                m.unit,
                m.description
            );
        }
    }
    let _ = writeln!(out, "\n## Week by week\n");
    let _ = writeln!(out, "Usage (AI share) moves at once; quality (repeats, CSAT) moves later. Measured CSAT is the survey signal people actually see.\n");
    let _ = write!(out, "| week |");
    for name in WEEKLY {
        let _ = write!(out, " {name} |");
    }
    let _ = write!(out, "\n|---|");
    for _ in WEEKLY {
        let _ = write!(out, "---|");
    }
    let _ = writeln!(out);
    let step = (result.weeks as usize).div_ceil(26).max(1);
    for (week, estimates) in result.weekly.iter().enumerate() {
        if week % step != 0 && week + 1 != result.weekly.len() {
            continue;
        }
        let _ = write!(out, "| {week} |");
        for name in WEEKLY {
            if let Some(i) = metric_index(name) {
                let _ = write!(out, " {} |", show(estimates[i].mean, METRICS[i].unit));
            }
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "\nEvery replication conserves contacts: in_system_at_start + arrived = resolved + wrong_answer + abandoned + trapped + in_system_at_end. Column definitions: docs/outputs.md."
    );
    out
}
