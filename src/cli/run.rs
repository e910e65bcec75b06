//! `wfsim run`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::shard::ShardArgs;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis;
use crate::report::{self, terminal, units};
use crate::scenario;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub shard: ShardArgs,
    /// Draw every [[uncertain]] parameter afresh in each replication (a Latin hypercube over the
    /// replications), so the intervals cover the parameters too; the replications also run
    /// without the draws, to say how much of each spread the parameters make.
    #[arg(long)]
    pub uncertainty: bool,
    /// Also write contacts.csv: replication 1's contacts, one row each, in the ticket-export
    /// schema `wfsim calibrate` reads. Refused above 2 M rows without --allow-large.
    #[arg(long)]
    pub contact_log: bool,
    /// Only the contacts that arrived in these weeks (FROM-TO, counted from 0, both included).
    #[arg(long, value_name = "FROM-TO", requires = "contact_log", value_parser = week_range)]
    pub contact_log_weeks: Option<(u32, u32)>,
}

/// `FROM-TO` for `--contact-log-weeks`.
fn week_range(text: &str) -> Result<(u32, u32), String> {
    let parsed = text
        .split_once('-')
        .and_then(|(a, b)| Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((from, to)) if from <= to => Ok((from, to)),
        _ => Err(format!(
            "{text:?} is not FROM-TO with FROM <= TO (e.g. 0-3)"
        )),
    }
}

/// The weeks to log, checked against the horizon and the size limit.
fn contact_log_weeks(
    args: &RunArgs,
    s: &scenario::Scenario,
    shard: bool,
) -> Result<Option<std::ops::RangeInclusive<u32>>, Failure> {
    if !args.contact_log {
        return Ok(None);
    }
    if shard || args.uncertainty {
        return Err(Failure::Input(
            "--contact-log logs replication 1 of a plain run\n  help: run it without --shard and --uncertainty".into(),
        ));
    }
    let weeks = match args.contact_log_weeks {
        Some((from, to)) if to >= s.horizon_weeks => {
            return Err(Failure::Input(format!(
                "--contact-log-weeks {from}-{to} goes past the horizon ({} weeks, 0-{})\n  help: choose weeks inside 0-{}",
                s.horizon_weeks,
                s.horizon_weeks - 1,
                s.horizon_weeks - 1
            )))
        }
        Some((from, to)) => from..=to,
        None => analysis::contact_log::all_weeks(s),
    };
    let rows = analysis::contact_log::estimated_rows(s, &weeks);
    if rows > analysis::contact_log::MAX_ROWS && !args.options.allow_large {
        return Err(Failure::Input(format!(
            "--contact-log would write about {} rows, more than {}\n  help: log fewer weeks with --contact-log-weeks FROM-TO, or pass --allow-large",
            units::whole(rows),
            units::whole(analysis::contact_log::MAX_ROWS)
        )));
    }
    Ok(Some(weeks))
}

pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let shard = args.shard.resolve()?;
    let options = &args.options;
    let limits = options.limits();
    let overrides = options.overrides();
    // Read once: a shard's partial carries this very text.
    let (file, text) = scenario::read_text(&args.scenario)?;
    let s = scenario::parse_with(&file, &text, &limits, &overrides)?;
    let out = options.out_or(|| PathBuf::from("outputs").join(&s.name));
    let log_weeks = contact_log_weeks(args, &s, shard.is_some())?;
    if args.uncertainty {
        if let Some(refused) = super::run_uncertainty::refusal(&s, &file, shard.is_some()) {
            return Err(refused);
        }
    }
    report::check_writable(&out).map_err(|e| Failure::Input(e.to_string()))?;
    if args.uncertainty {
        let input = super::run_uncertainty::Input {
            file: &file,
            text: &text,
            limits: &limits,
            overrides: &overrides,
        };
        return super::run_uncertainty::run(options, &s, &input, &out);
    }
    if let Some(shard) = shard {
        let input = super::run_shard::RunInput {
            scenario_file: file,
            scenario_text: text,
            overrides,
        };
        return super::run_shard::run_shard(options, &s, input, shard, &out);
    }
    if !options.quiet {
        eprintln!(
            "running {}: {} weeks x {} replications ...",
            s.name, s.horizon_weeks, s.replications
        );
    }
    let started = Instant::now();
    let progress = Progress::for_scenarios(&s.name, [&s], options.quiet);
    let detailed = analysis::run_detailed(&s, options.pool(), &|| progress.tick())
        .map_err(|e| Failure::Internal(e.to_string()))?;
    progress.finish();
    let result = &detailed.result;
    let elapsed = started.elapsed().as_secs_f64();
    // Plots render in parallel: on the pool `--threads` asked for, like the replications.
    let mut extra = Vec::new();
    let mut logged = None;
    if let Some(weeks) = &log_weeks {
        let rows = analysis::contact_log::contact_log(&s, weeks);
        logged = Some(rows.len());
        let names: Vec<String> = s.categories.iter().map(|c| c.name.clone()).collect();
        let csv =
            report::contacts_csv(&rows, &names).map_err(|e| Failure::Internal(e.to_string()))?;
        extra.push(("contacts.csv".to_string(), csv));
    }
    analysis::on_threads(options.pool(), || write_outputs(&s, &detailed, &out, extra))?;
    if !options.quiet {
        print_summary(result, elapsed, &out)?;
        if let (Some(n), Some(weeks)) = (logged, &log_weeks) {
            outln!(
                "wrote {}/contacts.csv: {} contacts of replication 1 that arrived in weeks {}-{} (week 0 starts {})",
                out.display(),
                units::whole(n as f64),
                weeks.start(),
                weeks.end(),
                report::WEEK_ZERO.0
            )?;
        }
    }
    Ok(())
}

/// Renders and writes every output of a run: the tables, the plots and the
/// brief. `wfsim merge` calls it too, so a sharded run's outputs are those of
/// a one-machine run by construction.
pub fn write_outputs(
    s: &scenario::Scenario,
    detailed: &analysis::DetailedRun,
    out: &std::path::Path,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<(), Failure> {
    let mut files: Vec<(String, Vec<u8>)> = report::render_run(&detailed.result)
        .map_err(|e| Failure::Internal(e.to_string()))?
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
    // Plots and the brief; reversibility figures come with `wfsim reversibility`.
    files.extend(
        report::render_run_brief(s, detailed, &analysis::RunFindings::of(s, detailed), None)
            .map_err(write_error)?,
    );
    files.push(("wfsim.xlsx".into(), run_workbook(&detailed.result, &files)?));
    files.extend(extra);
    write_files(out, &files)
}

/// The run's workbook, built from the run and its rendered `files`.
fn run_workbook(
    result: &analysis::RunResult,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, Failure> {
    let (sheets, charts) = report::workbook::run_sheets(result, files);
    report::workbook::workbook(&sheets, &charts).map_err(write_error)
}

pub(super) fn print_summary(
    result: &analysis::RunResult,
    elapsed: f64,
    out: &std::path::Path,
) -> Result<(), Failure> {
    outln!(
        "{}: {} weeks, {} replications, {} contacts in {:.1} s ({:.2} M contacts/s)",
        result.scenario,
        result.weeks,
        result.replications,
        units::whole(result.contacts_simulated),
        elapsed,
        result.contacts_simulated / elapsed.max(1e-9) / 1e6
    )?;
    out!("{}", terminal::run_totals(result))?;
    let pools = if result.pools.is_empty() {
        ""
    } else {
        " pools.csv,"
    };
    outln!(
        "wrote {}/{{weekly.csv, replications.csv, decisions.csv,{pools} summary.json, summary.md, wfsim.xlsx, brief.md, brief.html, plots/}}",
        out.display()
    )
}
