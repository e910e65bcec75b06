//! Run orchestration: replications in parallel, the recorder that turns model
//! observations into counters, and the aggregation into reportable results.

mod counters_serde;
pub mod metrics;
mod queue_sim;
mod recorder;
mod replicate;
mod staffing_plan;

pub use metrics::{metric_index, Counter, Counters, MetricDef, COUNTERS, METRICS};
pub use queue_sim::{queue_scenario, simulate_queue, SimulatedQueue};
pub use recorder::Recorder;
pub use replicate::{
    aggregate, run, run_replication, run_replications, InvariantError, ReplicationResult, RunResult,
};
pub use staffing_plan::{staffing_plan, IntervalPlan, StaffingPlan, WeekPlan};
