//! The `--simulate` options shared by `wfsim queue` and `wfsim staff`, and the
//! checks that keep a simulation within reach before it starts.

use clap::Args;

use super::Failure;
use crate::analysis::{simulate_queue, SimulatedQueue};
use crate::queueing::QueueInputs;

/// Simulated contacts above which `--simulate` refuses to start.
const MAX_SIMULATED_CONTACTS: f64 = 2e9;

#[derive(Debug, Args)]
pub struct SimulationArgs {
    /// Also simulate the queue with the model of `wfsim run` and report 95% confidence intervals.
    #[arg(long)]
    pub simulate: bool,
    /// Simulated hours measured after a warm-up of a tenth of them (at least 1 hour).
    #[arg(long, default_value_t = 500.0)]
    pub hours: f64,
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=10_000))]
    pub replications: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl SimulationArgs {
    /// Refuses a window shorter than an hour or a run too large to finish.
    pub fn check(&self, arrivals_per_hour: f64) -> Result<(), Failure> {
        if !(self.hours.is_finite() && self.hours >= 1.0) {
            return Err(Failure::Input(format!(
                "--hours must be at least 1 (got {})",
                self.hours
            )));
        }
        let contacts =
            arrivals_per_hour * (self.hours + self.warmup_hours()) * f64::from(self.replications);
        if contacts > MAX_SIMULATED_CONTACTS {
            return Err(Failure::Input(format!(
                "--simulate would simulate {contacts:.2e} contacts, more than {MAX_SIMULATED_CONTACTS:.0e}\n  help: lower --hours or --replications"
            )));
        }
        Ok(())
    }

    fn warmup_hours(&self) -> f64 {
        (self.hours / 10.0).max(1.0)
    }

    /// Simulates the queue; call `check` first.
    pub fn run(&self, inputs: &QueueInputs) -> SimulatedQueue {
        simulate_queue(
            inputs,
            self.hours,
            self.warmup_hours(),
            self.replications,
            self.seed,
        )
    }
}
