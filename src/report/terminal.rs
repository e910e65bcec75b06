//! What the commands print on the terminal, rendered from their result types
//! as compact aligned tables (`table`) with every number through one
//! formatter (`units`): `79.5 M [79.1 M, 80.0 M]`, `70.1 %`, `2,465`.
//!
//! Only the terminal reads these: the files a command writes (CSV, JSON,
//! Markdown, plots, the brief) are rendered elsewhere and keep every digit.
//! The command line prints these strings and adds its own lines (what ran,
//! how long it took, where it wrote).

use super::sensitivity::{magnitude, ranked_by};
use super::table::{estimate_cells, Align, Table};
use super::units::{self, Unit};
use super::SweepPoint;
use crate::analysis::compare::Comparison;
use crate::analysis::reversibility::{Figure, Reversibility, TimeFigure};
use crate::analysis::sensitivity::Sensitivity;
use crate::analysis::uncertainty::Uncertainty;
use crate::analysis::{Metric, RunResult, SimulatedQueue, StaffingPlan, WeekPlan, METRICS};
use crate::queueing::QueueMetrics;
use crate::stats::Estimate;

/// Lines are indented by this under a command's heading line.
const INDENT: &str = "  ";

/// The horizon totals `wfsim run` prints, in this order.
const RUN_FIGURES: &[Metric] = &[
    Metric::Arrived,
    Metric::AiShare,
    Metric::CsatTrue,
    Metric::CsatMeasured,
    Metric::ServiceLevel,
    Metric::AbandonRate,
    Metric::RepeatShare,
    Metric::Occupancy,
    Metric::Fte,
    Metric::ProductiveFte,
    Metric::CostTotal,
    Metric::CostPerContact,
];

/// The figures `wfsim sweep` prints for every point.
const SWEEP_FIGURES: &[Metric] = &[
    Metric::AiShare,
    Metric::CsatTrue,
    Metric::ServiceLevel,
    Metric::CostPerContact,
];

/// What the unit column says for a metric: nothing where the number
/// carries its symbol (`%`, `s`, `min`), else the metric's unit.
fn unit_label(metric_unit: &str) -> &str {
    if Unit::of(metric_unit).is_shown_by_its_symbol() {
        ""
    } else {
        metric_unit
    }
}

/// An estimate's bounds, none from a single replication (its "interval"
/// is the value itself).
fn bounds(e: &Estimate) -> (f64, f64) {
    if e.n >= 2 {
        (e.ci95_low, e.ci95_high)
    } else {
        (f64::NAN, f64::NAN)
    }
}

fn estimate(e: &Estimate, unit: Unit) -> (String, String) {
    let (low, high) = bounds(e);
    units::estimate(e.mean, low, high, unit)
}

fn difference(e: &Estimate, unit: Unit) -> (String, String) {
    let (low, high) = bounds(e);
    units::difference_estimate(e.mean, low, high, unit)
}

/// `wfsim run`'s headline totals: figure, mean, 95% interval, unit.
pub fn run_totals(result: &RunResult) -> String {
    let mut table = Table::new(&[
        ("figure", Align::Left),
        ("mean", Align::Right),
        ("95% interval", Align::Left),
        ("unit", Align::Left),
    ]);
    for figure in RUN_FIGURES {
        let (i, metric) = (figure.index(), figure.def());
        let (mean, interval) = estimate(&result.totals[i], Unit::of(metric.unit));
        table.row(vec![
            metric.name.to_string(),
            mean,
            interval,
            unit_label(metric.unit).to_string(),
        ]);
    }
    let mut text = table.render(INDENT);
    if !result.pools.is_empty() {
        text.push_str(&pool_totals(result));
    }
    text
}

/// The pool figures `wfsim run` prints for a scenario with `[[pools]]`.
const POOL_FIGURES: &[&str] = &[
    "arrived",
    "service_level",
    "mean_wait_seconds",
    "abandon_rate",
    "occupancy",
    "slots_on_shift",
];

/// A row per pool under the headline totals: its horizon means (the
/// intervals are in `summary.json`).
fn pool_totals(result: &RunResult) -> String {
    use crate::analysis::pools::POOL_METRICS;
    let mut columns = vec![("pool".to_string(), Align::Left)];
    columns.extend(POOL_FIGURES.iter().map(|f| (f.to_string(), Align::Right)));
    let mut table = Table::new(&columns);
    for pool in &result.pools {
        let mut row = vec![pool.name.clone()];
        for name in POOL_FIGURES {
            let cell =
                POOL_METRICS
                    .iter()
                    .position(|m| m.name == *name)
                    .map_or(String::new(), |i| {
                        let e = &pool.totals[i];
                        units::estimate(e.mean, f64::NAN, f64::NAN, Unit::of(POOL_METRICS[i].unit))
                            .0
                    });
            row.push(cell);
        }
        table.row(row);
    }
    format!("\n{}", table.render(INDENT))
}

/// `wfsim compare`'s table: a row per figure, a column per scenario and per
/// paired difference against the first, each `mean [low, high]`.
pub fn compare_table(c: &Comparison) -> String {
    let mut headings = vec!["figure".to_string()];
    // Columns of (mean, interval) cells, one per scenario and difference.
    let mut columns: Vec<Vec<(String, String)>> = Vec::new();
    for (i, s) in c.scenarios.iter().enumerate() {
        headings.push(s.clone());
        columns.push(Vec::new());
        if i > 0 {
            headings.push(format!("{s} - {}", c.scenarios[0]));
            columns.push(Vec::new());
        }
    }
    headings.push("unit".to_string());
    for f in &c.figures {
        let unit = Unit::of(f.unit);
        let mut column = columns.iter_mut();
        for (v, d) in f.values.iter().zip(&f.differences) {
            if let Some(cells) = column.next() {
                cells.push(estimate(v, unit));
            }
            if let Some(d) = d {
                if let Some(cells) = column.next() {
                    cells.push(difference(d, unit));
                }
            }
        }
    }
    let columns: Vec<Vec<String>> = columns.iter().map(|c| estimate_cells(c)).collect();
    let spec: Vec<(&str, Align)> = headings.iter().map(|h| (h.as_str(), Align::Left)).collect();
    let mut table = Table::new(&spec);
    for (row, f) in c.figures.iter().enumerate() {
        let mut cells = vec![f.metric.to_string()];
        cells.extend(
            columns
                .iter()
                .map(|c| c.get(row).cloned().unwrap_or_default()),
        );
        cells.push(unit_label(f.unit).to_string());
        table.row(cells);
    }
    table.render("")
}

/// `wfsim sweep`'s table: a row per point, its settings (as given) and the
/// key figures with their intervals.
pub fn sweep_table(keys: &[String], points: &[SweepPoint]) -> String {
    let mut spec: Vec<(&str, Align)> = keys.iter().map(|k| (k.as_str(), Align::Right)).collect();
    spec.extend(SWEEP_FIGURES.iter().map(|m| (m.name(), Align::Left)));
    let mut table = Table::new(&spec);
    // One style per column, so a figure's points read alike.
    let figures: Vec<Vec<String>> = SWEEP_FIGURES
        .iter()
        .map(|m| m.index())
        .map(|i| {
            let rows: Vec<(f64, f64, f64)> = points
                .iter()
                .map(|p| {
                    let e = &p.result.totals[i];
                    let (low, high) = bounds(e);
                    (e.mean, low, high)
                })
                .collect();
            estimate_cells(&units::estimate_column(&rows, Unit::of(METRICS[i].unit)))
        })
        .collect();
    for (row, p) in points.iter().enumerate() {
        let mut cells: Vec<String> = p.settings.iter().map(|(_, v)| format!("{v}")).collect();
        cells.extend(figures.iter().filter_map(|f| f.get(row).cloned()));
        table.row(cells);
    }
    table.render("")
}

/// `wfsim sensitivity`'s tables: per output, the base and every parameter
/// ranked by its swing, with the paired change at each end.
pub fn sensitivity_tables(s: &Sensitivity) -> String {
    let mut out = String::new();
    for (k, output) in s.outputs.iter().enumerate() {
        let unit = Unit::of(output.unit());
        let (mut base, interval) = estimate(&s.base[k], unit);
        if interval != units::MISSING {
            base = format!("{base} {interval}");
        }
        if k > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{output}: base {base}; change against the base at each end, ranked by swing\n"
        ));
        let ranked = ranked_by(s, k);
        let mut at_low = Vec::new();
        let mut at_high = Vec::new();
        let mut swing = Vec::new();
        for p in &ranked {
            let e = &p.effects[k];
            at_low.push(difference(&e.at_low.diff, unit));
            at_high.push(difference(&e.at_high.diff, unit));
            // A distance between the ends; its interval is the paired
            // difference high − low, seen from the side the swing lies on.
            let (low, high) = bounds(&magnitude(&e.high_minus_low));
            swing.push(units::distance_estimate(e.swing, low, high, unit));
        }
        let (at_low, at_high, swing) = (
            estimate_cells(&at_low),
            estimate_cells(&at_high),
            estimate_cells(&swing),
        );
        let mut table = Table::new(&[
            ("parameter", Align::Left),
            ("range (file's value)", Align::Left),
            ("at low", Align::Left),
            ("at high", Align::Left),
            ("swing", Align::Left),
        ]);
        for (i, p) in ranked.iter().enumerate() {
            table.row(vec![
                p.key.clone(),
                format!("{} – {} ({})", p.low, p.high, p.base_value),
                at_low[i].clone(),
                at_high[i].clone(),
                swing[i].clone(),
            ]);
        }
        out.push_str(&table.render(INDENT));
    }
    out
}

/// A reversibility figure as (mean, interval, note). The note says what
/// differs from the header: a figure resting on fewer than the `replications`,
/// or one without an interval.
fn figure(f: &Figure, unit: Unit, replications: u32) -> [String; 3] {
    let (mean, interval) = units::estimate(
        f.mean,
        f.ci95_low.unwrap_or(f64::NAN),
        f.ci95_high.unwrap_or(f64::NAN),
        unit,
    );
    let note = match (f.ci95_low.is_some(), f.n == replications as usize) {
        (true, true) => String::new(),
        (true, false) => format!("over {} replications", f.n),
        (false, _) => format!("over {} replications: no interval below 3", f.n),
    };
    if f.mean.is_finite() {
        [mean, interval, note]
    } else {
        ["not observed".into(), String::new(), note]
    }
}

/// A time to an event: the Kaplan–Meier restricted mean in weeks, with the
/// median and how many saw it in the note.
fn weeks(t: &TimeFigure, replications: u32) -> [String; 3] {
    let [mean, interval, n] = figure(
        &Figure {
            mean: t.mean,
            ci95_low: t.ci95_low,
            ci95_high: t.ci95_high,
            n: t.n,
        },
        Unit::Weeks,
        replications,
    );
    let median = t
        .median
        .map_or("not reached".into(), |m| units::value(m, Unit::Weeks));
    let mut note = format!(
        "Kaplan–Meier; median {median}; seen in {} of {}, {} censored",
        t.recovered, t.n, t.censored
    );
    if !n.is_empty() {
        note = format!("{note}; {n}");
    }
    [mean, interval, note]
}

/// `wfsim reversibility`'s report: the figures, the chance of recovering
/// by cut and the levers, each as a table, then the notes.
pub fn reversibility_table(r: &Reversibility) -> String {
    let n = r.replications;
    let mut out = format!(
        "Reversibility of {}: change in week {}; {n} replications, each paired with its counterfactual (the same scenario without the change, same seeds)\n",
        r.scenario, r.change_week
    );
    out.push_str(&reversibility_figures(r));
    out.push_str(&format!(
        "Recovered: true CSAT no more than {} and service level no more than {} below the counterfactual's same weeks, {} weeks in a row; a replication not recovered by the horizon is censored, not dropped.\n",
        units::distance(r.csat_tolerance, Unit::Share),
        units::distance(r.service_level_tolerance, Unit::Share),
        r.consecutive_weeks
    ));
    out.push_str(&recovery_curve(r));
    out.push_str(&lever_table(r));
    if !r.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &r.notes {
            out.push_str(&format!("{INDENT}- {note}\n"));
        }
    }
    out
}

/// The reversal's figures, one row each, with their intervals.
fn reversibility_figures(r: &Reversibility) -> String {
    let n = r.replications;
    let mut out = String::new();
    let mut table = Table::new(&[
        ("figure", Align::Left),
        ("mean", Align::Right),
        ("95% interval", Align::Left),
        ("", Align::Left),
    ]);
    let row = |label: &str, [mean, interval, note]: [String; 3]| {
        vec![label.to_string(), mean, interval, note]
    };
    let mut detection = weeks(&r.detection_weeks, n);
    detection[2] = format!(
        "{}; {} threshold {}",
        detection[2],
        r.monitored_signal,
        units::value(r.threshold, Unit::of(monitored_unit(&r.monitored_signal)))
    );
    let share = |f: &Figure| figure(f, Unit::Share, n);
    let money = |f: &Figure| figure(f, Unit::Currency, n);
    let no_return = match &r.point_of_no_return_fte {
        Some(p) => {
            let no_return = Figure {
                mean: p.mean,
                ci95_low: p.ci95_low,
                ci95_high: p.ci95_high,
                n: p.n,
            };
            let [mean, interval, note] = figure(&no_return, Unit::Count, n);
            let mut explained = format!(
                "largest cut recovering within {} weeks in at least {} of replications (bootstrap interval; searched up to {})",
                r.window_weeks,
                units::value(p.confidence, Unit::Share),
                units::value(p.searched_up_to, Unit::Count)
            );
            if !note.is_empty() {
                explained = format!("{explained}; {note}");
            }
            [mean, interval, explained]
        }
        None => ["not searched".into(), String::new(), String::new()],
    };
    let rows = [
        row(
            "baseline CSAT (true, before the change)",
            share(&r.baseline_csat),
        ),
        row(
            "baseline service level (before the change)",
            share(&r.baseline_service_level),
        ),
        row(
            "counterfactual CSAT (true, whole run)",
            share(&r.counterfactual_csat),
        ),
        row(
            "counterfactual service level (whole run)",
            share(&r.counterfactual_service_level),
        ),
        row(
            "counterfactual total cost (currency)",
            money(&r.counterfactual_cost_total),
        ),
        row("detection (weeks from change to breach)", detection),
        row(
            "reversed (replications)",
            [
                format!("{} of {n}", r.reversed),
                String::new(),
                String::new(),
            ],
        ),
        row(
            "recovery (weeks from reversal)",
            weeks(&r.recovery_weeks, n),
        ),
        row(
            "round-trip cost above the counterfactual (currency)",
            money(&r.round_trip_cost),
        ),
        row(
            "savings while automated (currency)",
            money(&r.savings_while_automated),
        ),
        row(
            "extra dissatisfied customers",
            figure(&r.dissatisfied_customers, Unit::Count, n),
        ),
        row(
            "total cost difference from the change on (currency)",
            money(&r.cost_difference),
        ),
        row("point of no return (FTE cut)", no_return),
    ];
    for r in rows {
        table.row(r);
    }
    out.push_str(&table.render(INDENT));
    out
}

/// The chance of recovering within the window, by cut.
fn recovery_curve(r: &Reversibility) -> String {
    if r.recovery_probability.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    out.push_str(&format!(
        "\nChance of recovering within {} weeks, by cut (each replication bisected to its own largest recoverable cut):\n",
        r.window_weeks
    ));
    let mut curve = Table::new(&[
        ("cut (FTE)", Align::Right),
        ("P(recover)", Align::Right),
        ("95% interval (Wilson)", Align::Left),
        ("replications", Align::Right),
    ]);
    let points = &r.recovery_probability;
    let cuts: Vec<f64> = points.iter().map(|p| p.cut_fte).collect();
    let cuts = units::column(&cuts, Unit::Count);
    let chances: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|p| (p.p_recover, p.ci95_low, p.ci95_high))
        .collect();
    let chances = units::estimate_column(&chances, Unit::Share);
    for ((p, cut), (chance, interval)) in points.iter().zip(cuts).zip(chances) {
        curve.row(vec![cut, chance, interval, p.replications.to_string()]);
    }
    out.push_str(&curve.render(INDENT));
    out
}

/// The levers, paired against the base, most recovery weeks saved first.
fn lever_table(r: &Reversibility) -> String {
    if r.levers.is_empty() {
        return String::new();
    }
    let n = r.replications;
    let mut out = String::new();
    out.push_str("\nLevers, paired against the base, most recovery weeks saved first:\n");
    let mut levers = Table::new(&[
        ("lever", Align::Left),
        ("weeks sooner back", Align::Left),
        ("fewer dissatisfied customers", Align::Left),
        ("cost difference (currency)", Align::Left),
        ("distinguishable", Align::Left),
        ("recovered", Align::Left),
    ]);
    let cells = |f: &Figure, unit: Unit| -> (String, String) {
        let [mean, interval, _] = figure(f, unit, n);
        (mean, interval)
    };
    let saved: Vec<_> = r
        .levers
        .iter()
        .map(|l| cells(&l.recovery_weeks_saved, Unit::Weeks))
        .collect();
    let customers: Vec<_> = r
        .levers
        .iter()
        .map(|l| cells(&l.customer_weeks_saved, Unit::Count))
        .collect();
    let cost: Vec<_> = r
        .levers
        .iter()
        .map(|l| cells(&l.cost_difference, Unit::Currency))
        .collect();
    let (saved, customers, cost) = (
        estimate_cells(&saved),
        estimate_cells(&customers),
        estimate_cells(&cost),
    );
    for (i, l) in r.levers.iter().enumerate() {
        levers.row(vec![
            l.lever.to_string(),
            saved[i].clone(),
            customers[i].clone(),
            cost[i].clone(),
            if l.distinguishable { "yes" } else { "no" }.to_string(),
            format!("{} of {}", l.recovered, l.replications),
        ]);
    }
    out.push_str(&levers.render(INDENT));
    for l in &r.levers {
        out.push_str(&format!("{INDENT}{}: {}\n", l.lever, l.description));
    }
    out
}

/// `wfsim run --uncertainty`'s spreads: per headline metric the standard
/// deviation of the replication totals without and with the draws, and the
/// share of the variance the parameters add.
pub fn uncertainty_spreads(u: &Uncertainty) -> String {
    let mut table = Table::new(&[
        ("metric", Align::Left),
        ("sd simulation", Align::Right),
        ("sd + parameters", Align::Right),
        ("parameters", Align::Right),
        ("unit", Align::Left),
    ]);
    for metric in super::headline::with_spread() {
        let (name, i) = (metric.name(), metric.index());
        let Some(s) = u.spreads.get(i) else {
            continue;
        };
        let unit = METRICS[i].unit;
        // Spreads are distances in the metric's unit (points for a share),
        // both in one style so they compare at a glance.
        let sds = units::distance_column(&[s.sd_simulation, s.sd_total], Unit::of(unit));
        table.row(vec![
            name.to_string(),
            sds[0].clone(),
            sds[1].clone(),
            units::value(s.parameter_share, Unit::Share),
            unit_label(unit).to_string(),
        ]);
    }
    table.render(INDENT)
}

/// The unit of the signal reversibility watches (a metric's name).
fn monitored_unit(signal: &str) -> &'static str {
    Metric::by_name(signal).map_or("", Metric::unit)
}

/// The unit of a queue figure (`wfsim queue`, `wfsim staff`).
fn queue_unit(name: &str) -> Unit {
    if name == "mean_wait_s" {
        Unit::Seconds
    } else {
        Unit::Share
    }
}

/// `wfsim queue`'s figures: analytic, and with `--simulate` the simulated
/// mean and its interval beside them.
pub fn queue_figures(analytic: &QueueMetrics, simulated: Option<&SimulatedQueue>) -> String {
    let mut spec = vec![("figure", Align::Left), ("analytic", Align::Right)];
    if simulated.is_some() {
        spec.push(("simulated", Align::Right));
        spec.push(("95% interval", Align::Left));
    }
    let mut table = Table::new(&spec);
    let simulated = simulated.map(SimulatedQueue::figures);
    for (i, (name, value)) in analytic.figures().into_iter().enumerate() {
        let unit = queue_unit(name);
        let mut row = vec![name.to_string(), units::value(value, unit)];
        if let Some(figures) = &simulated {
            let (mean, interval) = estimate(&figures[i].1, unit);
            row.push(mean);
            row.push(interval);
        }
        table.row(row);
    }
    table.render(INDENT)
}

/// `wfsim staff`'s simulated figures: mean and interval.
pub fn simulated_queue(sim: &SimulatedQueue) -> String {
    let mut table = Table::new(&[
        ("figure", Align::Left),
        ("simulated", Align::Right),
        ("95% interval", Align::Left),
    ]);
    for (name, e) in sim.figures() {
        let (mean, interval) = estimate(&e, queue_unit(name));
        table.row(vec![name.to_string(), mean, interval]);
    }
    table.render(INDENT)
}

/// `wfsim staff`'s analytic figures of one queue.
pub fn queue_analytic(m: &QueueMetrics) -> String {
    let mut table = Table::new(&[("figure", Align::Left), ("analytic", Align::Right)]);
    for (name, value) in m.figures() {
        table.row(vec![
            name.to_string(),
            units::value(value, queue_unit(name)),
        ]);
    }
    table.render(INDENT)
}

/// `wfsim staff SCENARIO`'s weekly plan, about 13 weeks of it.
pub fn staffing_weeks(plan: &StaffingPlan) -> String {
    let mut table = Table::new(&[
        ("week", Align::Right),
        ("required_fte", Align::Right),
        ("scheduled_fte", Align::Right),
        ("human contacts per first contact", Align::Right),
    ]);
    let step = (plan.weeks.len() / 13).max(1);
    let shown: Vec<_> = plan
        .weeks
        .iter()
        .filter(|w| (w.week as usize).is_multiple_of(step))
        .collect();
    let column = |f: fn(&WeekPlan) -> f64| {
        let values: Vec<f64> = shown.iter().map(|w| f(w)).collect();
        units::column(&values, Unit::Count)
    };
    let required = column(|w| w.required_fte);
    let scheduled = column(|w| w.scheduled_fte);
    let per_contact = column(|w| w.human_contacts_per_first_contact);
    for (i, w) in shown.iter().enumerate() {
        table.row(vec![
            w.week.to_string(),
            required[i].clone(),
            scheduled[i].clone(),
            per_contact[i].clone(),
        ]);
    }
    table.render(INDENT)
}
