//! The customer-service world of one replication.
//!
//! Contacts arrive by category, may be routed to the AI, are escalated by the
//! guardrails or by their own verdict, wait in the human queue (and may give
//! up), end with an outcome, and may come back as repeat contacts. The model
//! reports what happens through `Observer`; it knows nothing of files, CSV or
//! statistics.
//!
//! Layer rule: the model simulates and only simulates. It uses the engine,
//! the scenario and `random`; it never counts, averages, renders, prints or
//! touches a file, and never names `analysis`, `report` or `cli` (checked by
//! `tests/it/layers.rs`).

mod ai_channel;
mod contact;
mod csat;
mod demand;
mod human_queue;
mod observer;
mod policy;
mod pools;
mod sampler;
mod steady_start;
mod workforce;
mod world;

pub use ai_channel::learned_outcomes;
pub use contact::{AiVerdict, Contact, ContactId};
pub use csat::satisfaction_probability;
pub use demand::{slots_on_shift, DemandProfile, WEEK_SECONDS};
pub use human_queue::TimeIntegral;
pub use observer::{
    Channel, CostKind, EscalationReason, IntervalLoad, NoObserver, Observer, Outcome,
    OutcomeRecord, PoolEvent, WeekState,
};
pub use policy::{DecisionSource, Policy, SignalCounter, WeekSignals};
pub use sampler::{binomial_quantile, DurationSampler};
pub use workforce::{PeopleWeek, Pipeline};
pub use world::{Checkpoint, Event, RunEnd, World};

/// When week 0 starts in the model's time: after the warm-up weeks. Times
/// reported to an `Observer` before it belong to the warm-up.
pub fn warmup_end(scenario: &crate::scenario::Scenario) -> crate::engine::Seconds {
    f64::from(scenario.warmup_weeks) * WEEK_SECONDS
}

/// Simulates replication `replication` of `scenario`, reporting to `observer`.
pub fn simulate<O: Observer>(
    scenario: &crate::scenario::Scenario,
    replication: u64,
    observer: O,
) -> (O, RunEnd) {
    World::new(scenario, replication, observer).run()
}
