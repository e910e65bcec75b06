//! `reversibility.json` (the contract of `wfsim reversibility --json`) and
//! `reversibility.md`, rendered from a `Reversibility` and nothing else.

use serde_json::json;

use super::{number, WriteError};
use crate::analysis::reversibility::Reversibility;
use crate::stats::Estimate;

/// One object: `baseline` (`csat`, `service_level`), `detection_weeks`,
/// `recovery_weeks`, `round_trip_cost`, `point_of_no_return_fte` (each
/// `{"mean","ci95_low","ci95_high"}`), `levers` (`[{"lever",
/// "recovery_weeks_saved"}]`, most weeks saved first), and context.
pub fn reversibility_json(r: &Reversibility) -> Result<Vec<u8>, WriteError> {
    let levers: Vec<_> = r
        .levers
        .iter()
        .map(|l| {
            json!({
                "lever": l.lever,
                "recovery_weeks_saved": l.recovery_weeks_saved.mean,
                "ci95_low": l.recovery_weeks_saved.ci95_low,
                "ci95_high": l.recovery_weeks_saved.ci95_high,
                "recovered_replications": l.recovered,
                "description": l.description,
            })
        })
        .collect();
    let nan = Estimate::from_values(&[]);
    let value = json!({
        "scenario": r.scenario,
        "replications": r.replications,
        "change_week": r.change_week,
        "window_weeks": r.window_weeks,
        "csat_tolerance": r.csat_tolerance,
        "consecutive_weeks": r.consecutive_weeks,
        "monitored_signal": r.monitored_signal,
        "threshold": r.threshold,
        "baseline": {
            "csat": r.baseline_csat,
            "service_level": r.baseline_service_level,
        },
        "detection_weeks": r.detection_weeks,
        "recovery_weeks": r.recovery_weeks,
        "round_trip_cost": r.round_trip_cost,
        "savings_while_automated": r.savings_while_automated,
        "point_of_no_return_fte": r.point_of_no_return_fte.unwrap_or(nan),
        "levers": levers,
        "reversed_replications": r.reversed,
        "recovered_replications": r.recovered,
    });
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(|e| WriteError::Render {
        what: "reversibility.json",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn interval(e: &Estimate, digits: usize) -> String {
    if !e.mean.is_finite() {
        return "not observed".into();
    }
    format!(
        "{:.*} [{:.*}, {:.*}]",
        digits, e.mean, digits, e.ci95_low, digits, e.ci95_high
    )
}

fn money(e: &Estimate) -> String {
    if !e.mean.is_finite() {
        return "not observed".into();
    }
    format!(
        "{:.2} M [{:.2}, {:.2}]",
        e.mean / 1e6,
        e.ci95_low / 1e6,
        e.ci95_high / 1e6
    )
}

/// The human-readable report, also what the command prints.
pub fn reversibility_markdown(r: &Reversibility) -> String {
    let mut out = String::new();
    let n = r.replications;
    out.push_str(&format!(
        "# Reversibility: {}\n\nChange in week {}; {} replications; means with 95 % confidence intervals.\n\n",
        r.scenario, r.change_week, n
    ));
    out.push_str("| figure | value |\n|---|---|\n");
    let rows = [
        ("baseline CSAT (true, share)", interval(&r.baseline_csat, 3)),
        (
            "baseline service level (share)",
            interval(&r.baseline_service_level, 3),
        ),
        (
            "detection (weeks from change to breach)",
            format!(
                "{} — {} {} {}",
                interval(&r.detection_weeks, 1),
                r.monitored_signal,
                "threshold",
                number(r.threshold)
            ),
        ),
        (
            "reversed (replications)",
            format!("{} of {}", r.reversed, n),
        ),
        (
            "recovery (weeks from reversal)",
            format!(
                "{} — recovered in {} of {}",
                interval(&r.recovery_weeks, 1),
                r.recovered,
                n
            ),
        ),
        ("round-trip cost", money(&r.round_trip_cost)),
        ("savings while automated", money(&r.savings_while_automated)),
        (
            "point of no return (largest cut recovering within the window)",
            match &r.point_of_no_return_fte {
                Some(e) => format!("{} FTE (window {} weeks)", interval(e, 0), r.window_weeks),
                None => "not searched".into(),
            },
        ),
    ];
    for (label, value) in rows {
        out.push_str(&format!("| {label} | {value} |\n"));
    }
    out.push_str(&format!(
        "\nRecovered means CSAT no more than {:.1} points below baseline and service level at target for {} weeks in a row.\n",
        r.csat_tolerance * 100.0,
        r.consecutive_weeks
    ));
    if !r.levers.is_empty() {
        out.push_str("\n## Levers, most recovery weeks saved first\n\n| lever | weeks saved | recovered | what it changes |\n|---|---|---|---|\n");
        for l in &r.levers {
            out.push_str(&format!(
                "| {} | {} | {} of {} | {} |\n",
                l.lever,
                interval(&l.recovery_weeks_saved, 1),
                l.recovered,
                n,
                l.description
            ));
        }
        out.push_str("\nA run that never recovers counts the weeks that were checked after its reversal; pairs where only one run reversed are left out.\n");
    }
    out
}
