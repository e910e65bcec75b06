//! `wfsim sensitivity`'s outputs: `sensitivity.csv` (long form),
//! `sensitivity.md` (the ranking), the JSON contract and a tornado chart
//! per output.

use std::collections::BTreeMap;

use serde::Serialize;

use super::json::{pretty, JsonEstimate};
use super::markdown::markdown_table;
use super::plot::{Chart, Figure, Kind, Series};
use super::units::fixed;
use super::{number, WriteError};
use crate::analysis::sensitivity::{EndEffect, Output, ParameterEffects, Sensitivity};
use crate::stats::Estimate;

/// The CSV header, in order (the contract).
pub const SENSITIVITY_CSV_HEADER: [&str; 10] = [
    "key",
    "level",
    "value",
    "output",
    "mean",
    "ci95_low",
    "ci95_high",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
];

/// One row per parameter, output and level (`low`, `base`, `high`), the
/// parameters in rank order. `value` is the parameter's value at that level;
/// `diff_*` the paired difference against the base (exactly 0 at `base`);
/// empty cells where there is no value or no interval.
pub fn sensitivity_csv(s: &Sensitivity) -> Result<Vec<u8>, WriteError> {
    let error = |e: csv::Error| WriteError::Render {
        what: "sensitivity.csv",
        message: e.to_string(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(SENSITIVITY_CSV_HEADER).map_err(error)?;
    for p in &s.parameters {
        for (e, base) in p.effects.iter().zip(&s.base) {
            let zero = if s.has_intervals() { 0.0 } else { f64::NAN };
            let at_base = EndEffect {
                value: *base,
                diff: Estimate {
                    mean: 0.0,
                    ci95_low: zero,
                    ci95_high: zero,
                    ..*base
                },
            };
            for (level, value, end) in [
                ("low", p.low, &e.at_low),
                ("base", p.base_value, &at_base),
                ("high", p.high, &e.at_high),
            ] {
                let row = [
                    p.key.clone(),
                    level.to_string(),
                    number(value),
                    e.output.to_string(),
                    number(end.value.mean),
                    number(end.value.ci95_low),
                    number(end.value.ci95_high),
                    number(end.diff.mean),
                    number(end.diff.ci95_low),
                    number(end.diff.ci95_high),
                ];
                writer.write_record(&row).map_err(error)?;
            }
        }
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "sensitivity.csv",
        message: e.to_string(),
    })
}

/// One end of a parameter's range as the contract writes it; fields in
/// alphabetical order, as the contract was first written from sorted maps.
#[derive(Serialize)]
struct EndJson {
    ci95_high: f64,
    ci95_low: f64,
    diff: JsonEstimate,
    mean: f64,
    n: usize,
}

impl From<&EndEffect> for EndJson {
    fn from(end: &EndEffect) -> Self {
        EndJson {
            ci95_high: end.value.ci95_high,
            ci95_low: end.value.ci95_low,
            diff: (&end.diff).into(),
            mean: end.value.mean,
            n: end.value.n,
        }
    }
}

#[derive(Serialize)]
struct OutputJson {
    at_high: EndJson,
    at_low: EndJson,
    swing: f64,
}

#[derive(Serialize)]
struct ParameterJson<'a> {
    effects: BTreeMap<&'static str, OutputJson>,
    high: f64,
    key: &'a str,
    low: f64,
}

#[derive(Serialize)]
struct SensitivityJson<'a> {
    outputs: Vec<&'static str>,
    parameters: Vec<ParameterJson<'a>>,
    replications: u32,
    scenario: &'a str,
}

/// The JSON contract: `{"scenario", "replications", "outputs",
/// "parameters": [{"key", "low", "high", "effects": {"<output>": {"at_low",
/// "at_high", "swing"}}}]}`, a figure being `{"mean", "ci95_low",
/// "ci95_high"}` plus `n` and the paired `diff` against the base; missing
/// values and intervals (fewer than 3 replications) are `null`.
pub fn sensitivity_json(s: &Sensitivity) -> Result<Vec<u8>, WriteError> {
    let parameters = s
        .parameters
        .iter()
        .map(|p| ParameterJson {
            effects: p
                .effects
                .iter()
                .map(|e| {
                    let output = OutputJson {
                        at_high: (&e.at_high).into(),
                        at_low: (&e.at_low).into(),
                        swing: e.swing,
                    };
                    (e.output.name(), output)
                })
                .collect(),
            high: p.high,
            key: &p.key,
            low: p.low,
        })
        .collect();
    let value = SensitivityJson {
        outputs: s.outputs.iter().map(|o| o.name()).collect(),
        parameters,
        replications: s.replications,
        scenario: &s.scenario,
    };
    pretty("sensitivity.json", &value)
}

/// Shares are shown in percentage points, other units as they are.
fn scale(output: Output) -> (f64, &'static str) {
    match output.unit() {
        "share" => (100.0, "points"),
        other => (1.0, other),
    }
}

fn interval(e: &Estimate, scale: f64) -> String {
    if e.ci95_low.is_finite() && e.ci95_high.is_finite() {
        format!(
            " [{}, {}]",
            fixed::signed_effect(e.ci95_low, scale),
            fixed::signed_effect(e.ci95_high, scale)
        )
    } else {
        String::new()
    }
}

/// The paired difference seen as a swing, |high − low|: mirrored when the
/// high end lies below the low end, so the interval printed beside the swing
/// is the interval of the swing and never leaves it on the other side of 0.
pub(super) fn magnitude(e: &Estimate) -> Estimate {
    if e.mean < 0.0 {
        Estimate {
            mean: -e.mean,
            ci95_low: -e.ci95_high,
            ci95_high: -e.ci95_low,
            ..*e
        }
    } else {
        *e
    }
}

/// Whether a paired difference's interval excludes 0.
fn distinguishable(e: &Estimate) -> bool {
    e.ci95_low.is_finite() && e.ci95_high.is_finite() && (e.ci95_low > 0.0 || e.ci95_high < 0.0)
}

/// The parameters ranked by the swing of output `k`, largest first.
pub(super) fn ranked_by(s: &Sensitivity, k: usize) -> Vec<&ParameterEffects> {
    let mut ranked: Vec<&ParameterEffects> = s.parameters.iter().collect();
    let swing = |p: &ParameterEffects| p.effects[k].swing;
    ranked.sort_by(|a, b| match (swing(a).is_nan(), swing(b).is_nan()) {
        (false, false) => swing(b).total_cmp(&swing(a)),
        (x, y) => x.cmp(&y),
    });
    ranked
}

/// The brief's "What drives the answer": an opening sentence, one sentence
/// for each of the (up to) three parameters that move the first output most,
/// and what to measure first.
#[derive(Debug, Clone, PartialEq)]
pub struct Drivers {
    pub opening: String,
    pub sentences: Vec<String>,
    pub measure_first: Option<String>,
}

pub fn drivers(s: &Sensitivity) -> Drivers {
    let n = s.parameters.len();
    let opening = format!(
        "`wfsim sensitivity` moved each of the {n} declared estimates from the low to the high end of its range, one at a time, all else at the file's values, each end paired with the base on the same random numbers ({} replications). The charts rank them by how far they move each output; below, the three that move {} most, each effect the paired difference from the low to the high end with its 95% interval.",
        s.replications,
        s.outputs.first().map_or("the first output", |o| o.name())
    );
    let sentences = s
        .parameters
        .iter()
        .take(3)
        .map(|p| {
            let effects: Vec<String> = p
                .effects
                .iter()
                .map(|e| {
                    let (k, u) = scale(e.output);
                    let moved = if distinguishable(&e.high_minus_low) {
                        ""
                    } else {
                        ", not told apart from 0"
                    };
                    format!(
                        "{} {} {u}{}{moved}",
                        e.output,
                        fixed::signed_effect(e.high_minus_low.mean, k),
                        interval(&e.high_minus_low, k)
                    )
                })
                .collect();
            let source = if p.source.trim().is_empty() {
                String::new()
            } else {
                format!("; {}", p.source.trim())
            };
            format!(
                "`{}` (from {} to {}, {} in the file{source}): {}.",
                p.key,
                p.low,
                p.high,
                p.base_value,
                effects.join(", ")
            )
        })
        .collect();
    let measure_first = s.parameters.first().map(|p| {
        format!(
            "Measure first: `{}`, which moves {} most. What narrows it: {}.",
            p.key,
            s.outputs.first().map_or("the answer", |o| o.name()),
            crate::analysis::sensitivity::what_to_measure(&p.key)
        )
    });
    Drivers {
        opening,
        sentences,
        measure_first,
    }
}

/// `sensitivity.md`: the base, then per output the parameters ranked by
/// swing with the paired effect of each end.
pub fn sensitivity_markdown(s: &Sensitivity) -> String {
    let mut md = format!("# What drives the answer: {}\n\n", s.scenario);
    md.push_str(&format!(
        "One parameter at a time at the low and at the high end of its declared range (`[[uncertain]]`), everything else at the file's values; {} replications, seed {}, every variant with the base's seeds, so each effect is a paired difference against the base, replication by replication (95% interval, Student t).\n\n",
        s.replications, s.seed
    ));
    if !s.has_intervals() {
        md.push_str("**No intervals:** fewer than 3 replications, so no effect can be told apart from noise; run at least 3 (10 or more for a decision).\n\n");
    }
    let bases: Vec<Vec<String>> = s
        .outputs
        .iter()
        .zip(&s.base)
        .map(|(output, base)| {
            let (k, u) = scale(*output);
            let u = if k == 100.0 { "%" } else { u };
            let range = if base.ci95_low.is_finite() && base.ci95_high.is_finite() {
                format!(
                    " [{}, {}]",
                    fixed::effect(base.ci95_low, k),
                    fixed::effect(base.ci95_high, k)
                )
            } else {
                String::new()
            };
            vec![
                output.to_string(),
                format!("{}{range} {u}", fixed::effect(base.mean, k)),
            ]
        })
        .collect();
    md.push_str(&markdown_table(&["output", "base"], &bases));
    for (i, output) in s.outputs.iter().enumerate() {
        let (k, u) = scale(*output);
        md.push_str(&format!(
            "\n## {output}\n\nChange against the base ({u}); ranked by swing, the distance between the two ends (its interval: the paired difference high − low). `*`: the paired interval excludes 0.\n\n"
        ));
        let mut rows = Vec::new();
        for (rank, p) in ranked_by(s, i).iter().enumerate() {
            let e = &p.effects[i];
            let end = |x: &EndEffect| {
                format!(
                    "{}{}{}",
                    fixed::signed_effect(x.diff.mean, k),
                    interval(&x.diff, k),
                    if distinguishable(&x.diff) { " *" } else { "" }
                )
            };
            rows.push(vec![
                (rank + 1).to_string(),
                format!("`{}`", p.key),
                format!("{} – {} ({})", p.low, p.high, p.base_value),
                end(&e.at_low),
                end(&e.at_high),
                format!(
                    "{}{}",
                    fixed::effect(e.swing, k),
                    interval(&magnitude(&e.high_minus_low), k)
                ),
            ]);
        }
        md.push_str(&markdown_table(
            &[
                "rank",
                "parameter",
                "range (file's value)",
                "at low",
                "at high",
                "swing",
            ],
            &rows,
        ));
    }
    let sources: Vec<&ParameterEffects> = s
        .parameters
        .iter()
        .filter(|p| !p.source.trim().is_empty())
        .collect();
    if !sources.is_empty() {
        md.push_str("\n## Where the ranges come from\n\n");
        for p in sources {
            md.push_str(&format!("- `{}`: {}\n", p.key, p.source.trim()));
        }
    }
    md
}

/// One tornado per output, `tornado-<output>`: the parameters ranked by
/// their swing on that output, a bar from the base to each end's effect,
/// with the paired 95% intervals as whiskers.
pub fn tornado_figures(s: &Sensitivity) -> Vec<Figure> {
    s.outputs
        .iter()
        .enumerate()
        .map(|(i, output)| {
            let (k, u) = scale(*output);
            let series = ranked_by(s, i)
                .iter()
                .map(|p| {
                    let e = &p.effects[i];
                    Series {
                        label: format!("{} [{} – {}]", p.key, p.low, p.high),
                        points: vec![
                            (0.0, e.at_low.diff.mean * k),
                            (1.0, e.at_high.diff.mean * k),
                        ],
                        band: Some(vec![
                            (e.at_low.diff.ci95_low * k, e.at_low.diff.ci95_high * k),
                            (e.at_high.diff.ci95_low * k, e.at_high.diff.ci95_high * k),
                        ]),
                        stroke: Default::default(),
                    }
                })
                .collect();
            let mut notes = vec![
                format!("base: {}", fixed::effect(s.base[i].mean, k)),
                "each end paired with the base, replication by replication".to_string(),
            ];
            if !s.has_intervals() {
                notes.push("no error bar: fewer than 3 replications".into());
            }
            Figure::Chart(Chart {
                name: format!("tornado-{output}"),
                title: format!("What moves {output}"),
                x_label: format!("change in {output} against the base ({u})"),
                y_label: "parameter [low – high]".into(),
                kind: Kind::Tornado,
                series,
                references: Vec::new(),
                markers: Vec::new(),
                spans: Vec::new(),
                notes,
            })
        })
        .collect()
}
