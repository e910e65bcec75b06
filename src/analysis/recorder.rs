//! Turns the model's observations into weekly counters. This is the only glue
//! between `model` and the statistics; per contact it adds to a few numbers.

use super::metrics::{Counter, Counters, COUNTERS};
use crate::engine::Seconds;
use crate::model::{
    Channel, CostKind, EscalationReason, IntervalLoad, Observer, Outcome, OutcomeRecord, WeekState,
    WEEK_SECONDS,
};

pub struct Recorder {
    weeks: Vec<Counters>,
    answer_seconds: f64,
}

impl Recorder {
    pub fn new(horizon_weeks: u32, answer_seconds: f64) -> Self {
        Recorder {
            weeks: vec![[0.0; COUNTERS]; horizon_weeks as usize],
            answer_seconds,
        }
    }

    pub fn into_weeks(self) -> Vec<Counters> {
        self.weeks
    }

    /// Adds to the counter of the week containing `at`; later than the horizon
    /// (a survey answered after the run) is not counted.
    #[inline]
    fn add(&mut self, at: Seconds, counter: Counter, amount: f64) {
        let week = (at / WEEK_SECONDS) as usize;
        if let Some(w) = self.weeks.get_mut(week) {
            w[counter as usize] += amount;
        }
    }
}

impl Observer for Recorder {
    fn on_arrival(&mut self, now: Seconds, _category: usize, contact_number: u8) {
        self.add(now, Counter::Arrived, 1.0);
        let kind = if contact_number > 1 {
            Counter::RepeatContacts
        } else {
            Counter::NewContacts
        };
        self.add(now, kind, 1.0);
    }

    fn on_ai_start(&mut self, now: Seconds, _category: usize) {
        self.add(now, Counter::AiHandled, 1.0);
    }

    fn on_escalated(&mut self, now: Seconds, _category: usize, reason: EscalationReason) {
        self.add(now, Counter::Escalated, 1.0);
        let kind = match reason {
            EscalationReason::OutOfScope => Counter::EscalatedOutOfScope,
            EscalationReason::Trigger => Counter::EscalatedTrigger,
            EscalationReason::EscapeHatch => Counter::EscalatedEscapeHatch,
            EscalationReason::TurnLimit => Counter::EscalatedTurnLimit,
        };
        self.add(now, kind, 1.0);
    }

    fn on_queue_enter(&mut self, now: Seconds, _category: usize) {
        self.add(now, Counter::QueueOffered, 1.0);
    }

    fn on_answered(&mut self, now: Seconds, _category: usize, wait_seconds: Seconds) {
        self.add(now, Counter::Answered, 1.0);
        self.add(now, Counter::QueueWaitSeconds, wait_seconds);
        if wait_seconds <= self.answer_seconds {
            self.add(now, Counter::AnsweredWithinTarget, 1.0);
        }
    }

    fn on_abandoned(&mut self, now: Seconds, _category: usize, wait_seconds: Seconds) {
        self.add(now, Counter::AbandonedInQueue, 1.0);
        self.add(now, Counter::QueueWaitSeconds, wait_seconds);
    }

    fn on_human_done(&mut self, now: Seconds, _category: usize, handle_seconds: Seconds) {
        self.add(now, Counter::HumanHandled, 1.0);
        self.add(now, Counter::HumanHandleSeconds, handle_seconds);
    }

    fn on_outcome(&mut self, now: Seconds, record: &OutcomeRecord) {
        self.add(now, Counter::Outcomes, 1.0);
        self.add(now, Counter::CsatSum, record.csat_probability);
        let kind = match record.outcome {
            Outcome::Resolved => Counter::Resolved,
            Outcome::WrongAnswer => Counter::WrongAnswer,
            Outcome::Abandoned => Counter::Abandoned,
            Outcome::Trapped => Counter::Trapped,
        };
        self.add(now, kind, 1.0);
        match (record.outcome, record.channel) {
            (Outcome::Resolved, Channel::Ai) => self.add(now, Counter::AiResolved, 1.0),
            (Outcome::WrongAnswer, Channel::Ai) => self.add(now, Counter::AiWrongAnswer, 1.0),
            (Outcome::WrongAnswer, Channel::Human) => self.add(now, Counter::HumanWrongAnswer, 1.0),
            (Outcome::Trapped, _) => self.add(now, Counter::AiTrapped, 1.0),
            _ => {}
        }
    }

    fn on_survey(&mut self, received_at: Seconds, satisfied: bool) {
        self.add(received_at, Counter::SurveyResponses, 1.0);
        if satisfied {
            self.add(received_at, Counter::SurveySatisfied, 1.0);
        }
    }

    fn on_cost(&mut self, now: Seconds, kind: CostKind, amount: f64) {
        let counter = match kind {
            CostKind::Human => Counter::CostHuman,
            CostKind::Ai => Counter::CostAi,
            CostKind::WrongAnswer => Counter::CostWrongAnswer,
        };
        self.add(now, counter, amount);
    }

    fn on_interval(&mut self, load: &IntervalLoad) {
        let length = load.end - load.start;
        self.add(
            load.start,
            Counter::SlotSeconds,
            f64::from(load.slots) * length,
        );
        self.add(load.start, Counter::BusySlotSeconds, load.busy_slot_seconds);
        self.add(
            load.start,
            Counter::QueueContactSeconds,
            load.queue_contact_seconds,
        );
    }

    fn on_week_end(&mut self, state: &WeekState) {
        if let Some(w) = self.weeks.get_mut(state.week as usize) {
            w[Counter::Fte as usize] = state.fte;
            w[Counter::InSystem as usize] = state.in_system as f64;
        }
    }
}
