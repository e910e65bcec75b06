//! The remaining human role: what people handle once the AI takes its share,
//! next to what the AI handles. Volumes, handle time and escalations come
//! from the run's counters; the mix by category is the expectation from the
//! scenario's routing in its last week (the recorder does not count by
//! category, to keep the per-contact path cheap), and says so.

use super::metrics::Metric;
use super::replicate::RunResult;
use crate::scenario::Scenario;
use crate::stats::Estimate;

/// One category's expected place in the work of each channel.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryMix {
    pub name: String,
    pub complexity: String,
    /// Share of first contacts handled by people (directly or after a
    /// hand-off) that belong to this category.
    pub human_share: f64,
    /// Share of first contacts the AI attempts that belong to this category.
    pub ai_share: f64,
    /// Probability that an AI attempt in this category is handed to a person.
    pub handoff_probability: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HumanRole {
    pub human_handled: Estimate,
    pub ai_handled: Estimate,
    pub ai_resolved: Estimate,
    pub human_handle_minutes: Estimate,
    /// Share-weighted mean AI handle time of the AI-routed mix (scenario input).
    pub ai_handle_minutes: f64,
    /// Hand-offs from the AI over contacts people handled.
    pub escalated_share_of_human: f64,
    /// Hand-offs by a detected trigger (hardship, disputed amounts, fraud ...)
    /// over contacts people handled.
    pub trigger_share_of_human: f64,
    pub escape_hatch_share_of_human: f64,
    pub turn_limit_share_of_human: f64,
    /// The week whose routing the mix describes.
    pub mix_week: u32,
    pub categories: Vec<CategoryMix>,
}

/// Probability that an AI attempt in `category` ends with a person, before
/// any learning: a detected trigger, an out-of-scope hand-off, or a stuck
/// customer let out by the escape hatch or the turn limit.
pub fn handoff_probability(scenario: &Scenario, category: usize) -> f64 {
    let c = &scenario.categories[category];
    let e = &scenario.escalation;
    let no_trigger: f64 = c
        .trigger_shares
        .iter()
        .zip(&e.triggers)
        .map(|(share, t)| 1.0 - share * t.detection_accuracy)
        .product();
    let stuck_out = if e.escape_hatch || e.max_ai_turns > 0 {
        c.ai_outcomes.stuck
    } else {
        0.0
    };
    (1.0 - no_trigger) + no_trigger * (c.ai_outcomes.escalated + stuck_out)
}

pub fn human_role(scenario: &Scenario, result: &RunResult) -> HumanRole {
    let total = |metric: Metric| {
        result
            .totals
            .get(metric.index())
            .copied()
            .unwrap_or_else(|| Estimate::from_values(&[]))
    };
    let human_handled = total(Metric::HumanHandled);
    let of_human = |metric: Metric| total(metric).mean / human_handled.mean;
    let week = result.weeks.saturating_sub(1);
    let mut human = Vec::new();
    let mut ai = Vec::new();
    let mut handoff = Vec::new();
    for (i, c) in scenario.categories.iter().enumerate() {
        let a = c.ai_share_in_week(week);
        let p = handoff_probability(scenario, i);
        human.push(c.share * (1.0 - a) + c.share * a * p);
        ai.push(c.share * a);
        handoff.push(p);
    }
    let normalise = |v: &[f64]| {
        let sum: f64 = v.iter().sum();
        v.iter()
            .map(|x| if sum > 0.0 { x / sum } else { 0.0 })
            .collect::<Vec<_>>()
    };
    let (human_mix, ai_mix) = (normalise(&human), normalise(&ai));
    let ai_handle_minutes = scenario
        .categories
        .iter()
        .zip(&ai_mix)
        .map(|(c, w)| w * c.ai_handle_minutes.mean)
        .sum();
    HumanRole {
        human_handled,
        ai_handled: total(Metric::AiHandled),
        ai_resolved: total(Metric::AiResolved),
        human_handle_minutes: total(Metric::HumanHandleMinutes),
        ai_handle_minutes,
        escalated_share_of_human: of_human(Metric::Escalated),
        trigger_share_of_human: of_human(Metric::EscalatedByTrigger),
        escape_hatch_share_of_human: of_human(Metric::EscalatedByEscapeHatch),
        turn_limit_share_of_human: of_human(Metric::EscalatedByTurnLimit),
        mix_week: week,
        categories: scenario
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| CategoryMix {
                name: c.name.clone(),
                complexity: c.complexity.clone(),
                human_share: human_mix[i],
                ai_share: ai_mix[i],
                handoff_probability: if ai[i] > 0.0 { handoff[i] } else { f64::NAN },
            })
            .collect(),
    }
}
