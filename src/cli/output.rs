//! Writing a command's rendered files, with the error mapped to an exit code.

use std::path::Path;

use super::Failure;
use crate::report::{self, WriteError};

pub fn write_error(e: WriteError) -> Failure {
    if e.is_input() {
        Failure::Input(e.to_string())
    } else {
        Failure::Internal(e.to_string())
    }
}

/// Writes every file atomically under `out` (names may hold `plots/`).
pub fn write_files(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    let borrowed: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.clone()))
        .collect();
    report::write_atomically(out, &borrowed).map_err(write_error)
}
