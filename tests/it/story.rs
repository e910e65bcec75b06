//! The shipped scenarios tell the story they claim, on versions scaled to a
//! tenth of the volume and headcount (everything else as shipped) so the
//! suite stays fast. Seeds are fixed; where replications are compared, the
//! claim must hold for the 95 % interval of the paired differences.

use wfsim::analysis::reversibility::{self, assess, change_week};
use wfsim::analysis::{run_replication, Counter, Counters, ReplicationResult};
use wfsim::scenario::Scenario;
use wfsim::stats::Estimate;

use crate::support::{scaled, shipped};

fn ratio(weeks: &[Counters], num: &[Counter], den: &[Counter]) -> f64 {
    let sum = |cs: &[Counter]| {
        weeks
            .iter()
            .map(|w| cs.iter().map(|c| w[*c as usize]).sum::<f64>())
            .sum::<f64>()
    };
    sum(num) / sum(den)
}

fn ai_share(weeks: &[Counters]) -> f64 {
    ratio(weeks, &[Counter::AiHandled], &[Counter::Arrived])
}

fn csat_true(weeks: &[Counters]) -> f64 {
    ratio(weeks, &[Counter::CsatSum], &[Counter::Outcomes])
}

fn csat_measured(weeks: &[Counters]) -> f64 {
    ratio(
        weeks,
        &[Counter::SurveySatisfied],
        &[Counter::SurveyResponses],
    )
}

fn replications(s: &Scenario) -> Vec<ReplicationResult> {
    use rayon::prelude::*;
    (0..s.replications)
        .into_par_iter()
        .map(|r| run_replication(s, r))
        .collect()
}

#[test]
fn over_automation_uses_the_ai_at_once_is_caught_late_and_recovers_only_after_reversing() {
    let mut s = scaled(&shipped("over-automation"), 0.1);
    s.replications = 4;
    let change = change_week(&s).expect("the scenario makes a change");
    assert_eq!(change, 4);
    let threshold = s.rules[0].breach.threshold();
    for r in replications(&s) {
        let rep = r.replication;
        let first_month = &r.weeks[4..8];
        // Usage: about two thirds of contacts go to the AI in its first month.
        let usage = ai_share(first_month);
        assert!(
            (0.6..=0.75).contains(&usage),
            "replication {rep}: AI share {usage}"
        );
        // Quality falls at once, but the monitor does not see it yet: measured
        // CSAT stays above the alarm while true CSAT is 5+ points down.
        let before = csat_true(&r.weeks[0..4]);
        assert!(csat_true(first_month) < before - 0.05, "replication {rep}");
        assert!(csat_measured(first_month) > threshold, "replication {rep}");
        // The alarm fires months later, after the cut of week 8.
        let a = assess(&s, change, &r.weeks, &r.decisions);
        let reversal = a.reversal_week.expect("the csat-alarm rule reverses");
        assert!(
            reversal >= 20,
            "replication {rep}: reversed in week {reversal}"
        );
        // No recovery before the reversal; recovery after it.
        let recovered_at = reversal + a.recovery_weeks.expect("recovers inside the horizon");
        assert!(recovered_at > reversal, "replication {rep}");
        let tolerance = s.reversibility.csat_tolerance;
        let good_before = r.weeks[8..reversal as usize]
            .iter()
            .filter(|w| csat_true(std::slice::from_ref(w)) >= a.baseline_csat - tolerance)
            .count();
        assert_eq!(
            good_before, 0,
            "replication {rep}: CSAT back before the reversal"
        );
    }
}

/// With the reversal held in the week the alarm fired (under the rule itself a
/// bigger cut is noticed sooner, so it is also reversed sooner).
#[test]
fn over_automation_recovery_takes_longer_the_bigger_the_cut() {
    let mut base = scaled(&shipped("over-automation"), 0.1);
    base.replications = 4;
    let change = change_week(&base).unwrap();
    let fixed: Vec<Scenario> = replications(&base)
        .iter()
        .map(|r| reversibility::with_reversal_fixed(&base, r))
        .collect();
    let recovery = |cut: f64| -> Vec<f64> {
        use rayon::prelude::*;
        fixed
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let s = reversibility::with_cut(f, change, cut);
                let run = run_replication(&s, i as u32);
                let a = assess(&s, change, &run.weeks, &run.decisions);
                // Never recovering counts as the weeks left: a lower bound.
                let reversal = a.reversal_week.expect("reverses");
                f64::from(a.recovery_weeks.unwrap_or(s.horizon_weeks - reversal))
            })
            .collect()
    };
    let cuts = [30.0, 70.0, 110.0];
    let weeks: Vec<Vec<f64>> = cuts.iter().map(|c| recovery(*c)).collect();
    let means: Vec<f64> = weeks
        .iter()
        .map(|w| Estimate::from_values(w).mean)
        .collect();
    assert!(
        means.windows(2).all(|m| m[0] < m[1]),
        "mean recovery weeks for cuts {cuts:?}: {means:?} ({weeks:?})"
    );
    // The smallest against the largest cut, paired replication by replication.
    let differences: Vec<f64> = weeks[2].iter().zip(&weeks[0]).map(|(b, s)| b - s).collect();
    let e = Estimate::from_values(&differences);
    assert!(e.ci95_low > 0.0, "paired difference {e:?} ({weeks:?})");
}

#[test]
fn hybrid_keeps_csat_near_baseline_with_the_ai_on_most_contacts() {
    let mut s = scaled(&shipped("hybrid-guardrails"), 0.1);
    s.replications = 2;
    for r in replications(&s) {
        let before = csat_true(&r.weeks[0..4]);
        for week in 4..s.horizon_weeks as usize {
            let w = &r.weeks[week..=week];
            let usage = ai_share(w);
            assert!(
                (0.6..=0.7).contains(&usage),
                "week {week}: AI share {usage}"
            );
            let csat = csat_true(w);
            assert!(
                csat > before - 0.035,
                "week {week}: CSAT {csat} against baseline {before}"
            );
        }
    }
}
