//! Customer satisfaction as a logistic model of what the customer lived through.
//!
//! Log-odds start from the outcome and the channel that produced it and fall
//! with every minute of waiting (queue wait plus AI time wasted before a hand
//! off) and with every extra contact the issue has needed.

use super::{Channel, Outcome};
use crate::scenario::Csat;

pub fn satisfaction_probability(
    csat: &Csat,
    outcome: Outcome,
    channel: Channel,
    waited_seconds: f64,
    contact_number: u8,
) -> f64 {
    let b = &csat.base_log_odds;
    let base = match (outcome, channel) {
        (Outcome::Resolved, Channel::Ai) => b.resolved_ai,
        (Outcome::Resolved, Channel::Human) => b.resolved_human,
        (Outcome::WrongAnswer, Channel::Ai) => b.wrong_answer_ai,
        (Outcome::WrongAnswer, Channel::Human) => b.wrong_answer_human,
        (Outcome::Abandoned, _) => b.abandoned,
        (Outcome::Trapped, _) => b.trapped,
    };
    let log_odds = base
        - csat.wait_log_odds_per_minute * waited_seconds / 60.0
        - csat.extra_contact_log_odds * f64::from(contact_number.saturating_sub(1));
    1.0 / (1.0 + (-log_odds).exp())
}

/// Satisfaction of contacts that did not wait, computed once per scenario.
///
/// The logistic's `exp` was one of the costliest calls per contact, and most
/// contacts are answered at once (or handled by the AI without a hand-off),
/// so their probability depends only on the outcome, the channel and the
/// contact number. The table holds `satisfaction_probability` itself for a
/// wait of exactly zero, so a lookup returns the same bits as the call.
#[derive(Debug, Clone)]
pub struct SatisfactionTable {
    /// `no_wait[contact_number][slot(outcome, channel)]`.
    no_wait: Vec<[f64; 8]>,
}

impl SatisfactionTable {
    pub fn new(csat: &Csat, max_contact_number: u8) -> Self {
        let outcomes = [
            Outcome::Resolved,
            Outcome::WrongAnswer,
            Outcome::Abandoned,
            Outcome::Trapped,
        ];
        let no_wait = (0..=max_contact_number)
            .map(|n| {
                let mut row = [0.0; 8];
                for outcome in outcomes {
                    for channel in [Channel::Ai, Channel::Human] {
                        row[slot(outcome, channel)] =
                            satisfaction_probability(csat, outcome, channel, 0.0, n);
                    }
                }
                row
            })
            .collect();
        SatisfactionTable { no_wait }
    }

    /// `satisfaction_probability`, looked up when `waited_seconds` is +0.
    #[inline]
    pub fn probability(
        &self,
        csat: &Csat,
        outcome: Outcome,
        channel: Channel,
        waited_seconds: f64,
        contact_number: u8,
    ) -> f64 {
        if waited_seconds.to_bits() == 0 {
            if let Some(row) = self.no_wait.get(usize::from(contact_number)) {
                return row[slot(outcome, channel)];
            }
        }
        satisfaction_probability(csat, outcome, channel, waited_seconds, contact_number)
    }
}

#[inline]
fn slot(outcome: Outcome, channel: Channel) -> usize {
    let o = match outcome {
        Outcome::Resolved => 0,
        Outcome::WrongAnswer => 1,
        Outcome::Abandoned => 2,
        Outcome::Trapped => 3,
    };
    let c = match channel {
        Channel::Ai => 0,
        Channel::Human => 1,
    };
    2 * o + c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::CsatBase;

    #[test]
    fn the_table_returns_the_function_bit_for_bit_and_falls_back_when_waiting() {
        // Start from a complete `Csat` so the test survives new fields.
        let inputs = crate::queueing::QueueInputs {
            arrivals_per_hour: 10.0,
            handle_minutes: 5.0,
            agents: 1,
            patience_minutes: None,
            answer_seconds: 20.0,
        };
        let mut csat = crate::analysis::queue_scenario(&inputs, 1.0, 1).csat;
        csat.base_log_odds = CsatBase {
            resolved_ai: 1.5,
            resolved_human: 1.9,
            wrong_answer_ai: 0.3,
            wrong_answer_human: 0.6,
            abandoned: -1.4,
            trapped: -2.2,
        };
        csat.wait_log_odds_per_minute = 0.04;
        csat.extra_contact_log_odds = 0.9;
        let table = SatisfactionTable::new(&csat, 4);
        let outcomes = [
            Outcome::Resolved,
            Outcome::WrongAnswer,
            Outcome::Abandoned,
            Outcome::Trapped,
        ];
        let mut distinct = Vec::new();
        for n in 0..=6u8 {
            for outcome in outcomes {
                for channel in [Channel::Ai, Channel::Human] {
                    for waited in [0.0, 30.0, 0.5] {
                        let direct = satisfaction_probability(&csat, outcome, channel, waited, n);
                        let looked_up = table.probability(&csat, outcome, channel, waited, n);
                        assert_eq!(direct.to_bits(), looked_up.to_bits());
                        distinct.push(direct.to_bits());
                    }
                }
            }
        }
        distinct.sort_unstable();
        distinct.dedup();
        // Up to 6 base values (abandoned and trapped ignore the channel) x 6
        // contact numbers (0 and 1 are both first contacts) x 3 waits; a few
        // coincide (1.5 - 0.9 is about 0.6), but a table that mixed up slots
        // or contact numbers would fail the bitwise comparison above.
        assert!(distinct.len() > 6 * 6 * 2, "the cases must differ");
    }
}
