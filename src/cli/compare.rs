//! `wfsim compare A.toml B.toml ...`: every scenario run with the same seed and
//! replications (common random numbers); key figures side by side with the
//! paired difference against the first.

use std::path::PathBuf;

use clap::Args;

use super::output::{write_error, write_files};
use super::progress::{expected_contacts, Progress};
use super::terminal::{out, outln};
use super::threads::ThreadsArg;
use super::{limits, Failure};
use crate::analysis;
use crate::report;
use crate::scenario::{self, Overrides};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the reference for differences.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Replications for every scenario (default: the first scenario's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
    pub replications: Option<u32>,
    /// Seed for every scenario (default: the first scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output folder (default: outputs/compare).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub threads: ThreadsArg,
    /// Accept sizes above the default safety limits.
    #[arg(long)]
    pub allow_large: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &CompareArgs) -> Result<(), Failure> {
    let limits = limits(args.allow_large);
    let first = scenario::load_with(
        &args.scenarios[0],
        &limits,
        &Overrides {
            replications: args.replications,
            seed: args.seed,
        },
    )?;
    if first.replications < 2 {
        return Err(Failure::Input(format!(
            "{}: compare needs at least 2 replications for its intervals (the file has {})\n  help: pass --replications 2 or more",
            args.scenarios[0].display(),
            first.replications
        )));
    }
    // Common random numbers: every scenario gets the first one's seed and
    // replication count, checked by the same rules as its own values.
    let shared = Overrides {
        replications: Some(first.replications),
        seed: Some(first.seed),
    };
    let mut scenarios = vec![first];
    for path in &args.scenarios[1..] {
        let s = scenario::load_with(path, &limits, &shared)?;
        if s.horizon_weeks != scenarios[0].horizon_weeks {
            return Err(Failure::Input(format!(
                "{}: horizon_weeks is {}, but {} has {}; compared scenarios must cover the same weeks\n  help: set the same horizon_weeks in every file",
                path.display(),
                s.horizon_weeks,
                args.scenarios[0].display(),
                scenarios[0].horizon_weeks
            )));
        }
        scenarios.push(s);
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs/compare"));
    report::check_writable(&out).map_err(write_error)?;
    let total: f64 = scenarios.iter().map(expected_contacts).sum();
    let progress = Progress::new(
        "compare",
        scenarios
            .iter()
            .map(|s| u64::from(s.replications) * u64::from(s.horizon_weeks))
            .sum(),
        total,
        args.quiet,
    );
    let mut runs = Vec::with_capacity(scenarios.len());
    for (i, s) in scenarios.iter().enumerate() {
        let mut run = analysis::run_detailed(s, args.threads.pool(), &|| progress.tick())
            .map_err(|e| Failure::Internal(e.to_string()))?;
        // Two files may share a name (or be the same file): keep labels apart.
        let name = &run.result.scenario;
        if scenarios[..i].iter().any(|p| &p.name == name) {
            run.result.scenario = format!("{name} #{}", i + 1);
        }
        runs.push(run);
    }
    progress.finish();
    // Plots render on the pool `--threads` asked for, like the runs.
    let (comparison, files) = analysis::on_threads(args.threads.pool(), || {
        report::render_compare(&scenarios, &runs)
    })
    .map_err(write_error)?;
    write_files(&out, &files)?;
    if !args.quiet {
        outln!(
            "compare: {} scenarios, seed {}, {} replications each (common random numbers)",
            scenarios.len(),
            comparison.seed,
            comparison.replications
        )?;
        out!("{}", report::compare_table(&comparison))?;
        outln!(
            "wrote {}/{{compare.csv, compare.md, brief.md, brief.html, plots/}}",
            out.display()
        )?;
    }
    Ok(())
}
