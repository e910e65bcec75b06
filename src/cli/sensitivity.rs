//! `wfsim sensitivity SCENARIO.toml`: what drives the answer. Every declared
//! `[[uncertain]]` parameter at the low and at the high end of its range,
//! the rest at the file's values, each variant with the base's seeds; all
//! variants are built and validated before the first one runs.
//! (`--shard` is not supported yet.)

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis::sensitivity::{self, ParameterRuns, DEFAULT_OUTPUTS};
use crate::analysis::{self, RunResult};
use crate::report;
use crate::scenario::{self, key_path, Overrides, Scenario};

#[derive(Debug, Args)]
#[command(
    mut_arg("replications", |a| a.help("Replications of the base and of every variant (default: the scenario's)")),
    mut_arg("seed", |a| a.help("Seed of the base and of every variant (default: the scenario's)")),
    mut_arg("out", |a| a.help("Output folder (default: outputs/<scenario name>-sensitivity)")),
    mut_arg("allow_large", |a| a.help("Accept more than 64 runs and sizes above the default safety limits")),
    mut_arg("quiet", |a| a.help("Print nothing but errors (and the JSON with --json)")),
)]
pub struct SensitivityArgs {
    /// The scenario file (TOML), with its estimates declared in `[[uncertain]]`.
    pub scenario: PathBuf,
    /// Outputs to rank by, comma-separated (default: csat_true,service_level,cost_total); the first sorts the JSON.
    #[arg(long, value_delimiter = ',', value_name = "a,b,...")]
    pub outputs: Option<Vec<String>>,
    /// Print the JSON contract on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub options: RunOptions,
}

/// A declared parameter's variants, built and checked.
struct Variant {
    key: String,
    base_value: f64,
    low: f64,
    high: f64,
    source: String,
    at_low: Scenario,
    at_high: Scenario,
}

pub fn run(args: &SensitivityArgs) -> Result<(), Failure> {
    let options = &args.options;
    let limits = options.limits();
    let overrides = options.overrides();
    let (file, text) = scenario::read_text(&args.scenario)?;
    // The file with its own diagnostics; its [[uncertain]] ends are checked too.
    let base = scenario::parse_with(&file, &text, &limits, &overrides)?;
    let outputs = match &args.outputs {
        Some(names) => sensitivity::parse_outputs(names).map_err(Failure::Input)?,
        None => DEFAULT_OUTPUTS.to_vec(),
    };
    if base.uncertain.is_empty() {
        return Err(Failure::Input(format!(
            "{file} declares no uncertain parameters\n  help: add an [[uncertain]] entry per estimate, e.g.\n  [[uncertain]]\n  key = \"staffing.fte\"\n  low = 90\n  high = 110\n  (docs/scenario-reference.md describes the keys)"
        )));
    }
    let runs = 1 + 2 * base.uncertain.len();
    if runs > limits.max_sweep_points {
        return Err(Failure::Input(format!(
            "{} uncertain parameters need {runs} runs, more than the limit of {}\n  help: {}",
            base.uncertain.len(),
            limits.max_sweep_points,
            limits.raise_help()
        )));
    }
    // Every end runs on the base's seeds and replications, whatever the file
    // or a declaration says, so each effect is paired (as `compare` does).
    let paired = Overrides {
        replications: Some(base.replications),
        seed: Some(base.seed),
    };
    let variants = build_variants(&file, &text, &base, &limits, &paired)?;
    let out =
        options.out_or(|| PathBuf::from("outputs").join(format!("{}-sensitivity", base.name)));
    report::check_writable(&out).map_err(write_error)?;

    let mut scenarios: Vec<&Scenario> = vec![&base];
    for v in &variants {
        scenarios.push(&v.at_low);
        scenarios.push(&v.at_high);
    }
    if !options.quiet {
        eprintln!(
            "sensitivity {}: {} parameters, {runs} runs of {} replications ...",
            base.name,
            variants.len(),
            base.replications
        );
    }
    let progress = Progress::for_scenarios("sensitivity", scenarios.iter().copied(), options.quiet);
    // Every run (and, inside it, every replication) shares one pool.
    let runs: Vec<analysis::DetailedRun> = analysis::on_threads(options.pool(), || {
        scenarios
            .par_iter()
            .map(|s| analysis::run_detailed(s, None, &|| progress.tick()))
            .collect::<Result<Vec<_>, _>>()
    })
    .map_err(|e| Failure::Internal(e.to_string()))?;
    progress.finish();
    let results: Vec<&RunResult> = runs.iter().map(|r| &r.result).collect();

    let parameters: Vec<ParameterRuns> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| ParameterRuns {
            key: v.key.clone(),
            base_value: v.base_value,
            low: v.low,
            high: v.high,
            source: v.source.clone(),
            at_low: results[1 + 2 * i],
            at_high: results[2 + 2 * i],
        })
        .collect();
    let analysed = sensitivity::analyse(results[0], &parameters, &outputs);
    let json = report::sensitivity_json(&analysed).map_err(write_error)?;
    let mut files = vec![
        (
            "sensitivity.csv".to_string(),
            report::sensitivity_csv(&analysed).map_err(write_error)?,
        ),
        (
            "sensitivity.md".to_string(),
            report::sensitivity_markdown(&analysed).into_bytes(),
        ),
    ];
    // The tornado charts, the base run's plots and its brief with "What
    // drives the answer".
    let brief = analysis::on_threads(options.pool(), || {
        report::render_sensitivity_brief(&base, &runs[0], &analysed)
    })
    .map_err(write_error)?;
    files.extend(brief);
    write_files(&out, &files)?;
    if args.json {
        out!("{}", String::from_utf8_lossy(&json))?;
    } else if !options.quiet {
        out!("{}", report::terminal::sensitivity_tables(&analysed))?;
        outln!(
            "wrote {}/{{sensitivity.csv, sensitivity.md, brief.md, brief.html, plots/}}",
            out.display()
        )?;
    }
    if !analysed.has_intervals() && !options.quiet {
        eprintln!(
            "note: {} replications: no interval is given for fewer than {}; run at least 3",
            analysed.replications,
            sensitivity::MIN_REPLICATIONS_FOR_INTERVAL
        );
    }
    Ok(())
}

/// Every declared parameter at its two ends, each end validated (the file's
/// check already refused ranges that break the scenario; this builds them).
fn build_variants(
    file: &str,
    text: &str,
    base: &Scenario,
    limits: &scenario::Limits,
    overrides: &Overrides,
) -> Result<Vec<Variant>, Failure> {
    let doc: toml::Table =
        toml::from_str(text).map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    base.uncertain
        .iter()
        .map(|u| {
            let build = |value: f64| {
                scenario::with_values(file, text, &[(u.key.clone(), value)], limits, overrides)
                    .map_err(|e| {
                        Failure::Input(format!("{file}: uncertain {} = {value}: {e}", u.key))
                    })
            };
            let base_value = key_path::get_number(&doc, &u.key)
                .map_err(|e| Failure::Input(e.render(&format!("{file}: uncertain {}", u.key))))?;
            Ok(Variant {
                key: u.key.clone(),
                base_value,
                low: u.low,
                high: u.high,
                source: u.source.clone(),
                at_low: build(u.low)?,
                at_high: build(u.high)?,
            })
        })
        .collect()
}
