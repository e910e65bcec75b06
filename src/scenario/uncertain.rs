//! `[[uncertain]]`: the scenario's estimated parameters and the range each
//! may plausibly take. Nothing in a run depends on them; `wfsim sensitivity`
//! varies each one over its range.
//!
//! Checked in two steps: `check` (with the rest of `validate`) refuses
//! ranges that are not ranges; `check_ends`, once the file itself is valid,
//! refuses a key that is not a number written in the file and a range whose
//! low or high end would make the scenario invalid: each end is set in the
//! document, which is then parsed and validated like the file.

use toml::Table;

use super::diagnostic::Problem;
use super::key_path::{self, KeyPathError};
use super::raw::{RawUncertain, RawUncertainDistribution};
use super::{parse_with, Limits, LoadError, Overrides, Scenario};

/// How the values of an uncertain parameter are spread over its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UncertainDistribution {
    Uniform,
    Triangular,
}

impl UncertainDistribution {
    pub fn name(self) -> &'static str {
        match self {
            UncertainDistribution::Uniform => "uniform",
            UncertainDistribution::Triangular => "triangular",
        }
    }
}

/// One declared estimate: a key path (as `sweep --set` takes it) and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    pub key: String,
    pub low: f64,
    pub high: f64,
    pub most_likely: Option<f64>,
    pub distribution: UncertainDistribution,
    /// Where the range comes from (free text).
    pub source: String,
}

const KEY_HELP: &str = "name a number written in this file by its path, as `wfsim sweep --set` takes it, e.g. staffing.fte or categories.refunds.ai_outcomes.wrong_answer";

/// Keys that change how the run is made rather than what is simulated: at
/// either end the replications would meet other random numbers or cover
/// other weeks, so no difference against the base would be paired.
const RUN_SHAPE_KEYS: &[&str] = &["seed", "replications", "horizon_weeks", "warmup_weeks"];

/// Checks each declaration on its own: finite numbers, `low <= high`,
/// `most_likely` inside the range (and given for a triangular range), a key
/// declared once.
pub(super) fn check(raw: &[RawUncertain]) -> (Vec<Uncertain>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut declared = Vec::new();
    for (i, u) in raw.iter().enumerate() {
        let at = |key: &str| format!("uncertain[{i}].{key}");
        let key = u.key.trim();
        if key.is_empty() {
            problems.push(Problem::new(at("key"), "the key is empty", KEY_HELP));
        } else if RUN_SHAPE_KEYS.contains(&key) {
            problems.push(Problem::new(
                at("key"),
                format!("`{key}` shapes the run, not the operation: its two ends could not be paired against the base"),
                "declare estimates of the operation (rates, times, shares, costs); vary the run with --seed, --replications or a sweep",
            ));
        } else if let Some(first) = raw[..i].iter().position(|v| v.key.trim() == key) {
            problems.push(Problem::new(
                at("key"),
                format!("`{key}` is declared twice (first as uncertain[{first}])"),
                "declare each key once, with one range",
            ));
        }
        let mut finite = true;
        for (name, value) in [
            ("low", Some(u.low)),
            ("high", Some(u.high)),
            ("most_likely", u.most_likely),
        ] {
            if let Some(v) = value {
                if !v.is_finite() {
                    finite = false;
                    problems.push(Problem::new(
                        at(name),
                        format!("must be a finite number (got {v})"),
                        "write a plain number",
                    ));
                }
            }
        }
        if finite && u.low > u.high {
            problems.push(Problem::new(
                at("low"),
                format!("low ({}) is above high ({})", u.low, u.high),
                "swap them: low is the smaller end of the range",
            ));
        }
        if let Some(m) = u.most_likely {
            if finite && u.low <= u.high && !(u.low..=u.high).contains(&m) {
                problems.push(Problem::new(
                    at("most_likely"),
                    format!("most_likely ({m}) is outside the range [{}, {}]", u.low, u.high),
                    "the most likely value lies between low and high; widen the range or correct it",
                ));
            }
        }
        let distribution = match u.distribution {
            RawUncertainDistribution::Uniform => UncertainDistribution::Uniform,
            RawUncertainDistribution::Triangular => UncertainDistribution::Triangular,
        };
        if distribution == UncertainDistribution::Triangular && u.most_likely.is_none() {
            problems.push(Problem::new(
                at("distribution"),
                "a triangular range needs most_likely",
                "add most_likely = <its peak>, or use distribution = \"uniform\"",
            ));
        }
        declared.push(Uncertain {
            key: key.to_string(),
            low: u.low,
            high: u.high,
            most_likely: u.most_likely,
            distribution,
            source: u.source.clone().unwrap_or_default(),
        });
    }
    (declared, problems)
}

/// The file's document without `[[uncertain]]`, as variants are built from.
fn base_document(text: &str) -> Result<Table, String> {
    let mut doc: Table = toml::from_str(text).map_err(|e| e.to_string())?;
    doc.remove("uncertain");
    Ok(doc)
}

/// The scenario in `text` with each `(key, value)` of `settings` set, parsed
/// and validated like the file (and with the same overrides). Its
/// `[[uncertain]]` declarations are dropped: a variant is one point.
pub fn with_values(
    file: &str,
    text: &str,
    settings: &[(String, f64)],
    limits: &Limits,
    overrides: &Overrides,
) -> Result<Scenario, VariantError> {
    let mut doc = base_document(text).map_err(VariantError::Document)?;
    for (key, value) in settings {
        key_path::set_number(&mut doc, key, *value)
            .map_err(|e| VariantError::Key(key.clone(), e))?;
    }
    let variant = toml::to_string(&doc).map_err(|e| VariantError::Document(e.to_string()))?;
    parse_with(file, &variant, limits, overrides).map_err(VariantError::Invalid)
}

/// The scenario in `text` with each `(key, value)` of `settings` drawn from
/// its declared range (`run --uncertainty`), parsed and validated like the
/// file. A draw keeps its fraction where the file wrote a whole number
/// (`set_drawn`); where the key must be whole after all (a count, a week),
/// the draws of keys written as whole numbers are rounded to the nearest.
pub fn with_draws(
    file: &str,
    text: &str,
    settings: &[(String, f64)],
    limits: &Limits,
    overrides: &Overrides,
) -> Result<Scenario, VariantError> {
    // `rounded[i]`: set key i to its nearest whole number.
    let build = |settings: &[(String, f64)], rounded: &[bool]| -> Result<Scenario, VariantError> {
        let mut doc = base_document(text).map_err(VariantError::Document)?;
        for ((key, value), round) in settings.iter().zip(rounded) {
            let set = if *round {
                key_path::set_number(&mut doc, key, value.round())
            } else {
                key_path::set_drawn(&mut doc, key, *value)
            };
            set.map_err(|e| VariantError::Key(key.clone(), e))?;
        }
        let variant = toml::to_string(&doc).map_err(|e| VariantError::Document(e.to_string()))?;
        parse_with(file, &variant, limits, overrides).map_err(VariantError::Invalid)
    };
    let none = vec![false; settings.len()];
    match build(settings, &none) {
        Err(VariantError::Invalid(_)) => {}
        built => return built,
    }
    // Which keys must be whole: a fraction written where the file wrote a
    // whole number, alone, makes the scenario invalid.
    let mut doc = base_document(text).map_err(VariantError::Document)?;
    let mut rounded = none.clone();
    for (i, (key, value)) in settings.iter().enumerate() {
        let whole = key_path::holds_integer(&mut doc, key)
            .map_err(|e| VariantError::Key(key.clone(), e))?;
        if whole && value.fract() != 0.0 {
            let alone = [(key.clone(), *value)];
            rounded[i] = matches!(build(&alone, &[false]), Err(VariantError::Invalid(_)));
        }
    }
    build(settings, &rounded)
}

/// Why a variant of a scenario could not be built.
#[derive(Debug)]
pub enum VariantError {
    /// The text is not a TOML document (the file's own check reports it).
    Document(String),
    /// A key path that cannot be set: the path and why.
    Key(String, KeyPathError),
    /// The variant fails to load, with the diagnostics of its check.
    Invalid(LoadError),
}

impl std::fmt::Display for VariantError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VariantError::Document(e) => write!(f, "{e}"),
            VariantError::Key(key, e) => write!(f, "{}", e.render(key)),
            VariantError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

/// Checks each declaration against the file: a numeric key written in it,
/// and a scenario that stays valid at either end of the range.
pub(super) fn check_ends(
    file: &str,
    text: &str,
    limits: &Limits,
    overrides: &Overrides,
    declared: &[Uncertain],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if declared.is_empty() {
        return problems;
    }
    let doc = match base_document(text) {
        Ok(doc) => doc,
        Err(_) => return problems, // already reported by the structure check
    };
    for (i, u) in declared.iter().enumerate() {
        if let Err(e) = key_path::get_number(&doc, &u.key) {
            let help = e.help.clone().unwrap_or_else(|| KEY_HELP.to_string());
            problems.push(Problem::new(
                format!("uncertain[{i}].key"),
                format!("`{}`: {}", u.key, e.message),
                format!("{help}; {KEY_HELP}"),
            ));
            continue;
        }
        for (end, value) in [("low", u.low), ("high", u.high)] {
            let settings = [(u.key.clone(), value)];
            let problem = match with_values(file, text, &settings, limits, overrides) {
                Ok(_) => continue,
                Err(VariantError::Key(_, e)) => Problem::new(
                    format!("uncertain[{i}].{end}"),
                    format!(
                        "{end} = {value} cannot be set at `{}`: {}",
                        u.key, e.message
                    ),
                    e.help
                        .unwrap_or_else(|| "give a value the key can hold".into()),
                ),
                Err(VariantError::Invalid(LoadError::Invalid(diagnostics))) => {
                    let first = diagnostics.first();
                    let what = first.map_or(String::new(), |d| {
                        if d.key_path.is_empty() {
                            d.message.clone()
                        } else {
                            format!("{}: {}", d.key_path, d.message)
                        }
                    });
                    let more = if diagnostics.len() > 1 {
                        format!(" (and {} more problems)", diagnostics.len() - 1)
                    } else {
                        String::new()
                    };
                    Problem::new(
                        format!("uncertain[{i}].{end}"),
                        format!(
                            "with `{}` at its {end} end ({value}) the scenario is invalid: {what}{more}",
                            u.key
                        ),
                        format!(
                            "keep the range inside the values the scenario accepts{}",
                            first
                                .filter(|d| !d.help.is_empty())
                                .map_or(String::new(), |d| format!(" ({})", d.help))
                        ),
                    )
                }
                Err(e) => Problem::new(
                    format!("uncertain[{i}].{end}"),
                    format!(
                        "with `{}` at its {end} end ({value}) the scenario cannot be read: {e}",
                        u.key
                    ),
                    "keep the range inside the values the scenario accepts",
                ),
            };
            problems.push(problem);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
name = "draws"
horizon_weeks = 2
[demand]
contacts_per_week = 1000
[[categories]]
name = "faq"
share = 1.0
human_handle_minutes = { distribution = "exponential", mean = 6.0 }
[staffing]
fte = 12
[costs]
agent_cost_per_hour = 30
[repeats]
max_contacts_per_issue = 3
"#;

    fn drawn(settings: &[(&str, f64)]) -> Scenario {
        let settings: Vec<(String, f64)> =
            settings.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        with_draws(
            "d.toml",
            TEXT,
            &settings,
            &Limits::default(),
            &Overrides::default(),
        )
        .unwrap()
    }

    /// A draw keeps its fraction where the file happened to write a whole
    /// number, and is rounded only where the key must be whole.
    #[test]
    fn a_draw_keeps_its_fraction_unless_the_key_must_be_whole() {
        let s = drawn(&[("costs.agent_cost_per_hour", 35.5), ("staffing.fte", 10.25)]);
        assert_eq!(s.costs.agent_cost_per_hour, 35.5);
        assert_eq!(s.staffing.fte_in_week(0), 10.25);
        let s = drawn(&[
            ("costs.agent_cost_per_hour", 35.5),
            ("repeats.max_contacts_per_issue", 4.6),
        ]);
        assert_eq!(s.repeats.max_contacts_per_issue, 5);
        assert_eq!(s.costs.agent_cost_per_hour, 35.5);
    }

    #[derive(serde::Deserialize)]
    struct List {
        uncertain: Vec<RawUncertain>,
    }

    fn checked(text: &str) -> (Vec<Uncertain>, Vec<Problem>) {
        let list: List = toml::from_str(text).expect("test TOML");
        check(&list.uncertain)
    }

    #[test]
    fn a_sound_range_is_kept_with_its_key_trimmed() {
        let (declared, problems) = checked(
            "[[uncertain]]\nkey = \" staffing.shrinkage \"\nlow = 0.3\nhigh = 0.4\n\
             most_likely = 0.35\ndistribution = \"triangular\"\nsource = \"WFM survey\"",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            declared,
            vec![Uncertain {
                key: "staffing.shrinkage".into(),
                low: 0.3,
                high: 0.4,
                most_likely: Some(0.35),
                distribution: UncertainDistribution::Triangular,
                source: "WFM survey".into(),
            }]
        );
    }

    #[test]
    fn keys_must_name_the_operation_once() {
        let (_, problems) = checked(
            "[[uncertain]]\nkey = \"\"\nlow = 1.0\nhigh = 2.0\n\
             [[uncertain]]\nkey = \"seed\"\nlow = 1.0\nhigh = 2.0\n\
             [[uncertain]]\nkey = \"staffing.fte\"\nlow = 1.0\nhigh = 2.0\n\
             [[uncertain]]\nkey = \"staffing.fte \"\nlow = 1.0\nhigh = 2.0",
        );
        assert_eq!(
            problems,
            vec![
                Problem::new("uncertain[0].key", "the key is empty", KEY_HELP),
                Problem::new(
                    "uncertain[1].key",
                    "`seed` shapes the run, not the operation: its two ends could not be paired against the base",
                    "declare estimates of the operation (rates, times, shares, costs); vary the run with --seed, --replications or a sweep",
                ),
                Problem::new(
                    "uncertain[3].key",
                    "`staffing.fte` is declared twice (first as uncertain[2])",
                    "declare each key once, with one range",
                ),
            ]
        );
    }

    #[test]
    fn a_range_must_be_finite_ordered_and_hold_its_most_likely_value() {
        let (_, problems) = checked(
            "[[uncertain]]\nkey = \"a\"\nlow = nan\nhigh = 2.0\nmost_likely = 9.0\n\
             [[uncertain]]\nkey = \"b\"\nlow = 3.0\nhigh = 2.0\n\
             [[uncertain]]\nkey = \"c\"\nlow = 1.0\nhigh = 2.0\nmost_likely = 3.0\n\
             [[uncertain]]\nkey = \"d\"\nlow = 1.0\nhigh = 2.0\ndistribution = \"triangular\"",
        );
        assert_eq!(
            problems,
            vec![
                Problem::new(
                    "uncertain[0].low",
                    "must be a finite number (got NaN)",
                    "write a plain number",
                ),
                Problem::new(
                    "uncertain[1].low",
                    "low (3) is above high (2)",
                    "swap them: low is the smaller end of the range",
                ),
                Problem::new(
                    "uncertain[2].most_likely",
                    "most_likely (3) is outside the range [1, 2]",
                    "the most likely value lies between low and high; widen the range or correct it",
                ),
                Problem::new(
                    "uncertain[3].distribution",
                    "a triangular range needs most_likely",
                    "add most_likely = <its peak>, or use distribution = \"uniform\"",
                ),
            ]
        );
    }
}
