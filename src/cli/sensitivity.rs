//! `wfsim sensitivity SCENARIO.toml`: what drives the answer. Every declared
//! `[[uncertain]]` parameter at the low and at the high end of its range,
//! the rest at the file's values, each variant with the base's seeds; all
//! variants are built and validated before the first one runs. With
//! `--shard K/N` only that shard's (run, replication) items run (see
//! `sensitivity_shard`).

use std::path::{Path, PathBuf};

use clap::Args;
use rayon::prelude::*;

use super::output::{write_error, write_files};
use super::progress::Progress;
use super::run_options::RunOptions;
use super::sensitivity_shard::SensitivityInput;
use super::shard::ShardArgs;
use super::terminal::{out, outln};
use super::Failure;
use crate::analysis;
use crate::analysis::reversibility::{self, RecoveryTimes};
use crate::analysis::sensitivity::{self, Output, ParameterRuns, RunView, DEFAULT_OUTPUTS};
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
    /// Outputs to rank by, comma-separated (default: csat_true,service_level,cost_total,cost_per_issue, and recovery_weeks where the scenario reverses); the first sorts the JSON.
    #[arg(long, value_delimiter = ',', value_name = "a,b,...")]
    pub outputs: Option<Vec<String>>,
    /// Print the JSON contract on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// A declared parameter's variants, built and checked.
pub(super) struct Variant {
    key: String,
    base_value: f64,
    low: f64,
    high: f64,
    source: String,
    at_low: Scenario,
    at_high: Scenario,
}

/// Every run of a sensitivity analysis, built from the file's text (a merge
/// rebuilds it from the text its partials carry): the base, then each
/// parameter's low and high end.
pub(super) struct Plan {
    pub base: Scenario,
    variants: Vec<Variant>,
    /// As asked for with `--outputs`; `None` for the defaults.
    outputs: Option<Vec<Output>>,
}

impl Plan {
    /// Base first, then every parameter's low and high end: the order of
    /// the runs (and of a shard's items).
    pub fn scenarios(&self) -> Vec<&Scenario> {
        let mut scenarios = vec![&self.base];
        for v in &self.variants {
            scenarios.push(&v.at_low);
            scenarios.push(&v.at_high);
        }
        scenarios
    }
}

/// Builds and checks every run before the first one starts.
pub(super) fn plan(
    file: &str,
    text: &str,
    limits: &scenario::Limits,
    overrides: &Overrides,
    outputs: Option<&[String]>,
) -> Result<Plan, Failure> {
    // The file with its own diagnostics; its [[uncertain]] ends are checked too.
    let base = scenario::parse_with(file, text, limits, overrides)?;
    let outputs = outputs
        .map(sensitivity::parse_outputs)
        .transpose()
        .map_err(Failure::Input)?;
    if outputs
        .as_ref()
        .is_some_and(|o| o.contains(&Output::RecoveryWeeks))
        && reversibility::change_week(&base).is_none_or(|w| w == 0)
    {
        let recovery_weeks = Output::RecoveryWeeks;
        return Err(Failure::Input(format!(
            "--outputs names {recovery_weeks}, but {file} makes no change to reverse\n  help: recovery is timed from a reversal after an automation change (a rollout or a planned cut); drop {recovery_weeks} or add the change"
        )));
    }
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
    let variants = build_variants(file, text, &base, limits, &paired)?;
    Ok(Plan {
        base,
        variants,
        outputs,
    })
}

pub fn run(args: &SensitivityArgs) -> Result<(), Failure> {
    let shard = args.shard.resolve()?;
    if shard.is_some() && args.json {
        return Err(Failure::Input(
            "--json with --shard: a shard has no result to print\n  help: run the shards without --json; `wfsim merge` writes sensitivity.json".into(),
        ));
    }
    let options = &args.options;
    let (file, text) = scenario::read_text(&args.scenario)?;
    let overrides = options.overrides();
    let plan = plan(
        &file,
        &text,
        &options.limits(),
        &overrides,
        args.outputs.as_deref(),
    )?;
    let out =
        options.out_or(|| PathBuf::from("outputs").join(format!("{}-sensitivity", plan.base.name)));
    report::check_writable(&out).map_err(write_error)?;
    if let Some(shard) = shard {
        let input = SensitivityInput {
            scenario_file: file,
            scenario_text: text,
            outputs: args.outputs.clone(),
            overrides,
        };
        return super::sensitivity_shard::run_shard(input, &plan, shard, options, &out);
    }
    let scenarios = plan.scenarios();
    if !options.quiet {
        eprintln!(
            "sensitivity {}: {} parameters, {} runs of {} replications ...",
            plan.base.name,
            plan.variants.len(),
            scenarios.len(),
            plan.base.replications
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
    let shown = Shown {
        json: args.json,
        quiet: options.quiet,
    };
    write_outputs(&plan, &runs, &out, options.pool(), shown)
}

/// What the terminal shows once the outputs are written.
#[derive(Clone, Copy)]
pub(super) struct Shown {
    /// The JSON contract on stdout instead of the table.
    pub json: bool,
    pub quiet: bool,
}

/// Analyses the runs (`runs[i]` ran `plan.scenarios()[i]`), writes every
/// output and prints the table or the JSON. `wfsim merge` calls it too, so
/// a sharded analysis writes what one machine would.
pub(super) fn write_outputs(
    plan: &Plan,
    runs: &[analysis::DetailedRun],
    out: &Path,
    threads: Option<usize>,
    shown: Shown,
) -> Result<(), Failure> {
    let scenarios = plan.scenarios();
    // Recovery is read from the runs themselves (no extra runs).
    let recovery: Vec<Option<RecoveryTimes>> = scenarios
        .iter()
        .zip(runs)
        .map(|(s, r)| reversibility::recovery_times(s, r))
        .collect();
    let view = |i: usize| RunView {
        result: &runs[i].result,
        recovery: recovery[i].as_ref(),
    };
    let outputs = plan.outputs.clone().unwrap_or_else(|| {
        let mut o = DEFAULT_OUTPUTS.to_vec();
        if recovery[0].is_some() {
            o.push(Output::RecoveryWeeks);
        }
        o
    });
    let parameters: Vec<ParameterRuns> = plan
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| ParameterRuns {
            key: v.key.clone(),
            base_value: v.base_value,
            low: v.low,
            high: v.high,
            source: v.source.clone(),
            at_low: view(1 + 2 * i),
            at_high: view(2 + 2 * i),
        })
        .collect();
    let analysed = sensitivity::analyse(view(0), &parameters, &outputs);
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
        ("sensitivity.json".to_string(), json.clone()),
    ];
    // The tornado charts, the base run's plots and its brief with "What
    // drives the answer".
    let brief = analysis::on_threads(threads, || {
        let findings = analysis::RunFindings::of(&plan.base, &runs[0]);
        report::render_sensitivity_brief(&plan.base, &runs[0], &findings, &analysed)
    })
    .map_err(write_error)?;
    files.extend(brief);
    write_files(out, &files)?;
    if shown.json {
        out!("{}", String::from_utf8_lossy(&json))?;
    } else if !shown.quiet {
        out!("{}", report::terminal::sensitivity_tables(&analysed))?;
        outln!(
            "wrote {}/{{sensitivity.csv, sensitivity.md, sensitivity.json, brief.md, brief.html, plots/}}",
            out.display()
        )?;
    }
    if !analysed.has_intervals() && !shown.quiet {
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
