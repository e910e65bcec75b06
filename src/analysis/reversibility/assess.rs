//! One replication's dip and recovery, read from its weekly counters against
//! a reference: the counterfactual run (the same scenario without the change,
//! same seeds) for `wfsim reversibility`, or the flat pre-change baseline
//! where no counterfactual was run (`run` and `compare`).

use serde::{Deserialize, Serialize};

use super::super::experiment::block_value;
use super::super::metrics::{metric_index, Counter, Counters};
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

/// A metric of `METRICS` (by name) over weeks `[from, to)`, as a ratio of
/// sums: the very definition the reports and the model's rules use.
pub(super) fn metric(weeks: &[Counters], name: &str, from: usize, to: usize) -> f64 {
    metric_index(name).map_or(f64::NAN, |m| block_value(weeks, m, from, to))
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
    let baseline_csat = metric(weeks, "csat_true", start, change_at);
    let baseline_service_level = metric(weeks, "service_level", start, change_at);
    let before = &weeks[start.min(change_at)..change_at];
    let n_before = before.len().max(1) as f64;
    let flat = |f: &dyn Fn(&Counters) -> f64| before.iter().map(f).sum::<f64>() / n_before;
    let flat_operating = flat(&operating_cost);
    let flat_one_off = flat(&one_off_cost);
    let flat_total = flat(&total_cost);

    // Reference figures of week w.
    let ref_csat = |w: usize| match reference {
        Reference::Counterfactual(cf) => metric(cf, "csat_true", w, w + 1),
        Reference::Baseline => baseline_csat,
    };
    let ref_service_level = |w: usize| match reference {
        Reference::Counterfactual(cf) => metric(cf, "service_level", w, w + 1),
        Reference::Baseline => baseline_service_level,
    };
    let ref_cost = |w: usize, f: &dyn Fn(&Counters) -> f64, flat: f64| match reference {
        Reference::Counterfactual(cf) => cf.get(w).map_or(flat, f),
        Reference::Baseline => flat,
    };

    let (signal, breach) = monitored(s, change, decisions);
    let detection = match (change_at..horizon)
        .find(|&w| breach.is_breached(metric(weeks, signal.name(), w, w + 1)))
    {
        Some(w) => TimeToEvent::observed((w - change_at) as f64),
        None => TimeToEvent::censored(horizon.saturating_sub(change_at) as f64),
    };
    let reversal_week = reversal_week(change, decisions);
    let target = s.staffing.service_level_target;
    let good = |w: usize| {
        let csat_ok = metric(weeks, "csat_true", w, w + 1) >= ref_csat(w) - settings.csat_tolerance;
        let service_level = metric(weeks, "service_level", w, w + 1);
        let service_ok = match reference {
            Reference::Counterfactual(_) => {
                service_level >= ref_service_level(w) - settings.service_level_tolerance
            }
            // Without a counterfactual, the target stands in for it.
            Reference::Baseline => service_level >= target,
        };
        csat_ok && service_ok
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
            let gap = ref_csat(w) - metric(weeks, "csat_true", w, w + 1);
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
