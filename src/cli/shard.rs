//! `--shard K/N|env`, shared by every command that can split its work across
//! machines, and the writing of a shard's partial file.
//!
//! A command adds sharding in two lines: `#[command(flatten)] shard: ShardArgs`
//! in its arguments, and `if let Some(shard) = args.shard.resolve()? { ... }`
//! to compute only `shard.items(total)` and hand them, with its `ShardInput`,
//! to `write_shard_items`; then a branch in `merge.rs` reads them back with
//! `collect_checked` and turns the merged items into its outputs.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::output::write_error;
use super::terminal::outln;
use super::Failure;
use crate::report;
use crate::scenario::{self, Limits, Overrides, Scenario};
use crate::shard::{self, Merged, Partial, PartialFile, Shard};

#[derive(Debug, Clone, Args)]
pub struct ShardArgs {
    /// Compute only shard K of N (K counts from 1: 1/4 … 4/4) and write partial-K-of-N.json
    /// into the output folder for `wfsim merge`; `env` takes K and N from a Slurm job array
    /// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
    /// (JOB_COMPLETION_INDEX, with N in WFSIM_SHARD_COUNT).
    #[arg(long, value_name = "K/N|env", value_parser = parse_spec)]
    pub shard: Option<ShardSpec>,
}

/// What `--shard` said: a shard, or to ask the scheduler's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSpec {
    Given(Shard),
    FromEnv,
}

fn parse_spec(text: &str) -> Result<ShardSpec, String> {
    if text == "env" {
        return Ok(ShardSpec::FromEnv);
    }
    Shard::parse(text)
        .map(ShardSpec::Given)
        .map_err(|e| e.to_string())
}

impl ShardArgs {
    /// The shard to compute, or `None` for the whole run on this machine.
    pub fn resolve(&self) -> Result<Option<Shard>, Failure> {
        match self.shard {
            None => Ok(None),
            Some(ShardSpec::Given(shard)) => Ok(Some(shard)),
            Some(ShardSpec::FromEnv) => Shard::from_env(|name| std::env::var(name).ok())
                .map(Some)
                .map_err(|e| Failure::Input(e.to_string())),
        }
    }
}

/// Writes `partial` as `out/partial-K-of-N.json` (atomically, like every
/// output) and returns its path.
pub fn write_partial<I, T>(out: &Path, partial: &Partial<I, T>) -> Result<PathBuf, Failure>
where
    I: Serialize + DeserializeOwned,
    T: Serialize + DeserializeOwned,
{
    let name = partial.header.shard.file_name();
    let bytes = partial.to_bytes().map_err(|e| {
        Failure::Internal(format!(
            "internal error: cannot write {name}: {e}; please report it"
        ))
    })?;
    report::write_atomically(out, &[(name.as_str(), bytes)]).map_err(write_error)?;
    Ok(out.join(name))
}

/// What a shard's partial file carries so that `wfsim merge` can rebuild its
/// command's outputs without the scenario file.
pub trait ShardInput: Serialize + DeserializeOwned {
    /// The command whose partials carry this input (`run`, `sweep`, ...).
    const COMMAND: &'static str;

    /// The scenario file as given on the shard's command line (for messages
    /// only), its text and the command-line overrides.
    fn scenario(&self) -> (&str, &str, &Overrides);

    /// The command's own settings the shards must share, serialised (`run`
    /// has none).
    fn settings(&self) -> Vec<u8> {
        Vec::new()
    }

    /// A hash of everything the shards of one run must share (the command,
    /// the scenario text, the overrides, the command's settings), but not
    /// the file name, which may differ between machines.
    fn identity(&self) -> String {
        let (_, text, overrides) = self.scenario();
        let overrides = serde_json::to_vec(overrides).unwrap_or_default();
        shard::identity(&[
            Self::COMMAND.as_bytes(),
            text.as_bytes(),
            &overrides,
            &self.settings(),
        ])
    }
}

/// Reads the partials of one command, checks that they are complete, and
/// refuses them if their carried input does not hash to their identity: an
/// edited file, which would rebuild something other than was simulated.
pub fn collect_checked<I, T>(files: Vec<PartialFile>) -> Result<Merged<I, T>, Failure>
where
    I: ShardInput,
    T: DeserializeOwned,
{
    let merged = shard::collect::<I, T>(files).map_err(|e| Failure::Input(e.to_string()))?;
    if merged.input.identity() != merged.header.identity {
        return Err(Failure::Input(format!(
            "{}: its input does not match its identity {}; the file was edited, run its shard again",
            merged.first_file().display(),
            merged.header.identity
        )));
    }
    Ok(merged)
}

/// Checks that merged item `i` holds the replication the run puts there
/// (`expected`, in item order; for `run`, item i is replication i).
pub fn check_replications(
    found: impl Iterator<Item = u32>,
    expected: impl Iterator<Item = u32>,
) -> Result<(), Failure> {
    for (i, (r, e)) in found.zip(expected).enumerate() {
        if r != e {
            return Err(Failure::Input(format!(
                "item {i} of the partial files holds replication {r} where replication {e} belongs; run the shards again"
            )));
        }
    }
    Ok(())
}

/// The scenario that merged partials carry, after checking that it loads
/// and that the items (`replications`, their numbers) are its replications
/// in order.
pub fn merged_scenario<I: ShardInput, T>(
    merged: &Merged<I, T>,
    replications: impl Iterator<Item = u32>,
) -> Result<Scenario, Failure> {
    let (file, text, overrides) = merged.input.scenario();
    let first = merged.first_file().display();
    let total_items = merged.header.total_items;
    // Limits were enforced when the shards ran; a merge only rebuilds.
    let s = scenario::parse_with(file, text, &Limits::relaxed(), overrides).map_err(|e| {
        Failure::Input(format!(
            "{first}: the scenario it carries does not load: {e}"
        ))
    })?;
    if s.replications != total_items {
        return Err(Failure::Input(format!(
            "{first}: it holds {total_items} replications but its scenario asks for {}; run the shards again",
            s.replications
        )));
    }
    check_replications(replications, 0..s.replications)?;
    Ok(s)
}

/// What a shard wrote, for its closing message.
pub struct ShardDone<'a> {
    /// e.g. `over-automation shard` or `over-automation reversibility shard`.
    pub what: String,
    /// What the items are, plural: `replications`, or `items` for a sweep's
    /// (point, replication) pairs.
    pub unit: &'static str,
    pub out: &'a Path,
    pub quiet: bool,
}

/// Writes a shard's items (`(index in the whole run, result)`) as its
/// partial file, and tells the user how to merge when all shards are done.
pub fn write_shard_items<I, T>(
    shard: Shard,
    total: u32,
    input: I,
    items: Vec<(u32, T)>,
    done: &ShardDone<'_>,
) -> Result<(), Failure>
where
    I: ShardInput,
    T: Serialize + DeserializeOwned,
{
    let identity = input.identity();
    let count = items.len();
    let items = items
        .into_iter()
        .map(|(index, result)| crate::shard::Item { index, result })
        .collect();
    let partial = Partial::new(I::COMMAND, identity, shard, total, input, items);
    let path = write_partial(done.out, &partial)?;
    if !done.quiet {
        outln!(
            "{} {shard}: {count} of {total} {}; wrote {}; when all {} shards are done: wfsim merge {}",
            done.what,
            done.unit,
            path.display(),
            shard.count,
            done.out.display()
        )?;
    }
    Ok(())
}
