//! `wfsim run`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::shard::ShardArgs;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis;
use crate::report::{self, terminal, units};
use crate::scenario;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub shard: ShardArgs,
    /// Draw every [[uncertain]] parameter afresh in each replication (a Latin hypercube over the
    /// replications), so the intervals cover the parameters too; the replications also run
    /// without the draws, to say how much of each spread the parameters make.
    #[arg(long)]
    pub uncertainty: bool,
}

pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let shard = args.shard.resolve()?;
    let options = &args.options;
    let limits = options.limits();
    let overrides = options.overrides();
    // Read once: a shard's partial carries this very text.
    let (file, text) = scenario::read_text(&args.scenario)?;
    let s = scenario::parse_with(&file, &text, &limits, &overrides)?;
    let out = options.out_or(|| PathBuf::from("outputs").join(&s.name));
    if args.uncertainty {
        if let Some(refused) = super::run_uncertainty::refusal(&s, &file, shard.is_some()) {
            return Err(refused);
        }
    }
    report::check_writable(&out).map_err(|e| Failure::Input(e.to_string()))?;
    if args.uncertainty {
        let input = super::run_uncertainty::Input {
            file: &file,
            text: &text,
            limits: &limits,
            overrides: &overrides,
        };
        return super::run_uncertainty::run(options, &s, &input, &out);
    }
    if let Some(shard) = shard {
        let input = super::run_shard::RunInput {
            scenario_file: file,
            scenario_text: text,
            overrides,
        };
        return super::run_shard::run_shard(options, &s, input, shard, &out);
    }
    if !options.quiet {
        eprintln!(
            "running {}: {} weeks x {} replications ...",
            s.name, s.horizon_weeks, s.replications
        );
    }
    let started = Instant::now();
    let progress = Progress::for_scenarios(&s.name, [&s], options.quiet);
    let detailed = analysis::run_detailed(&s, options.pool(), &|| progress.tick())
        .map_err(|e| Failure::Internal(e.to_string()))?;
    progress.finish();
    let result = &detailed.result;
    let elapsed = started.elapsed().as_secs_f64();
    // Plots render in parallel: on the pool `--threads` asked for, like the replications.
    analysis::on_threads(options.pool(), || write_outputs(&s, &detailed, &out))?;
    if !options.quiet {
        print_summary(result, elapsed, &out)?;
    }
    Ok(())
}

/// Renders and writes every output of a run: the tables, the plots and the
/// brief. `wfsim merge` calls it too, so a sharded run's outputs are those of
/// a one-machine run by construction.
pub fn write_outputs(
    s: &scenario::Scenario,
    detailed: &analysis::DetailedRun,
    out: &std::path::Path,
) -> Result<(), Failure> {
    let mut files: Vec<(String, Vec<u8>)> = report::render_run(&detailed.result)
        .map_err(|e| Failure::Internal(e.to_string()))?
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
    // Plots and the brief; reversibility figures come with `wfsim reversibility`.
    files.extend(
        report::render_run_brief(s, detailed, &analysis::RunFindings::of(s, detailed), None)
            .map_err(write_error)?,
    );
    write_files(out, &files)
}

pub(super) fn print_summary(
    result: &analysis::RunResult,
    elapsed: f64,
    out: &std::path::Path,
) -> Result<(), Failure> {
    outln!(
        "{}: {} weeks, {} replications, {} contacts in {:.1} s ({:.2} M contacts/s)",
        result.scenario,
        result.weeks,
        result.replications,
        units::whole(result.contacts_simulated),
        elapsed,
        result.contacts_simulated / elapsed.max(1e-9) / 1e6
    )?;
    out!("{}", terminal::run_totals(result))?;
    outln!(
        "wrote {}/{{weekly.csv, replications.csv, decisions.csv, summary.json, summary.md, brief.md, brief.html, plots/}}",
        out.display()
    )
}
