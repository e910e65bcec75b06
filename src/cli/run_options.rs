//! The options every run-style command shares (`run`, `compare`, `sweep`,
//! `reversibility`, `sensitivity`): `--replications`, `--seed`, `--out`,
//! `--threads`, `--allow-large` and `--quiet`, declared once so each has one
//! name, one parser and one message on every command. Commands that can
//! split their work across machines flatten `ShardArgs` beside it.
//!
//! A command adds them with `#[command(flatten)] options: RunOptions` and
//! says what its defaults are in its own words with `mut_arg` (`--out`'s
//! folder, whose replications `--replications` replaces); the parsing and
//! the meaning stay these. Negative numbers are read as values, so `--seed -3`
//! is refused as a negative seed rather than as an unknown flag `-3`.

use std::path::PathBuf;

use clap::Args;

use super::threads::ThreadsArg;
use super::values;
use crate::scenario::{Limits, Overrides};

#[derive(Debug, Clone, Args)]
pub struct RunOptions {
    /// Number of replications (default: the scenario's `replications`).
    #[arg(long, allow_negative_numbers = true, value_parser = values::count::<1, { u32::MAX }>)]
    pub replications: Option<u32>,
    /// Base seed (default: the scenario's `seed`).
    #[arg(long, allow_negative_numbers = true, value_parser = values::seed)]
    pub seed: Option<u64>,
    /// Output folder (default: outputs/<scenario name>).
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

impl RunOptions {
    /// `--replications` and `--seed`, to replace the scenario's values (and
    /// be checked by the same rules).
    pub fn overrides(&self) -> Overrides {
        Overrides {
            replications: self.replications,
            seed: self.seed,
        }
    }

    /// The safety limits `--allow-large` chooses.
    pub fn limits(&self) -> Limits {
        super::limits(self.allow_large)
    }

    /// `--out`, or the command's default folder.
    pub fn out_or(&self, default: impl FnOnce() -> PathBuf) -> PathBuf {
        self.out.clone().unwrap_or_else(default)
    }

    /// The pool `--threads` asks for: `None` for all cores.
    pub fn pool(&self) -> Option<usize> {
        self.threads.pool()
    }
}
