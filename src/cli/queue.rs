//! `wfsim queue`: the closed-form figures of an M/M/c(+M) queue and, with
//! `--simulate`, the same queue simulated by the model of `wfsim run`.

use std::time::Instant;

use clap::Args;
use serde_json::json;

use super::Failure;
use crate::analysis::simulate_queue;
use crate::queueing::{analyze, QueueInputs, QueueingError};

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Poisson arrival rate (contacts per hour).
    #[arg(long)]
    pub arrivals_per_hour: f64,
    /// Mean (exponential) handle time in minutes.
    #[arg(long)]
    pub handle_minutes: f64,
    /// Number of agents (servers).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub agents: u32,
    /// Mean (exponential) patience in minutes; without it customers never abandon (Erlang C).
    #[arg(long)]
    pub patience_minutes: Option<f64>,
    /// Service-level threshold in seconds.
    #[arg(long, default_value_t = 20.0)]
    pub answer_seconds: f64,
    /// Also simulate the queue and report 95% confidence intervals.
    #[arg(long)]
    pub simulate: bool,
    /// Simulated hours measured after a warm-up of a tenth of them (at least 1 hour).
    #[arg(long, default_value_t = 500.0)]
    pub hours: f64,
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(2..=10_000))]
    pub replications: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print exactly one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Simulated contacts above which `--simulate` refuses to start.
const MAX_SIMULATED_CONTACTS: f64 = 2e9;

pub fn run(args: &QueueArgs) -> Result<(), Failure> {
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
    if !(args.hours.is_finite() && args.hours >= 1.0) {
        return Err(Failure::Input(format!(
            "--hours must be at least 1 (got {})",
            args.hours
        )));
    }
    let simulated = if args.simulate {
        let warmup = (args.hours / 10.0).max(1.0);
        let contacts =
            args.arrivals_per_hour * (args.hours + warmup) * f64::from(args.replications);
        if contacts > MAX_SIMULATED_CONTACTS {
            return Err(Failure::Input(format!(
                "--simulate would simulate {contacts:.2e} contacts, more than {MAX_SIMULATED_CONTACTS:.0e}\n  help: lower --hours or --replications"
            )));
        }
        let started = Instant::now();
        let sim = simulate_queue(&inputs, args.hours, warmup, args.replications, args.seed);
        Some((sim, started.elapsed().as_secs_f64()))
    } else {
        None
    };
    if args.json {
        // Estimate and SimulatedQueue serialise to the contract's shapes
        // (`{"mean","ci95_low","ci95_high"}`, NaN as null).
        let mut value = json!({ "analytic": analytic });
        if let Some((sim, wall)) = &simulated {
            value["simulated"] = json!(sim);
            value["contacts_simulated"] = json!(sim.contacts_simulated);
            value["wall_seconds"] = json!(wall);
        }
        println!("{value}");
        return Ok(());
    }
    let model = if args.patience_minutes.is_some() {
        "Erlang A (M/M/c+M)"
    } else {
        "Erlang C (M/M/c)"
    };
    println!(
        "{model}: {} contacts/h, {} min handle, {} agents, load {:.3} erlangs",
        args.arrivals_per_hour,
        args.handle_minutes,
        args.agents,
        args.arrivals_per_hour * args.handle_minutes / 60.0
    );
    let simulated_figures = simulated.as_ref().map(|(s, _)| s.figures());
    for (i, (name, value)) in analytic.figures().into_iter().enumerate() {
        let sim = simulated_figures.map(|figures| figures[i].1);
        match sim {
            Some(e) => println!(
                "  {name:<14} {value:>12.6}   simulated {:.6} [{:.6}, {:.6}]",
                e.mean, e.ci95_low, e.ci95_high
            ),
            None => println!("  {name:<14} {value:>12.6}"),
        }
    }
    if let Some((sim, wall)) = simulated {
        println!(
            "  {} contacts simulated in {wall:.2} s",
            sim.contacts_simulated
        );
    }
    Ok(())
}
