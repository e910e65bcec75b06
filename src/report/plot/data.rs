//! Data preparation for plots: pure functions from results to series. No
//! drawing here, so each figure's content is tested as numbers.

use super::{Chart, Figure, Kind, Marker, Reference, Series, Span, Stroke};
use crate::analysis::reversibility::{
    CounterfactualWeek, CurvePoint, LeverEffect, PointOfNoReturn, TimeFigure,
};
use crate::analysis::{DecisionEntry, Metric, RunResult};
use crate::report::units::fixed::{self, Fixed};
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// A grid of values over two swept keys: `values[y][x]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    pub name: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub value_label: String,
    pub xs: Vec<String>,
    pub ys: Vec<String>,
    pub values: Vec<Vec<f64>>,
}

/// A series from weekly estimates, x = week, y = mean × `scale`, with the CI
/// band when `band` (and some interval has width).
pub fn series_from_estimates(label: &str, weekly: &[Estimate], scale: f64, band: bool) -> Series {
    let points = weekly
        .iter()
        .enumerate()
        .map(|(w, e)| (w as f64, e.mean * scale))
        .collect();
    // Every quantity drawn is non-negative, and a percentage is at most 100;
    // a t interval from few replications can overshoot both, so the band is
    // clipped to what the quantity can be.
    let top = if scale == 100.0 { 100.0 } else { f64::INFINITY };
    let band = band.then(|| {
        weekly
            .iter()
            .map(|e| {
                (
                    (e.ci95_low * scale).clamp(0.0, top),
                    (e.ci95_high * scale).clamp(0.0, top),
                )
            })
            .collect()
    });
    Series {
        label: label.to_string(),
        points,
        band,
        stroke: Stroke::Solid,
    }
}

/// Stacks layers: for each layer and point, `(x, bottom, top)`, where the
/// bottom is the top of the layer below at the same index. A non-finite amount
/// counts as 0 so one missing value does not tear the stack above it.
pub fn stack(layers: &[Vec<(f64, f64)>]) -> Vec<Vec<(f64, f64, f64)>> {
    let mut base: Vec<f64> = Vec::new();
    layers
        .iter()
        .map(|layer| {
            if base.len() < layer.len() {
                base.resize(layer.len(), 0.0);
            }
            layer
                .iter()
                .enumerate()
                .map(|(i, (x, y))| {
                    let amount = if y.is_finite() { *y } else { 0.0 };
                    let bottom = base[i];
                    base[i] = bottom + amount;
                    (*x, bottom, bottom + amount)
                })
                .collect()
        })
        .collect()
}

/// A metric's weekly estimates.
pub fn weekly_estimates(result: &RunResult, metric: Metric) -> Vec<Estimate> {
    weekly(result, metric)
}

fn weekly(result: &RunResult, metric: Metric) -> Vec<Estimate> {
    let nan = Estimate::from_values(&[]);
    result
        .weekly
        .iter()
        .map(|w| w.get(metric.index()).copied().unwrap_or(nan))
        .collect()
}

/// Weekly means of `a − b` (means are linear, so this is the mean of the
/// difference).
fn difference(result: &RunResult, a: Metric, b: Metric) -> Vec<(f64, f64)> {
    weekly(result, a)
        .iter()
        .zip(weekly(result, b))
        .enumerate()
        .map(|(w, (x, y))| (w as f64, x.mean - y.mean))
        .collect()
}

fn means(result: &RunResult, metric: Metric, scale: f64) -> Vec<(f64, f64)> {
    series_from_estimates(metric.name(), &weekly(result, metric), scale, false).points
}

fn plain(label: &str, points: Vec<(f64, f64)>) -> Series {
    Series {
        label: label.to_string(),
        points,
        band: None,
        stroke: Stroke::Solid,
    }
}

/// Decisions known from a scenario today: AI rollout steps (grouped by week)
/// and staffing-schedule changes of at least 5% (layoffs, rehiring). A
/// decisions timeline from the policy module can be appended to this list.
pub fn markers_for_scenario(scenario: &Scenario) -> Vec<Marker> {
    let mut markers: Vec<Marker> = Vec::new();
    let mut weeks: Vec<u32> = scenario
        .categories
        .iter()
        .filter(|c| !c.never_ai)
        .flat_map(|c| c.ai_rollout.iter().map(|(w, _)| *w))
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    for week in weeks {
        let changed: Vec<&str> = scenario
            .categories
            .iter()
            .filter(|c| {
                !c.never_ai
                    && c.ai_share_in_week(week)
                        != if week == 0 {
                            0.0
                        } else {
                            c.ai_share_in_week(week - 1)
                        }
            })
            .map(|c| c.name.as_str())
            .collect();
        if changed.is_empty() {
            continue;
        }
        let label = if changed.len() == 1 {
            format!("AI rollout: {}", changed[0])
        } else {
            format!("AI rollout: {} categories", changed.len())
        };
        markers.push(Marker {
            week: f64::from(week),
            label,
        });
    }
    let schedule = &scenario.staffing.fte_schedule;
    for pair in schedule.windows(2) {
        let ((_, before), (week, after)) = (pair[0], pair[1]);
        if before > 0.0 && ((after - before) / before).abs() >= 0.05 {
            let verb = if after < before { "cut" } else { "hire" };
            markers.push(Marker {
                week: f64::from(week),
                label: format!(
                    "staff {verb} {}",
                    Fixed::decimals(0)
                        .signed()
                        .suffix(" FTE")
                        .show(after - before)
                ),
            });
        }
    }
    markers.sort_by(|a, b| a.week.total_cmp(&b.week));
    markers
}

/// The figures `wfsim run` draws, in brief order.
///
/// `threshold` is the scenario's CSAT threshold; `pools` are named weekly
/// headcount series (today the FTE on the payroll; the workforce pipeline's
/// pools when it reports them).
pub fn figures_for_run(
    result: &RunResult,
    markers: &[Marker],
    threshold: Option<f64>,
    pools: &[(String, Vec<Estimate>)],
) -> Vec<Figure> {
    let mut csat = weekly_chart(
        ("csat", "Customer satisfaction, true and measured"),
        "satisfied customers (%)",
        Kind::Lines,
        vec![
            series_from_estimates(
                "CSAT true (expected)",
                &weekly(result, Metric::CsatTrue),
                100.0,
                true,
            ),
            series_from_estimates(
                "CSAT measured (surveys)",
                &weekly(result, Metric::CsatMeasured),
                100.0,
                true,
            ),
        ],
        markers,
    );
    csat.references = threshold
        .map(|t| Reference {
            label: format!("threshold {}", Fixed::percent(0).show(t)),
            value: t * 100.0,
        })
        .into_iter()
        .collect();
    let service = weekly_chart(
        (
            "service",
            "Service level and abandonment in the human queue",
        ),
        "contacts offered to humans (%)",
        Kind::Lines,
        vec![
            series_from_estimates(
                "answered within target",
                &weekly(result, Metric::ServiceLevel),
                100.0,
                true,
            ),
            series_from_estimates(
                "abandoned",
                &weekly(result, Metric::AbandonRate),
                100.0,
                true,
            ),
        ],
        markers,
    );
    let contacts = weekly_chart(
        ("contacts", "Contacts by channel and outcome"),
        "contacts per week",
        Kind::Stacked,
        contact_series(result),
        markers,
    );
    let cost = weekly_chart(
        ("cost", "Cost by kind"),
        "cost per week (currency)",
        Kind::Stacked,
        vec![
            plain("human pay", means(result, Metric::CostHuman, 1.0)),
            plain("AI charges", means(result, Metric::CostAi, 1.0)),
            plain(
                "wrong answers",
                means(result, Metric::CostWrongAnswers, 1.0),
            ),
        ],
        markers,
    );
    let headcount = weekly_chart(
        ("headcount", "Headcount by pool"),
        "full-time equivalents (FTE)",
        Kind::Lines,
        pools
            .iter()
            .map(|(label, values)| series_from_estimates(label, values, 1.0, true))
            .collect(),
        markers,
    );
    vec![
        Figure::Chart(csat),
        Figure::Chart(service),
        Figure::Chart(contacts),
        Figure::Chart(cost),
        Figure::Chart(headcount),
    ]
}

/// A chart of a run by week, `(name, title)`, with the run's markers and no
/// references, spans or notes.
fn weekly_chart(
    (name, title): (&str, &str),
    y_label: &str,
    kind: Kind,
    series: Vec<Series>,
    markers: &[Marker],
) -> Chart {
    Chart {
        name: name.into(),
        title: title.into(),
        x_label: "week (from 0)".into(),
        y_label: y_label.into(),
        kind,
        series,
        references: Vec::new(),
        markers: markers.to_vec(),
        spans: Vec::new(),
        notes: Vec::new(),
    }
}

/// Every contact's end, AI and human, stacked.
fn contact_series(result: &RunResult) -> Vec<Series> {
    vec![
        plain("AI resolved", means(result, Metric::AiResolved, 1.0)),
        plain("AI wrong answer", means(result, Metric::AiWrongAnswer, 1.0)),
        plain(
            "human resolved",
            difference(result, Metric::Resolved, Metric::AiResolved),
        ),
        plain(
            "human wrong answer",
            difference(result, Metric::WrongAnswer, Metric::AiWrongAnswer),
        ),
        plain("abandoned waiting", means(result, Metric::Abandoned, 1.0)),
        plain("trapped in AI loop", means(result, Metric::Trapped, 1.0)),
    ]
}

/// The headcount pools of a run: payroll FTE and productive FTE always; the
/// workforce pipeline's pools (and outsourced capacity) where they are ever
/// above zero, so a fixed-schedule run is not drawn with empty lines.
pub fn pools_for_run(result: &RunResult) -> Vec<(String, Vec<Estimate>)> {
    const POOLS: &[(Metric, &str)] = &[
        (Metric::Fte, "on the payroll"),
        (Metric::ProductiveFte, "productive FTE"),
        (Metric::Proficient, "proficient"),
        (Metric::Ramping, "ramping up"),
        (Metric::InTraining, "in training"),
        (Metric::WaitingForClass, "hired, waiting for class"),
        (Metric::Trainers, "trainers"),
        (Metric::OutsourcedFte, "outsourced FTE"),
    ];
    let mut pools = Vec::new();
    for (i, (metric, label)) in POOLS.iter().enumerate() {
        let series = weekly(result, *metric);
        let ever = series.iter().any(|e| e.mean.is_finite() && e.mean > 0.0);
        // Productive FTE equals the payroll without a pipeline; skip the copy.
        let same_as_payroll = i == 1
            && series
                .iter()
                .zip(&weekly(result, Metric::Fte))
                .all(|(a, b)| a.mean == b.mean);
        if (i == 0 || ever) && !same_as_payroll {
            pools.push((label.to_string(), series));
        }
    }
    pools
}

/// Markers for the decisions a run logged, besides the AI rollout steps
/// (`markers_for_scenario` has those): planned ones once, and those taken by
/// rules in the first replication, labelled with the range of weeks they
/// came in across replications.
pub fn markers_for_decisions(decisions: &[(u32, DecisionEntry)]) -> Vec<Marker> {
    let mut markers: Vec<Marker> = Vec::new();
    let first = decisions.first().map_or(0, |(r, _)| *r);
    let mut seen: Vec<(u32, String)> = Vec::new();
    for (replication, d) in decisions {
        if *replication != first || d.source == "rollout" {
            continue;
        }
        let what = match d.source.as_str() {
            "rule" => format!("rule {}", d.rule),
            _ => match d.value {
                Some(v) if d.action != "set_ai_share" => {
                    format!("{} {v}", d.action.replace('_', " "))
                }
                _ => d.action.replace('_', " "),
            },
        };
        let key = (d.week, what.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let label = if d.source == "rule" {
            let weeks: Vec<u32> = decisions
                .iter()
                .filter(|(_, e)| e.source == "rule" && e.rule == d.rule)
                .map(|(_, e)| e.week)
                .collect();
            let (lo, hi) = (
                weeks.iter().min().copied().unwrap_or(d.week),
                weeks.iter().max().copied().unwrap_or(d.week),
            );
            if lo == hi {
                format!("{what} fired")
            } else {
                format!("{what} fired (weeks {lo}-{hi} across replications)")
            }
        } else {
            what
        };
        markers.push(Marker {
            week: f64::from(d.week),
            label,
        });
    }
    markers
}

/// FTE as read on a chart: whole when whole or from 100 up, else one decimal.
fn fte(v: f64) -> String {
    fixed::fte(v).show(v)
}

/// Steps through `(x, y)` points: each value holds until the next point's x,
/// then jumps; the last holds until `until` when that is later.
pub fn steps(points: &[(f64, f64)], until: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            out.push((x, points[i - 1].1));
        }
        out.push((x, y));
    }
    if let Some(&(x, y)) = points.last() {
        if until > x {
            out.push((until, y));
        }
    }
    out
}

/// Levers ranked by the weeks sooner the operation is back, largest first,
/// each with its paired 95% interval as an error bar; a lever whose interval
/// includes 0 (or has none) is drawn pale and dashed.
pub fn lever_figure(levers: &[LeverEffect]) -> Figure {
    let mut ranked: Vec<&LeverEffect> = levers.iter().collect();
    ranked.sort_by(|a, b| {
        b.recovery_weeks_saved
            .mean
            .total_cmp(&a.recovery_weeks_saved.mean)
    });
    let mut notes = vec!["each lever paired with the base, replication by replication".to_string()];
    if ranked.iter().any(|l| !l.distinguishable) {
        notes.push(
            "pale, dashed: not distinguishable from 0 (the interval includes 0, or there is none)"
                .into(),
        );
    }
    if ranked
        .iter()
        .any(|l| l.recovery_weeks_saved.ci95_low.is_none())
    {
        notes.push("no error bar: fewer than 3 replications".into());
    }
    Figure::Chart(Chart {
        name: "levers".into(),
        title: "Levers: weeks sooner back, with 95% intervals".into(),
        x_label: "weeks sooner back (weeks)".into(),
        y_label: "lever".into(),
        kind: Kind::Bars,
        series: ranked
            .iter()
            .map(|l| {
                let f = &l.recovery_weeks_saved;
                Series {
                    label: l.lever.replace('_', " "),
                    points: vec![(0.0, f.mean)],
                    band: f.ci95_low.zip(f.ci95_high).map(|b| vec![b]),
                    stroke: if l.distinguishable {
                        Stroke::Solid
                    } else {
                        Stroke::Dashed
                    },
                }
            })
            .collect(),
        references: Vec::new(),
        markers: Vec::new(),
        spans: Vec::new(),
        notes,
    })
}

/// The dip and the recovery: weekly true CSAT with its band, the
/// counterfactual's (the same scenario without the change, same seeds)
/// dashed, and the recovery window `[from, to)` in weeks shaded.
pub fn recovery_figure(
    csat: &[Estimate],
    counterfactual: &[CounterfactualWeek],
    window: Option<(f64, f64)>,
    markers: &[Marker],
) -> Figure {
    let mut series = vec![series_from_estimates(
        "CSAT true, with the change",
        csat,
        100.0,
        true,
    )];
    if !counterfactual.is_empty() {
        series.push(Series {
            label: "CSAT true without the change (counterfactual, same seeds)".into(),
            points: counterfactual
                .iter()
                .map(|w| (f64::from(w.week), w.csat.mean * 100.0))
                .collect(),
            band: None,
            stroke: Stroke::Dashed,
        });
    }
    Figure::Chart(Chart {
        name: "recovery".into(),
        title: "CSAT dip and recovery".into(),
        x_label: "week (from 0)".into(),
        y_label: "satisfied customers (%)".into(),
        kind: Kind::Lines,
        series,
        references: Vec::new(),
        markers: markers.to_vec(),
        spans: window
            .map(|(from, to)| Span {
                from,
                to,
                label: format!(
                    "recovery window ({} weeks from the reversal)",
                    Fixed::decimals(0).show(to - from)
                ),
            })
            .into_iter()
            .collect(),
        notes: Vec::new(),
    })
}

/// The chance of recovering within the window against the cut: the fitted
/// curve with its Wilson band, the confidence asked for, and the point of no
/// return with its bootstrap interval.
pub fn recovery_probability_figure(
    curve: &[CurvePoint],
    point: Option<&PointOfNoReturn>,
    confidence: f64,
    window_weeks: u32,
) -> Figure {
    let mut series = vec![Series {
        label: format!("recovering within {window_weeks} weeks (fitted)"),
        points: curve
            .iter()
            .map(|p| (p.cut_fte, p.p_recover * 100.0))
            .collect(),
        band: Some(
            curve
                .iter()
                .map(|p| (p.ci95_low * 100.0, p.ci95_high * 100.0))
                .collect(),
        ),
        stroke: Stroke::Solid,
    }];
    let mut spans = Vec::new();
    let mut notes = Vec::new();
    if let Some(n) = curve.first().map(|p| p.replications) {
        notes.push(format!(
            "{n} replications, each cut bisected with its reversal held in its week"
        ));
    }
    if let Some(p) = point.filter(|p| p.mean.is_finite()) {
        let mut label = format!("point of no return: {} FTE", fte(p.mean));
        if p.mean >= p.searched_up_to {
            label.push_str(" (at least: the largest cut searched)");
        }
        match (p.ci95_low, p.ci95_high) {
            (Some(low), Some(high)) if high > low => spans.push(Span {
                from: low,
                to: high,
                label: format!("its 95% bootstrap interval: {}–{} FTE", fte(low), fte(high)),
            }),
            (Some(low), Some(high)) => {
                label.push_str(&format!(" [{}, {}]", fte(low), fte(high)));
            }
            _ => notes.push("no interval for the point: fewer than 3 replications".into()),
        }
        series.push(Series {
            label,
            points: vec![(p.mean, 0.0), (p.mean, 100.0)],
            band: None,
            stroke: Stroke::Dashed,
        });
    }
    Figure::Chart(Chart {
        name: "recovery-probability".into(),
        title: format!("Chance of recovering within {window_weeks} weeks, by cut"),
        x_label: "cut (FTE)".into(),
        y_label: "replications recovering in the window (%)".into(),
        kind: Kind::Lines,
        series,
        references: vec![Reference {
            label: format!("confidence asked: {}", Fixed::percent(0).show(confidence)),
            value: confidence * 100.0,
        }],
        markers: Vec::new(),
        spans,
        notes,
    })
}

/// The share of replications recovered against the weeks since the
/// reversal (1 − the Kaplan–Meier survival), as steps up to the longest
/// follow-up, with the recovery window shaded.
pub fn recovery_km_figure(recovery: &TimeFigure, window_weeks: u32) -> Figure {
    let recovered: Vec<(f64, f64)> = recovery
        .curve
        .iter()
        .map(|(t, s)| (*t, (1.0 - s) * 100.0))
        .collect();
    // The curve is known up to the longest follow-up; once every
    // replication has recovered it stays at 100%, drawn a little further so
    // the last step shows.
    let tau = recovery.restricted_to;
    let until = match recovery.curve.last() {
        Some((_, s)) if *s == 0.0 => tau + (tau * 0.1).max(1.0),
        _ => tau,
    };
    let censored = match recovery.censored {
        0 => "none censored".to_string(),
        c => format!("{c} censored at the horizon"),
    };
    Figure::Chart(Chart {
        name: "recovery-km".into(),
        title: "Recovery after the reversal (Kaplan–Meier)".into(),
        x_label: "weeks since the reversal".into(),
        y_label: "replications recovered (%)".into(),
        kind: Kind::Lines,
        series: vec![Series {
            label: format!(
                "recovered: {} of {}, {censored}",
                recovery.recovered, recovery.n
            ),
            points: steps(&recovered, until),
            band: None,
            stroke: Stroke::Solid,
        }],
        references: vec![Reference {
            label: "half recovered (the median)".into(),
            value: 50.0,
        }],
        markers: Vec::new(),
        spans: vec![Span {
            from: 0.0,
            to: f64::from(window_weeks),
            label: format!("recovery window ({window_weeks} weeks)"),
        }],
        notes: vec!["a replication not recovered by the horizon is censored, not dropped".into()],
    })
}

/// Overlay figures for `wfsim compare`: one chart per key metric, one line
/// per scenario (labelled by name), with their bands.
pub fn overlay_figures(results: &[&RunResult]) -> Vec<Figure> {
    const OVERLAYS: &[(Metric, &str, &str, f64)] = &[
        (
            Metric::CsatTrue,
            "CSAT (true)",
            "satisfied customers (%)",
            100.0,
        ),
        (
            Metric::CsatMeasured,
            "CSAT (measured by surveys)",
            "satisfied customers (%)",
            100.0,
        ),
        (
            Metric::AiShare,
            "AI share of contacts (usage)",
            "contacts routed to the AI (%)",
            100.0,
        ),
        (
            Metric::ServiceLevel,
            "Service level",
            "answered within target (%)",
            100.0,
        ),
        (
            Metric::AbandonRate,
            "Abandonment",
            "contacts offered to humans (%)",
            100.0,
        ),
        (
            Metric::RepeatShare,
            "Repeat contacts",
            "arrivals that are repeats (%)",
            100.0,
        ),
        (Metric::Fte, "Human FTE", "full-time equivalents (FTE)", 1.0),
        (
            Metric::CostPerContact,
            "Cost per contact",
            "currency per contact",
            1.0,
        ),
    ];
    OVERLAYS
        .iter()
        .map(|(metric, title, y_label, scale)| {
            Figure::Chart(Chart {
                name: format!("compare-{}", metric.name()),
                title: format!("{title}, by scenario"),
                x_label: "week (from 0)".into(),
                y_label: y_label.to_string(),
                kind: Kind::Lines,
                series: results
                    .iter()
                    .map(|r| series_from_estimates(&r.scenario, &weekly(r, *metric), *scale, true))
                    .collect(),
                references: Vec::new(),
                markers: Vec::new(),
                spans: Vec::new(),
                notes: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(mean: f64, half: f64) -> Estimate {
        Estimate {
            mean,
            ci95_low: mean - half,
            ci95_high: mean + half,
            standard_error: half / 2.0,
            n: 4,
        }
    }

    #[test]
    fn series_scales_means_and_bands_by_week() {
        let s = series_from_estimates("x", &[estimate(0.5, 0.1), estimate(0.7, 0.0)], 100.0, true);
        assert_eq!(s.points, vec![(0.0, 50.0), (1.0, 70.0)]);
        let band = s.band.unwrap();
        assert!((band[0].0 - 40.0).abs() < 1e-9 && (band[0].1 - 60.0).abs() < 1e-9);
    }

    fn paired(mean: f64, interval: Option<(f64, f64)>) -> crate::analysis::reversibility::Figure {
        crate::analysis::reversibility::Figure {
            mean,
            ci95_low: interval.map(|i| i.0),
            ci95_high: interval.map(|i| i.1),
            n: 3,
        }
    }

    fn lever(name: &'static str, mean: f64, interval: Option<(f64, f64)>) -> LeverEffect {
        let saved = paired(mean, interval);
        LeverEffect {
            lever: name,
            description: "",
            recovery_weeks_saved: saved,
            customer_weeks_saved: paired(0.0, None),
            cost_difference: paired(0.0, None),
            distinguishable: saved.excludes_zero(),
            recovered: 3,
            replications: 3,
        }
    }

    #[test]
    fn levers_are_ranked_with_intervals_and_the_indistinguishable_dashed() {
        let Figure::Chart(c) = lever_figure(&[
            lever("a_lever", 2.0, Some((-1.0, 5.0))),
            lever("b", 9.0, Some((8.0, 10.0))),
            lever("c", 5.0, None),
        ]) else {
            panic!("a chart")
        };
        let order: Vec<&str> = c.series.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(order, ["b", "c", "a lever"]);
        assert_eq!(c.kind, Kind::Bars);
        assert_eq!(c.series[0].band, Some(vec![(8.0, 10.0)]));
        assert_eq!(c.series[1].band, None);
        let strokes: Vec<Stroke> = c.series.iter().map(|s| s.stroke).collect();
        assert_eq!(strokes, [Stroke::Solid, Stroke::Dashed, Stroke::Dashed]);
        assert!(c.notes.iter().any(|n| n.contains("fewer than 3")));
    }

    #[test]
    fn recovery_draws_the_counterfactual_dashed_and_shades_its_window() {
        let week = |w: u32, csat: f64| CounterfactualWeek {
            week: w,
            csat: paired(csat, None),
            service_level: paired(1.0, None),
            cost_total: paired(0.0, None),
        };
        let Figure::Chart(r) = recovery_figure(
            &[estimate(0.8, 0.01), estimate(0.7, 0.01)],
            &[week(0, 0.85), week(1, 0.86)],
            Some((10.0, 30.0)),
            &[],
        ) else {
            panic!("a chart")
        };
        assert_eq!(
            r.spans[0].label,
            "recovery window (20 weeks from the reversal)"
        );
        assert!(r.references.is_empty());
        assert_eq!(r.series[1].stroke, Stroke::Dashed);
        assert_eq!(r.series[1].points, vec![(0.0, 85.0), (1.0, 86.0)]);
    }

    #[test]
    fn the_probability_curve_marks_the_point_its_interval_and_the_confidence() {
        let point = |cut: f64, p: f64| CurvePoint {
            cut_fte: cut,
            p_recover: p,
            ci95_low: (p - 0.2).max(0.0),
            ci95_high: (p + 0.2).min(1.0),
            replications: 5,
        };
        let curve = [point(0.0, 1.0), point(10.0, 0.8), point(20.0, 0.0)];
        let ponr = PointOfNoReturn {
            mean: 10.0,
            ci95_low: Some(8.0),
            ci95_high: Some(12.5),
            n: 5,
            confidence: 0.8,
            searched_up_to: 20.0,
        };
        let Figure::Chart(c) = recovery_probability_figure(&curve, Some(&ponr), 0.8, 12) else {
            panic!("a chart")
        };
        assert_eq!(c.name, "recovery-probability");
        assert_eq!(c.series[0].points[1], (10.0, 80.0));
        let (low, high) = c.series[0].band.as_ref().unwrap()[1];
        assert!((low - 60.0).abs() < 1e-9 && high == 100.0, "{low} {high}");
        assert_eq!(c.series[1].points, vec![(10.0, 0.0), (10.0, 100.0)]);
        assert_eq!(c.series[1].label, "point of no return: 10 FTE");
        assert_eq!((c.spans[0].from, c.spans[0].to), (8.0, 12.5));
        assert_eq!(c.references[0].value, 80.0);
        // Without an interval: a note instead of a span.
        let alone = PointOfNoReturn {
            ci95_low: None,
            ci95_high: None,
            ..ponr
        };
        let Figure::Chart(c) = recovery_probability_figure(&curve, Some(&alone), 0.8, 12) else {
            panic!("a chart")
        };
        assert!(c.spans.is_empty());
        assert!(c.notes.iter().any(|n| n.contains("no interval")));
    }

    #[test]
    fn kaplan_meier_is_drawn_as_steps_of_the_share_recovered() {
        assert_eq!(
            steps(&[(0.0, 0.0), (5.0, 50.0), (7.0, 100.0)], 9.0),
            vec![
                (0.0, 0.0),
                (5.0, 0.0),
                (5.0, 50.0),
                (7.0, 50.0),
                (7.0, 100.0),
                (9.0, 100.0)
            ]
        );
        let times = [
            crate::stats::TimeToEvent::observed(5.0),
            crate::stats::TimeToEvent::observed(7.0),
            crate::stats::TimeToEvent::censored(9.0),
        ];
        let Figure::Chart(c) = recovery_km_figure(&TimeFigure::from_times(&times), 4) else {
            panic!("a chart")
        };
        assert_eq!(
            c.series[0].label,
            "recovered: 2 of 3, 1 censored at the horizon"
        );
        let last = *c.series[0].points.last().unwrap();
        assert_eq!(last.0, 9.0);
        assert!((last.1 - 200.0 / 3.0).abs() < 1e-9, "{last:?}");
        assert_eq!((c.spans[0].from, c.spans[0].to), (0.0, 4.0));
    }

    #[test]
    fn stack_puts_each_layer_on_the_one_below_and_treats_nan_as_zero() {
        let layers = vec![
            vec![(0.0, 1.0), (1.0, 2.0)],
            vec![(0.0, 3.0), (1.0, f64::NAN)],
            vec![(0.0, 1.0), (1.0, 1.0)],
        ];
        let s = stack(&layers);
        assert_eq!(s[0], vec![(0.0, 0.0, 1.0), (1.0, 0.0, 2.0)]);
        assert_eq!(s[1], vec![(0.0, 1.0, 4.0), (1.0, 2.0, 2.0)]);
        assert_eq!(s[2], vec![(0.0, 4.0, 5.0), (1.0, 2.0, 3.0)]);
    }

    #[test]
    fn bands_are_clipped_to_what_the_quantity_can_be() {
        // Two replications give wide t intervals: 50% +- 70 points, 10 FTE +- 30.
        let share = series_from_estimates("csat", &[estimate(0.5, 0.7)], 100.0, true);
        assert_eq!(share.band, Some(vec![(0.0, 100.0)]));
        let people = series_from_estimates("fte", &[estimate(10.0, 30.0)], 1.0, true);
        assert_eq!(people.band, Some(vec![(0.0, 40.0)]));
        assert_eq!(people.points, vec![(0.0, 10.0)]);
    }
}
