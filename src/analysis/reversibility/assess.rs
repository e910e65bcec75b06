//! One replication's dip and recovery, read from its weekly counters against
//! a reference: the counterfactual run (the same scenario without the change,
//! same seeds) for `wfsim reversibility`, or the flat pre-change baseline
//! where no counterfactual was run (`run` and `compare`).

use serde::{Deserialize, Serialize};

use super::super::experiment::block_value;
use super::super::metrics::{Counter, Counters, Metric};
use super::super::recorder::DecisionEntry;
use crate::scenario::{Breach, Scenario, Signal};
use crate::stats::TimeToEvent;

/// What a replication's weeks are measured against.
#[derive(Debug, Clone, Copy)]
pub enum Reference<'a> {
    /// The counterfactual's own weeks, week for week.
    Counterfactual(&'a [Counters]),
    /// The mean of the `baseline_weeks` before the change, held flat.
    Baseline,
}

/// What one replication showed, every effect against its reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReplicationReversal {
    /// CSAT (true) and service level over the `baseline_weeks` before the
    /// change (the counterfactual shares these weeks).
    pub baseline_csat: f64,
    pub baseline_service_level: f64,
    /// Weeks from the change to the first breach of the monitored signal;
    /// censored at the weeks watched when it never breached.
    pub detection: TimeToEvent,
    pub reversal_week: Option<u32>,
    /// Weeks from the reversal to the first of `consecutive_weeks` good
    /// weeks; censored at the last start checked. `None` without a reversal.
    pub recovery: Option<TimeToEvent>,
    /// Weeks from the change until the operation is back (after the
    /// reversal); what levers are compared on, since an earlier reversal
    /// counts too. Censored at the last start checked.
    pub back_after_change: TimeToEvent,
    /// Severance, recruiting, training, outsourcing and wrong-answer cost
    /// from the change on, above the reference's.
    pub round_trip_cost: f64,
    /// Pay, AI and outsourcing below the reference's, from the change to
    /// the reversal (or the horizon).
    pub savings_while_automated: f64,
    /// Customers whose contact ended in a week with CSAT below the
    /// reference's, weighted by the gap: the expected number of extra
    /// dissatisfied customers from the change on.
    pub dissatisfied_customers: f64,
    /// Total cost from the change on minus the reference's.
    pub cost_difference: f64,
}

impl ReplicationReversal {
    pub fn detection_weeks(&self) -> Option<u32> {
        self.detection.observed_weeks().map(|w| w as u32)
    }

    pub fn recovery_weeks(&self) -> Option<u32> {
        self.recovery
            .and_then(|r| r.observed_weeks())
            .map(|w| w as u32)
    }
}

fn value(w: &Counters, c: Counter) -> f64 {
    w[c as usize]
}

/// A metric over weeks `[from, to)`, as a ratio of sums: the very
/// definition the reports and the model's rules use.
pub(super) fn metric(weeks: &[Counters], metric: Metric, from: usize, to: usize) -> f64 {
    block_value(weeks, metric.index(), from, to)
}

fn operating_cost(w: &Counters) -> f64 {
    value(w, Counter::CostHuman) + value(w, Counter::CostAi) + value(w, Counter::CostOutsourcing)
}

fn one_off_cost(w: &Counters) -> f64 {
    value(w, Counter::CostSeverance)
        + value(w, Counter::CostRecruiting)
        + value(w, Counter::CostTraining)
        + value(w, Counter::CostOutsourcing)
        + value(w, Counter::CostWrongAnswer)
}

fn total_cost(w: &Counters) -> f64 {
    operating_cost(w)
        + value(w, Counter::CostWrongAnswer)
        + value(w, Counter::CostRecruiting)
        + value(w, Counter::CostTraining)
        + value(w, Counter::CostSeverance)
}

/// The signal and threshold management watches for this replication: the
/// rule that reversed, else the first rule, else measured CSAT under
/// `csat.threshold`.
pub fn monitored(s: &Scenario, change: u32, decisions: &[DecisionEntry]) -> (Signal, Breach) {
    let reversing_rule = decisions
        .iter()
        .find(|d| d.reversal && d.source == "rule" && d.week >= change)
        .and_then(|d| s.rules.iter().find(|rule| rule.name == d.rule));
    match reversing_rule.or(s.rules.first()) {
        Some(rule) => (rule.signal, rule.breach),
        None => (Signal::CsatMeasured, Breach::Below(s.csat.threshold)),
    }
}

/// Whether week `w` of a run is back: true CSAT and service level no more
/// than their tolerances below the counterfactual's same week.
fn back_in_week(s: &Scenario, weeks: &[Counters], cf: &[Counters], w: usize) -> bool {
    let settings = &s.reversibility;
    metric(weeks, Metric::CsatTrue, w, w + 1)
        >= metric(cf, Metric::CsatTrue, w, w + 1) - settings.csat_tolerance
        && metric(weeks, Metric::ServiceLevel, w, w + 1)
            >= metric(cf, Metric::ServiceLevel, w, w + 1) - settings.service_level_tolerance
}

/// Whether a run that reversed in week `reversal` recovers within `window`
/// weeks of it (as `assess` against the counterfactual `cf` judges), as far
/// as its complete weeks `weeks` tell: `Some(true)` once `consecutive_weeks`
/// good weeks in a row have started by `reversal + window`, `Some(false)`
/// once every such start has met a bad week, `None` while one may still
/// succeed. The weeks it reads (true CSAT, service level) are complete at a
/// week's end, so a run can stop as soon as this answers.
pub fn recovery_within(
    s: &Scenario,
    reversal: u32,
    window: u32,
    weeks: &[Counters],
    cf: &[Counters],
) -> Option<bool> {
    let k = s.reversibility.consecutive_weeks.max(1) as usize;
    let done = weeks.len().min(cf.len());
    let first = reversal as usize;
    let last = first + window as usize;
    let mut open = false;
    for t in first..=last {
        let seen = (t..(t + k).min(done)).all(|w| back_in_week(s, weeks, cf, w));
        if !seen {
            continue;
        }
        if t + k <= done {
            return Some(true);
        }
        open = true;
    }
    (!open).then_some(false)
}

/// The first reversal at or after the change, planned or taken by a rule.
pub fn reversal_week(change: u32, decisions: &[DecisionEntry]) -> Option<u32> {
    decisions
        .iter()
        .find(|d| d.reversal && d.week >= change)
        .map(|d| d.week)
}

/// Reads one replication's dip and recovery from its weekly counters and
/// decision log, against `reference`.
pub fn assess(
    s: &Scenario,
    change: u32,
    weeks: &[Counters],
    decisions: &[DecisionEntry],
    reference: Reference,
) -> ReplicationReversal {
    let settings = &s.reversibility;
    let horizon = weeks.len();
    let change_at = (change as usize).min(horizon);
    let start = change.saturating_sub(settings.baseline_weeks) as usize;
    let baseline_csat = metric(weeks, Metric::CsatTrue, start, change_at);
    let baseline_service_level = metric(weeks, Metric::ServiceLevel, start, change_at);
    let before = &weeks[start.min(change_at)..change_at];
    let n_before = before.len().max(1) as f64;
    let flat = |f: &dyn Fn(&Counters) -> f64| before.iter().map(f).sum::<f64>() / n_before;
    let flat_operating = flat(&operating_cost);
    let flat_one_off = flat(&one_off_cost);
    let flat_total = flat(&total_cost);

    // Reference figures of week w.
    let ref_csat = |w: usize| match reference {
        Reference::Counterfactual(cf) => metric(cf, Metric::CsatTrue, w, w + 1),
        Reference::Baseline => baseline_csat,
    };
    let ref_cost = |w: usize, f: &dyn Fn(&Counters) -> f64, flat: f64| match reference {
        Reference::Counterfactual(cf) => cf.get(w).map_or(flat, f),
        Reference::Baseline => flat,
    };

    let (signal, breach) = monitored(s, change, decisions);
    // The model names the signal a rule watches by its metric's name.
    let signal = Metric::by_name(signal.name());
    let detection = match (change_at..horizon)
        .find(|&w| breach.is_breached(signal.map_or(f64::NAN, |m| metric(weeks, m, w, w + 1))))
    {
        Some(w) => TimeToEvent::observed((w - change_at) as f64),
        None => TimeToEvent::censored(horizon.saturating_sub(change_at) as f64),
    };
    let reversal_week = reversal_week(change, decisions);
    let target = s.staffing.service_level_target;
    let good = |w: usize| match reference {
        Reference::Counterfactual(cf) => back_in_week(s, weeks, cf, w),
        // Without a counterfactual, the target stands in for its service level.
        Reference::Baseline => {
            metric(weeks, Metric::CsatTrue, w, w + 1) >= baseline_csat - settings.csat_tolerance
                && metric(weeks, Metric::ServiceLevel, w, w + 1) >= target
        }
    };
    let k = settings.consecutive_weeks.max(1) as usize;
    // Starts t with t + k <= horizon can be checked.
    let last_start = horizon.checked_sub(k);
    let first_good_run =
        |from: usize| last_start.and_then(|last| (from..=last).find(|&t| (t..t + k).all(good)));
    let recovery = reversal_week.map(|rv| {
        let rv = rv as usize;
        match first_good_run(rv) {
            Some(t) => TimeToEvent::observed((t - rv) as f64),
            // Every start up to `last_start` failed: recovery takes longer.
            None => {
                TimeToEvent::censored(last_start.map_or(0, |l| (l + 1).saturating_sub(rv)) as f64)
            }
        }
    });
    let back_after_change = match reversal_week.and_then(|rv| first_good_run(rv as usize)) {
        Some(t) => TimeToEvent::observed(t.saturating_sub(change_at) as f64),
        None => {
            TimeToEvent::censored(last_start.map_or(0, |l| (l + 1).saturating_sub(change_at)) as f64)
        }
    };

    let after = change_at..horizon;
    let round_trip_cost: f64 = after
        .clone()
        .map(|w| one_off_cost(&weeks[w]) - ref_cost(w, &one_off_cost, flat_one_off))
        .sum();
    let cost_difference: f64 = after
        .clone()
        .map(|w| total_cost(&weeks[w]) - ref_cost(w, &total_cost, flat_total))
        .sum();
    let automated_end = reversal_week.map_or(horizon, |w| (w as usize).min(horizon));
    let savings_while_automated: f64 = (change_at.min(automated_end)..automated_end)
        .map(|w| ref_cost(w, &operating_cost, flat_operating) - operating_cost(&weeks[w]))
        .sum();
    let dissatisfied_customers: f64 = after
        .map(|w| {
            let gap = ref_csat(w) - metric(weeks, Metric::CsatTrue, w, w + 1);
            let ended = value(&weeks[w], Counter::Outcomes);
            if gap.is_finite() {
                gap.max(0.0) * ended
            } else {
                0.0
            }
        })
        .sum();
    ReplicationReversal {
        baseline_csat,
        baseline_service_level,
        detection,
        reversal_week,
        recovery,
        back_after_change,
        round_trip_cost,
        savings_while_automated,
        dissatisfied_customers,
        cost_difference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::metrics::COUNTERS;
    use crate::scenario::{self, Limits};

    /// Recovery needs 2 good weeks in a row, CSAT within 3 points and
    /// service level within 5 of the counterfactual's.
    fn scenario() -> Scenario {
        let text = r#"
name = "recovery"
horizon_weeks = 12
[demand]
contacts_per_week = 1000
[[categories]]
name = "all"
share = 1.0
human_handle_minutes = { distribution = "exponential", mean = 8.0 }
[staffing]
fte = 10
[reversibility]
consecutive_weeks = 2
csat_tolerance = 0.03
service_level_tolerance = 0.05
"#;
        scenario::parse("recovery.toml", text, &Limits::default()).unwrap()
    }

    /// A week of 100 contacts with the given true CSAT and service level.
    fn week(csat: f64, service_level: f64) -> Counters {
        let mut w = [0.0; COUNTERS];
        w[Counter::Outcomes as usize] = 100.0;
        w[Counter::CsatSum as usize] = 100.0 * csat;
        w[Counter::Answered as usize] = 100.0;
        w[Counter::AnsweredWithinTarget as usize] = 100.0 * service_level;
        w
    }

    /// Weeks that are good where `pattern` has its bit set, against a
    /// counterfactual at CSAT 0.80 and service level 0.90.
    fn weeks(pattern: u32, n: usize) -> Vec<Counters> {
        (0..n)
            .map(|w| {
                if pattern >> w & 1 == 1 {
                    week(0.78, 0.86)
                } else if w % 2 == 0 {
                    week(0.76, 0.90) // CSAT too low
                } else {
                    week(0.80, 0.84) // service level too low
                }
            })
            .collect()
    }

    fn reversal_at(week: u32) -> Vec<DecisionEntry> {
        vec![DecisionEntry {
            week,
            source: "planned".into(),
            rule: String::new(),
            action: "route_to_humans".into(),
            category: String::new(),
            value: None,
            reversal: true,
        }]
    }

    /// Over every pattern of good and bad weeks: whenever a run stopped
    /// early has an answer, it is the answer `assess` gives on the whole
    /// run, and once given it never changes as weeks are added.
    #[test]
    fn an_early_answer_is_the_whole_runs_answer() {
        let s = scenario();
        let (n, reversal, window) = (10usize, 2u32, 3u32);
        let cf = vec![week(0.80, 0.90); n];
        for pattern in 0..(1u32 << n) {
            let run = weeks(pattern, n);
            let a = assess(
                &s,
                1,
                &run,
                &reversal_at(reversal),
                Reference::Counterfactual(&cf),
            );
            let whole = a.recovery_weeks().is_some_and(|w| w <= window);
            let mut said = None;
            for done in 0..=n {
                let answer = recovery_within(&s, reversal, window, &run[..done], &cf);
                if let Some(x) = answer {
                    assert_eq!(x, whole, "pattern {pattern:010b} after {done} weeks");
                }
                if said.is_some() {
                    assert_eq!(answer, said, "pattern {pattern:010b}: changed its answer");
                }
                said = answer;
            }
            // Starts up to week 5 finish by week 7, so ten weeks always decide.
            assert_eq!(said, Some(whole), "pattern {pattern:010b}");
        }
    }

    #[test]
    fn recovery_is_known_as_soon_as_its_run_of_good_weeks_ends() {
        let s = scenario();
        let cf = vec![week(0.80, 0.90); 10];
        // Good from week 4: the run 4-5 ends with week 5.
        let run = weeks(0b11_1111_0000, 10);
        assert_eq!(recovery_within(&s, 2, 3, &run[..5], &cf), None);
        assert_eq!(recovery_within(&s, 2, 3, &run[..6], &cf), Some(true));
        // Bad in week 5, the last start: no recovery within 3 weeks of 2.
        let run = weeks(0b11_1101_0000, 10);
        assert_eq!(recovery_within(&s, 2, 3, &run[..5], &cf), None);
        assert_eq!(recovery_within(&s, 2, 3, &run[..6], &cf), Some(false));
    }
}
