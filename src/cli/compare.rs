//! `wfsim compare A.toml B.toml ...`: every scenario run with the same seed and
//! replications (common random numbers); key figures side by side with the
//! paired difference against the first.

use std::path::PathBuf;

use clap::Args;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis;
use crate::report;
use crate::scenario::{self, Overrides};

#[derive(Debug, Args)]
#[command(
    mut_arg("replications", |a| a.help("Replications for every scenario, at least 2 (default: the first scenario's)")),
    mut_arg("seed", |a| a.help("Seed for every scenario (default: the first scenario's)")),
    mut_arg("out", |a| a.help("Output folder (default: outputs/compare)")),
)]
pub struct CompareArgs {
    /// Scenario files (TOML); the first is the reference for differences.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub options: RunOptions,
}

/// Fewest replications a comparison's intervals need.
const MIN_REPLICATIONS: u32 = 2;

pub fn run(args: &CompareArgs) -> Result<(), Failure> {
    let options = &args.options;
    let limits = options.limits();
    let first = scenario::load_with(&args.scenarios[0], &limits, &options.overrides())?;
    if first.replications < MIN_REPLICATIONS {
        // Refused here rather than by the flag's parser, so that
        // `--replications 0` reads the same on every run-style command.
        let given = match options.replications {
            Some(r) => format!("--replications {r}"),
            None => format!(
                "{}: replications = {}",
                args.scenarios[0].display(),
                first.replications
            ),
        };
        return Err(Failure::Input(format!(
            "{given}, but compare needs at least {MIN_REPLICATIONS} replications for its intervals\n  help: pass --replications {MIN_REPLICATIONS} or more"
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
    let out = options.out_or(|| PathBuf::from("outputs/compare"));
    report::check_writable(&out).map_err(write_error)?;
    let progress = Progress::for_scenarios("compare", &scenarios, options.quiet);
    let runs = analysis::compare::run_compared(&scenarios, options.pool(), &|| progress.tick())
        .map_err(|e| Failure::Internal(e.to_string()))?;
    progress.finish();
    // The analysis and the plots run on the pool `--threads` asked for, like the runs.
    let (compared, mut files) = analysis::on_threads(options.pool(), || {
        let compared = analysis::compare::compare_runs(&scenarios, &runs);
        report::render_compare(&scenarios, &runs, &compared).map(|files| (compared, files))
    })
    .map_err(write_error)?;
    let comparison = &compared.comparison;
    let compare_csv = report::workbook::rendered(&files, "compare.csv").unwrap_or(&[]);
    let results: Vec<&analysis::RunResult> = runs.iter().map(|r| &r.result).collect();
    let book = report::workbook::compare_workbook(&results, compare_csv).map_err(write_error)?;
    files.push(("wfsim.xlsx".into(), book));
    write_files(&out, &files)?;
    if !options.quiet {
        outln!(
            "compare: {} scenarios, seed {}, {} replications each (common random numbers)",
            scenarios.len(),
            comparison.seed,
            comparison.replications
        )?;
        out!("{}", report::terminal::compare_table(comparison))?;
        outln!(
            "wrote {}/{{compare.csv, compare.md, wfsim.xlsx, brief.md, brief.html, plots/}}",
            out.display()
        )?;
    }
    Ok(())
}
