//! The plots and brief written beside the tables by `wfsim run` and
//! `wfsim compare`: figures drawn and the brief rendered from the analysis'
//! results (claims, the human role, the comparison), everything to bytes in
//! memory for the one atomic write.

use super::brief::{brief_html, brief_markdown, Brief, BriefFigure, ScenarioBrief};
use super::plot::{self, Figure};
use super::{compare_csv, compare_markdown, WriteError};
use crate::analysis::compare::CompareResult;
use crate::analysis::reversibility::Reversibility;
use crate::analysis::{DetailedRun, Metric, RunFindings};
use crate::scenario::Scenario;

/// Rendered files: a name under the output folder (may hold `plots/`) and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

fn plot_error(e: plot::PlotError) -> WriteError {
    WriteError::Render {
        what: "plots",
        message: e.to_string(),
    }
}

/// PNG and SVG files of the figures, and the brief's view of them (PNG),
/// each shown in the brief section given beside it.
fn render_figures(figures: &[(Figure, usize)]) -> Result<(Files, Vec<BriefFigure>), WriteError> {
    let only: Vec<Figure> = figures.iter().map(|(f, _)| f.clone()).collect();
    let files = plot::render_files(&only).map_err(plot_error)?;
    let brief = figures
        .iter()
        .zip(files.chunks(2))
        .map(|((f, section), pair)| BriefFigure {
            name: f.name().to_string(),
            title: f.title().to_string(),
            png: pair[0].1.clone(),
            section: *section,
        })
        .collect();
    Ok((files, brief))
}

/// The figures of one run (see `plot::figures_for_run`).
pub fn run_figures(scenario: &Scenario, run: &DetailedRun) -> Vec<Figure> {
    let mut markers = plot::markers_for_scenario(scenario);
    markers.extend(plot::markers_for_decisions(&run.result.decisions));
    markers.sort_by(|a, b| a.week.total_cmp(&b.week));
    plot::figures_for_run(
        &run.result,
        &markers,
        Some(scenario.csat.threshold),
        &plot::pools_for_run(&run.result),
    )
}

/// The figures of section 3 from a reversibility analysis of `run`: the dip
/// and recovery against the counterfactual, the chance of recovering by cut
/// (when searched), recovery by Kaplan–Meier (when any replication reversed)
/// and the levers (when any was run).
fn reversibility_figures(run: &DetailedRun, r: &Reversibility) -> Vec<Figure> {
    let csat = plot::weekly_estimates(&run.result, Metric::CsatTrue);
    let window = (r.reversed > 0).then(|| {
        let from = r.reversal_week.mean;
        (from, from + f64::from(r.window_weeks))
    });
    let change = plot::Marker {
        week: f64::from(r.change_week),
        label: "the change".into(),
    };
    let mut figures = vec![plot::recovery_figure(
        &csat,
        &r.counterfactual_weekly,
        window,
        &[change],
    )];
    if !r.recovery_probability.is_empty() {
        figures.push(plot::recovery_probability_figure(
            &r.recovery_probability,
            r.point_of_no_return_fte.as_ref(),
            r.confidence,
            r.window_weeks,
        ));
    }
    if r.reversed > 0 {
        figures.push(plot::recovery_km_figure(&r.recovery_weeks, r.window_weeks));
    }
    if !r.levers.is_empty() {
        figures.push(plot::lever_figure(&r.levers));
    }
    figures
}

/// `plots/*.png|svg`, `brief.md` and `brief.html` for `wfsim run`, and for
/// `wfsim reversibility` with its analysis of the run in section 3.
pub fn render_run_brief(
    scenario: &Scenario,
    run: &DetailedRun,
    findings: &RunFindings,
    reversibility: Option<&Reversibility>,
) -> Result<Files, WriteError> {
    let extra = reversibility.map_or_else(Vec::new, |r| {
        reversibility_figures(run, r)
            .into_iter()
            .map(|f| (f, 2))
            .collect()
    });
    one_scenario_brief(scenario, run, findings, extra, reversibility, None)
}

/// `plots/*.png|svg` (the base run's and a tornado chart per output),
/// `brief.md` and `brief.html` for `wfsim sensitivity`: the base run's brief
/// with "What drives the answer" added.
pub fn render_sensitivity_brief(
    scenario: &Scenario,
    run: &DetailedRun,
    findings: &RunFindings,
    sensitivity: &crate::analysis::sensitivity::Sensitivity,
) -> Result<Files, WriteError> {
    let extra = super::tornado_figures(sensitivity)
        .into_iter()
        .map(|f| (f, super::brief::DRIVERS_FIGURES))
        .collect();
    let drivers = super::drivers(sensitivity);
    one_scenario_brief(scenario, run, findings, extra, None, Some(&drivers))
}

/// The run's plots plus `extra` figures (each with its section), and the
/// brief of one scenario.
fn one_scenario_brief(
    scenario: &Scenario,
    run: &DetailedRun,
    findings: &RunFindings,
    extra: Vec<(Figure, usize)>,
    reversibility: Option<&Reversibility>,
    drivers: Option<&super::Drivers>,
) -> Result<Files, WriteError> {
    let mut figures: Vec<(Figure, usize)> = run_figures(scenario, run)
        .into_iter()
        .map(|f| (f, 0))
        .collect();
    figures.extend(extra);
    let (mut files, figures) = render_figures(&figures)?;
    let brief = Brief {
        title: format!("Brief: {}", run.result.scenario),
        comparison: None,
        scenarios: vec![ScenarioBrief {
            result: &run.result,
            threshold: Some(scenario.csat.threshold),
            claims: &findings.claims,
            human_role: &findings.human_role,
            alarms: &findings.alarms,
            reversibility,
        }],
        figures,
        drivers,
    };
    files.push(("brief.md".into(), brief_markdown(&brief).into_bytes()));
    files.push(("brief.html".into(), brief_html(&brief).into_bytes()));
    Ok(files)
}

/// `compare.csv`, `compare.md`, overlay plots, `brief.md` and `brief.html`
/// for `wfsim compare`; `runs[i]` ran `scenarios[i]`, the first is the
/// reference, and `result` is their comparison.
pub fn render_compare(
    scenarios: &[Scenario],
    runs: &[DetailedRun],
    result: &CompareResult,
) -> Result<Files, WriteError> {
    let comparison = &result.comparison;
    let results: Vec<_> = runs.iter().map(|r| &r.result).collect();
    let overlays: Vec<(Figure, usize)> = plot::overlay_figures(&results)
        .into_iter()
        .map(|f| (f, 0))
        .collect();
    let (mut files, figures) = render_figures(&overlays)?;
    files.push(("compare.csv".into(), compare_csv(comparison)?));
    files.push((
        "compare.md".into(),
        compare_markdown(comparison).into_bytes(),
    ));
    let brief = Brief {
        title: format!("Brief: {}", comparison.scenarios.join(" vs ")),
        comparison: Some(comparison),
        scenarios: scenarios
            .iter()
            .zip(runs)
            .zip(&result.findings)
            .map(|((s, r), f)| ScenarioBrief {
                result: &r.result,
                threshold: Some(s.csat.threshold),
                claims: &f.claims,
                human_role: &f.human_role,
                alarms: &f.alarms,
                reversibility: None,
            })
            .collect(),
        figures,
        drivers: None,
    };
    files.push(("brief.md".into(), brief_markdown(&brief).into_bytes()));
    files.push(("brief.html".into(), brief_html(&brief).into_bytes()));
    Ok(files)
}
