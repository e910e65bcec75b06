//! `wfsim run --uncertainty`: each replication draws the scenario's
//! `[[uncertain]]` parameters (a Latin hypercube over the replications) and
//! the outputs are those of the drawn run; the same replications also run
//! without the draws, so the summary can say how much of each spread the
//! parameters make.

use std::path::Path;
use std::time::Instant;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run::print_summary;
use super::run_options::RunOptions;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis;
use crate::analysis::uncertainty::{latin_hypercube, spreads, Uncertainty};
use crate::report;
use crate::scenario::{self, Limits, Overrides, Scenario};

/// The file the scenario came from, to build each replication's variant.
pub struct Input<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub limits: &'a Limits,
    pub overrides: &'a Overrides,
}

/// Replication `r`'s scenario: the file with each parameter at its draw.
fn variants(s: &Scenario, draws: &[Vec<f64>], input: &Input) -> Result<Vec<Scenario>, Failure> {
    draws
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let settings: Vec<(String, f64)> = s
                .uncertain
                .iter()
                .zip(row)
                .map(|(u, v)| (u.key.clone(), *v))
                .collect();
            scenario::with_draws(input.file, input.text, &settings, input.limits, input.overrides)
                .map_err(|e| {
                    let drawn: Vec<String> =
                        settings.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                    Failure::Input(format!(
                        "replication {r} drew {} and the scenario is then invalid:\n{e}\n  help: narrow the [[uncertain]] ranges so every value inside them is valid",
                        drawn.join(", ")
                    ))
                })
        })
        .collect()
}

/// Why `--uncertainty` cannot run for this scenario and command line, if it
/// cannot: checked before the output folder is touched.
pub fn refusal(s: &Scenario, file: &str, sharded: bool) -> Option<Failure> {
    if sharded {
        return Some(Failure::Input(
            "--uncertainty cannot be sharded yet\n  help: run it on one machine, or shard the plain run".into(),
        ));
    }
    s.uncertain.is_empty().then(|| {
        Failure::Input(format!(
            "{file} declares no uncertain parameters, so --uncertainty has nothing to draw\n  help: add an [[uncertain]] entry per estimate (docs/scenario-reference.md), or run without --uncertainty"
        ))
    })
}

pub fn run(options: &RunOptions, s: &Scenario, input: &Input, out: &Path) -> Result<(), Failure> {
    let draws = latin_hypercube(&s.uncertain, s.replications as usize, s.seed);
    let variants = variants(s, &draws, input)?;
    if !options.quiet {
        eprintln!(
            "running {} with {} uncertain parameters drawn: {} weeks x {} replications, twice (with and without the draws) ...",
            s.name,
            s.uncertain.len(),
            s.horizon_weeks,
            s.replications
        );
    }
    let started = Instant::now();
    // The replications run twice: with and without the draws.
    let progress = Progress::for_scenarios(&s.name, [s, s], options.quiet);
    let pool = options.pool();
    let internal = |e: analysis::InvariantError| Failure::Internal(e.to_string());
    let plain = analysis::run_detailed(s, pool, &|| progress.tick()).map_err(internal)?;
    let drawn = analysis::run_detailed_variants(s, &variants, pool, &|| progress.tick())
        .map_err(internal)?;
    progress.finish();
    let elapsed = started.elapsed().as_secs_f64();
    let uncertainty = Uncertainty {
        parameters: s.uncertain.clone(),
        draws,
        spreads: spreads(&plain.result, &drawn.result),
    };
    analysis::on_threads(pool, || -> Result<(), Failure> {
        let mut files: Vec<(String, Vec<u8>)> =
            report::render_run_uncertain(&drawn.result, &uncertainty)
                .map_err(|e| Failure::Internal(e.to_string()))?
                .into_iter()
                .map(|(name, bytes)| (name.to_string(), bytes))
                .collect();
        files.extend(
            report::render_run_brief(s, &drawn, &analysis::RunFindings::of(s, &drawn), None)
                .map_err(write_error)?,
        );
        write_files(out, &files)
    })?;
    if !options.quiet {
        print_summary(&drawn.result, elapsed, out)?;
        print_spreads(&uncertainty)?;
    }
    Ok(())
}

fn print_spreads(u: &Uncertainty) -> Result<(), Failure> {
    outln!(
        "parameter uncertainty ({} parameters drawn, {} replications; sd over replications):",
        u.parameters.len(),
        u.draws.len()
    )?;
    out!("{}", report::terminal::uncertainty_spreads(u))
}
