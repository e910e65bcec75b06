//! `wfsim run --shard K/N`: one shard's replications into a partial file, and
//! `wfsim merge` of those files back into the outputs of `wfsim run`.
//!
//! A partial carries the scenario file's text and the command-line overrides,
//! so merging needs no access to the scenario, and refuses shards of another
//! file, seed or replication count (their identities differ).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::run::write_outputs;
use super::run_options::RunOptions;
use super::shard::{collect_checked, merged_scenario, write_shard_items, ShardDone, ShardInput};
use super::terminal::outln;
use super::Failure;
use crate::analysis::{self, ReplicationResult};
use crate::report::units;
use crate::scenario::{Overrides, Scenario};
use crate::shard::{PartialFile, Shard};

/// The `command` of a `wfsim run` partial.
pub const COMMAND: &str = "run";

/// What a merge needs to rebuild the scenario exactly as the shards saw it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInput {
    /// As given on the shard's command line; used in messages only.
    pub scenario_file: String,
    pub scenario_text: String,
    pub overrides: Overrides,
}

impl ShardInput for RunInput {
    const COMMAND: &'static str = COMMAND;

    fn scenario(&self) -> (&str, &str, &Overrides) {
        (&self.scenario_file, &self.scenario_text, &self.overrides)
    }
}

/// Runs `shard`'s replications of `s` (parsed from `input`'s text) and
/// writes its partial file, carrying `input`, into `out`.
pub fn run_shard(
    options: &RunOptions,
    s: &Scenario,
    input: RunInput,
    shard: Shard,
    out: &Path,
) -> Result<(), Failure> {
    let indices: Vec<u32> = shard.items(s.replications).collect();
    if !options.quiet {
        eprintln!(
            "running {} shard {shard}: {} of {} replications x {} weeks ...",
            s.name,
            indices.len(),
            s.replications,
            s.horizon_weeks
        );
    }
    let results = analysis::run_replications(s, &indices, options.pool())
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let items = results.into_iter().map(|r| (r.replication, r)).collect();
    let done = ShardDone {
        what: format!("{} shard", s.name),
        unit: "replications",
        out,
        quiet: options.quiet,
    };
    write_shard_items(shard, s.replications, input, items, &done)
}

/// Rebuilds the outputs of `wfsim run` from the partial files of its shards
/// and writes them into `out` (default: `outputs/<scenario name>`, as `run`).
pub fn merge(files: Vec<PartialFile>, out: Option<&Path>, quiet: bool) -> Result<(), Failure> {
    let merged = collect_checked::<RunInput, ReplicationResult>(files)?;
    let s = merged_scenario(&merged, merged.items.iter().map(|r| r.replication))?;
    let detailed = analysis::DetailedRun::from_replications(&s, &merged.items);
    let result = &detailed.result;
    let out: PathBuf = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("outputs").join(&s.name));
    write_outputs(&s, &detailed, &out, Vec::new())?;
    if !quiet {
        outln!(
            "{}: merged {} shards ({} replications, {} contacts); wrote the outputs of wfsim run into {}",
            s.name,
            merged.header.shard.count,
            s.replications,
            units::whole(result.contacts_simulated),
            out.display()
        )?;
    }
    Ok(())
}
