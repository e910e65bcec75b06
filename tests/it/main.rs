//! Integration tests of wfsim, one binary with a module per concern.

/// Scenario builders shared by the tests.
mod support;

/// Every contact that arrived is resolved, answered wrongly, abandoned, trapped
/// or still in the system, in every replication.
mod conservation;

/// The README and the shipped scenarios stay true.
mod docs;

/// A scenario with no randomness gives exactly the numbers worked out by hand.
mod deterministic;

/// Little's law on the human queue.
mod littles_law;

/// The simulated M/M/c(+M) queue against Erlang C and Erlang A.
mod queueing_theory;

/// `wfsim calibrate`: a ticket export to a scenario, and `run --contact-log`
/// back to a ticket export (the round trip).
mod calibrate;

/// `wfsim.xlsx`, read back: the sheets hold the CSV's numbers.
mod workbook;

/// `[[pools]]`: Erlang per pool, the cost of splitting, overflow, conservation.
mod pools;

/// Repeats of AI failures sent to a person; per-outcome return delays.
mod repeats;

// The operation as a planner knows it: perception, residue, QA, phased reversal.
mod operation;

// The shipped scenarios are like for like.
mod like_for_like;

/// `wfsim staff`: single queues and scenario plans.
mod staffing;

/// Same seed, same bytes; the number of threads changes nothing.
mod reproducibility;

/// The command line: exit codes, outputs, errors.
mod cli;

/// Bad input never crashes wfsim: the corpus of broken scenarios, files that
/// are not scenarios, bad flags.
mod bad_input;

/// A bounded fuzzer: mutated scenarios and random command lines.
mod fuzz;

/// A run killed midway leaves the old or the new complete outputs.
mod interrupt;

/// `wfsim reversibility`: exact recovery of a degenerate pipeline, the contract.
mod reversibility;

/// The shipped scenarios tell their story (at a tenth of their size).
mod story;

/// Plots: rendered PNGs have text and data; drawing never panics.
mod plots;

/// The layer rule of docs/architecture.md, where a text scan can check it.
mod layers;
/// The workforce pipeline in the full model: people conserved, decisions logged.
mod workforce;

/// Week 0 is a steady operating point: the pipeline starts as steady backfill
/// holds it, and warm-up weeks fill the queues and the repeat backlog.
mod steady_start;

/// The brief: every section and claim, and a real browser renders it.
mod brief;

/// `wfsim compare` and `wfsim sweep`.
mod compare_sweep;

/// What the commands print: aligned tables with units and intervals.
mod terminal;

/// Common random numbers hold between variants of a scenario.
mod common_random_numbers;

/// Every exporter's bytes against tests/golden/.
mod golden;

/// Just enough of an SVG reader to check a chart's texts and lines.
mod svg;

/// `wfsim sensitivity` and `[[uncertain]]` declarations.
mod sensitivity;

/// `--shard K/N` and `wfsim merge`: shards run as separate processes merge
/// into exactly the outputs of one process; bad shards and partials exit 2.
mod sharding;

/// The Slurm scripts and Kubernetes manifests under deploy/ run and merge.
#[cfg(unix)]
mod deploy;
