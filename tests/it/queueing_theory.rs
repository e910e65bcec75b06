//! The simulator against Erlang C and Erlang A, through the same model that
//! `wfsim run` uses. Each figure is a mean over replications; the closed form
//! must lie inside the simulation's own 99.9% confidence interval (Student t),
//! so a correct model fails a single check with probability 0.001, and with
//! fixed seeds the outcome is reproducible. The first 24 hours (the start from
//! an empty system) are dropped as warm-up; the 1e-9 only covers figures that
//! are exactly 0 in every replication (no abandonment without patience).

use wfsim::analysis::simulate_queue;
use wfsim::queueing::{analyze, QueueInputs};
use wfsim::stats::{t_quantile, Estimate};

fn assert_agrees(name: &str, simulated: &Estimate, analytic: f64) {
    let t999 = t_quantile(0.9995, simulated.n - 1);
    let half = t999 * simulated.standard_error + 1e-9;
    assert!(
        (simulated.mean - analytic).abs() <= half,
        "{name}: simulated {} ± {half} vs analytic {analytic}",
        simulated.mean
    );
}

fn check(inputs: QueueInputs, hours: f64) {
    let analytic = analyze(&inputs).unwrap();
    let simulated = simulate_queue(&inputs, hours, 24.0, 12, 2024);
    let case = format!("{inputs:?}");
    assert_agrees(
        &format!("{case} p_wait"),
        &simulated.p_wait,
        analytic.p_wait,
    );
    assert_agrees(
        &format!("{case} mean_wait_s"),
        &simulated.mean_wait_s,
        analytic.mean_wait_s,
    );
    assert_agrees(
        &format!("{case} p_abandon"),
        &simulated.p_abandon,
        analytic.p_abandon,
    );
    assert_agrees(
        &format!("{case} service_level"),
        &simulated.service_level,
        analytic.service_level,
    );
    assert_agrees(
        &format!("{case} occupancy"),
        &simulated.occupancy,
        analytic.occupancy,
    );
}

#[test]
fn mmc_matches_erlang_c_for_a_small_team_at_high_load() {
    // 10 agents, 5-minute contacts, 108 an hour: load 9 erlangs, occupancy 0.9.
    check(
        QueueInputs {
            arrivals_per_hour: 108.0,
            handle_minutes: 5.0,
            agents: 10,
            patience_minutes: None,
            answer_seconds: 20.0,
        },
        2000.0,
    );
}

#[test]
fn mmc_matches_erlang_c_for_a_large_team() {
    // 500 agents at load 0.95.
    check(
        QueueInputs {
            arrivals_per_hour: 5700.0,
            handle_minutes: 5.0,
            agents: 500,
            patience_minutes: None,
            answer_seconds: 20.0,
        },
        100.0,
    );
}

#[test]
fn mmc_with_patience_matches_erlang_a_when_overloaded() {
    // 50 agents offered 1.3 times their capacity; customers wait 3 minutes on average.
    check(
        QueueInputs {
            arrivals_per_hour: 780.0,
            handle_minutes: 5.0,
            agents: 50,
            patience_minutes: Some(3.0),
            answer_seconds: 30.0,
        },
        500.0,
    );
}

#[test]
fn mmc_with_patience_matches_erlang_a_at_moderate_load() {
    check(
        QueueInputs {
            arrivals_per_hour: 200.0,
            handle_minutes: 6.0,
            agents: 22,
            patience_minutes: Some(2.0),
            answer_seconds: 60.0,
        },
        800.0,
    );
}
