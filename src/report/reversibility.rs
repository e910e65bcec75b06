//! `reversibility.json` (the contract of `wfsim reversibility --json`) and
//! `reversibility.md`, rendered from a `Reversibility` and nothing else.

use serde::Serialize;

use super::markdown::markdown_table;
use super::units::fixed::Fixed;
use super::{number, WriteError};
use crate::analysis::reversibility::{
    CounterfactualWeek, CurvePoint, Figure, LeverEffect, PointOfNoReturn, Reversibility, TimeFigure,
};

#[derive(Serialize)]
struct Baseline<'a> {
    csat: &'a Figure,
    service_level: &'a Figure,
}

#[derive(Serialize)]
struct Counterfactual<'a> {
    csat: &'a Figure,
    service_level: &'a Figure,
    cost_total: &'a Figure,
    weekly: &'a [CounterfactualWeek],
}

/// A lever in the JSON: today's keys (`recovery_weeks_saved` is the mean,
/// `ci95_low`/`ci95_high` its interval) and the paired figures.
#[derive(Serialize)]
struct Lever<'a> {
    lever: &'a str,
    recovery_weeks_saved: f64,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    n: usize,
    distinguishable: bool,
    customer_weeks_saved: &'a Figure,
    cost_difference: &'a Figure,
    recovered_replications: usize,
    description: &'a str,
}

impl<'a> From<&'a LeverEffect> for Lever<'a> {
    fn from(l: &'a LeverEffect) -> Self {
        Lever {
            lever: l.lever,
            recovery_weeks_saved: l.recovery_weeks_saved.mean,
            ci95_low: l.recovery_weeks_saved.ci95_low,
            ci95_high: l.recovery_weeks_saved.ci95_high,
            n: l.recovery_weeks_saved.n,
            distinguishable: l.distinguishable,
            customer_weeks_saved: &l.customer_weeks_saved,
            cost_difference: &l.cost_difference,
            recovered_replications: l.recovered,
            description: l.description,
        }
    }
}

/// The point of no return; every number `null` when it was not searched.
#[derive(Serialize)]
struct NoReturn {
    mean: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    n: usize,
    confidence: f64,
    searched_up_to: Option<f64>,
}

impl NoReturn {
    fn new(p: Option<&PointOfNoReturn>, confidence: f64) -> Self {
        NoReturn {
            mean: p.map(|p| p.mean),
            ci95_low: p.and_then(|p| p.ci95_low),
            ci95_high: p.and_then(|p| p.ci95_high),
            n: p.map_or(0, |p| p.n),
            confidence,
            searched_up_to: p.map(|p| p.searched_up_to),
        }
    }
}

#[derive(Serialize)]
struct Json<'a> {
    scenario: &'a str,
    replications: u32,
    change_week: u32,
    window_weeks: u32,
    csat_tolerance: f64,
    service_level_tolerance: f64,
    consecutive_weeks: u32,
    monitored_signal: &'a str,
    threshold: f64,
    baseline: Baseline<'a>,
    counterfactual: Counterfactual<'a>,
    detection_weeks: &'a TimeFigure,
    recovery_weeks: &'a TimeFigure,
    round_trip_cost: &'a Figure,
    savings_while_automated: &'a Figure,
    dissatisfied_customers: &'a Figure,
    cost_difference: &'a Figure,
    point_of_no_return_fte: NoReturn,
    confidence: f64,
    recovery_probability: &'a [CurvePoint],
    levers: Vec<Lever<'a>>,
    reversed_replications: usize,
    recovered_replications: usize,
    /// The week of the reversal, over the replications that reversed.
    reversal_week: &'a Figure,
    /// The scenario's own cut (its first planned layoff); `null` when it
    /// plans none and the search ran up to the whole headcount.
    planned_cut_fte: Option<f64>,
    /// `null`, or what a reader must know (few replications, ...).
    note: Option<String>,
}

/// One object; every figure is `{"mean", "ci95_low", "ci95_high", "n"}`
/// with `null` bounds below 3 replications. See docs/commands.md for
/// each key.
pub fn reversibility_json(r: &Reversibility) -> Result<Vec<u8>, WriteError> {
    let value = Json {
        scenario: &r.scenario,
        replications: r.replications,
        change_week: r.change_week,
        window_weeks: r.window_weeks,
        csat_tolerance: r.csat_tolerance,
        service_level_tolerance: r.service_level_tolerance,
        consecutive_weeks: r.consecutive_weeks,
        monitored_signal: &r.monitored_signal,
        threshold: r.threshold,
        baseline: Baseline {
            csat: &r.baseline_csat,
            service_level: &r.baseline_service_level,
        },
        counterfactual: Counterfactual {
            csat: &r.counterfactual_csat,
            service_level: &r.counterfactual_service_level,
            cost_total: &r.counterfactual_cost_total,
            weekly: &r.counterfactual_weekly,
        },
        detection_weeks: &r.detection_weeks,
        recovery_weeks: &r.recovery_weeks,
        round_trip_cost: &r.round_trip_cost,
        savings_while_automated: &r.savings_while_automated,
        dissatisfied_customers: &r.dissatisfied_customers,
        cost_difference: &r.cost_difference,
        point_of_no_return_fte: NoReturn::new(r.point_of_no_return_fte.as_ref(), r.confidence),
        confidence: r.confidence,
        recovery_probability: &r.recovery_probability,
        levers: r.levers.iter().map(Lever::from).collect(),
        reversed_replications: r.reversed,
        recovered_replications: r.recovered,
        reversal_week: &r.reversal_week,
        planned_cut_fte: r.planned_cut_fte,
        note: (!r.notes.is_empty()).then(|| r.notes.join("; ")),
    };
    let mut bytes = serde_json::to_vec_pretty(&value).map_err(|e| WriteError::Render {
        what: "reversibility.json",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// `mean [low, high] (n)`, scaled and with `digits` decimals; the interval is
/// left out where there is none.
fn figure(
    mean: f64,
    low: Option<f64>,
    high: Option<f64>,
    n: usize,
    scale: f64,
    digits: usize,
) -> String {
    if !mean.is_finite() {
        return "not observed".into();
    }
    let style = Fixed::decimals(digits).per(scale);
    let m = style.show(mean);
    match (low, high) {
        (Some(l), Some(h)) => format!("{m} [{}, {}] (n = {n})", style.show(l), style.show(h)),
        _ => format!("{m} (n = {n}, no interval below 3)"),
    }
}

fn plain(f: &Figure, scale: f64, digits: usize) -> String {
    figure(f.mean, f.ci95_low, f.ci95_high, f.n, scale, digits)
}

fn weeks(t: &TimeFigure) -> String {
    let median = t
        .median
        .map_or("not reached".into(), |m| Fixed::decimals(0).show(m));
    format!(
        "{}; median {median}; seen in {} of {}, {} censored",
        figure(t.mean, t.ci95_low, t.ci95_high, t.n, 1.0, 1),
        t.recovered,
        t.n,
        t.censored
    )
}

/// The human-readable report, also what the command prints.
pub fn reversibility_markdown(r: &Reversibility) -> String {
    let mut out = String::new();
    let n = r.replications;
    out.push_str(&format!(
        "# Reversibility: {}\n\nChange in week {}; {n} replications, each paired with its counterfactual (the same scenario without the change, same seeds). Means with 95 % intervals: Student t over replications; Kaplan–Meier restricted means for times to an event.\n\n",
        r.scenario, r.change_week
    ));
    let rows = [
        ("baseline CSAT (true, before the change)", plain(&r.baseline_csat, 1.0, 3)),
        (
            "baseline service level (before the change)",
            plain(&r.baseline_service_level, 1.0, 3),
        ),
        ("counterfactual CSAT (true, whole run)", plain(&r.counterfactual_csat, 1.0, 3)),
        (
            "counterfactual service level (whole run)",
            plain(&r.counterfactual_service_level, 1.0, 3),
        ),
        ("counterfactual total cost (M)", plain(&r.counterfactual_cost_total, 1e6, 2)),
        (
            "detection (weeks from change to breach)",
            format!(
                "{} — {} threshold {}",
                weeks(&r.detection_weeks),
                r.monitored_signal,
                number(r.threshold)
            ),
        ),
        ("reversed (replications)", format!("{} of {n}", r.reversed)),
        ("recovery (weeks from reversal)", weeks(&r.recovery_weeks)),
        (
            "round-trip cost above the counterfactual (M)",
            plain(&r.round_trip_cost, 1e6, 2),
        ),
        (
            "savings while automated, against the counterfactual (M)",
            plain(&r.savings_while_automated, 1e6, 2),
        ),
        (
            "extra dissatisfied customers (thousands)",
            plain(&r.dissatisfied_customers, 1e3, 1),
        ),
        ("total cost difference from the change on (M)", plain(&r.cost_difference, 1e6, 2)),
        (
            "point of no return (FTE)",
            match &r.point_of_no_return_fte {
                Some(p) => format!(
                    "{} — largest cut recovering within {} weeks in at least {} of replications (bootstrap interval; searched up to {})",
                    figure(p.mean, p.ci95_low, p.ci95_high, p.n, 1.0, 0),
                    r.window_weeks,
                    Fixed::percent(0).suffix(" %").show(p.confidence),
                    number(p.searched_up_to)
                ),
                None => "not searched".into(),
            },
        ),
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(label, value)| vec![label.to_string(), value])
        .collect();
    out.push_str(&markdown_table(&["figure", "value"], &rows));
    let points = Fixed::decimals(1).times(100.0);
    out.push_str(&format!(
        "\nRecovered means true CSAT no more than {} points and service level no more than {} points below the counterfactual's same weeks, {} weeks in a row. A replication that has not recovered by the horizon is censored, not dropped.\n",
        points.show(r.csat_tolerance),
        points.show(r.service_level_tolerance),
        r.consecutive_weeks
    ));
    curve_markdown(r, &mut out);
    levers_markdown(r, &mut out);
    if !r.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for note in &r.notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}

/// The chance of recovering within the window, by cut, when it was searched.
fn curve_markdown(r: &Reversibility, out: &mut String) {
    if r.recovery_probability.is_empty() {
        return;
    }
    out.push_str("\n## Chance of recovering within the window, by cut\n\n");
    let chance = Fixed::decimals(2);
    let rows: Vec<Vec<String>> = r
        .recovery_probability
        .iter()
        .map(|p| {
            vec![
                number(p.cut_fte),
                chance.show(p.p_recover),
                format!(
                    "[{}, {}]",
                    chance.show(p.ci95_low),
                    chance.show(p.ci95_high)
                ),
                p.replications.to_string(),
            ]
        })
        .collect();
    out.push_str(&markdown_table(
        &[
            "cut (FTE)",
            "P(recover)",
            "95 % interval (Wilson)",
            "replications",
        ],
        &rows,
    ));
    out.push_str("\nEach replication is bisected to its own largest recoverable cut with the reversal held in the week it came; P is the share whose threshold is at least the cut (fitted non-increasing).\n");
}

/// The levers, most recovery weeks saved first, when they were run.
fn levers_markdown(r: &Reversibility, out: &mut String) {
    if r.levers.is_empty() {
        return;
    }
    out.push_str("\n## Levers, paired against the base, most recovery weeks saved first\n\n");
    let rows: Vec<Vec<String>> = r
        .levers
        .iter()
        .map(|l| {
            vec![
                l.lever.to_string(),
                plain(&l.recovery_weeks_saved, 1.0, 1),
                plain(&l.customer_weeks_saved, 1e3, 1),
                plain(&l.cost_difference, 1e6, 2),
                (if l.distinguishable { "yes" } else { "no" }).to_string(),
                format!("{} of {}", l.recovered, l.replications),
                l.description.to_string(),
            ]
        })
        .collect();
    out.push_str(&markdown_table(
        &[
            "lever",
            "weeks sooner back",
            "fewer dissatisfied customers (thousands)",
            "cost difference (M)",
            "distinguishable",
            "recovered",
            "what it changes",
        ],
        &rows,
    ));
    out.push_str("\nWeeks sooner back are counted from the change, so an earlier reversal counts; a run that never recovers counts the weeks it was watched. \"Distinguishable\" means the paired interval of weeks excludes 0.\n");
}
