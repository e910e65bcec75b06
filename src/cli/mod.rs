//! Command-line definitions and dispatch: the only place that prints to the
//! terminal or chooses an exit code (0 success, 2 bad input, 1 internal failure).
//!
//! Layer rule: cli parses arguments, calls `scenario`, `analysis` and
//! `report`, prints what `report` rendered and chooses the exit code. It
//! computes no figure of the analysis and renders no file; no other layer
//! names it (checked by `tests/it/layers.rs`).

mod calibrate;
mod compare;
mod init;
mod merge;
mod output;
mod progress;
mod queue;
mod reversibility;
mod run;
mod run_options;
mod run_shard;
mod run_uncertainty;
mod sensitivity;
mod sensitivity_shard;
mod shard;
mod simulation;
mod staff;
mod sweep;
mod sweep_shard;
mod terminal;
mod threads;
mod values;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::report::units;
use crate::scenario::{self, Limits, LoadError};
use terminal::outln;

#[derive(Debug, Parser)]
#[command(
    name = "wfsim",
    version,
    about = "Plan customer-service automation, staffing and reversibility before announcing them"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write weekly.csv, replications.csv, decisions.csv, summary.json, summary.md, plots and the brief (and pools.csv with [[pools]]).
    #[command(allow_negative_numbers = true)]
    Run(run::RunArgs),
    /// Closed-form figures of an M/M/c(+M) queue, optionally confirmed by simulation.
    #[command(allow_negative_numbers = true)]
    Queue(queue::QueueArgs),
    /// Smallest number of agents meeting a service-level target, or a scenario's staffing plan.
    #[command(allow_negative_numbers = true)]
    Staff(staff::StaffArgs),
    /// How long and how much undoing the automation bet takes: detection, recovery, cost, point of no return, levers.
    #[command(allow_negative_numbers = true)]
    Reversibility(reversibility::ReversibilityArgs),
    /// Run scenarios with the same seeds and compare their key figures side by side.
    Compare(compare::CompareArgs),
    /// Run a scenario over a grid of values of numeric keys.
    Sweep(sweep::SweepArgs),
    /// What drives the answer: every [[uncertain]] parameter at its low and high end, ranked by swing (tornado charts).
    #[command(allow_negative_numbers = true)]
    Sensitivity(sensitivity::SensitivityArgs),
    /// Combine the partial files of a sharded run (--shard K/N) into the outputs of one run.
    Merge(merge::MergeArgs),
    /// Fit a scenario's customer facts from a ticket export (CSV or .xlsx, one row per contact).
    Calibrate(calibrate::CalibrateArgs),
    /// Write an annotated starter scenario (every key explained) to edit.
    Init(init::InitArgs),
    /// Validate a scenario without running it.
    Check {
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Accept sizes above the default safety limits.
        #[arg(long)]
        allow_large: bool,
    },
}

/// An error on its way to the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The user can fix it: exit code 2.
    Input(String),
    /// A defect in wfsim: exit code 1.
    Internal(String),
    /// Standard output's reader went away (`wfsim ... | head -1`): nothing
    /// more can be shown, and that is not a failure, so exit 0 quietly.
    Closed,
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Input(e.to_string())
    }
}

pub fn limits(allow_large: bool) -> Limits {
    if allow_large {
        Limits::relaxed()
    } else {
        Limits::default()
    }
}

/// Parses the command line, runs the command and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        report_panic(info.payload(), info.location())
    }));
    let outcome = std::panic::catch_unwind(|| match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Queue(args) => queue::run(&args),
        Command::Staff(args) => staff::run(&args),
        Command::Reversibility(args) => reversibility::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Sensitivity(args) => sensitivity::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Check {
            scenario,
            allow_large,
        } => check(&scenario, allow_large),
    });
    let result = match outcome {
        Ok(result) => result,
        // Already reported by the hook, with its place in the code.
        Err(_) => return ExitCode::from(1),
    };
    match result {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            print_error(&message);
            ExitCode::from(2)
        }
        Err(Failure::Internal(message)) => {
            print_error(&message);
            ExitCode::from(1)
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("")
}

/// A panic is a defect: one `error:` with where it happened and what to do,
/// instead of the default message and its backtrace hint. (Exit code 1.)
fn report_panic(payload: &(dyn std::any::Any + Send), location: Option<&std::panic::Location<'_>>) {
    let message = panic_text(payload);
    let place = location
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    eprintln!(
        "error: internal error: {message}{place}\n  help: this is a defect in wfsim, not in your input; please report it with the command and files that caused it"
    );
}

fn print_error(message: &str) {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    eprintln!("error: {message}");
}

fn check(path: &std::path::Path, allow_large: bool) -> Result<(), Failure> {
    let s = scenario::load(path, &limits(allow_large))?;
    let ai_categories = s
        .categories
        .iter()
        .filter(|c| c.ai_start_week().is_some())
        .count();
    outln!(
        "ok: {}: scenario {:?}, {} weeks, {} categories ({} with AI), {} contacts per week, {} replications",
        path.display(),
        s.name,
        s.horizon_weeks,
        s.categories.len(),
        ai_categories,
        units::whole(s.demand.contacts_per_week),
        s.replications
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::run_options::RunOptions;
    use super::{Cli, Command};

    /// clap's own consistency checks (ids, flags, defaults, conflicts),
    /// which otherwise run only when a command is parsed in a debug build.
    #[test]
    fn the_command_line_definition_passes_clap_debug_assert() {
        Cli::command().debug_assert();
    }

    /// The run-style commands with their required arguments and `extra`.
    fn run_style(extra: &[&str]) -> Vec<Vec<String>> {
        let required: [&[&str]; 5] = [
            &["run", "s.toml"],
            &["compare", "a.toml", "b.toml"],
            &["sweep", "s.toml", "--set", "staffing.fte=1,2"],
            &["reversibility", "s.toml"],
            &["sensitivity", "s.toml"],
        ];
        required
            .iter()
            .map(|r| {
                std::iter::once("wfsim")
                    .chain(r.iter().copied())
                    .chain(extra.iter().copied())
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    }

    fn options(cli: Cli) -> RunOptions {
        match cli.command {
            Command::Run(a) => a.options,
            Command::Compare(a) => a.options,
            Command::Sweep(a) => a.options,
            Command::Reversibility(a) => a.options,
            Command::Sensitivity(a) => a.options,
            other => panic!("not a run-style command: {other:?}"),
        }
    }

    #[test]
    fn every_run_style_command_reads_the_shared_options_alike() {
        let given = [
            "--replications",
            "7",
            "--seed",
            "0",
            "--out",
            "o",
            "--threads",
            "3",
            "--allow-large",
            "-q",
        ];
        for args in run_style(&given) {
            let o = options(Cli::try_parse_from(&args).unwrap());
            assert_eq!(o.replications, Some(7), "{args:?}");
            assert_eq!(o.seed, Some(0), "{args:?}");
            assert_eq!(o.out.as_deref(), Some(std::path::Path::new("o")));
            assert_eq!(o.pool(), Some(3), "{args:?}");
            assert!(o.allow_large && o.quiet, "{args:?}");
        }
        for args in run_style(&[]) {
            let o = options(Cli::try_parse_from(&args).unwrap());
            assert_eq!((o.replications, o.seed, o.pool()), (None, None, None));
            assert!(o.out.is_none(), "{args:?}");
            assert!(!o.allow_large && !o.quiet, "{args:?}");
            let long = Cli::try_parse_from(args.iter().chain(&["--quiet".to_string()])).unwrap();
            assert!(options(long).quiet, "{args:?}");
        }
    }

    #[test]
    fn a_bad_shared_option_reads_the_same_on_every_run_style_command() {
        for bad in [
            ["--seed", "-3"],
            ["--seed", "x"],
            ["--seed", "18446744073709551616"],
            ["--replications", "0"],
            ["--replications", "-2"],
            ["--replications", "2.5"],
            ["--threads", "0"],
            ["--threads", "-1"],
            ["--threads", "1025"],
        ] {
            let messages: Vec<String> = run_style(&bad)
                .iter()
                .map(|args| {
                    let e = Cli::try_parse_from(args).unwrap_err();
                    assert_eq!(
                        e.kind(),
                        clap::error::ErrorKind::ValueValidation,
                        "{args:?}"
                    );
                    e.to_string()
                })
                .collect();
            assert!(
                messages[0].contains(&format!("invalid value '{}' for '{}", bad[1], bad[0])),
                "{}",
                messages[0]
            );
            assert!(
                messages.iter().all(|m| m == &messages[0]),
                "{bad:?}: {messages:#?}"
            );
        }
    }

    /// `--shard` only where a command can merge its shards.
    #[test]
    fn only_run_sweep_reversibility_and_sensitivity_take_a_shard() {
        let shard = ["--shard", "1/2"];
        for (args, takes) in run_style(&shard)
            .iter()
            .zip([true, false, true, true, true])
        {
            assert_eq!(Cli::try_parse_from(args).is_ok(), takes, "{args:?}");
        }
    }
}
