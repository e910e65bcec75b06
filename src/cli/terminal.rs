//! Standard output, written with its errors returned rather than panicking.
//!
//! `println!` panics when standard output fails. A reader that went away
//! (`wfsim queue ... | head -1`) is the common case and not a failure, and it
//! used to be told apart by matching the panic's text. Writing through these
//! macros returns the `io::Error` instead, so its kind decides: `BrokenPipe`
//! ends the command quietly with success (`Failure::Closed`), any other error
//! (a full disk behind `> file`) is reported as the user's to fix.

use std::fmt;
use std::io::{self, Write};

use super::Failure;

/// `print!` that returns a `Failure` instead of panicking; use with `?`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::terminal::write(format_args!($($arg)*))
    };
}

/// `println!` that returns a `Failure` instead of panicking; use with `?`.
macro_rules! outln {
    () => {
        $crate::cli::terminal::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::terminal::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Writes to standard output.
pub fn write(text: fmt::Arguments<'_>) -> Result<(), Failure> {
    io::stdout().lock().write_fmt(text).map_err(failure)
}

fn failure(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::Closed
    } else {
        Failure::Input(format!("cannot write to standard output: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_reader_is_not_an_error_but_other_failures_are() {
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(matches!(failure(closed), Failure::Closed));
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert!(matches!(failure(full), Failure::Input(m) if m.contains("standard output")));
    }
}
