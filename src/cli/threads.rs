//! `--threads N`, shared by every command that runs replications: one parser
//! (so `--threads 0` gets the same message everywhere) and one conversion to
//! the pool size the analysis takes.

use clap::Args;

use super::values;

#[derive(Debug, Clone, Copy, Args)]
pub struct ThreadsArg {
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long, allow_negative_numbers = true, value_parser = values::count::<1, 1024>)]
    threads: Option<u32>,
}

impl ThreadsArg {
    /// The pool to run on: `None` for rayon's pool of all cores.
    pub fn pool(&self) -> Option<usize> {
        self.threads.map(|t| t as usize)
    }
}
