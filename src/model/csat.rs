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
