//! wfsim: a discrete-event simulator for planning customer-service automation,
//! staffing and reversibility.
//!
//! ```text
//! scenario.toml --load+validate--> Scenario
//!     --> replications in parallel (analysis), each one World (model) on the engine
//!     --> weekly counters (analysis::Recorder) --> Estimates (stats)
//!     --> weekly.csv, replications.csv, summary.json, summary.md (report)
//! ```
//!
//! Dependencies point inward: `engine` knows nothing of customer service,
//! `model` nothing of files, `report` only reads results.

pub mod analysis;
pub mod cli;
pub mod engine;
pub mod model;
pub mod queueing;
pub mod random;
pub mod report;
pub mod scenario;
pub mod shard;
pub mod stats;
pub mod tickets;
