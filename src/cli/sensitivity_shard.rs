//! `wfsim sensitivity --shard K/N`: one shard's (run, replication) items into
//! a partial file, and `wfsim merge` of those files back into the outputs of
//! `wfsim sensitivity`.
//!
//! The runs are the base and every parameter's low and high end, all with
//! the base's replications, so item `i` is replication `i % R` of run
//! `i / R` (run-major, as a sweep numbers its points). The merge rebuilds
//! the runs from the carried scenario text and `--outputs`, aggregates each
//! run's replications exactly as one machine does, and writes the same
//! files.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::run_options::RunOptions;
use super::sensitivity::{plan, write_outputs, Plan, Shown};
use super::shard::{check_replications, collect_checked, write_shard_items, ShardDone, ShardInput};
use super::terminal::outln;
use super::Failure;
use crate::analysis::{self, DetailedRun, ReplicationResult};
use crate::scenario::{Limits, Overrides, Scenario};
use crate::shard::{PartialFile, Shard};

/// The `command` of a `wfsim sensitivity` partial.
pub const COMMAND: &str = "sensitivity";

/// What a merge needs to rebuild the runs exactly as the shards saw them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SensitivityInput {
    /// As given on the shard's command line; used in messages only.
    pub scenario_file: String,
    pub scenario_text: String,
    /// `--outputs`, as given (`None`: the defaults).
    pub outputs: Option<Vec<String>>,
    pub overrides: Overrides,
}

impl ShardInput for SensitivityInput {
    const COMMAND: &'static str = COMMAND;

    fn scenario(&self) -> (&str, &str, &Overrides) {
        (&self.scenario_file, &self.scenario_text, &self.overrides)
    }

    fn settings(&self) -> Vec<u8> {
        serde_json::to_vec(&self.outputs).unwrap_or_default()
    }
}

/// The (run, replication) of every item, run-major.
fn items(runs: usize, replications: u32) -> impl Iterator<Item = (usize, u32)> {
    (0..runs).flat_map(move |run| (0..replications).map(move |r| (run, r)))
}

/// Runs `shard`'s items of `plan` and writes its partial file into `out`.
pub fn run_shard(
    input: SensitivityInput,
    plan: &Plan,
    shard: Shard,
    options: &RunOptions,
    out: &Path,
) -> Result<(), Failure> {
    let scenarios = plan.scenarios();
    let all: Vec<(usize, u32)> = items(scenarios.len(), plan.base.replications).collect();
    let total = u32::try_from(all.len()).map_err(|_| {
        Failure::Input(format!(
            "the analysis has {} (run, replication) items, more than the {} a sharded run can number; run fewer replications",
            all.len(),
            u32::MAX
        ))
    })?;
    let owned: Vec<u32> = shard.items(total).collect();
    if !options.quiet {
        eprintln!(
            "sensitivity {} shard {shard}: {} of {total} items (run x replication) from {} runs ...",
            plan.base.name,
            owned.len(),
            scenarios.len()
        );
    }
    // All owned items in one parallel pass, as a sweep shard does.
    let runs: Vec<(&Scenario, u32)> = owned
        .iter()
        .map(|&item| {
            let (run, replication) = all[item as usize];
            (scenarios[run], replication)
        })
        .collect();
    let results =
        analysis::run_items(&runs, options.pool()).map_err(|e| Failure::Internal(e.to_string()))?;
    let done = ShardDone {
        what: format!("{} sensitivity shard", plan.base.name),
        unit: "items",
        out,
        quiet: options.quiet,
    };
    write_shard_items(
        shard,
        total,
        input,
        owned.into_iter().zip(results).collect(),
        &done,
    )
}

/// Rebuilds the outputs of `wfsim sensitivity` from the partial files of
/// its shards and writes them into `out` (default: as `sensitivity`).
pub fn merge(files: Vec<PartialFile>, out: Option<&Path>, quiet: bool) -> Result<(), Failure> {
    let merged = collect_checked::<SensitivityInput, ReplicationResult>(files)?;
    let input = &merged.input;
    let shown = merged.first_file().display();
    // Limits were enforced when the shards ran; a merge only rebuilds.
    let plan = plan(
        &input.scenario_file,
        &input.scenario_text,
        &Limits::relaxed(),
        &input.overrides,
        input.outputs.as_deref(),
    )
    .map_err(|e| match e {
        Failure::Input(why) => Failure::Input(format!(
            "{shown}: the analysis it carries does not load: {why}"
        )),
        other => other,
    })?;
    let scenarios = plan.scenarios();
    let replications = plan.base.replications;
    let total = scenarios.len() as u64 * u64::from(replications);
    if total != u64::from(merged.header.total_items) {
        return Err(Failure::Input(format!(
            "{shown}: it holds {} items but its analysis has {total} (runs x replications); run the shards again",
            merged.header.total_items
        )));
    }
    check_replications(
        merged.items.iter().map(|r| r.replication),
        items(scenarios.len(), replications).map(|(_, r)| r),
    )?;
    let runs: Vec<DetailedRun> = merged
        .items
        .chunks(replications as usize)
        .zip(&scenarios)
        .map(|(reps, s)| DetailedRun::from_replications(s, reps))
        .collect();
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| {
        std::path::PathBuf::from("outputs").join(format!("{}-sensitivity", plan.base.name))
    });
    write_outputs(&plan, &runs, &out, None, Shown { json: false, quiet })?;
    if !quiet {
        outln!(
            "merged {} shards ({} runs, {total} replications in all) into the outputs of wfsim sensitivity",
            merged.header.shard.count,
            scenarios.len()
        )?;
    }
    Ok(())
}
