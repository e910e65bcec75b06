//! Turns the model's observations into weekly counters. This is the only glue
//! between `model` and the statistics; per contact it adds to a few numbers.

use super::metrics::{Counter, Counters, COUNTERS};
use super::pools::{PoolCounter, PoolCounters, POOL_COUNTERS};
use crate::engine::Seconds;
use crate::model::{
    self, Channel, CostKind, DecisionSource, EscalationReason, IntervalLoad, Observer, Outcome,
    OutcomeRecord, PeopleWeek, PoolEvent, WeekState, WEEK_SECONDS,
};
use crate::scenario::{Action, Scenario};

/// One decision as logged: planned, a rollout step, or taken by a rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecisionEntry {
    pub week: u32,
    /// `planned`, `rollout` or `rule`.
    pub source: String,
    /// The rule's name when `source` is `rule`.
    pub rule: String,
    pub action: String,
    /// The category it applies to; empty for every category or none.
    pub category: String,
    /// The action's number (share, FTE or count), if it has one.
    pub value: Option<f64>,
    /// Whether this action undoes the automation bet (re-routing, rehiring, outsourcing).
    pub reversal: bool,
}

#[derive(Clone)]
pub struct Recorder {
    weeks: Vec<Counters>,
    answer_seconds: f64,
    decisions: Vec<DecisionEntry>,
    rule_names: Vec<String>,
    category_names: Vec<String>,
    week_of: WeekOf,
    /// `pools[pool][week]`, for the scenario's `[[pools]]` (empty without).
    pools: Vec<Vec<PoolCounters>>,
}

impl Recorder {
    pub fn new(scenario: &Scenario) -> Self {
        Recorder {
            weeks: vec![[0.0; COUNTERS]; scenario.horizon_weeks as usize],
            answer_seconds: scenario.staffing.answer_seconds,
            decisions: Vec::new(),
            rule_names: scenario.rules.iter().map(|r| r.name.clone()).collect(),
            category_names: scenario.categories.iter().map(|c| c.name.clone()).collect(),
            week_of: WeekOf::new(model::warmup_end(scenario)),
            pools: vec![
                vec![[0.0; POOL_COUNTERS]; scenario.horizon_weeks as usize];
                scenario.pools.len()
            ],
        }
    }

    /// What this recorder has seen, as a recorder of `variant` would have
    /// seen it: for a run forked into `variant` (whose past is this run's).
    /// Weeks past the variant's horizon are dropped, as its own run would
    /// not have counted them, and rules are named as the variant names them.
    pub fn for_variant(&self, variant: &Scenario) -> Self {
        let mut r = self.clone();
        r.weeks.truncate(variant.horizon_weeks as usize);
        for pool in &mut r.pools {
            pool.truncate(variant.horizon_weeks as usize);
        }
        r.rule_names = variant.rules.iter().map(|r| r.name.clone()).collect();
        r
    }

    /// The weekly counters so far. A week's counters are complete once the
    /// run has passed its end, but for survey responses, which count in the
    /// week they are received (later than the contact they answer).
    pub fn weeks(&self) -> &[Counters] {
        &self.weeks
    }

    /// The decisions taken so far.
    pub fn decisions(&self) -> &[DecisionEntry] {
        &self.decisions
    }

    /// Weekly counters, decisions, and each pool's weekly counters.
    pub fn into_parts(self) -> (Vec<Counters>, Vec<DecisionEntry>, Vec<Vec<PoolCounters>>) {
        (self.weeks, self.decisions, self.pools)
    }

    /// Adds to one pool's counters in the week containing `at` (as `add`).
    fn add_pool(&mut self, at: Seconds, pool: usize, items: &[(PoolCounter, f64)]) {
        let week = self.week_of.time(at);
        if let Some(w) = self.pools.get_mut(pool).and_then(|p| p.get_mut(week)) {
            for (counter, amount) in items {
                w[*counter as usize] += amount;
            }
        }
    }

    /// Sets a gauge of one pool in `week`, if the horizon has that week.
    fn set_pool(&mut self, week: usize, pool: usize, counter: PoolCounter, value: f64) {
        if let Some(w) = self.pools.get_mut(pool).and_then(|p| p.get_mut(week)) {
            w[counter as usize] = value;
        }
    }

    /// Adds each `(counter, amount)` to the week containing `at`, finding the
    /// week once per observation; before week 0 (the warm-up) or later than
    /// the horizon (a survey answered after the run) is not counted.
    #[inline]
    fn add(&mut self, at: Seconds, items: &[(Counter, f64)]) {
        let week = self.week_of.time(at);
        if let Some(w) = self.weeks.get_mut(week) {
            for (counter, amount) in items {
                w[*counter as usize] += amount;
            }
        }
    }
}

/// The week containing a time, `((at - week_zero) / WEEK_SECONDS) as usize`,
/// remembering the last week found so that most observations skip the
/// subtraction and division (about 4% of a run's instructions when done for
/// every observation). Times before week zero (the warm-up) are in no week
/// (`usize::MAX`), so the model hands its times over unchanged and the
/// warm-up costs the recorder nothing after it.
#[derive(Clone)]
struct WeekOf {
    /// When week 0 starts: after the warm-up.
    week_zero: Seconds,
    week: usize,
    /// Times in `[from, to)` are in `week`. The range stays a second clear of
    /// the week's ends, where rounding could put a time in the neighbouring
    /// week, so a hit always gives the division's answer.
    from: Seconds,
    to: Seconds,
}

impl WeekOf {
    fn new(week_zero: Seconds) -> Self {
        WeekOf {
            week_zero,
            week: 0,
            from: f64::INFINITY, // empty: the first time divides
            to: f64::NEG_INFINITY,
        }
    }

    #[inline]
    fn time(&mut self, at: Seconds) -> usize {
        if at >= self.from && at < self.to {
            self.week
        } else {
            self.locate(at)
        }
    }

    #[cold]
    fn locate(&mut self, at: Seconds) -> usize {
        // Exact: week_zero is whole weeks, a multiple of every time's ulp.
        let since = at - self.week_zero;
        if since < 0.0 {
            self.week = usize::MAX;
            self.from = f64::NEG_INFINITY;
            self.to = self.week_zero - 1.0;
            return self.week;
        }
        let week = (since / WEEK_SECONDS) as usize;
        self.week = week;
        self.from = self.week_zero + week as f64 * WEEK_SECONDS + 1.0;
        self.to = self.week_zero + (week + 1) as f64 * WEEK_SECONDS - 1.0;
        week
    }
}

impl Observer for Recorder {
    fn on_arrival(&mut self, now: Seconds, _category: usize, contact_number: u8) {
        let kind = if contact_number > 1 {
            Counter::RepeatContacts
        } else {
            Counter::NewContacts
        };
        self.add(now, &[(Counter::Arrived, 1.0), (kind, 1.0)]);
    }

    fn on_ai_start(&mut self, now: Seconds, _category: usize) {
        self.add(now, &[(Counter::AiHandled, 1.0)]);
    }

    fn on_escalated(&mut self, now: Seconds, _category: usize, reason: EscalationReason) {
        // Out-of-scope hand-offs are the rest of `Escalated`.
        let kind = match reason {
            EscalationReason::OutOfScope => None,
            EscalationReason::Trigger => Some(Counter::EscalatedTrigger),
            EscalationReason::EscapeHatch => Some(Counter::EscalatedEscapeHatch),
            EscalationReason::TurnLimit => Some(Counter::EscalatedTurnLimit),
        };
        match kind {
            Some(kind) => self.add(now, &[(Counter::Escalated, 1.0), (kind, 1.0)]),
            None => self.add(now, &[(Counter::Escalated, 1.0)]),
        }
    }

    fn on_answered(&mut self, now: Seconds, _category: usize, wait_seconds: Seconds) {
        let within = if wait_seconds <= self.answer_seconds {
            1.0
        } else {
            0.0
        };
        self.add(
            now,
            &[
                (Counter::Answered, 1.0),
                (Counter::QueueWaitSeconds, wait_seconds),
                (Counter::AnsweredWithinTarget, within),
            ],
        );
    }

    fn on_abandoned(&mut self, now: Seconds, _category: usize, wait_seconds: Seconds) {
        self.add(
            now,
            &[
                (Counter::AbandonedInQueue, 1.0),
                (Counter::QueueWaitSeconds, wait_seconds),
            ],
        );
    }

    fn on_human_done(&mut self, now: Seconds, _category: usize, handle_seconds: Seconds) {
        self.add(
            now,
            &[
                (Counter::HumanHandled, 1.0),
                (Counter::HumanHandleSeconds, handle_seconds),
            ],
        );
    }

    fn on_outcome(&mut self, now: Seconds, record: &OutcomeRecord) {
        let kind = match record.outcome {
            Outcome::Resolved => Counter::Resolved,
            Outcome::WrongAnswer => Counter::WrongAnswer,
            Outcome::Abandoned => Counter::Abandoned,
            Outcome::Trapped => Counter::Trapped,
        };
        let by_ai = match (record.outcome, record.channel) {
            (Outcome::Resolved, Channel::Ai) => (Counter::AiResolved, 1.0),
            (Outcome::WrongAnswer, Channel::Ai) => (Counter::AiWrongAnswer, 1.0),
            _ => (Counter::AiResolved, 0.0),
        };
        self.add(
            now,
            &[
                (Counter::Outcomes, 1.0),
                (Counter::CsatSum, record.csat_probability),
                (kind, 1.0),
                by_ai,
            ],
        );
    }

    fn on_survey(&mut self, received_at: Seconds, satisfied: bool) {
        let satisfied = if satisfied { 1.0 } else { 0.0 };
        self.add(
            received_at,
            &[
                (Counter::SurveyResponses, 1.0),
                (Counter::SurveySatisfied, satisfied),
            ],
        );
    }

    fn on_cost(&mut self, now: Seconds, kind: CostKind, amount: f64) {
        let counter = match kind {
            CostKind::Human => Counter::CostHuman,
            CostKind::Ai => Counter::CostAi,
            CostKind::WrongAnswer => Counter::CostWrongAnswer,
            CostKind::Recruiting => Counter::CostRecruiting,
            CostKind::Training => Counter::CostTraining,
            CostKind::Severance => Counter::CostSeverance,
            CostKind::Outsourcing => Counter::CostOutsourcing,
        };
        self.add(now, &[(counter, amount)]);
    }

    fn on_interval(&mut self, load: &IntervalLoad) {
        let length = load.end - load.start;
        self.add(
            load.start,
            &[
                (Counter::SlotSeconds, f64::from(load.slots) * length),
                (Counter::BusySlotSeconds, load.busy_slot_seconds),
                (Counter::QueueContactSeconds, load.queue_contact_seconds),
            ],
        );
    }

    fn on_pool_contact(&mut self, now: Seconds, pool: usize, event: PoolEvent) {
        use PoolCounter as P;
        match event {
            PoolEvent::Entered => self.add_pool(now, pool, &[(P::Entered, 1.0)]),
            PoolEvent::Answered {
                wait_seconds,
                overflow,
            } => {
                let within = f64::from(u8::from(wait_seconds <= self.answer_seconds));
                self.add_pool(
                    now,
                    pool,
                    &[
                        (P::Answered, 1.0),
                        (P::AnsweredWithinTarget, within),
                        (P::WaitSeconds, wait_seconds),
                        (P::Overflowed, f64::from(u8::from(overflow))),
                    ],
                );
            }
            PoolEvent::Abandoned { wait_seconds } => self.add_pool(
                now,
                pool,
                &[(P::Abandoned, 1.0), (P::WaitSeconds, wait_seconds)],
            ),
        }
    }

    fn on_pool_interval(&mut self, pool: usize, load: &IntervalLoad) {
        let length = load.end - load.start;
        self.add_pool(
            load.start,
            pool,
            &[
                (PoolCounter::SlotSeconds, f64::from(load.slots) * length),
                (PoolCounter::BusySlotSeconds, load.busy_slot_seconds),
            ],
        );
    }

    fn on_pool_start(&mut self, pool: usize, waiting: usize) {
        self.set_pool(0, pool, PoolCounter::WaitingAtStart, waiting as f64);
    }

    fn on_pool_week_end(&mut self, week: u32, pool: usize, waiting: usize) {
        let week = week as usize;
        let waiting = waiting as f64;
        self.set_pool(week, pool, PoolCounter::WaitingAtEnd, waiting);
        self.set_pool(week + 1, pool, PoolCounter::WaitingAtStart, waiting);
    }

    fn on_start(&mut self, in_system: usize) {
        if let Some(w) = self.weeks.first_mut() {
            w[Counter::InSystemAtStart as usize] = in_system as f64;
        }
    }

    fn on_week_end(&mut self, state: &WeekState) {
        if let Some(w) = self.weeks.get_mut(state.week as usize) {
            w[Counter::Fte as usize] = state.fte;
            w[Counter::InSystem as usize] = state.in_system as f64;
            w[Counter::Backlog as usize] = state.waiting as f64;
        }
        if let Some(next) = self.weeks.get_mut(state.week as usize + 1) {
            next[Counter::InSystemAtStart as usize] = state.in_system as f64;
        }
    }

    fn on_people(&mut self, p: &PeopleWeek) {
        if let Some(w) = self.weeks.get_mut(p.week as usize) {
            for (counter, value) in [
                (Counter::Hired, p.hired),
                (Counter::Rehired, p.rehired),
                (Counter::Attrition, p.attrition),
                (Counter::LaidOff, p.laid_off),
                (Counter::OpenRequisitions, p.open_requisitions),
                (Counter::WaitingForClass, p.waiting),
                (Counter::InTraining, p.training),
                (Counter::Ramping, p.ramping),
                (Counter::Proficient, p.proficient),
                (Counter::Trainers, p.trainers),
                (Counter::Alumni, p.alumni),
                (Counter::ProductiveFte, p.productive_fte),
                (Counter::OutsourcedFte, p.outsourced_fte),
            ] {
                w[counter as usize] = value;
            }
        }
    }

    fn on_decision(&mut self, week: u32, source: DecisionSource, action: &Action) {
        let (source, rule) = match source {
            DecisionSource::Planned => ("planned", String::new()),
            DecisionSource::Rollout => ("rollout", String::new()),
            DecisionSource::Rule(i) => {
                ("rule", self.rule_names.get(i).cloned().unwrap_or_default())
            }
        };
        let category = |c: &Option<usize>| {
            c.and_then(|i| self.category_names.get(i).cloned())
                .unwrap_or_default()
        };
        let (category, value) = match action {
            Action::SetAiShare { category: c, share } => (category(c), Some(*share)),
            Action::RouteToHumans { category: c } => (category(c), Some(0.0)),
            Action::PhaseToHumans {
                categories: Some(list),
                ..
            } => {
                let names: Vec<String> = list.iter().map(|i| category(&Some(*i))).collect();
                (names.join(";"), Some(0.0))
            }
            Action::PhaseToHumans { .. } => (String::new(), Some(0.0)),
            Action::Layoff { fte, .. } => (String::new(), Some(*fte)),
            Action::Rehire { target_fte } | Action::SetHeadcountTarget { target_fte } => {
                (String::new(), Some(*target_fte))
            }
            Action::OpenRequisitions { count } => (String::new(), Some(*count)),
            Action::Overtime { share, .. } => (String::new(), Some(*share)),
            _ => (String::new(), None),
        };
        self.decisions.push(DecisionEntry {
            week,
            source: source.to_string(),
            rule,
            action: action.name().to_string(),
            category,
            value,
            reversal: action.is_reversal(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached week must agree with the division for every time, including
    /// the last representable times before a week ends (where the division
    /// may round up into the next week) and times that jump back and forth.
    #[test]
    fn cached_week_agrees_with_the_division_next_to_week_boundaries() {
        let weeks = 6;
        let mut times = Vec::new();
        for w in 1..weeks {
            let end = f64::from(w) * WEEK_SECONDS;
            let mut below = end;
            for _ in 0..4 {
                below = f64::from_bits(below.to_bits() - 1);
                times.extend([end - 100.0, below, end - 0.5, end, end + 0.5]);
            }
        }
        times.extend([0.0, 3.0 * WEEK_SECONDS + 7.0, 0.5, 5.5 * WEEK_SECONDS]);
        let mut week_of = WeekOf::new(0.0);
        for &t in &times {
            assert_eq!(week_of.time(t), (t / WEEK_SECONDS) as usize, "time {t}");
        }
        // After a warm-up of two weeks: shifted, and the warm-up in no week.
        let zero = 2.0 * WEEK_SECONDS;
        let mut week_of = WeekOf::new(zero);
        for &t in times
            .iter()
            .chain(&[-1.0, zero - 0.5, zero, 9.0 * WEEK_SECONDS])
        {
            let expected = if t < zero {
                usize::MAX
            } else {
                ((t - zero) / WEEK_SECONDS) as usize
            };
            assert_eq!(week_of.time(t), expected, "time {t}");
        }
    }
}
