//! Week 0 is an operating point the plan keeps (issue #16): the workforce
//! pipeline starts with the cohorts steady backfill holds, and warm-up weeks
//! fill the queues and the repeat backlog before anything is counted. Each
//! check is also run on the old start (everyone proficient; no warm-up) to
//! show that it would catch the drift it guards against.

use wfsim::analysis::{self, Counter, ReplicationResult};
use wfsim::scenario::Scenario;
use wfsim::stats::Estimate;

use crate::support::parse;

const HEADCOUNT: f64 = 1000.0;

/// 3,000 contacts a week, all human, amply staffed by a pipeline of 1,000
/// people with backfill at 20 %/yr attrition (60 %/yr for new hires), about
/// four weeks to hire, four of training and twelve of ramp; wrong answers
/// come back as repeats a day later. No AI, no decisions, no rules.
fn scenario() -> String {
    r#"
name = "steady"
horizon_weeks = 27
replications = 20
seed = 16

[demand]
contacts_per_week = 3000

[[categories]]
name = "all"
share = 1.0
never_ai = true
human_handle_minutes = { distribution = "exponential", mean = 6.0 }
human_wrong_answer = 0.1
patience_minutes = { distribution = "exponential", mean = 5.0 }

[repeats]
probability_after_wrong_answer = 0.6
delay_hours = { distribution = "exponential", mean = 24.0 }

[staffing]
fte = 1000

[csat]
survey_response_rate = 0.1

[workforce]
backfill = true
time_to_hire_weeks = { distribution = "lognormal", mean = 4.0, cv = 0.5 }
training_weeks = 4
ramp_weeks = 12
ramp_start_productivity = 0.5
attrition_per_year = 0.2
new_hire_attrition_per_year = 0.6
"#
    .to_string()
}

/// The same operation starting as before issue #16: everyone proficient
/// (the start without backfill), with recruiters backfilling from week 0.
fn all_proficient_start() -> String {
    scenario().replace("backfill = true", "backfill = false")
        + r#"
[[decisions]]
week = 0
action = "rehire"
fte = 1000
"#
}

fn replications(s: &Scenario) -> Vec<ReplicationResult> {
    analysis::run_replications(s, &(0..s.replications).collect::<Vec<_>>(), Some(2))
        .expect("no invariant broken")
}

/// Least-squares slope of productive FTE over weeks 1-26, per replication.
fn slopes(runs: &[ReplicationResult]) -> Vec<f64> {
    let weeks: Vec<f64> = (1..=26).map(f64::from).collect();
    let mean_week = weeks.iter().sum::<f64>() / 26.0;
    runs.iter()
        .map(|r| {
            let fte: Vec<f64> = (1..=26)
                .map(|w| r.weeks[w][Counter::ProductiveFte as usize])
                .collect();
            let mean_fte = fte.iter().sum::<f64>() / 26.0;
            let (mut sxy, mut sxx) = (0.0, 0.0);
            for (x, y) in weeks.iter().zip(&fte) {
                sxy += (x - mean_week) * (y - mean_fte);
                sxx += (x - mean_week) * (x - mean_week);
            }
            sxy / sxx
        })
        .collect()
}

/// Whether productive FTE is flat over weeks 1-26: the 95 % interval of the
/// mean slope across replications contains 0, or the change it implies over
/// the 25 weeks is within the interval's own half-width scaled to 25 weeks
/// and under 0.2 % of the headcount (a drift too small to tell from noise
/// and too small to matter).
fn flat(slopes: &[f64]) -> Result<(), String> {
    let e = Estimate::from_values(slopes);
    let half = e.mean - e.ci95_low;
    let drift = 25.0 * e.mean;
    let tolerance = (25.0 * half).min(0.002 * HEADCOUNT);
    if (e.ci95_low..=e.ci95_high).contains(&0.0) || drift.abs() <= tolerance {
        Ok(())
    } else {
        Err(format!(
            "slope {:.4} FTE/week (95 % CI {:.4} to {:.4}): {drift:.1} FTE over 25 weeks",
            e.mean, e.ci95_low, e.ci95_high
        ))
    }
}

#[test]
fn productive_fte_holds_flat_from_a_steady_start_and_drifts_from_the_old_one() {
    let steady = replications(&parse(&scenario()));
    // Week 0 already holds the pipeline: people in training and ramping,
    // requisitions in flight, the headcount as given.
    for r in &steady {
        let w = &r.weeks[0];
        assert_eq!(w[Counter::Fte as usize], HEADCOUNT);
        assert!(w[Counter::InTraining as usize] > 10.0);
        assert!(w[Counter::Ramping as usize] > 30.0);
        assert!(w[Counter::OpenRequisitions as usize] > 10.0);
        assert_eq!(w[Counter::Hired as usize], 0.0, "week 0 moves nobody");
    }
    if let Err(e) = flat(&slopes(&steady)) {
        panic!("productive FTE drifts from the steady start: {e}");
    }

    let old = replications(&parse(&all_proficient_start()));
    assert!(
        flat(&slopes(&old)).is_err(),
        "the all-proficient start must fail the same check"
    );
    // And the headcount holds at the target (not the target less the
    // vacancies): mean payroll over weeks 1-26 within 0.5 % of it.
    for runs in [&steady, &old] {
        let payroll: Vec<f64> = runs
            .iter()
            .map(|r| {
                (1..=26)
                    .map(|w| r.weeks[w][Counter::Fte as usize])
                    .sum::<f64>()
                    / 26.0
            })
            .collect();
        let e = Estimate::from_values(&payroll);
        assert!(
            (e.mean - HEADCOUNT).abs() < 0.005 * HEADCOUNT,
            "payroll {e:?}"
        );
    }
}

/// Week 0's repeat share minus weeks 1-8's, per replication.
fn repeat_share_gaps(runs: &[ReplicationResult]) -> Estimate {
    let share = |r: &ReplicationResult, weeks: std::ops::Range<usize>| {
        let (mut repeats, mut arrived) = (0.0, 0.0);
        for w in weeks {
            repeats += r.weeks[w][Counter::RepeatContacts as usize];
            arrived += r.weeks[w][Counter::Arrived as usize];
        }
        repeats / arrived
    };
    let gaps: Vec<f64> = runs
        .iter()
        .map(|r| share(r, 0..1) - share(r, 1..9))
        .collect();
    Estimate::from_values(&gaps)
}

#[test]
fn week_0_has_the_repeat_share_of_the_weeks_after_it_once_warmed_up() {
    let warmed = repeat_share_gaps(&replications(&parse(&scenario())));
    assert!(
        warmed.ci95_low <= 0.0 && 0.0 <= warmed.ci95_high,
        "week 0 repeat share minus weeks 1-8's: {warmed:?}"
    );
    let cold = parse(&scenario().replace("seed = 16", "seed = 16\nwarmup_weeks = 0"));
    assert_eq!(cold.warmup_weeks, 0);
    let cold = repeat_share_gaps(&replications(&cold));
    assert!(
        cold.ci95_high < 0.0,
        "without a warm-up week 0 lacks repeats: {cold:?}"
    );
}

#[test]
fn warm_up_weeks_default_to_four_and_leave_contacts_in_the_system_at_week_0() {
    let s = parse(&scenario());
    assert_eq!(s.warmup_weeks, 4);
    let r = analysis::run_replication(&s, 0);
    let carried = r.end.in_system_at_start as f64;
    assert!(carried > 0.0);
    assert_eq!(r.weeks[0][Counter::InSystemAtStart as usize], carried);
    assert_eq!(r.conservation_gap(), 0.0);
}
