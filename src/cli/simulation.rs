//! The `--simulate` options shared by `wfsim queue` and `wfsim staff`, and the
//! checks that keep a simulation within reach before it starts.

use clap::Args;

use super::{values, Failure};
use crate::analysis::{simulate_queue, SimulatedQueue};
use crate::queueing::QueueInputs;
use crate::scenario::Limits;

#[derive(Debug, Args)]
pub struct SimulationArgs {
    /// Also simulate the queue with the model of `wfsim run` and report 95% confidence intervals.
    #[arg(long)]
    pub simulate: bool,
    /// Simulated hours measured after a warm-up of a tenth of them (at least 1 hour).
    #[arg(long, default_value_t = 500.0, value_parser = values::positive, requires = "simulate")]
    pub hours: f64,
    /// Replications of the simulation.
    #[arg(long, default_value_t = 10, value_parser = values::count::<2, 10_000>, requires = "simulate")]
    pub replications: u32,
    /// Base seed of the simulation.
    #[arg(long, default_value_t = 1, value_parser = values::seed, requires = "simulate")]
    pub seed: u64,
}

impl SimulationArgs {
    /// Refuses a window shorter than an hour or a run too large to finish.
    pub fn check(&self, arrivals_per_hour: f64, limits: &Limits) -> Result<(), Failure> {
        if !(self.hours.is_finite() && self.hours >= 1.0) {
            return Err(Failure::Input(format!(
                "--hours must be at least 1 (got {})",
                self.hours
            )));
        }
        if arrivals_per_hour <= 0.0 {
            return Err(Failure::Input(
                "--simulate needs --arrivals-per-hour above 0 (got 0): nothing would arrive to measure".into(),
            ));
        }
        let hours = self.hours + self.warmup_hours();
        if hours > limits.max_simulated_hours {
            return Err(Failure::Input(format!(
                "--simulate would simulate {hours} hours (warm-up included), more than the limit of {}\n  help: {}",
                limits.max_simulated_hours,
                limits.raise_help()
            )));
        }
        let contacts = arrivals_per_hour * hours * f64::from(self.replications);
        if contacts > limits.max_simulated_contacts {
            return Err(Failure::Input(format!(
                "--simulate would simulate {contacts:.2e} contacts, more than the limit of {:.0e}\n  help: {}",
                limits.max_simulated_contacts,
                limits.raise_help()
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
