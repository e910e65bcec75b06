//! `wfsim init [FILE.toml]`: an annotated starter scenario for a team with
//! no ticket export yet (with one, `wfsim calibrate` fits the customer
//! facts instead).

use std::path::{Path, PathBuf};

use clap::Args;

use super::output::write_error;
use super::terminal::outln;
use super::Failure;
use crate::report;

/// The starter, shipped as `scenarios/examples/starter.toml` so a test can
/// check that it loads and that what `init` writes is exactly it.
pub const STARTER: &str = include_str!("../../scenarios/examples/starter.toml");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the scenario (never over an existing file).
    #[arg(default_value = "scenario.toml")]
    pub file: PathBuf,
}

pub fn run(args: &InitArgs) -> Result<(), Failure> {
    let shown = args.file.display().to_string();
    if args.file.exists() {
        return Err(Failure::Input(format!(
            "{shown} already exists\n  help: name another file: wfsim init my-scenario.toml"
        )));
    }
    let folder = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| {
            Failure::Input(format!(
                "{shown} is not a file name\n  help: e.g. wfsim init my-scenario.toml"
            ))
        })?;
    report::write_atomically(folder, &[(name, STARTER.as_bytes().to_vec())])
        .map_err(write_error)?;
    outln!("wrote {shown}: a starter scenario with every key explained where it is set")?;
    outln!("next: edit it, then  wfsim check {shown}  and  wfsim run {shown}")?;
    Ok(())
}
