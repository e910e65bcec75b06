//! The simulator against Erlang C and Erlang A, through the same model that
//! `wfsim run` uses. Each figure is a mean over replications; the closed form
//! must lie inside the simulation's own 99.9% confidence interval (Student t),
//! so a correct model fails a single check with probability 0.001, and with
//! fixed seeds the outcome is reproducible. The first 24 hours (the start from
//! an empty system) are dropped as warm-up.
//!
//! When no measured contact waited at all (a large team at low load), every
//! replication gives the same figure and the interval has no width. Then the
//! check is the zero-count bound: with N contacts and none waiting, a waiting
//! probability above -ln(0.001) / N ≈ 6.9 / N would have shown a wait with
//! probability 0.999; the other figures follow from that bound.

use wfsim::analysis::{self, queue_scenario, simulate_queue};
use wfsim::queueing::{analyze, QueueInputs};
use wfsim::stats::{t_quantile, Estimate};

/// `zero_bound`: how far the figure may sit from the simulated value when no
/// measured contact waited (see the module docs).
fn assert_agrees(name: &str, simulated: &Estimate, analytic: f64, zero_bound: f64) {
    let half = if simulated.standard_error > 0.0 {
        t_quantile(0.9995, simulated.n - 1) * simulated.standard_error
    } else {
        zero_bound
    };
    assert!(
        (simulated.mean - analytic).abs() <= half,
        "{name}: simulated {} ± {half} vs analytic {analytic}",
        simulated.mean
    );
}

fn check(inputs: QueueInputs, hours: f64) {
    let analytic = analyze(&inputs).unwrap();
    let simulated = simulate_queue(&inputs, hours, 24.0, 12, 2024);
    // `cargo test -- --nocapture` prints the agreement table of the README.
    eprintln!(
        "| {} | {:.2} | {} | {:.4} / {:.4} | {:.1} / {:.1} | {:.4} / {:.4} | {:.4} / {:.4} |",
        inputs.agents,
        inputs.arrivals_per_hour * inputs.handle_minutes / 60.0 / f64::from(inputs.agents),
        inputs
            .patience_minutes
            .map_or("none".to_string(), |p| format!("{p} min")),
        analytic.p_wait,
        simulated.p_wait.mean,
        analytic.mean_wait_s,
        simulated.mean_wait_s.mean,
        analytic.p_abandon,
        simulated.p_abandon.mean,
        analytic.service_level,
        simulated.service_level.mean,
    );
    let case = format!("{inputs:?}");
    let measured = inputs.arrivals_per_hour * hours.ceil() * 12.0;
    let p_bound = -(0.001f64.ln()) / measured;
    // Mean wait given a wait: 1 / (c mu - lambda) for Erlang C, at most the mean patience for A.
    let wait_given_wait_s = match inputs.patience_minutes {
        Some(p) => p * 60.0,
        None => {
            3600.0
                / (f64::from(inputs.agents) * 60.0 / inputs.handle_minutes
                    - inputs.arrivals_per_hour)
        }
    };
    let zero_bounds = [p_bound, p_bound * wait_given_wait_s, p_bound, p_bound, 0.0];
    for (((name, analytic), (_, simulated)), bound) in analytic
        .figures()
        .into_iter()
        .zip(simulated.figures())
        .zip(zero_bounds)
    {
        assert_agrees(&format!("{case} {name}"), &simulated, analytic, bound);
    }
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

/// A grid over team sizes and loads: 1 to 1,000 agents, loads 0.5 to 0.98
/// without abandonment and 1.1 to 1.5 with it. Each case simulates about
/// 200,000 contacts a replication (at least 100 hours).
#[test]
fn the_simulator_agrees_with_erlang_c_and_a_across_a_grid() {
    let handle_minutes = 5.0;
    let mut cases = Vec::new();
    for agents in [1u32, 10, 100, 1000] {
        for load in [0.5, 0.8] {
            cases.push((agents, load, None));
        }
        for load in [1.1, 1.5] {
            cases.push((agents, load, Some(3.0)));
        }
    }
    // Near saturation only where the queue forgets its empty start within the
    // warm-up (mixing time ~ 1 / (1 - load)^2 / agents service times).
    cases.push((100, 0.98, None));
    cases.push((1000, 0.98, None));
    for (agents, load, patience_minutes) in cases {
        let arrivals_per_hour = load * f64::from(agents) * 60.0 / handle_minutes;
        let hours = (200_000.0 / arrivals_per_hour).clamp(100.0, 40_000.0);
        check(
            QueueInputs {
                arrivals_per_hour,
                handle_minutes,
                agents,
                patience_minutes,
                answer_seconds: 20.0,
            },
            hours,
        );
    }
}

/// `staffing.max_occupancy = 0.8` on 50 agents: only 40 may be busy at once
/// (50 × 0.8 is whole, so no rounding), so the queue is Erlang A's with 40
/// agents, while occupancy is measured against the 50 on shift and never
/// passes the ceiling. Without the ceiling the same load keeps 50 busy.
#[test]
fn an_occupancy_ceiling_queues_the_load_above_it() {
    let inputs = QueueInputs {
        arrivals_per_hour: 430.0,
        handle_minutes: 6.0,
        agents: 50,
        patience_minutes: Some(4.0),
        answer_seconds: 60.0,
    };
    let mut capped = queue_scenario(&inputs, 168.0, 11);
    capped.warmup_weeks = 1;
    capped.replications = 10;
    capped.staffing.max_occupancy = Some(0.8);
    let run = analysis::run(&capped, None).unwrap();
    let forty = analyze(&QueueInputs {
        agents: 40,
        ..inputs
    })
    .unwrap();
    for (figure, expected) in [
        ("service_level", forty.service_level),
        ("abandon_rate", forty.p_abandon),
        ("occupancy", forty.occupancy * 40.0 / 50.0),
    ] {
        let e = run.total(figure).unwrap();
        let half = t_quantile(0.9995, e.n - 1) * e.standard_error;
        eprintln!(
            "ceiling 0.8: {figure} {:.4} ± {half:.4}, Erlang A with 40 of 50: {expected:.4}",
            e.mean
        );
        assert!(
            (e.mean - expected).abs() <= half,
            "{figure}: {e:?} vs {expected}"
        );
    }
    let occupancy = run.total("occupancy").unwrap();
    assert!(occupancy.mean <= 0.8, "{occupancy:?}");
    // Without the ceiling the same load keeps Erlang A's 50 agents busier
    // than the ceiling allows.
    let mut free = capped.clone();
    free.staffing.max_occupancy = None;
    let free = analysis::run(&free, None)
        .unwrap()
        .total("occupancy")
        .unwrap();
    let fifty = analyze(&inputs).unwrap().occupancy;
    let half = t_quantile(0.9995, free.n - 1) * free.standard_error;
    assert!(
        (free.mean - fifty).abs() <= half,
        "{free:?} vs Erlang A {fifty}"
    );
    assert!(fifty > 0.8, "{fifty}");
}
