//! `wfsim merge DIR...`: the outputs of a sharded run, from its partial files.

use std::path::PathBuf;

use clap::Args;

use super::{reversibility, run_shard, sensitivity_shard, sweep_shard, Failure};
use crate::shard;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Folders holding the shards' partial-K-of-N.json files (their --out), or the files themselves.
    #[arg(required = true, value_name = "DIR")]
    pub partials: Vec<PathBuf>,
    /// Output folder (default: as for the unsharded command: outputs/<scenario name>, or outputs/<scenario name>-sweep for a sweep, -sensitivity for a sensitivity analysis).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &MergeArgs) -> Result<(), Failure> {
    let files = shard::read_partials(&args.partials).map_err(|e| Failure::Input(e.to_string()))?;
    let command = files
        .first()
        .map(|f| f.header.command.clone())
        .unwrap_or_default();
    match command.as_str() {
        run_shard::COMMAND => run_shard::merge(files, args.out.as_deref(), args.quiet),
        reversibility::COMMAND => reversibility::merge(files, args.out.as_deref(), args.quiet),
        sweep_shard::COMMAND => sweep_shard::merge(files, args.out.as_deref(), args.quiet),
        sensitivity_shard::COMMAND => {
            sensitivity_shard::merge(files, args.out.as_deref(), args.quiet)
        }
        other => Err(Failure::Input(format!(
            "{}: partial results of `wfsim {other}` cannot be merged by this wfsim; merge with the wfsim that wrote them",
            files[0].path.display()
        ))),
    }
}
