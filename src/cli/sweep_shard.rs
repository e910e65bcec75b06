//! `wfsim sweep --shard K/N`: one shard's (point, replication) items into a
//! partial file, and `wfsim merge` of those files back into the outputs of
//! `wfsim sweep`.
//!
//! The work items are the grid's (point, replication) pairs, numbered
//! point-major (`analysis::sweep::first_items`), so a shard may run a few
//! replications of several points. Each item is stored as the replication's
//! `ReplicationResult`; the merge rebuilds the points from the carried
//! scenario text and `--set` arguments and aggregates each point's
//! replications exactly as `run_detailed` does on one machine.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::shard::{check_replications, collect_checked, write_shard_items, ShardDone, ShardInput};
use super::sweep::{out_folder, parse_axes, sweep_name, write_outputs};
use super::terminal::outln;
use super::Failure;
use crate::analysis::sweep;
use crate::analysis::{self, DetailedRun, ReplicationResult, RunResult};
use crate::scenario::grid::{self, Point};
use crate::scenario::{Limits, Overrides, Scenario};
use crate::shard::{PartialFile, Shard};

/// The `command` of a `wfsim sweep` partial.
pub const COMMAND: &str = "sweep";

/// What a merge needs to rebuild the grid exactly as the shards saw it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepInput {
    /// As given on the shard's command line; used in messages only.
    pub scenario_file: String,
    pub scenario_text: String,
    /// The `--set KEY=v1,v2,...` arguments, exactly as given.
    pub sets: Vec<String>,
    pub overrides: Overrides,
}

impl ShardInput for SweepInput {
    const COMMAND: &'static str = COMMAND;

    fn scenario(&self) -> (&str, &str, &Overrides) {
        (&self.scenario_file, &self.scenario_text, &self.overrides)
    }

    fn settings(&self) -> Vec<u8> {
        serde_json::to_vec(&self.sets).unwrap_or_default()
    }
}

/// Runs `shard`'s items of the grid `points` (built from `input`) and writes
/// its partial file into `out`.
pub fn run_shard(
    input: SweepInput,
    points: &[Point],
    shard: Shard,
    threads: Option<usize>,
    out: &Path,
    quiet: bool,
) -> Result<(), Failure> {
    let (first, total) = sweep::first_items(points);
    let total = u32::try_from(total).map_err(|_| {
        Failure::Input(format!(
            "the sweep has {total} (point, replication) items, more than the {} a sharded run can number; sweep fewer points or replications",
            u32::MAX
        ))
    })?;
    // (item, point, replication), items in increasing order, so points too.
    let owned: Vec<(u32, usize, u32)> = shard
        .items(total)
        .map(|item| {
            let (point, replication) = sweep::point_of_item(&first, u64::from(item));
            (item, point, replication)
        })
        .collect();
    let name = sweep_name(points);
    if !quiet {
        eprintln!(
            "sweep {name} shard {shard}: {} of {total} items (point x replication) from {} of {} points ...",
            owned.len(),
            owned.chunk_by(|a, b| a.1 == b.1).count(),
            points.len()
        );
    }
    // All owned items in one parallel pass: with many shards a shard holds
    // one replication of each of several points, which point by point would
    // leave all but one core idle.
    let runs: Vec<(&Scenario, u32)> = owned
        .iter()
        .map(|&(_, point, replication)| (&points[point].scenario, replication))
        .collect();
    let results =
        analysis::run_items(&runs, threads).map_err(|e| Failure::Internal(e.to_string()))?;
    let items = owned
        .iter()
        .map(|&(item, _, _)| item)
        .zip(results)
        .collect();
    let done = ShardDone {
        what: format!("{name} sweep shard"),
        unit: "items",
        out,
        quiet,
    };
    write_shard_items(shard, total, input, items, &done)
}

/// Rebuilds the outputs of `wfsim sweep` from the partial files of its shards
/// and writes them into `out` (default: `outputs/<scenario name>-sweep`, as `sweep`).
pub fn merge(files: Vec<PartialFile>, out: Option<&Path>, quiet: bool) -> Result<(), Failure> {
    let merged = collect_checked::<SweepInput, ReplicationResult>(files)?;
    let input = &merged.input;
    let total_items = merged.header.total_items;
    let shown = merged.first_file().display();
    let carried =
        |e: String| Failure::Input(format!("{shown}: the sweep it carries does not load: {e}"));
    let axes = parse_axes(&input.sets).map_err(carried)?;
    // Limits were enforced when the shards ran, so a merge rebuilds under the relaxed ones;
    // the relaxed point cap still stops an edited partial from asking for a huge grid.
    let points = grid::build_points(
        &input.scenario_file,
        &input.scenario_text,
        &axes,
        &Limits::relaxed(),
        &input.overrides,
    )
    .map_err(carried)?;
    let (first, total) = sweep::first_items(&points);
    if total != u64::from(total_items) {
        return Err(Failure::Input(format!(
            "{shown}: it holds {total_items} items but its sweep has {total} (points x replications); run the shards again"
        )));
    }
    check_replications(
        merged.items.iter().map(|r| r.replication),
        points.iter().flat_map(|p| 0..p.scenario.replications),
    )?;
    let results: Vec<RunResult> = points
        .iter()
        .zip(&first)
        .map(|(p, &start)| {
            let start = start as usize;
            let replications = &merged.items[start..start + p.scenario.replications as usize];
            DetailedRun::from_replications(&p.scenario, replications).result
        })
        .collect();
    let out = out_folder(out, &points);
    write_outputs(&axes, &points, &results, &out, quiet)?;
    if !quiet {
        outln!(
            "merged {} shards ({} points, {total} replications in all) into the outputs of wfsim sweep",
            merged.header.shard.count,
            points.len()
        )?;
    }
    Ok(())
}
