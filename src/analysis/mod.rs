//! Run orchestration: replications in parallel, the recorder that turns model
//! observations into counters, and the aggregation into reportable results.
//!
//! Layer rule: analysis computes every figure a report shows (totals and
//! intervals, claims, the human role, comparisons, recovery, sensitivity,
//! staffing confirmed by simulation) into result types, so that `report`
//! only renders. It prints nothing, writes no file, builds no JSON and names
//! neither `report` nor `cli` (checked by `tests/it/layers.rs`).

pub mod alarms;
pub mod calibrate;
pub mod claims;
pub mod compare;
pub mod contact_log;
mod counters_serde;
mod experiment;
pub mod findings;
pub mod forks;
pub mod human_role;
pub mod metrics;
pub mod pools;
mod queue_sim;
mod recorder;
mod replicate;
pub mod reversibility;
pub mod sensitivity;
mod staffing_plan;
pub mod sweep;
pub mod uncertainty;

pub use experiment::{block_value, run_detailed, run_detailed_variants, DetailedRun};
pub use findings::RunFindings;
pub use metrics::{metric_index, Counter, Counters, Metric, MetricDef, COUNTERS, METRICS};
pub use queue_sim::{confirm_staffing, queue_scenario, simulate_queue, SimulatedQueue};
pub use recorder::{DecisionEntry, Recorder};
pub use replicate::{
    aggregate, check_invariants, initial_headcount, on_threads, run, run_items, run_replication,
    run_replications, InvariantError, ReplicationResult, RunResult,
};
pub use staffing_plan::{staffing_plan, IntervalPlan, StaffingPlan, WeekPlan};
