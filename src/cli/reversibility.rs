//! `wfsim reversibility`: how long and how much undoing the automation bet takes.

use std::path::PathBuf;

use clap::Args;

use super::{limits, values, Failure};
use crate::analysis::reversibility::{self, Options, ReversibilityError};
use crate::report;
use crate::scenario;

#[derive(Debug, Args)]
pub struct ReversibilityArgs {
    /// The scenario file (TOML); it needs a change (layoff or AI rollout) after week 0.
    pub scenario: PathBuf,
    /// Weeks a recovery may take for the cut to count as reversible (default: the scenario's, else 12).
    #[arg(long, value_parser = values::count::<1, 520>)]
    pub window_weeks: Option<u32>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Number of replications (default: the scenario's `replications`).
    #[arg(long, value_parser = values::count::<1, { u32::MAX }>)]
    pub replications: Option<u32>,
    /// Base seed (default: the scenario's `seed`).
    #[arg(long, value_parser = values::seed)]
    pub seed: Option<u64>,
    /// Skip the search for the point of no return (the slowest part).
    #[arg(long)]
    pub no_search: bool,
    /// Skip the lever runs.
    #[arg(long)]
    pub no_levers: bool,
    /// Output folder for reversibility.json and reversibility.md (default: outputs/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long, value_parser = values::count::<1, 1024>)]
    pub threads: Option<u32>,
    /// Accept sizes above the default safety limits.
    #[arg(long)]
    pub allow_large: bool,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &ReversibilityArgs) -> Result<(), Failure> {
    let overrides = scenario::Overrides {
        replications: args.replications,
        seed: args.seed,
    };
    let s = scenario::load_with(&args.scenario, &limits(args.allow_large), &overrides)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(&s.name));
    report::check_writable(&out).map_err(|e| Failure::Input(e.to_string()))?;
    let options = Options {
        window_weeks: args.window_weeks.unwrap_or(s.reversibility.window_weeks),
        search_point_of_no_return: !args.no_search,
        levers: !args.no_levers,
    };
    let quiet = args.quiet;
    let analyse = || {
        let progress = |what: &str| {
            if !quiet {
                eprintln!("reversibility: {what}");
            }
        };
        reversibility::analyse(&s, &options, &progress)
    };
    let result = match args.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build()
            .map_err(|e| Failure::Internal(e.to_string()))?
            .install(analyse),
        None => analyse(),
    }
    .map_err(|e| match e {
        ReversibilityError::NotApplicable(m) => Failure::Input(m),
        ReversibilityError::Invariant(e) => Failure::Internal(e.to_string()),
    })?;
    let json = report::reversibility_json(&result).map_err(|e| Failure::Internal(e.to_string()))?;
    let markdown = report::reversibility_markdown(&result);
    report::write_atomically(
        &out,
        &[
            ("reversibility.json", json.clone()),
            ("reversibility.md", markdown.clone().into_bytes()),
        ],
    )
    .map_err(|e| {
        if e.is_input() {
            Failure::Input(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    })?;
    if args.json {
        print!("{}", String::from_utf8_lossy(&json));
    } else {
        print!("{markdown}");
        println!(
            "\nwrote {}/{{reversibility.json, reversibility.md}}",
            out.display()
        );
    }
    Ok(())
}
