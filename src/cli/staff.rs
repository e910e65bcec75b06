//! `wfsim staff`: the smallest number of agents meeting every target for one
//! queue (analytic, optionally confirmed by simulation), or the interval-by-
//! interval staffing plan of a scenario.

use std::path::PathBuf;

use clap::Args;

use super::simulation::SimulationArgs;
use super::terminal::{out, outln};
use super::{limits, values, Failure};
use crate::analysis::{confirm_staffing, staffing_plan};
use crate::queueing::{
    analyze, required_agents, QueueInputs, QueueMetrics, QueueingError, StaffingTarget,
};
use crate::report::{
    self, terminal,
    units::{self, Unit},
};
use crate::scenario;

#[derive(Debug, Args)]
pub struct StaffArgs {
    /// A scenario: plan its human channel interval by interval (writes staffing.csv).
    pub scenario: Option<PathBuf>,
    /// Poisson arrival rate (contacts per hour), for a single queue.
    #[arg(long, required_unless_present = "scenario", conflicts_with = "scenario",
          value_parser = values::non_negative)]
    pub arrivals_per_hour: Option<f64>,
    /// Mean (exponential) handle time in minutes.
    #[arg(long, required_unless_present = "scenario", conflicts_with = "scenario",
          value_parser = values::positive)]
    pub handle_minutes: Option<f64>,
    /// Mean (exponential) patience in minutes; without it nobody abandons.
    #[arg(long, conflicts_with = "scenario", value_parser = values::positive)]
    pub patience_minutes: Option<f64>,
    /// Service-level threshold in seconds.
    #[arg(long, required_unless_present = "scenario", conflicts_with = "scenario",
          value_parser = values::non_negative)]
    pub answer_seconds: Option<f64>,
    /// Share of contacts to answer within --answer-seconds (e.g. 0.8).
    #[arg(long, required_unless_present = "scenario", conflicts_with = "scenario",
          value_parser = values::probability)]
    pub service_level: Option<f64>,
    /// Largest acceptable share of abandoning contacts.
    #[arg(long, conflicts_with = "scenario", value_parser = values::probability)]
    pub max_abandon: Option<f64>,
    /// Largest acceptable occupancy.
    #[arg(long, conflicts_with = "scenario", value_parser = values::open_share)]
    pub max_occupancy: Option<f64>,
    /// With --simulate, agents are added while the simulated means miss a target.
    #[command(flatten)]
    pub simulation: SimulationArgs,
    /// Print exactly one JSON object (single queue only).
    #[arg(long, conflicts_with = "scenario")]
    pub json: bool,
    /// Output folder for a scenario's plan (default: outputs/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Accept sizes above the default safety limits.
    #[arg(long)]
    pub allow_large: bool,
}

pub fn run(args: &StaffArgs) -> Result<(), Failure> {
    match &args.scenario {
        Some(path) => plan_scenario(args, path),
        None => single_queue(args),
    }
}

fn single_queue(args: &StaffArgs) -> Result<(), Failure> {
    let limits = limits(args.allow_large);
    if args.out.is_some() {
        return Err(Failure::Input(
            "--out applies to a scenario's plan; a single queue writes nothing\n  help: remove --out, or name a scenario file".into(),
        ));
    }
    // clap guarantees these are present without a scenario.
    let missing = |flag: &str| Failure::Input(format!("{flag} is required without a scenario"));
    let arrivals_per_hour = args
        .arrivals_per_hour
        .ok_or_else(|| missing("--arrivals-per-hour"))?;
    let handle_minutes = args
        .handle_minutes
        .ok_or_else(|| missing("--handle-minutes"))?;
    let target = StaffingTarget {
        service_level: args
            .service_level
            .ok_or_else(|| missing("--service-level"))?,
        answer_seconds: args
            .answer_seconds
            .ok_or_else(|| missing("--answer-seconds"))?,
        max_abandon: args.max_abandon,
        max_occupancy: args.max_occupancy,
    };
    let agents = required_agents(
        arrivals_per_hour,
        handle_minutes,
        args.patience_minutes,
        &target,
        limits.max_agents,
    )
    .map_err(|e| match e {
        QueueingError::TargetUnreachable { .. } => {
            Failure::Input(format!("{e}\n  help: {}", limits.raise_help()))
        }
        other => Failure::Input(other.to_string()),
    })?;
    let inputs = |agents: u32| QueueInputs {
        arrivals_per_hour,
        handle_minutes,
        agents,
        patience_minutes: args.patience_minutes,
        answer_seconds: target.answer_seconds,
    };
    let analytic = analyze(&inputs(agents)).map_err(|e| Failure::Input(e.to_string()))?;
    let confirmed = if args.simulation.simulate {
        args.simulation.check(arrivals_per_hour, &limits)?;
        Some(confirm_staffing(agents, &target, |n| {
            args.simulation.run(&inputs(n))
        }))
    } else {
        None
    };
    if args.json {
        let confirmed = confirmed.as_ref().map(|(n, sim)| (*n, sim));
        let line = report::staff_json(agents, &analytic, confirmed)
            .map_err(|e| Failure::Internal(e.to_string()))?;
        outln!("{line}")?;
        return Ok(());
    }
    print_queue(agents, &analytic, &target)?;
    if let Some((n, sim)) = confirmed {
        outln!(
            "simulation ({} replications, {} h each): {n} agents",
            args.simulation.replications,
            args.simulation.hours
        )?;
        out!("{}", terminal::simulated_queue(&sim))?;
    }
    Ok(())
}

fn print_queue(agents: u32, m: &QueueMetrics, target: &StaffingTarget) -> Result<(), Failure> {
    outln!(
        "{agents} agents: {} answered within {} s (target {})",
        units::value(m.service_level, Unit::Share),
        target.answer_seconds,
        units::value(target.service_level, Unit::Share)
    )?;
    out!("{}", terminal::queue_analytic(m))
}

fn plan_scenario(args: &StaffArgs, path: &std::path::Path) -> Result<(), Failure> {
    if args.simulation.simulate {
        return Err(Failure::Input(
            "--simulate applies to a single queue, not to a scenario's plan\n  help: remove --simulate, or give --arrivals-per-hour and the other queue flags instead of a scenario".into(),
        ));
    }
    let s = scenario::load(path, &limits(args.allow_large))?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("outputs").join(&s.name));
    report::check_writable(&out).map_err(|e| Failure::Input(e.to_string()))?;
    let plan = staffing_plan(&s).map_err(|e| Failure::Input(e.to_string()))?;
    let intervals = report::staffing_csv(&plan).map_err(|e| Failure::Internal(e.to_string()))?;
    let weeks = report::staffing_weeks_csv(&plan).map_err(|e| Failure::Internal(e.to_string()))?;
    let book = report::workbook::workbook(
        &[
            report::workbook::csv_sheet("Staffing", &weeks),
            report::workbook::csv_sheet("Staffing by interval", &intervals),
        ],
        &[],
    )
    .map_err(|e| Failure::Internal(e.to_string()))?;
    let files = vec![
        ("staffing.csv", intervals),
        ("staffing_weeks.csv", weeks),
        ("wfsim.xlsx", book),
    ];
    report::write_atomically(&out, &files).map_err(|e| {
        if e.is_input() {
            Failure::Input(e.to_string())
        } else {
            Failure::Internal(e.to_string())
        }
    })?;
    outln!(
        "{}: staffing plan for {} of human-channel contacts answered within {} s, {} weeks",
        s.name,
        units::value(s.staffing.service_level_target, Unit::Share),
        s.staffing.answer_seconds,
        s.horizon_weeks
    )?;
    out!("{}", terminal::staffing_weeks(&plan))?;
    outln!(
        "wrote {}/{{staffing.csv, staffing_weeks.csv, wfsim.xlsx}}",
        out.display()
    )?;
    Ok(())
}
