//! `wfsim sweep SCENARIO.toml --set KEY=v1,v2,... [--set KEY2=...]`: every
//! grid point a full run with the same seeds; every point is built and
//! validated before the first one runs. With `--shard K/N` only that shard's
//! (point, replication) items run (see `sweep_shard`).

use std::path::{Path, PathBuf};

use clap::Args;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::shard::ShardArgs;
use super::sweep_shard::SweepInput;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis::{self, RunResult};
use crate::report::{self, plot, SweepPoint};
use crate::scenario;
use crate::scenario::grid::{self, Axis, Point};

#[derive(Debug, Args)]
#[command(
    mut_arg("replications", |a| a.help("Replications at every point (default: the scenario's)")),
    mut_arg("seed", |a| a.help("Seed for every point (default: the scenario's)")),
    mut_arg("out", |a| a.help("Output folder (default: outputs/<scenario name>-sweep)")),
    mut_arg("allow_large", |a| a.help("Accept grids above 64 points and sizes above the default safety limits")),
)]
pub struct SweepArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// A key path and its values, e.g. `categories.refunds.share=0.2,0.3`
    /// or `staffing.schedule[1].fte=2000,2300`; repeat for a grid.
    #[arg(long = "set", required = true, value_name = "KEY=v1,v2,...")]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub shard: ShardArgs,
}

pub fn run(args: &SweepArgs) -> Result<(), Failure> {
    let shard = args.shard.resolve()?;
    let options = &args.options;
    let limits = options.limits();
    let axes = parse_axes(&args.sets).map_err(Failure::Input)?;
    // Read once: the points are built from this text, and a shard carries it.
    let (file, text) = scenario::read_text(&args.scenario)?;
    let overrides = options.overrides();
    let points =
        grid::build_points(&file, &text, &axes, &limits, &overrides).map_err(Failure::Input)?;
    let out = out_folder(options.out.as_deref(), &points);
    report::check_writable(&out).map_err(write_error)?;
    if let Some(shard) = shard {
        let input = SweepInput {
            scenario_file: file,
            scenario_text: text,
            sets: args.sets.clone(),
            overrides,
        };
        let threads = options.pool();
        return super::sweep_shard::run_shard(input, &points, shard, threads, &out, options.quiet);
    }
    if !options.quiet {
        eprintln!("sweep {}: {} points ...", sweep_name(&points), points.len());
    }
    let progress =
        Progress::for_scenarios("sweep", points.iter().map(|p| &p.scenario), options.quiet);
    let mut results = Vec::with_capacity(points.len());
    for p in &points {
        let run = analysis::run_detailed(&p.scenario, options.pool(), &|| progress.tick())
            .map_err(|e| Failure::Internal(e.to_string()))?;
        results.push(run.result);
    }
    progress.finish();
    // Plots render on the pool `--threads` asked for, like the points.
    analysis::on_threads(options.pool(), || {
        write_outputs(&axes, &points, &results, &out, options.quiet)
    })
}

/// The `--set` arguments as axes.
pub fn parse_axes(sets: &[String]) -> Result<Vec<Axis>, String> {
    sets.iter().map(|s| grid::parse_axis(s)).collect()
}

/// The scenario's name, as in the default output folder.
pub fn sweep_name(points: &[Point]) -> String {
    points
        .first()
        .map_or("sweep".to_string(), |p| p.scenario.name.clone())
}

/// `--out`, or `outputs/<scenario name>-sweep`.
pub fn out_folder(out: Option<&Path>, points: &[Point]) -> PathBuf {
    out.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("outputs").join(format!("{}-sweep", sweep_name(points))))
}

/// Renders and writes `sweep.csv` and `plots/` for `points` and their
/// `results` (in the same order) into `out`, and prints the summary table.
/// `wfsim merge` calls it too, so a sharded sweep's outputs are those of a
/// one-machine sweep by construction.
pub fn write_outputs(
    axes: &[Axis],
    points: &[Point],
    results: &[RunResult],
    out: &Path,
    quiet: bool,
) -> Result<(), Failure> {
    let keys: Vec<String> = axes.iter().map(|a| a.key.clone()).collect();
    let swept: Vec<SweepPoint> = points
        .iter()
        .zip(results)
        .map(|(p, r)| SweepPoint {
            settings: &p.settings,
            result: r,
        })
        .collect();
    let mut files = vec![(
        "sweep.csv".to_string(),
        report::sweep_csv(&keys, &swept).map_err(write_error)?,
    )];
    let figures = report::sweep_figures(&keys, &swept);
    files.extend(plot::render_files(&figures).map_err(|e| Failure::Internal(e.to_string()))?);
    write_files(out, &files)?;
    if !quiet {
        out!("{}", report::terminal::sweep_table(&keys, &swept))?;
        outln!("wrote {}/{{sweep.csv, plots/}}", out.display())?;
    }
    Ok(())
}
