//! One-at-a-time sensitivity: every declared uncertain parameter
//! (`[[uncertain]]`) at the low and at the high end of its range, all else at
//! the file's values, each variant run with the base's seed and replications.
//! Replication `r` of a variant therefore meets the same customers as
//! replication `r` of the base (common random numbers), and its effect is
//! the per-replication difference `variant − base`, with a Student-t 95%
//! interval over the pairs. No interval is given for fewer than 3
//! replications.
//!
//! Besides the run metrics, `recovery_weeks` (where the scenario reverses):
//! the weeks from a replication's reversal until the operation is back, a
//! Kaplan–Meier restricted mean over the replications that reversed
//! (censored ones kept), compared as `reversibility::recovery_difference`
//! says (paired when every replication of both runs recovered).

use super::compare::paired_difference;
use super::metrics::Metric;
use super::replicate::RunResult;
use super::reversibility::{recovery_difference, RecoveryTimes};
use crate::stats::Estimate;

/// Outputs reported when none are asked for, in order; `recovery_weeks`
/// follows where the base run reverses.
pub const DEFAULT_OUTPUTS: &[Output] = &[
    Output::Metric(Metric::CsatTrue),
    Output::Metric(Metric::ServiceLevel),
    Output::Metric(Metric::CostTotal),
    Output::Metric(Metric::CostPerIssue),
];

/// What a sensitivity analysis reports: a run metric, or the weeks from
/// reversal to recovery (the one output that is not a run metric). Typed,
/// so code names an output by its variant and only `--outputs` and the
/// files use its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Metric(Metric),
    RecoveryWeeks,
}

impl Output {
    /// The name `--outputs` takes and the files write.
    pub fn name(self) -> &'static str {
        match self {
            Output::Metric(m) => m.name(),
            Output::RecoveryWeeks => "recovery_weeks",
        }
    }

    /// The unit, as `METRICS` names units.
    pub fn unit(self) -> &'static str {
        match self {
            Output::Metric(m) => m.unit(),
            Output::RecoveryWeeks => "weeks",
        }
    }

    /// The output a user named; `None` for an unknown name.
    pub fn by_name(name: &str) -> Option<Output> {
        if name == Output::RecoveryWeeks.name() {
            Some(Output::RecoveryWeeks)
        } else {
            Metric::by_name(name).map(Output::Metric)
        }
    }

    /// Every output, in the order the error for an unknown name lists them.
    fn all() -> impl Iterator<Item = Output> {
        Metric::ALL
            .iter()
            .map(|&m| Output::Metric(m))
            .chain([Output::RecoveryWeeks])
    }
}

/// Written as its name, as in the files.
impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A run as the analysis reads it: its totals and, where its scenario
/// reverses, its recovery times.
#[derive(Clone, Copy)]
pub struct RunView<'a> {
    pub result: &'a RunResult,
    pub recovery: Option<&'a RecoveryTimes>,
}

/// A run with no reversal to time: only the metric outputs can be read.
impl<'a> From<&'a RunResult> for RunView<'a> {
    fn from(result: &'a RunResult) -> Self {
        RunView {
            result,
            recovery: None,
        }
    }
}

impl Output {
    fn value(self, run: RunView<'_>) -> Estimate {
        match self {
            Output::Metric(m) => run.result.totals[m.index()],
            Output::RecoveryWeeks => run
                .recovery
                .map_or(Estimate::from_values(&[]), RecoveryTimes::estimate),
        }
    }

    /// `b − a`.
    fn difference(self, a: RunView<'_>, b: RunView<'_>) -> Estimate {
        match self {
            Output::Metric(m) => paired_difference(a.result, b.result, m.index()),
            Output::RecoveryWeeks => match (a.recovery, b.recovery) {
                (Some(x), Some(y)) => recovery_difference(x, y),
                _ => Estimate::from_values(&[]),
            },
        }
    }
}

/// Replications below which no interval is given.
pub const MIN_REPLICATIONS_FOR_INTERVAL: usize = 3;

/// An estimate as reported: its interval removed (NaN) below
/// `MIN_REPLICATIONS_FOR_INTERVAL` finite values.
fn shown(e: Estimate) -> Estimate {
    if e.n < MIN_REPLICATIONS_FOR_INTERVAL {
        Estimate {
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
            ..e
        }
    } else {
        e
    }
}

/// The outputs named in `names` (comma-separated list already split), or an
/// error listing the valid names.
pub fn parse_outputs(names: &[String]) -> Result<Vec<Output>, String> {
    let mut outputs: Vec<Output> = Vec::new();
    for name in names {
        let name = name.trim();
        match Output::by_name(name) {
            Some(known) if !outputs.contains(&known) => outputs.push(known),
            Some(_) => return Err(format!("--outputs names {name} twice")),
            None => {
                let valid: Vec<&str> = Output::all().map(Output::name).collect();
                return Err(format!(
                    "--outputs: {name:?} is not an output\n  help: valid outputs: {}",
                    valid.join(", ")
                ));
            }
        }
    }
    if outputs.is_empty() {
        return Err("--outputs names no output".into());
    }
    Ok(outputs)
}

/// One output at one end of a parameter's range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EndEffect {
    /// The output's value with the parameter at this end.
    pub value: Estimate,
    /// Paired difference against the base, replication by replication.
    pub diff: Estimate,
}

/// One output's response to one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub output: Output,
    pub at_low: EndEffect,
    pub at_high: EndEffect,
    /// |at_high.mean − at_low.mean|; NaN when either is missing.
    pub swing: f64,
    /// The paired difference `high end − low end`, replication by
    /// replication: its interval says whether the swing is told apart from 0.
    pub high_minus_low: Estimate,
}

/// A parameter, its range, and its effect on every output (in output order).
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterEffects {
    pub key: String,
    /// The value in the file (the base).
    pub base_value: f64,
    pub low: f64,
    pub high: f64,
    pub source: String,
    pub effects: Vec<Effect>,
}

/// The analysis: the base's outputs and the parameters ranked by the swing
/// of the first output, largest first (missing swings last; ties keep the
/// order of declaration).
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub scenario: String,
    pub replications: u32,
    pub seed: u64,
    pub outputs: Vec<Output>,
    /// The base's value of each output.
    pub base: Vec<Estimate>,
    pub parameters: Vec<ParameterEffects>,
}

impl Sensitivity {
    /// Whether intervals are given (enough replications).
    pub fn has_intervals(&self) -> bool {
        self.replications as usize >= MIN_REPLICATIONS_FOR_INTERVAL
    }
}

/// A declared parameter with its two runs, as `analyse` takes them.
pub struct ParameterRuns<'a> {
    pub key: String,
    pub base_value: f64,
    pub low: f64,
    pub high: f64,
    pub source: String,
    pub at_low: RunView<'a>,
    pub at_high: RunView<'a>,
}

/// Computes every effect from the runs (all with the base's seed and
/// replications) and ranks the parameters.
pub fn analyse(
    base: RunView<'_>,
    parameters: &[ParameterRuns<'_>],
    outputs: &[Output],
) -> Sensitivity {
    let end = |run: RunView<'_>, o: Output| EndEffect {
        value: shown(o.value(run)),
        diff: shown(o.difference(base, run)),
    };
    let mut ranked: Vec<ParameterEffects> = parameters
        .iter()
        .map(|p| ParameterEffects {
            key: p.key.clone(),
            base_value: p.base_value,
            low: p.low,
            high: p.high,
            source: p.source.clone(),
            effects: outputs
                .iter()
                .map(|&o| {
                    let at_low = end(p.at_low, o);
                    let at_high = end(p.at_high, o);
                    Effect {
                        output: o,
                        at_low,
                        at_high,
                        swing: (at_high.value.mean - at_low.value.mean).abs(),
                        high_minus_low: shown(o.difference(p.at_low, p.at_high)),
                    }
                })
                .collect(),
        })
        .collect();
    let swing = |p: &ParameterEffects| p.effects.first().map_or(f64::NAN, |e| e.swing);
    // Stable: equal swings keep the order of declaration.
    ranked.sort_by(|a, b| match (swing(a).is_nan(), swing(b).is_nan()) {
        (false, false) => swing(b).total_cmp(&swing(a)),
        (x, y) => x.cmp(&y),
    });
    Sensitivity {
        scenario: base.result.scenario.clone(),
        replications: base.result.replications,
        seed: base.result.seed,
        outputs: outputs.to_vec(),
        base: outputs.iter().map(|&o| shown(o.value(base))).collect(),
        parameters: ranked,
    }
}

/// What to measure to narrow a parameter's range, by what its key names:
/// the cheapest evidence a team usually has or can collect in weeks.
pub fn what_to_measure(key: &str) -> &'static str {
    let k = key.to_ascii_lowercase();
    let has = |part: &str| k.contains(part);
    if has("ai_outcomes") || (has("wrong_answer") && !has("repeats")) {
        "a two-week QA sample of AI conversations, each reviewed for accuracy (`wfsim calibrate` reads the reviewed outcomes)"
    } else if has("repeats") {
        "a two-week sample of AI conversations followed to the customer's next contact: how many come back, and after what"
    } else if has("patience") {
        "the chat queue's log: when customers gave up, with the waits of those served counted as lower bounds (censored), not the mean wait of those who left"
    } else if has("attrition") {
        "HR's leavers over the last 12 months against average headcount, new hires (first 6 months) apart"
    } else if has("shrinkage") {
        "the WFM system's adherence and absence reports over a quarter"
    } else if has("survey") {
        "the survey platform's responses by contact outcome over a month"
    } else if has("handle") {
        "the contact platform's handle times by category over a month"
    } else if has("cost") || has("price") || has("severance") {
        "finance's loaded cost and the vendor's price sheet"
    } else if has("fte") || has("staffing") {
        "payroll and the roster actually worked"
    } else if has("hire") || has("training") || has("ramp") || has("recruit") {
        "recruiting and training records of the last hiring waves"
    } else {
        "the operation's own records of this figure, over as many weeks as exist"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_checked_and_listed() {
        let ok = parse_outputs(&["csat_true".into(), " cost_total".into()]).unwrap();
        assert_eq!(
            ok,
            [
                Output::Metric(Metric::CsatTrue),
                Output::Metric(Metric::CostTotal)
            ]
        );
        let recovery = parse_outputs(&["recovery_weeks".into()]).unwrap();
        assert_eq!(recovery, [Output::RecoveryWeeks]);
        assert_eq!(Output::RecoveryWeeks.unit(), "weeks");
        let e = parse_outputs(&["csat".into()]).unwrap_err();
        assert!(
            e.contains("valid outputs") && e.contains("service_level"),
            "{e}"
        );
        assert!(parse_outputs(&["csat_true".into(), "csat_true".into()]).is_err());
    }

    #[test]
    fn each_estimate_gets_the_evidence_that_narrows_it() {
        assert!(what_to_measure("categories.faq.ai_outcomes.wrong_answer").contains("QA sample"));
        assert!(what_to_measure("repeats.probability_after_wrong_answer").contains("next contact"));
        assert!(
            what_to_measure("categories.returns_refunds.patience_minutes.mean")
                .contains("censored")
        );
        assert!(what_to_measure("workforce.attrition_per_year").contains("HR"));
        assert!(what_to_measure("staffing.shrinkage").contains("adherence"));
        assert!(what_to_measure("csat.survey_response_rate").contains("survey"));
        assert!(what_to_measure("something.else").contains("records"));
    }

    #[test]
    fn few_values_have_no_interval() {
        let e = shown(Estimate::from_values(&[1.0, 2.0]));
        assert_eq!(e.mean, 1.5);
        assert!(e.ci95_low.is_nan() && e.ci95_high.is_nan());
        let e = shown(Estimate::from_values(&[1.0, 2.0, 4.0]));
        assert!(e.ci95_low < e.mean && e.mean < e.ci95_high);
    }
}
