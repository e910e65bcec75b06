//! `wfsim reversibility`: how long and how much undoing the automation bet takes.

use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::output::{write_error, write_files};
use super::run_options::RunOptions;
use super::shard::{
    collect_checked, merged_scenario, write_shard_items, ShardArgs, ShardDone, ShardInput,
};
use super::terminal::{out, outln};
use super::{values, Failure};
use crate::analysis::reversibility::{
    self, aggregate, applicable_change_week, Options, ReplicationFigures, ReversibilityError,
    LEVERS,
};
use crate::analysis::{self, DetailedRun, ReplicationResult};
use crate::report;
use crate::scenario::{self, Overrides, Scenario};
use crate::shard::{PartialFile, Shard};

/// The `command` of a `wfsim reversibility` partial.
pub const COMMAND: &str = "reversibility";

#[derive(Debug, Args)]
#[command(
    mut_arg("replications", |a| a.help("Number of replications (default: the scenario's `replications`, at least 10)")),
    mut_arg("out", |a| a.help("Output folder for reversibility.json, reversibility.md, the run's tables, plots and the brief (default: outputs/<scenario name>)")),
    mut_arg("quiet", |a| a.help("Print nothing but errors (and the JSON with --json)")),
)]
pub struct ReversibilityArgs {
    /// The scenario file (TOML); it needs a change (layoff or AI rollout) after week 0.
    pub scenario: PathBuf,
    /// Weeks a recovery may take for the cut to count as reversible (default: the scenario's, else 12).
    #[arg(long, value_parser = values::count::<1, 520>)]
    pub window_weeks: Option<u32>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Share of replications that must recover within the window at the point of no return.
    #[arg(long, default_value_t = 0.8, value_parser = values::open_share)]
    pub confidence: f64,
    /// Skip the search for the point of no return (the slowest part).
    #[arg(long)]
    pub no_search: bool,
    /// Skip the lever runs.
    #[arg(long)]
    pub no_levers: bool,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// Runs per replication, at most: the base and its counterfactual, then
/// (where the scenario reverses) the cut search and one run per lever.
fn runs_per_replication(s: &Scenario, options: &Options) -> usize {
    let search = options.search_point_of_no_return && s.workforce.is_some();
    2 + if search {
        reversibility::cut_runs_at_most(s)
    } else {
        0
    } + if options.levers { LEVERS.len() } else { 0 }
}

pub fn run(args: &ReversibilityArgs) -> Result<(), Failure> {
    let shard = args.shard.resolve()?;
    let run_options = &args.options;
    let mut overrides = run_options.overrides();
    let limits = run_options.limits();
    // Read once: a shard's partial carries this very text.
    let (file, text) = scenario::read_text(&args.scenario)?;
    let mut s = scenario::parse_with(&file, &text, &limits, &overrides)?;
    if run_options.replications.is_none() {
        // Intervals and the recovery curve need replications; a scenario's
        // default is set for `run`.
        s.replications = s.replications.max(reversibility::DEFAULT_REPLICATIONS);
        overrides.replications = Some(s.replications);
    }
    let out = run_options.out_or(|| PathBuf::from("outputs").join(&s.name));
    report::check_writable(&out).map_err(|e| Failure::Input(e.to_string()))?;
    let options = Options {
        window_weeks: args.window_weeks.unwrap_or(s.reversibility.window_weeks),
        search_point_of_no_return: !args.no_search,
        levers: !args.no_levers,
        confidence: args.confidence,
    };
    let change = applicable_change_week(&s).map_err(failure)?;
    let shard = shard.map(|shard| {
        let input = ReversibilityInput {
            scenario_file: file,
            scenario_text: text,
            overrides,
            options,
        };
        (shard, input)
    });
    let indices: Vec<u32> = match &shard {
        Some((shard, _)) => shard.items(s.replications).collect(),
        None => (0..s.replications).collect(),
    };
    let quiet = run_options.quiet;
    if !quiet {
        eprintln!(
            "reversibility of {}: {} replications x up to {} runs of {} weeks ...",
            s.name,
            indices.len(),
            runs_per_replication(&s, &options),
            s.horizon_weeks
        );
    }
    let analyse = || -> Result<Vec<ReplicationFigures>, ReversibilityError> {
        let progress = |what: &str| {
            if !quiet {
                eprintln!("reversibility: {what}");
            }
        };
        indices
            .par_iter()
            .map(|r| {
                reversibility::analyse_replication(&s, change, *r, &options, &progress)
                    .map_err(ReversibilityError::from)
            })
            .collect()
    };
    let figures = analysis::on_threads(run_options.pool(), analyse).map_err(failure)?;
    match shard {
        Some((shard, input)) => write_shard(&s, shard, input, figures, &out, quiet),
        // Plots render on the pool `--threads` asked for, like the analysis.
        None => analysis::on_threads(run_options.pool(), || {
            write_outputs(&s, &options, &figures, &out, args.json, quiet)
        }),
    }
}

fn failure(e: ReversibilityError) -> Failure {
    match e {
        ReversibilityError::NotApplicable(m) => Failure::Input(m),
        ReversibilityError::Invariant(e) => Failure::Internal(e.to_string()),
    }
}

/// Writes `reversibility.json` and `.md` beside everything `wfsim run`
/// writes (the base runs are the run's replications, same seeds), with the
/// brief's reversibility section filled; prints the table or the JSON.
fn write_outputs(
    s: &Scenario,
    options: &Options,
    figures: &[ReplicationFigures],
    out: &Path,
    json: bool,
    quiet: bool,
) -> Result<(), Failure> {
    let result = aggregate(s, options, figures);
    let bases: Vec<ReplicationResult> = figures.iter().map(|f| f.base.clone()).collect();
    let detailed = DetailedRun::from_replications(s, &bases);
    let json_bytes =
        report::reversibility_json(&result).map_err(|e| Failure::Internal(e.to_string()))?;
    let markdown = report::reversibility_markdown(&result);
    let mut files: Vec<(String, Vec<u8>)> = report::render_run(&detailed.result)
        .map_err(|e| Failure::Internal(e.to_string()))?
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
    let findings = analysis::RunFindings::of(s, &detailed);
    files.extend(
        report::render_run_brief(s, &detailed, &findings, Some(&result)).map_err(write_error)?,
    );
    let (mut sheets, charts) = report::workbook::run_sheets(&detailed.result, &files);
    sheets.insert(1, report::workbook::reversibility_sheet(&result));
    files.push((
        "wfsim.xlsx".into(),
        report::workbook::workbook(&sheets, &charts).map_err(write_error)?,
    ));
    files.push(("reversibility.json".into(), json_bytes.clone()));
    files.push(("reversibility.md".into(), markdown.into_bytes()));
    write_files(out, &files)?;
    if json {
        out!("{}", String::from_utf8_lossy(&json_bytes))?;
    } else if !quiet {
        out!("{}", report::terminal::reversibility_table(&result))?;
        outln!(
            "\nwrote {}/{{reversibility.json, reversibility.md, wfsim.xlsx}} and the run's tables, plots and brief",
            out.display()
        )?;
    }
    Ok(())
}

/// What a merge needs to redo the aggregation exactly as one machine would.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReversibilityInput {
    pub scenario_file: String,
    pub scenario_text: String,
    pub overrides: Overrides,
    pub options: Options,
}

impl ShardInput for ReversibilityInput {
    const COMMAND: &'static str = COMMAND;

    fn scenario(&self) -> (&str, &str, &Overrides) {
        (&self.scenario_file, &self.scenario_text, &self.overrides)
    }

    fn settings(&self) -> Vec<u8> {
        serde_json::to_vec(&self.options).unwrap_or_default()
    }
}

fn write_shard(
    s: &Scenario,
    shard: Shard,
    input: ReversibilityInput,
    figures: Vec<ReplicationFigures>,
    out: &Path,
    quiet: bool,
) -> Result<(), Failure> {
    let items = figures
        .into_iter()
        .map(|f| (f.base.replication, f))
        .collect();
    let done = ShardDone {
        what: format!("{} reversibility shard", s.name),
        unit: "replications",
        out,
        quiet,
    };
    write_shard_items(shard, s.replications, input, items, &done)
}

/// Rebuilds the outputs of `wfsim reversibility` from its shards' partial files.
pub fn merge(files: Vec<PartialFile>, out: Option<&Path>, quiet: bool) -> Result<(), Failure> {
    let merged = collect_checked::<ReversibilityInput, ReplicationFigures>(files)?;
    let input = &merged.input;
    let s = merged_scenario(&merged, merged.items.iter().map(|f| f.base.replication))?;
    let out: PathBuf = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("outputs").join(&s.name));
    write_outputs(&s, &input.options, &merged.items, &out, false, quiet)
}
