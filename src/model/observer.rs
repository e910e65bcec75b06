//! How the model reports what happens: push hooks with no-op defaults.
//!
//! The model never counts, averages or formats anything itself; whoever needs
//! figures (the run recorder, a test that checks event order) implements the
//! hooks it cares about. Generic dispatch keeps an unused hook free.

use super::policy::DecisionSource;
use super::workforce::PeopleWeek;
use crate::engine::Seconds;
use crate::scenario::Action;

/// How a contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Resolved,
    /// Answered wrongly; the customer left believing it resolved.
    WrongAnswer,
    /// Gave up waiting in the human queue.
    Abandoned,
    /// Gave up inside an AI loop with no way to a human.
    Trapped,
}

/// Who ended the contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Ai,
    Human,
}

/// Why the AI handed a contact to the human queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationReason {
    /// The AI recognised the contact as outside its scope.
    OutOfScope,
    /// An escalation trigger (hardship, dispute, ...) was detected.
    Trigger,
    /// The customer used the "talk to a human" exit.
    EscapeHatch,
    /// The conversation reached the maximum number of AI turns.
    TurnLimit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostKind {
    /// Pay of everyone on the payroll, productive or not.
    Human,
    Ai,
    WrongAnswer,
    Recruiting,
    Training,
    Severance,
    Outsourcing,
}

/// Everything known about a contact when it ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeRecord {
    pub category: usize,
    pub outcome: Outcome,
    pub channel: Channel,
    /// 1 for a first contact, 2 for the first repeat, ...
    pub contact_number: u8,
    pub escalated: bool,
    pub ai_seconds: Seconds,
    pub wait_seconds: Seconds,
    /// Why the AI handed it over, when it did.
    pub escalation: Option<EscalationReason>,
    /// Time with a person (0 when nobody served it).
    pub handle_seconds: Seconds,
    /// Expected probability that this customer is satisfied.
    pub csat_probability: f64,
    /// The first contact's arrival index in the replication: every contact
    /// about one issue shares it, as one customer's tickets share an id.
    pub issue: u64,
    /// The customer's survey answer (satisfied or not), when they answered.
    pub survey: Option<bool>,
}

impl OutcomeRecord {
    /// When the contact arrived: it spent its AI time, then its wait, then
    /// its handle time, back to back, and ended at `ended`.
    pub fn arrived_at(&self, ended: Seconds) -> Seconds {
        ended - self.ai_seconds - self.wait_seconds - self.handle_seconds
    }
}

/// Staffing and load of one interval, reported when it closes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalLoad {
    pub start: Seconds,
    pub end: Seconds,
    /// Chat slots (agents on shift x concurrency) targeted in the interval.
    pub slots: u32,
    /// Integral of busy slots over the interval.
    pub busy_slot_seconds: f64,
    /// Integral of contacts waiting in the human queue over the interval.
    pub queue_contact_seconds: f64,
}

/// What happens to a contact in its `[[pools]]` entry. Reported only when
/// the scenario declares pools, beside the hooks every contact reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PoolEvent {
    /// Offered to the pool's queue (answered at once or made to wait).
    Entered,
    /// Answered after `wait_seconds`; `overflow` when a slot of the pool's
    /// overflow target took it.
    Answered {
        wait_seconds: Seconds,
        overflow: bool,
    },
    /// Gave up waiting.
    Abandoned { wait_seconds: Seconds },
}

/// The workforce and system state at the end of a week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekState {
    pub week: u32,
    pub fte: f64,
    pub in_system: usize,
    pub waiting: usize,
}

/// Declares `Observer` from one list of hooks and, from the same list, its
/// fan-out to a pair of observers.
///
/// Why a macro: a wrapper that adds behaviour to an observer (a progress tick
/// at each week's end) used to forward every hook by hand, and a hook added to
/// the trait but not to the wrapper compiled and was silently lost. Here the
/// trait's no-op defaults and the pair's forwarding are both generated from
/// the single list below, so a hook cannot exist in one and not the other: a
/// wrapper is written as `(inner, extra)` with `extra` implementing only the
/// hooks it adds. Every hook's arguments are `Copy` (numbers, enums, shared
/// references), so both observers receive them unchanged.
macro_rules! observer_hooks {
    (
        $(#[$trait_meta:meta])*
        pub trait Observer {
            $(
                $(#[$hook_meta:meta])*
                fn $hook:ident(&mut self $(, $arg:ident: $ty:ty)* $(,)?);
            )*
        }
    ) => {
        $(#[$trait_meta])*
        #[allow(unused_variables)]
        pub trait Observer {
            $(
                $(#[$hook_meta])*
                fn $hook(&mut self $(, $arg: $ty)*) {}
            )*
        }

        /// Both observers see every observation, the first one first.
        impl<A: Observer, B: Observer> Observer for (A, B) {
            $(
                #[inline]
                fn $hook(&mut self $(, $arg: $ty)*) {
                    self.0.$hook($($arg),*);
                    self.1.$hook($($arg),*);
                }
            )*
        }
    };
}

observer_hooks! {
    /// Times are seconds from the start of the run, which begins with the
    /// scenario's warm-up weeks: week 0 starts at `model::warmup_end(scenario)`
    /// (`warmup_weeks` whole weeks; 0 without a warm-up). What happens before it
    /// is the warm-up's and is not counted by the recorder; an observer that
    /// counts must skip it too. Week numbers (`on_week_end`, `on_people`,
    /// `on_decision`) count from week 0 and are never reported for the warm-up.
    /// A contact that arrived in the warm-up may still end, answer a survey or
    /// come back after week 0 starts: those count (see `on_start`).
    pub trait Observer {
        fn on_arrival(&mut self, now: Seconds, category: usize, contact_number: u8);
        fn on_ai_start(&mut self, now: Seconds, category: usize);
        fn on_escalated(&mut self, now: Seconds, category: usize, reason: EscalationReason);
        /// A contact is offered to the human queue (answered at once or made to wait).
        fn on_queue_enter(&mut self, now: Seconds, category: usize);
        fn on_answered(&mut self, now: Seconds, category: usize, wait_seconds: Seconds);
        fn on_abandoned(&mut self, now: Seconds, category: usize, wait_seconds: Seconds);
        fn on_human_done(&mut self, now: Seconds, category: usize, handle_seconds: Seconds);
        /// A contact ends at `now`. An AI conversation that ends without a
        /// hand-off is reported as it starts, with the time it will end, so `now`
        /// here (and in its repeat, survey and cost) can be ahead of the other
        /// observations; it is never later than the horizon.
        fn on_outcome(&mut self, now: Seconds, record: &OutcomeRecord);
        fn on_repeat_scheduled(&mut self, now: Seconds, arrives_at: Seconds, category: usize);
        /// A survey answer, reported when it is received (after the survey delay).
        fn on_survey(&mut self, received_at: Seconds, satisfied: bool);
        fn on_cost(&mut self, now: Seconds, kind: CostKind, amount: f64);
        fn on_interval(&mut self, load: &IntervalLoad);
        /// Week 0 starts, after the warm-up weeks, with `in_system` contacts
        /// already in the system (with the AI, waiting or in service): they
        /// arrived in the warm-up and end, if they do, in the weeks observed.
        fn on_start(&mut self, in_system: usize);
        fn on_week_end(&mut self, state: &WeekState);
        /// A contact's step in its pool (`[[pools]]` only); `pool` indexes
        /// `Scenario::pools`. A contact is counted in its own pool even when
        /// the overflow pool serves it.
        fn on_pool_contact(&mut self, now: Seconds, pool: usize, event: PoolEvent);
        /// One pool's slots and load over an interval (`[[pools]]` only),
        /// reported just before the interval's `on_interval`. Slots and busy
        /// time are those of the pool's agents, whoever they serve.
        fn on_pool_interval(&mut self, pool: usize, load: &IntervalLoad);
        /// Contacts waiting in a pool as week 0 starts (`[[pools]]` only).
        fn on_pool_start(&mut self, pool: usize, waiting: usize);
        /// Contacts waiting in a pool at the end of `week` (`[[pools]]` only).
        fn on_pool_week_end(&mut self, week: u32, pool: usize, waiting: usize);
        /// The workforce at the start of a week, after that week's decisions.
        fn on_people(&mut self, people: &PeopleWeek);
        /// A decision taking effect at the start of `week`.
        fn on_decision(&mut self, week: u32, source: DecisionSource, action: &Action);
    }
}

/// An observer that ignores everything, for runs measured only by their end state.
pub struct NoObserver;

impl Observer for NoObserver {}
