//! A progress bar on stderr for runs longer than a moment: simulated weeks
//! (over all replications) done out of the total, with elapsed time and an
//! estimate of what is left.
//! Silent with `--quiet`, when stderr is not a terminal (a pipe, a CI log),
//! or when the run is small enough to finish before a bar would help.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::scenario::Scenario;

/// Contacts to simulate below which no bar is shown (about a second's work).
pub const MIN_CONTACTS_FOR_BAR: f64 = 2e6;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over the replication-weeks of `scenarios`, each run once in
    /// full (`run`, `compare`, `sweep`, `sensitivity`), or a silent one.
    /// The bar's total and its size test are worked out here only.
    pub fn for_scenarios<'a>(
        what: &str,
        scenarios: impl IntoIterator<Item = &'a Scenario>,
        quiet: bool,
    ) -> Self {
        let (weeks, contacts) = scenarios
            .into_iter()
            .fold((0, 0.0), |(weeks, contacts), s| {
                (
                    weeks + replication_weeks(s),
                    contacts + expected_contacts(s),
                )
            });
        Self::with_terminal(
            what,
            weeks,
            contacts,
            quiet,
            std::io::stderr().is_terminal(),
        )
    }

    fn with_terminal(what: &str, total: u64, contacts: f64, quiet: bool, terminal: bool) -> Self {
        if quiet || !terminal || contacts < MIN_CONTACTS_FOR_BAR {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {msg} [{bar:25}] {percent:>3}% {elapsed} elapsed, ~{eta} left",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    #[cfg(test)]
    fn is_shown(&self) -> bool {
        self.0.is_some()
    }

    /// One replication finished a week (callable from worker threads).
    pub fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the bar so the summary prints on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Weeks a scenario's replications simulate in all: the bar ticks once per
/// replication and week.
fn replication_weeks(s: &Scenario) -> u64 {
    u64::from(s.replications) * u64::from(s.horizon_weeks)
}

/// Contacts a scenario will simulate, roughly: weekly volume × weeks ×
/// replications (growth and repeats ignored).
fn expected_contacts(s: &Scenario) -> f64 {
    s.demand.contacts_per_week * f64::from(s.horizon_weeks) * f64::from(s.replications)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silent_when_quiet_not_a_terminal_or_small() {
        assert!(!Progress::with_terminal("x", 4, 1e9, true, true).is_shown());
        assert!(!Progress::with_terminal("x", 4, 1e9, false, false).is_shown());
        assert!(!Progress::with_terminal("x", 4, 1e3, false, true).is_shown());
        let shown = Progress::with_terminal("x", 4, 1e9, false, true);
        assert!(shown.is_shown());
        shown.tick();
        shown.finish();
    }
}
