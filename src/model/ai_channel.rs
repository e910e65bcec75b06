//! The AI assistant: whether a contact goes to it, and how its attempt ends.
//!
//! Guardrails are applied here, in this order, because that is the order a
//! customer meets them: detected triggers hand off early; a turn limit cuts
//! long conversations; an out-of-scope verdict hands off; a stuck customer
//! leaves through the escape hatch or, without one, is trapped.

use super::contact::AiVerdict;
use super::sampler::DurationSampler;
use super::EscalationReason;
use crate::random::{ContactDraw, ContactKey};
use crate::scenario::{AiLearning, AiOutcomes, Category, Escalation};

/// The AI's behaviour for one category during the current week.
#[derive(Debug, Clone)]
pub struct AiCategory {
    pub share: f64,
    /// Cumulative thresholds of resolved, escalated, wrong answer (stuck is the rest).
    thresholds: [f64; 3],
    pub handle: DurationSampler,
    /// Per trigger: probability a contact carries it and it is detected.
    detected_trigger_probability: Vec<f64>,
}

/// What the AI will do with a contact, decided when the attempt starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AiAttempt {
    pub seconds: f64,
    pub verdict: AiVerdict,
}

impl AiCategory {
    pub fn new(category: &Category, escalation: &Escalation) -> Self {
        let detected_trigger_probability = category
            .trigger_shares
            .iter()
            .zip(&escalation.triggers)
            .map(|(share, trigger)| share * trigger.detection_accuracy)
            .collect();
        let mut ai = AiCategory {
            share: 0.0,
            thresholds: [0.0; 3],
            handle: DurationSampler::new(&category.ai_handle_minutes, 60.0),
            detected_trigger_probability,
        };
        ai.set_outcomes(&category.ai_outcomes);
        ai
    }

    fn set_outcomes(&mut self, o: &AiOutcomes) {
        self.thresholds = [
            o.resolved,
            o.resolved + o.escalated,
            o.resolved + o.escalated + o.wrong_answer,
        ];
    }

    /// Applies the rollout share and the learning curve for `week`.
    pub fn update_for_week(&mut self, category: &Category, learning: &AiLearning, week: u32) {
        self.share = category.ai_share_in_week(week);
        let reduction = match (learning.half_life_weeks, category.ai_start_week()) {
            (Some(half_life), Some(start)) if week > start => {
                let weeks = f64::from(week - start);
                learning.max_error_reduction * (1.0 - 0.5f64.powf(weeks / half_life))
            }
            _ => 0.0,
        };
        self.set_outcomes(&learned_outcomes(&category.ai_outcomes, reduction));
    }

    /// Decides the attempt from the contact's own numbers: its handle time,
    /// one uniform per trigger (by the trigger's index, drawn or not) and
    /// one for the verdict, each of its own purpose.
    #[inline]
    pub fn attempt(&self, escalation: &Escalation, key: ContactKey) -> AiAttempt {
        let seconds = self.handle.sample(&mut key.rng(ContactDraw::AiHandle));
        for (i, &p) in self.detected_trigger_probability.iter().enumerate() {
            if p > 0.0 && key.uniform_at(ContactDraw::AiTrigger, i as u64) < p {
                return AiAttempt {
                    seconds: seconds * escalation.detection_point_share,
                    verdict: AiVerdict::Escalate(EscalationReason::Trigger),
                };
            }
        }
        let cap = f64::from(escalation.max_ai_turns) * escalation.ai_turn_seconds;
        let capped = escalation.max_ai_turns > 0 && seconds > cap;
        let u = key.uniform(ContactDraw::AiVerdict);
        let verdict = if u < self.thresholds[0] {
            AiVerdict::Resolved
        } else if u < self.thresholds[1] {
            AiVerdict::Escalate(EscalationReason::OutOfScope)
        } else if u < self.thresholds[2] {
            AiVerdict::WrongAnswer
        } else if escalation.escape_hatch {
            AiVerdict::Escalate(EscalationReason::EscapeHatch)
        } else if escalation.max_ai_turns > 0 {
            // A stuck customer with no exit loops until the turn limit hands off.
            return AiAttempt {
                seconds: cap,
                verdict: AiVerdict::Escalate(EscalationReason::TurnLimit),
            };
        } else {
            AiVerdict::Trapped
        };
        if capped {
            return AiAttempt {
                seconds: cap,
                verdict: AiVerdict::Escalate(EscalationReason::TurnLimit),
            };
        }
        AiAttempt { seconds, verdict }
    }
}

/// Outcomes after learning has removed `reduction` of wrong answers and stuck
/// conversations; what it removes becomes resolved.
pub fn learned_outcomes(o: &AiOutcomes, reduction: f64) -> AiOutcomes {
    let wrong_answer = o.wrong_answer * (1.0 - reduction);
    let stuck = o.stuck * (1.0 - reduction);
    AiOutcomes {
        resolved: o.resolved + (o.wrong_answer - wrong_answer) + (o.stuck - stuck),
        escalated: o.escalated,
        wrong_answer,
        stuck,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_moves_errors_to_resolved_and_keeps_the_total() {
        let o = AiOutcomes {
            resolved: 0.6,
            escalated: 0.2,
            wrong_answer: 0.1,
            stuck: 0.1,
        };
        let l = learned_outcomes(&o, 0.5);
        assert!((l.wrong_answer - 0.05).abs() < 1e-12);
        assert!((l.stuck - 0.05).abs() < 1e-12);
        assert!((l.resolved - 0.7).abs() < 1e-12);
        assert!((l.resolved + l.escalated + l.wrong_answer + l.stuck - 1.0).abs() < 1e-12);
    }
}
