//! Golden tests: each exporter is a pure function from results to bytes, so
//! small hand-made results must render to exactly the bytes in tests/golden/.
//! After an intended change, regenerate with
//! `WFSIM_BLESS=1 cargo test --release golden` and review the diff.
//! Charts are the exception: their pixels are plotters', so a chart is read
//! back from its SVG and checked for wfsim's content (texts and values).

use std::path::PathBuf;

use wfsim::analysis::claims::claim_durability;
use wfsim::analysis::compare::compare;
use wfsim::analysis::human_role::human_role;
use wfsim::analysis::reversibility::{
    self, CounterfactualWeek, CurvePoint, LeverEffect, PointOfNoReturn, Reversibility, TimeFigure,
};
use wfsim::analysis::sensitivity::{analyse, Output, ParameterRuns};
use wfsim::analysis::{Counter, Counters, DetailedRun, Metric, ReplicationResult, COUNTERS};
use wfsim::model::RunEnd;
use wfsim::report::brief::{brief_html, brief_markdown, Brief, BriefFigure, ScenarioBrief};
use wfsim::report::plot::{figures_for_run, render_svg};
use wfsim::report::{
    compare_csv, compare_markdown, replications_csv, sensitivity_csv, sensitivity_json,
    sensitivity_markdown, summary_json, summary_markdown, sweep_csv, weekly_csv, SweepPoint,
};
use wfsim::scenario::Scenario;
use wfsim::stats::TimeToEvent;

use crate::support::parse;
use crate::svg;

const SCENARIO: &str = r#"
name = "golden"
description = "Two weeks, two replications, hand-made counters."
horizon_weeks = 2
replications = 2
seed = 3
[demand]
contacts_per_week = 1000
[[categories]]
name = "faq"
share = 1.0
complexity = "simple"
ai_rollout = [{ from_week = 0, share = 0.0 }, { from_week = 1, share = 0.5 }]
ai_outcomes = { resolved = 0.7, escalated = 0.1, wrong_answer = 0.1, stuck = 0.1 }
ai_handle_minutes = { distribution = "fixed", mean = 2.0 }
human_handle_minutes = { distribution = "fixed", mean = 6.0 }
[staffing]
fte = 10
[csat]
threshold = 0.75
"#;

/// Counters with round numbers that differ by replication and week.
fn counters(replication: usize, week: usize) -> Counters {
    let r = replication as f64;
    let w = week as f64;
    let mut c = [0.0; COUNTERS];
    let mut set = |k: Counter, v: f64| c[k as usize] = v;
    let arrived = 1000.0 + 20.0 * r + 100.0 * w;
    let ai = if week == 0 { 0.0 } else { arrived / 2.0 };
    set(Counter::Arrived, arrived);
    set(Counter::NewContacts, arrived - 50.0);
    set(Counter::RepeatContacts, 50.0);
    set(Counter::AiHandled, ai);
    set(Counter::AiResolved, ai * 0.7);
    set(Counter::AiWrongAnswer, ai * 0.1);
    set(Counter::Escalated, ai * 0.2);
    set(Counter::EscalatedTrigger, ai * 0.05);
    set(Counter::EscalatedEscapeHatch, ai * 0.1);
    set(Counter::Answered, arrived - ai * 0.8 - 10.0);
    set(
        Counter::AnsweredWithinTarget,
        arrived - ai * 0.8 - 40.0 - 10.0 * r,
    );
    set(Counter::AbandonedInQueue, 10.0);
    set(Counter::QueueWaitSeconds, 30_000.0 + 1000.0 * r);
    set(Counter::HumanHandled, arrived - ai * 0.8 - 10.0);
    set(
        Counter::HumanHandleSeconds,
        (arrived - ai * 0.8 - 10.0) * 360.0,
    );
    set(Counter::Resolved, arrived * 0.9 - 10.0);
    set(Counter::WrongAnswer, arrived * 0.1);
    set(Counter::Abandoned, 10.0);
    set(Counter::Outcomes, arrived);
    set(Counter::CsatSum, arrived * (0.85 - 0.05 * w - 0.01 * r));
    set(Counter::SurveyResponses, 100.0);
    set(Counter::SurveySatisfied, 80.0 - 4.0 * w - r);
    set(Counter::CostHuman, 24_000.0);
    set(Counter::CostAi, ai * 0.5);
    set(Counter::CostWrongAnswer, arrived);
    set(Counter::SlotSeconds, 20.0 * 604_800.0);
    set(Counter::BusySlotSeconds, 15.0 * 604_800.0 + 1000.0 * r);
    set(Counter::Fte, 10.0);
    // A gauge whose horizon total is the first week's value.
    set(Counter::InSystemAtStart, 30.0 + 10.0 * w + r);
    c
}

fn fixed() -> (Scenario, DetailedRun) {
    let scenario = parse(SCENARIO);
    let replications: Vec<ReplicationResult> = (0..2)
        .map(|r| ReplicationResult {
            replication: r as u32,
            weeks: (0..2).map(|w| counters(r, w)).collect(),
            end: RunEnd {
                in_system: 0,
                in_system_at_start: 0,
                events_processed: 100,
                peak_in_system: 5,
            },
            decisions: Vec::new(),
            initial_headcount: 0.0,
            pools: Vec::new(),
        })
        .collect();
    let run = DetailedRun::from_replications(&scenario, &replications);
    (scenario, run)
}

fn check(name: &str, actual: &[u8]) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", name]
        .iter()
        .collect();
    if std::env::var_os("WFSIM_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; create it with WFSIM_BLESS=1", path.display()));
    if expected != actual {
        let (e, a) = (
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual),
        );
        let line = e
            .lines()
            .zip(a.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "{name} differs from tests/golden/{name} at line {}\n--- expected ---\n{}\n--- actual ---\n{}\n(regenerate with WFSIM_BLESS=1 if the change is intended)",
            line + 1,
            e.lines().nth(line).unwrap_or("<end>"),
            a.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn run_tables_match_their_golden_bytes() {
    let (_, run) = fixed();
    check("weekly.csv", &weekly_csv(&run.result).unwrap());
    check("replications.csv", &replications_csv(&run.result).unwrap());
    check("summary.json", &summary_json(&run.result).unwrap());
    check("summary.md", summary_markdown(&run.result).as_bytes());
}

#[test]
fn sensitivity_outputs_match_their_golden_bytes() {
    let (_, run) = fixed();
    // Variants whose replication totals differ from the base by fixed
    // factors: the paired differences (and, with 2 replications, the
    // absent intervals) are known.
    let scaled = |factor: f64| {
        let mut r = run.result.clone();
        for (i, totals) in r.replication_totals.iter_mut().enumerate() {
            for v in totals.iter_mut() {
                *v *= factor + 0.001 * i as f64;
            }
        }
        for (m, t) in r.totals.iter_mut().enumerate() {
            let values: Vec<f64> = r.replication_totals.iter().map(|x| x[m]).collect();
            *t = wfsim::stats::Estimate::from_values(&values);
        }
        r
    };
    let (a_low, a_high, b_low, b_high) = (scaled(0.9), scaled(1.2), scaled(0.99), scaled(1.01));
    let parameters = [
        ParameterRuns {
            key: "costs.agent_cost_per_hour".into(),
            base_value: 30.0,
            low: 20.0,
            high: 45.0,
            source: "payroll".into(),
            at_low: (&b_low).into(),
            at_high: (&b_high).into(),
        },
        ParameterRuns {
            key: "staffing.fte".into(),
            base_value: 10.0,
            low: 8.0,
            high: 12.0,
            source: String::new(),
            at_low: (&a_low).into(),
            at_high: (&a_high).into(),
        },
    ];
    let s = analyse(
        (&run.result).into(),
        &parameters,
        &[
            Output::Metric(Metric::ServiceLevel),
            Output::Metric(Metric::CostTotal),
        ],
    );
    assert_eq!(s.parameters[0].key, "staffing.fte", "ranked by swing");
    check("sensitivity.csv", &sensitivity_csv(&s).unwrap());
    check("sensitivity.md", sensitivity_markdown(&s).as_bytes());
    check("sensitivity.json", &sensitivity_json(&s).unwrap());
}

#[test]
fn compare_and_sweep_tables_match_their_golden_bytes() {
    let (_, run) = fixed();
    let mut other = run.result.clone();
    other.scenario = "other".into();
    // A second scenario whose replication totals differ by fixed amounts.
    for (r, totals) in other.replication_totals.iter_mut().enumerate() {
        for v in totals.iter_mut() {
            *v *= 1.0 + 0.01 * (r as f64 + 1.0);
        }
    }
    let c = compare(&[&run.result, &other]);
    check("compare.csv", &compare_csv(&c).unwrap());
    check("compare.md", compare_markdown(&c).as_bytes());
    let keys = vec!["staffing.fte".to_string()];
    let a = vec![("staffing.fte".to_string(), 10.0)];
    let b = vec![("staffing.fte".to_string(), 12.5)];
    let points = [
        SweepPoint {
            settings: &a,
            result: &run.result,
        },
        SweepPoint {
            settings: &b,
            result: &other,
        },
    ];
    check("sweep.csv", &sweep_csv(&keys, &points).unwrap());
}

/// A paired figure with an interval.
fn figure(mean: f64, low: f64, high: f64) -> reversibility::Figure {
    reversibility::Figure {
        mean,
        ci95_low: Some(low),
        ci95_high: Some(high),
        n: 4,
    }
}

/// A hand-made analysis: 4 replications, one censored recovery, a point of
/// no return inside the cut searched, one lever distinguishable from 0.
fn reversal() -> Reversibility {
    let lever = |name: &'static str, saved: reversibility::Figure| LeverEffect {
        lever: name,
        description: "what it changes",
        recovery_weeks_saved: saved,
        customer_weeks_saved: figure(1_500.0, 200.0, 2_800.0),
        cost_difference: figure(-20_000.0, -45_000.0, 5_000.0),
        distinguishable: saved.excludes_zero(),
        recovered: 3,
        replications: 4,
    };
    let curve = |cut: f64, p: f64, low: f64, high: f64| CurvePoint {
        cut_fte: cut,
        p_recover: p,
        ci95_low: low,
        ci95_high: high,
        replications: 4,
    };
    Reversibility {
        scenario: "golden".into(),
        replications: 4,
        change_week: 1,
        window_weeks: 12,
        csat_tolerance: 0.02,
        service_level_tolerance: 0.05,
        consecutive_weeks: 4,
        monitored_signal: "csat_measured".into(),
        threshold: 0.75,
        confidence: 0.8,
        baseline_csat: figure(0.85, 0.84, 0.86),
        baseline_service_level: figure(0.9, 0.88, 0.92),
        counterfactual_csat: figure(0.851, 0.845, 0.857),
        counterfactual_service_level: figure(0.9, 0.88, 0.92),
        counterfactual_cost_total: figure(500_000.0, 490_000.0, 510_000.0),
        counterfactual_weekly: (0..2)
            .map(|week| CounterfactualWeek {
                week,
                csat: figure(0.85, 0.84, 0.86),
                service_level: figure(0.9, 0.88, 0.92),
                cost_total: figure(250_000.0, 245_000.0, 255_000.0),
            })
            .collect(),
        detection_weeks: TimeFigure::from_times(&[
            TimeToEvent::observed(5.0),
            TimeToEvent::observed(6.0),
            TimeToEvent::observed(6.0),
            TimeToEvent::observed(7.0),
        ]),
        recovery_weeks: TimeFigure::from_times(&[
            TimeToEvent::observed(20.0),
            TimeToEvent::observed(26.0),
            TimeToEvent::observed(31.0),
            TimeToEvent::censored(40.0),
        ]),
        round_trip_cost: figure(12_345_678.0, 11_000_000.0, 13_700_000.0),
        savings_while_automated: figure(4_000_000.0, 3_500_000.0, 4_500_000.0),
        dissatisfied_customers: figure(98_765.0, 80_000.0, 117_530.0),
        cost_difference: figure(8_345_678.0, 7_000_000.0, 9_700_000.0),
        point_of_no_return_fte: Some(PointOfNoReturn {
            mean: 400.0,
            ci95_low: Some(250.0),
            ci95_high: Some(550.0),
            n: 4,
            confidence: 0.8,
            searched_up_to: 700.0,
        }),
        planned_cut_fte: Some(700.0),
        reversal_week: figure(30.5, 28.0, 33.0),
        recovery_probability: vec![
            curve(0.0, 1.0, 0.51, 1.0),
            curve(350.0, 1.0, 0.51, 1.0),
            curve(700.0, 0.25, 0.05, 0.7),
        ],
        levers: vec![
            lever("outsourcing_contract", figure(9.5, 6.0, 13.0)),
            lever("alumni_retention", figure(6.0, -1.0, 13.0)),
        ],
        reversed: 4,
        recovered: 3,
        per_replication: Vec::new(),
        notes: Vec::new(),
    }
}

#[test]
fn the_brief_matches_its_golden_bytes_with_and_without_a_reversal() {
    let (scenario, run) = fixed();
    let claims = claim_durability(&scenario, &run);
    let role = human_role(&scenario, &run.result);
    let reversal = reversal();
    let alarms = wfsim::analysis::alarms::AlarmFindings::default();
    let mut brief = Brief {
        title: "Brief: golden".into(),
        comparison: None,
        scenarios: vec![ScenarioBrief {
            result: &run.result,
            threshold: Some(scenario.csat.threshold),
            claims: &claims,
            human_role: &role,
            alarms: &alarms,
            reversibility: None,
        }],
        figures: vec![BriefFigure {
            name: "csat".into(),
            title: "CSAT <true>".into(),
            png: b"PNG".to_vec(),
            section: 0,
        }],
        drivers: None,
    };
    check("brief.md", brief_markdown(&brief).as_bytes());
    brief.scenarios[0].reversibility = Some(&reversal);
    check("brief-reversal.md", brief_markdown(&brief).as_bytes());
    check("brief.html", brief_html(&brief).as_bytes());
}

/// A chart is checked for what wfsim puts in it, not for plotters' bytes:
/// the service chart of the fixed run, read back from its SVG, has its
/// title, axis labels and legend, one line per series, and each line's
/// points are the weekly means of weekly.csv (within a pixel).
#[test]
fn a_chart_svg_shows_its_title_labels_legend_and_the_weekly_values() {
    let (_, run) = fixed();
    let figures = figures_for_run(&run.result, &[], None, &[]);
    let service = figures
        .iter()
        .find(|f| f.name() == "service")
        .expect("a service chart");
    let drawing = svg::read(&render_svg(service).unwrap());
    for text in [
        "Service level and abandonment in the human queue",
        "contacts offered to humans (%)",
        "week (from 0)",
    ] {
        assert_eq!(drawing.texts_saying(text).len(), 1, "{text:?} drawn once");
    }
    // The legend names each series (its band's note may follow).
    for series in ["answered within target", "abandoned"] {
        let named = |t: &&svg::Text| t.content.starts_with(series);
        assert_eq!(
            drawing.texts.iter().filter(named).count(),
            1,
            "{series:?} in the legend"
        );
    }
    assert!(drawing.texts_saying("Service level and abandonment in the human queue")[0].bold);
    assert!(drawing.texts_saying("contacts offered to humans (%)")[0].rotated);

    let weekly = String::from_utf8(weekly_csv(&run.result).unwrap()).unwrap();
    let (value_at, x_of) = (drawing.y_scale(), drawing.x_pixel());
    let weeks: Vec<f64> = (0..run.result.weekly.len())
        .map(|w| x_of(w as f64))
        .collect();
    // A series' line: coloured (axes are black), one vertex per week, at
    // the weeks' pixel columns.
    let lines: Vec<&svg::Polyline> = drawing
        .polylines
        .iter()
        .filter(|l| {
            l.stroke != "#000000"
                && l.points.len() == weeks.len()
                && l.points
                    .iter()
                    .zip(&weeks)
                    .all(|(p, x)| (p.0 - x).abs() <= 1.0)
        })
        .collect();
    assert_eq!(lines.len(), 2, "one line per series: {lines:?}");
    // One pixel row in the values' units, plus the rounding to whole pixels.
    let pixel = (value_at(0.0) - value_at(1.0)).abs();
    for metric in ["service_level", "abandon_rate"] {
        let means: Vec<f64> = weekly
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[1] == metric)
            .map(|f| f[3].parse::<f64>().unwrap() * 100.0)
            .collect();
        assert_eq!(means.len(), weeks.len(), "{metric} in weekly.csv");
        let drawn = lines.iter().any(|l| {
            l.points
                .iter()
                .zip(&means)
                .all(|(p, mean)| (value_at(p.1) - mean).abs() <= pixel)
        });
        assert!(drawn, "no line shows {metric}'s weekly means {means:?}");
    }
    assert_eq!(drawing.polygons, 2, "each series has its confidence band");
}
