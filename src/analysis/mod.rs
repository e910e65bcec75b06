//! Run orchestration: replications in parallel, the recorder that turns model
//! observations into counters, and the aggregation into reportable results.

pub mod metrics;
mod queue_sim;
mod recorder;
mod replicate;
pub mod reversibility;
mod staffing_plan;

pub use metrics::{metric_index, Counter, Counters, MetricDef, COUNTERS, METRICS};
pub use queue_sim::{queue_scenario, simulate_queue, SimulatedQueue};
pub use recorder::{DecisionEntry, Recorder};
pub use replicate::{
    aggregate, check_invariants, initial_headcount, run, run_replication, InvariantError,
    ReplicationResult, RunResult,
};
pub use staffing_plan::{staffing_plan, IntervalPlan, StaffingPlan, WeekPlan};
