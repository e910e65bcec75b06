//! One agent, a contact every 90 s that takes 100 s: an overloaded D/D/1 queue
//! whose every figure follows from arithmetic. Contact k (from 0) arrives at
//! 45 + 90k s, starts at 45 + 100k s, so it waits 10k s. The arithmetic starts
//! from an empty system, so these runs have no warm-up (an overloaded queue
//! has no steady state to warm up to anyway).

use wfsim::analysis::{self, metric_index, RunResult};

use crate::support::parse;

const WEEK: f64 = 604_800.0;

fn overloaded_single_agent() -> String {
    r#"
name = "dd1"
horizon_weeks = 1
warmup_weeks = 0
replications = 2
interval_minutes = 60

[demand]
contacts_per_week = 6720
arrival_process = "deterministic"

[[categories]]
name = "only"
share = 1.0
human_handle_minutes = { distribution = "fixed", mean = 1.6666666666666667 }

[staffing]
fte = 1
paid_hours_per_week = 168
shrinkage = 0
concurrency = 1
roster = "flat"
answer_seconds = 65

[csat]
survey_response_rate = 0

[costs]
agent_cost_per_hour = 30
"#
    .to_string()
}

fn total(result: &RunResult, name: &str) -> f64 {
    let e = result.totals[metric_index(name).unwrap()];
    assert_eq!(
        e.ci95_low, e.ci95_high,
        "{name} must not vary between replications"
    );
    e.mean
}

#[test]
fn an_overloaded_single_agent_gives_hand_computed_figures() {
    let scenario = parse(&overloaded_single_agent());
    let result = analysis::run(&scenario, Some(1)).unwrap();
    // Arrivals: 40 an hour for 168 hours.
    assert_eq!(total(&result, "arrived"), 6720.0);
    // Completions at 145 + 100k < 604800 s: k = 0..=6046.
    assert_eq!(total(&result, "human_handled"), 6047.0);
    assert_eq!(total(&result, "resolved"), 6047.0);
    assert_eq!(total(&result, "in_system_at_end"), 6720.0 - 6047.0);
    assert_eq!(total(&result, "abandoned"), 0.0);
    // Answered (started before the horizon): k = 0..=6047; within 65 s: k = 0..=6.
    let service_level = total(&result, "service_level");
    assert!(
        (service_level - 7.0 / 6048.0).abs() < 1e-12,
        "{service_level}"
    );
    // Mean wait of the answered: 10 * mean(0..=6047) = 30235 s.
    let mean_wait = total(&result, "mean_wait_seconds");
    assert!((mean_wait - 30_235.0).abs() < 1e-6, "{mean_wait}");
    // The agent is busy from the first arrival (45 s) to the horizon.
    let occupancy = total(&result, "occupancy");
    assert!(
        (occupancy - (WEEK - 45.0) / WEEK).abs() < 1e-9,
        "{occupancy}"
    );
    // Satisfaction: default log-odds 1.9 for a human resolution, minus 0.04 a minute waited.
    let expected_csat = (0..6047)
        .map(|k| 1.0 / (1.0 + (-(1.9 - 0.04 * (10.0 * k as f64) / 60.0)).exp()))
        .sum::<f64>()
        / 6047.0;
    let csat = total(&result, "csat_true");
    assert!(
        (csat - expected_csat).abs() < 1e-9,
        "{csat} vs {expected_csat}"
    );
    // One FTE paid 168 hours at 30 an hour.
    assert!((total(&result, "cost_human") - 5040.0).abs() < 1e-9);
    assert!((total(&result, "fte") - 1.0).abs() < 1e-12);
}

#[test]
fn an_ai_that_always_resolves_charges_exactly_per_conversation_and_resolution() {
    let text = overloaded_single_agent()
        .replace(
            "share = 1.0\n",
            "share = 1.0\nai_share = 1.0\nai_outcomes = { resolved = 1.0, escalated = 0.0, wrong_answer = 0.0, stuck = 0.0 }\nai_handle_minutes = { distribution = \"fixed\", mean = 2.0 }\n",
        )
        .replace("agent_cost_per_hour = 30", "agent_cost_per_hour = 30\nai_cost_per_conversation = 0.125\nai_cost_per_resolution = 0.5");
    let scenario = parse(&text);
    let result = analysis::run(&scenario, Some(1)).unwrap();
    assert_eq!(total(&result, "ai_handled"), 6720.0);
    assert_eq!(total(&result, "ai_share"), 1.0);
    // The last contact arrives at 604755 s and needs 120 s: still with the AI.
    assert_eq!(total(&result, "ai_resolved"), 6719.0);
    assert_eq!(total(&result, "in_system_at_end"), 1.0);
    assert_eq!(total(&result, "human_handled"), 0.0);
    assert!((total(&result, "cost_ai") - (6720.0 * 0.125 + 6719.0 * 0.5)).abs() < 1e-9);
    let csat = total(&result, "csat_true");
    assert!((csat - 1.0 / (1.0 + (-1.4f64).exp())).abs() < 1e-12);
}
