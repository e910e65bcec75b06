//! `wfsim queue`: the closed-form figures of an M/M/c(+M) queue and, with
//! `--simulate`, the same queue simulated by the model of `wfsim run`.

use std::time::Instant;

use clap::Args;

use super::simulation::SimulationArgs;
use super::terminal::{out, outln};
use super::{limits, values, Failure};
use crate::queueing::{analyze, QueueInputs, QueueingError};
use crate::report::units::{self, Unit};
use crate::report::{self, terminal};

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Poisson arrival rate (contacts per hour).
    #[arg(long, value_parser = values::non_negative)]
    pub arrivals_per_hour: f64,
    /// Mean (exponential) handle time in minutes.
    #[arg(long, value_parser = values::positive)]
    pub handle_minutes: f64,
    /// Number of agents (servers); at most 1,000,000 without --allow-large.
    #[arg(long, value_parser = values::count::<1, { u32::MAX }>)]
    pub agents: u32,
    /// Mean (exponential) patience in minutes; without it customers never abandon (Erlang C).
    #[arg(long, value_parser = values::positive)]
    pub patience_minutes: Option<f64>,
    /// Service-level threshold in seconds.
    #[arg(long, default_value_t = 20.0, value_parser = values::non_negative)]
    pub answer_seconds: f64,
    #[command(flatten)]
    pub simulation: SimulationArgs,
    /// Print exactly one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Accept sizes above the default safety limits (agents, simulated hours and contacts).
    #[arg(long)]
    pub allow_large: bool,
}

pub fn run(args: &QueueArgs) -> Result<(), Failure> {
    let limits = limits(args.allow_large);
    if args.agents > limits.max_agents {
        return Err(Failure::Input(format!(
            "--agents is more than the limit of {} agents (got {})\n  help: {}",
            limits.max_agents,
            args.agents,
            limits.raise_help()
        )));
    }
    let inputs = QueueInputs {
        arrivals_per_hour: args.arrivals_per_hour,
        handle_minutes: args.handle_minutes,
        agents: args.agents,
        patience_minutes: args.patience_minutes,
        answer_seconds: args.answer_seconds,
    };
    let analytic = analyze(&inputs).map_err(|e| match e {
        QueueingError::Unstable { .. } => Failure::Input(format!(
            "{e}\n  help: add --patience-minutes to model abandonment (Erlang A), or add agents"
        )),
        other => Failure::Input(other.to_string()),
    })?;
    let simulated = if args.simulation.simulate {
        args.simulation.check(args.arrivals_per_hour, &limits)?;
        let started = Instant::now();
        let sim = args.simulation.run(&inputs);
        Some((sim, started.elapsed().as_secs_f64()))
    } else {
        None
    };
    if args.json {
        let sim = simulated.as_ref().map(|(sim, wall)| (sim, *wall));
        let line =
            report::queue_json(&analytic, sim).map_err(|e| Failure::Internal(e.to_string()))?;
        outln!("{line}")?;
        return Ok(());
    }
    let model = if args.patience_minutes.is_some() {
        "Erlang A (M/M/c+M)"
    } else {
        "Erlang C (M/M/c)"
    };
    let load = args.arrivals_per_hour * args.handle_minutes / 60.0;
    outln!(
        "{model}: {} contacts/h, {} min handle, {} agents, load {} erlangs",
        args.arrivals_per_hour,
        args.handle_minutes,
        args.agents,
        units::value(load, Unit::Count)
    )?;
    let sim = simulated.as_ref().map(|(s, _)| s);
    out!("{}", terminal::queue_figures(&analytic, sim))?;
    if let Some((sim, wall)) = simulated {
        outln!(
            "  {} contacts simulated in {wall:.2} s",
            units::whole(sim.contacts_simulated as f64)
        )?;
    }
    Ok(())
}
