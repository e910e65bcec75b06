//! One replication's contacts, row by row (`wfsim run --contact-log`), in
//! the schema `wfsim calibrate` reads, so a run can be inspected contact by
//! contact and fed back.
//!
//! The log is replication 1 simulated again with its own seed: the model is
//! deterministic per replication, so it is the very replication 1 of the
//! run, and the run's own replications keep counting into counters only.

use std::ops::RangeInclusive;

use crate::engine::Seconds;
use crate::model::{
    self, Channel, EscalationReason, Observer, Outcome, OutcomeRecord, WEEK_SECONDS,
};
use crate::scenario::Scenario;

/// Rows above which a log is refused without `--allow-large`.
pub const MAX_ROWS: f64 = 2_000_000.0;

/// What the AI did, in the export schema's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiEnd {
    Resolved,
    Escalated,
    WrongAnswer,
    Stuck,
}

impl AiEnd {
    pub fn name(self) -> &'static str {
        match self {
            AiEnd::Resolved => "resolved",
            AiEnd::Escalated => "escalated",
            AiEnd::WrongAnswer => "wrong_answer",
            AiEnd::Stuck => "stuck",
        }
    }
}

/// One contact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactRow {
    /// Seconds from the start of week 0.
    pub arrived_at: Seconds,
    pub category: usize,
    /// Shared by every contact about one issue (the customer).
    pub issue: u64,
    /// With the AI's time when the contact went to it.
    pub ai: Option<(AiEnd, Seconds)>,
    /// How a person's part ended, with the wait (and handle time when served).
    pub human: Option<(Outcome, Seconds, Option<Seconds>)>,
    pub satisfied: Option<bool>,
}

impl ContactRow {
    fn of(record: &OutcomeRecord, arrived_at: Seconds) -> ContactRow {
        let ai_end = match (record.channel, record.outcome) {
            // The customer got stuck and took the exit (or hit the turn
            // limit): stuck, then a person.
            (Channel::Human, _)
                if matches!(
                    record.escalation,
                    Some(EscalationReason::EscapeHatch | EscalationReason::TurnLimit)
                ) =>
            {
                Some(AiEnd::Stuck)
            }
            (Channel::Human, _) if record.escalated => Some(AiEnd::Escalated),
            (Channel::Human, _) => None,
            (Channel::Ai, Outcome::Resolved) => Some(AiEnd::Resolved),
            (Channel::Ai, Outcome::WrongAnswer) => Some(AiEnd::WrongAnswer),
            (Channel::Ai, _) => Some(AiEnd::Stuck),
        };
        let human = (record.channel == Channel::Human).then(|| {
            let served = record.outcome != Outcome::Abandoned;
            (
                record.outcome,
                record.wait_seconds,
                served.then_some(record.handle_seconds),
            )
        });
        ContactRow {
            arrived_at,
            category: record.category,
            issue: record.issue,
            ai: ai_end.map(|e| (e, record.ai_seconds)),
            human,
            satisfied: record.survey,
        }
    }
}

/// Collects the contacts that arrived in the chosen weeks.
struct ContactLog {
    from: Seconds,
    to: Seconds,
    week_zero: Seconds,
    rows: Vec<ContactRow>,
}

impl Observer for ContactLog {
    fn on_outcome(&mut self, now: Seconds, record: &OutcomeRecord) {
        let arrived = record.arrived_at(now);
        if (self.from..self.to).contains(&arrived) {
            self.rows
                .push(ContactRow::of(record, arrived - self.week_zero));
        }
    }
}

/// The weeks a log covers when none are chosen: all of them.
pub fn all_weeks(s: &Scenario) -> RangeInclusive<u32> {
    0..=s.horizon_weeks.saturating_sub(1)
}

/// A size guard, not a forecast: new contacts at the last logged week's
/// growth, doubled when an issue may come back (`max_contacts_per_issue` >
/// 1), which bounds the repeats of any operation whose issues mostly end at
/// their first contact.
pub fn estimated_rows(s: &Scenario, weeks: &RangeInclusive<u32>) -> f64 {
    let n = f64::from(weeks.end() - weeks.start() + 1);
    let growth = (1.0 + s.demand.growth_per_year.max(0.0)).powf(f64::from(*weeks.end()) / 52.0);
    n * s.demand.contacts_per_week
        * growth
        * f64::from(s.repeats.max_contacts_per_issue.max(1)).min(2.0)
}

/// Replication 1's contacts that arrived in `weeks`, in arrival order.
pub fn contact_log(s: &Scenario, weeks: &RangeInclusive<u32>) -> Vec<ContactRow> {
    let week_zero = model::warmup_end(s);
    let log = ContactLog {
        from: week_zero + f64::from(*weeks.start()) * WEEK_SECONDS,
        to: week_zero + f64::from(weeks.end() + 1) * WEEK_SECONDS,
        week_zero,
        rows: Vec::new(),
    };
    let (mut log, _) = model::simulate(s, 0, log);
    log.rows.sort_by(|a, b| {
        a.arrived_at
            .total_cmp(&b.arrived_at)
            .then(a.issue.cmp(&b.issue))
    });
    log.rows
}
