//! `wfsim staff`: the smallest team for one queue, and a scenario's plan.

use std::process::Command;

use wfsim::analysis::staffing_plan;
use wfsim::queueing::{analyze, QueueInputs};

use crate::support::{parse, EVERY_PATH};

/// Runs `wfsim` with `args`, requires success and parses its one JSON object.
fn json_of(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn staff_finds_the_smallest_team_that_meets_every_target() {
    let json = json_of(&[
        "staff",
        "--arrivals-per-hour",
        "300",
        "--handle-minutes",
        "4",
        "--patience-minutes",
        "3",
        "--answer-seconds",
        "30",
        "--service-level",
        "0.85",
        "--max-abandon",
        "0.03",
        "--json",
    ]);
    let agents = json["agents"].as_u64().unwrap() as u32;
    let figures = |agents: u32| {
        analyze(&QueueInputs {
            arrivals_per_hour: 300.0,
            handle_minutes: 4.0,
            agents,
            patience_minutes: Some(3.0),
            answer_seconds: 30.0,
        })
        .unwrap()
    };
    let at = figures(agents);
    let below = figures(agents - 1);
    assert!(at.service_level >= 0.85 && at.p_abandon <= 0.03, "{at:?}");
    assert!(
        below.service_level < 0.85 || below.p_abandon > 0.03,
        "{below:?}"
    );
    assert_eq!(
        json["analytic"]["service_level"].as_f64().unwrap(),
        at.service_level
    );
}

#[test]
fn simulation_confirms_or_raises_the_analytic_team() {
    let json = json_of(&[
        "staff",
        "--arrivals-per-hour",
        "100",
        "--handle-minutes",
        "6",
        "--answer-seconds",
        "20",
        "--service-level",
        "0.8",
        "--simulate",
        "--hours",
        "200",
        "--replications",
        "6",
        "--json",
    ]);
    let analytic = json["agents"].as_u64().unwrap();
    let simulated = json["agents_simulated"].as_u64().unwrap();
    // The classic example: 100 contacts an hour of 6 minutes, 80% in 20 s, needs 14.
    assert_eq!(analytic, 14);
    assert!(simulated >= analytic);
    assert!(json["simulated"]["service_level"]["mean"].as_f64().unwrap() >= 0.8);
}

#[test]
fn a_plan_covers_every_interval_and_shrinks_as_the_ai_takes_contacts() {
    let scenario = parse(EVERY_PATH);
    let plan = staffing_plan(&scenario).unwrap();
    assert_eq!(plan.intervals.len(), 3 * scenario.intervals_per_week());
    assert_eq!(plan.weeks.len(), 3);
    // Week 1 raises order_status's AI share from 0.5 to 0.9 with no escape hatch.
    assert!(
        plan.weeks[1].human_contacts_per_first_contact
            < plan.weeks[0].human_contacts_per_first_contact
    );
    // Demand grows 10% a year; the AI change dominates.
    assert!(plan.weeks[1].required_fte < plan.weeks[0].required_fte);
    for interval in &plan.intervals {
        assert_eq!(
            interval.required_agents,
            (f64::from(interval.required_slots) / 2.0).ceil() as u32
        );
        assert_eq!(
            interval.required_slots == 0,
            interval.human_arrivals_per_hour == 0.0
        );
    }
}

#[test]
fn without_ai_or_repeats_every_contact_reaches_a_human_once() {
    let text = EVERY_PATH
        .replace(
            "ai_share = 0.5\nai_rollout = [{ from_week = 1, share = 0.9 }]",
            "ai_share = 0.0",
        )
        .replace("ai_share = 0.3", "ai_share = 0.0")
        .replace("human_wrong_answer = 0.03", "human_wrong_answer = 0.0");
    let plan = staffing_plan(&parse(&text)).unwrap();
    for week in &plan.weeks {
        assert!(
            (week.human_contacts_per_first_contact - 1.0).abs() < 1e-12,
            "{week:?}"
        );
    }
}
