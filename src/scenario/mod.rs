//! The scenario: what a user describes in a TOML file, parsed, defaulted and
//! checked, as typed values the model can trust without checking again.
//!
//! Parsing happens in two stages (`raw` mirrors the file; `validate` builds the
//! `Scenario` and collects *every* problem) so a user fixes a file in one pass.
//!
//! Layer rule: the scenario is the only place that reads TOML and checks a
//! value, including what the command line overlays on a file (`--set` grids
//! in `grid`, `[[uncertain]]` draws, replications and seed). It reads its
//! input file and nothing else, prints nothing, and knows nothing of what
//! runs it (checked by `tests/it/layers.rs`).

mod diagnostic;
pub mod grid;
pub mod key_path;
mod policy;
mod raw;
mod raw_policy;

/// The satisfaction log-odds by outcome a scenario gets when `[csat]` sets
/// none, in `csat.base_log_odds` key order.
pub fn default_csat_log_odds() -> [(&'static str, f64); 6] {
    let b = raw::default_csat_base();
    [
        ("resolved_ai", b.resolved_ai),
        ("resolved_human", b.resolved_human),
        ("wrong_answer_ai", b.wrong_answer_ai),
        ("wrong_answer_human", b.wrong_answer_human),
        ("abandoned", b.abandoned),
        ("trapped", b.trapped),
    ]
}
mod scale;
mod structure;
mod uncertain;
mod validate;

use std::io::Read;
use std::path::Path;

pub use diagnostic::{line_column, Diagnostic, Problem};
pub use policy::{
    Action, Breach, Decision, LoadFeedback, Outsourcing, Pool, ReversibilitySettings, Rule, Signal,
    Workforce,
};
pub use raw::RawScenario;
pub use uncertain::{with_draws, with_values, Uncertain, UncertainDistribution, VariantError};
pub use validate::{validate, Limits};

/// The largest scenario file read, so a stray binary or log file is refused
/// before it is parsed.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A checked scenario. Invariants (enforced by `validate`): probabilities lie in
/// [0, 1], category shares and AI outcome probabilities sum to 1, durations are
/// positive and finite, profiles are normalised, weeks lie inside the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub seed: u64,
    pub horizon_weeks: u32,
    /// Weeks simulated before week 0 at week 0's settings (demand, AI shares,
    /// staffing; no decisions or rules) and discarded, so that queues, AI
    /// conversations and scheduled repeats start week 0 in their stationary
    /// state. Nothing in them is counted.
    pub warmup_weeks: u32,
    pub replications: u32,
    pub interval_minutes: u32,
    pub demand: Demand,
    pub categories: Vec<Category>,
    pub ai_learning: AiLearning,
    pub escalation: Escalation,
    pub repeats: Repeats,
    pub staffing: Staffing,
    pub csat: Csat,
    pub costs: Costs,
    /// `None`: headcount follows `staffing`'s fixed schedule.
    pub workforce: Option<Workforce>,
    /// Planned decisions, sorted by week.
    pub decisions: Vec<Decision>,
    pub rules: Vec<Rule>,
    pub reversibility: ReversibilitySettings,
    /// Groups of agents with their own queues (`[[pools]]`); empty: every
    /// agent serves one queue, as if there were one pool.
    pub pools: Vec<SkillPool>,
    /// Declared estimates and their ranges (`[[uncertain]]`); a run ignores them.
    pub uncertain: Vec<Uncertain>,
}

impl Scenario {
    pub fn intervals_per_day(&self) -> usize {
        (24 * 60 / self.interval_minutes) as usize
    }
    pub fn intervals_per_week(&self) -> usize {
        7 * self.intervals_per_day()
    }
    pub fn interval_seconds(&self) -> f64 {
        f64::from(self.interval_minutes) * 60.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Demand {
    pub contacts_per_week: f64,
    pub growth_per_year: f64,
    /// Share of the week's contacts arriving on each day, Monday first; sums to 1.
    pub weekday_shares: [f64; 7],
    /// Share of a day's contacts arriving in each hour; sums to 1.
    pub hourly_shares: [f64; 24],
    pub arrival_process: ArrivalProcess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrivalProcess {
    /// Non-homogeneous Poisson: the randomness of real demand.
    Poisson,
    /// Evenly spaced at the interval's rate, half a gap after each interval
    /// starts: no randomness, for results that can be computed by hand.
    Deterministic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistributionKind {
    Exponential,
    Lognormal,
    Gamma,
    Fixed,
}

/// A positive duration distribution, in the unit named by the key holding it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationSpec {
    pub kind: DistributionKind,
    pub mean: f64,
    /// Coefficient of variation; 1 for exponential, 0 for fixed.
    pub cv: f64,
}

/// Probabilities of the four ends of an AI attempt, summing to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AiOutcomes {
    pub resolved: f64,
    /// The AI recognises the contact is out of its scope and hands it over.
    pub escalated: f64,
    /// The AI answers wrongly; the customer leaves believing it resolved.
    pub wrong_answer: f64,
    /// The customer is stuck in a loop and wants a human.
    pub stuck: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub name: String,
    pub share: f64,
    pub complexity: String,
    /// Lower numbers are served first in the human queue.
    pub priority: u8,
    pub never_ai: bool,
    /// The file says what the AI does with this category (`ai_outcomes` and
    /// `ai_handle_minutes`) and does not forbid it (`never_ai`). A decision
    /// routing every category to the AI leaves the others with humans.
    pub ai_ready: bool,
    /// `(from_week, share routed to the AI)`, sorted, first step at week 0.
    pub ai_rollout: Vec<(u32, f64)>,
    pub ai_outcomes: AiOutcomes,
    pub ai_handle_minutes: DurationSpec,
    pub human_handle_minutes: DurationSpec,
    pub human_wrong_answer: f64,
    /// `None`: customers wait as long as it takes.
    pub patience_minutes: Option<DurationSpec>,
    pub wrong_answer_cost: f64,
    /// Multiplies the human handle time of contacts the AI handed over: the
    /// hard residue the AI could not do, with the customer's story retold.
    pub escalated_handle_factor: f64,
    /// Share of contacts carrying each escalation trigger, indexed like
    /// `Escalation::triggers`.
    pub trigger_shares: Vec<f64>,
}

impl Category {
    /// Share of this category routed to the AI during `week`.
    pub fn ai_share_in_week(&self, week: u32) -> f64 {
        if self.never_ai {
            return 0.0;
        }
        self.ai_rollout
            .iter()
            .take_while(|(from, _)| *from <= week)
            .last()
            .map_or(0.0, |(_, share)| *share)
    }

    /// First week in which any of this category goes to the AI.
    pub fn ai_start_week(&self) -> Option<u32> {
        if self.never_ai {
            return None;
        }
        self.ai_rollout
            .iter()
            .find(|(_, share)| *share > 0.0)
            .map(|(week, _)| *week)
    }
}

/// One `[[pools]]` entry: a language, market or skill group of agents with
/// its own chat slots and queue. Splitting agents into pools loses the
/// economies of one large queue, which is why a scenario may declare them.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillPool {
    pub name: String,
    /// Fraction of the roster's chat slots in this pool; the pools' sum to 1.
    pub staff_share: f64,
    /// Share of each category's human contacts routed here, indexed like
    /// `Scenario::categories`; for each category the pools' shares sum to 1.
    pub category_shares: Vec<f64>,
    pub overflow: Option<Overflow>,
    /// Identical queues this entry stands for, each with `1 / copies` of its
    /// staff and category shares: forty desks of one size are one entry, and
    /// a scaled scenario (`Scenario::scaled`) keeps each desk's size by
    /// keeping fewer of them. Reported as one pool (its copies summed).
    pub copies: u32,
}

/// Where a pool's long waiters may also be served.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overflow {
    /// Index of the pool whose free slots may serve them (never the pool
    /// itself); copy k overflows to copy k mod n of a pool of n copies.
    pub to: usize,
    /// How long a contact waits in its own pool before it may overflow.
    pub after_seconds: f64,
}

/// How the AI's errors fall as resolved conversations feed its knowledge
/// base, and the QA review that measures them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AiLearning {
    /// Weeks after a category's rollout for half the possible gain; `None`: no learning.
    pub half_life_weeks: Option<f64>,
    /// Largest share of wrong answers and stuck conversations the learning removes.
    pub max_error_reduction: f64,
    /// AI conversations a weekly QA review reads for accuracy (0: none).
    pub qa_sample_per_week: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub name: String,
    pub detection_accuracy: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// A visible "talk to a human" exit; without it stuck customers are trapped.
    pub escape_hatch: bool,
    /// Hand over conversations longer than this many turns; 0 means no cap.
    pub max_ai_turns: u32,
    pub ai_turn_seconds: f64,
    /// Share of the AI conversation elapsed when a detected trigger hands off.
    pub detection_point_share: f64,
    pub triggers: Vec<Trigger>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repeats {
    pub probability_after_wrong_answer: f64,
    pub probability_after_abandoned: f64,
    pub probability_after_trapped: f64,
    pub delay_hours: DurationSpec,
    /// The delay after a wrong answer, after abandoning and after being
    /// trapped, in that order (each `delay_hours` unless set).
    pub delay_hours_after: [DurationSpec; 3],
    /// Probability that a repeat of an AI failure bypasses the AI.
    pub to_human_after_ai_failure: f64,
    /// Patience of a repeat contact relative to the contact before it.
    pub patience_factor: f64,
    /// An issue is given up after this many contacts.
    pub max_contacts_per_issue: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterShape {
    /// Agents on shift in proportion to expected demand (what planners roster to).
    FollowDemand,
    /// The same number on shift around the clock.
    Flat,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Staffing {
    /// `(from_week, FTE)`, sorted, first step at week 0.
    pub fte_schedule: Vec<(u32, f64)>,
    pub paid_hours_per_week: f64,
    pub shrinkage: f64,
    /// Chats one agent handles at once.
    pub concurrency: f64,
    /// Handle time grows by this share for every concurrent chat beyond the
    /// first (switching between chats slows each one down).
    pub handle_factor_per_extra_chat: f64,
    /// The occupancy ceiling: agents on shift are never busy more than this
    /// share of their chat slots (the rest is the recovery time between
    /// chats that floors enforce), so load beyond it queues. `None`: 1.
    pub max_occupancy: Option<f64>,
    pub roster: RosterShape,
    pub answer_seconds: f64,
    pub service_level_target: f64,
}

impl Staffing {
    /// How much longer each chat takes at this concurrency than alone.
    pub fn concurrency_handle_multiplier(&self) -> f64 {
        1.0 + self.handle_factor_per_extra_chat * (self.concurrency - 1.0)
    }

    pub fn fte_in_week(&self, week: u32) -> f64 {
        self.fte_schedule
            .iter()
            .take_while(|(from, _)| *from <= week)
            .last()
            .map_or(0.0, |(_, fte)| *fte)
    }
}

/// Log-odds of a satisfied customer by outcome and channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsatBase {
    pub resolved_ai: f64,
    pub resolved_human: f64,
    pub wrong_answer_ai: f64,
    pub wrong_answer_human: f64,
    pub abandoned: f64,
    pub trapped: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Csat {
    pub base_log_odds: CsatBase,
    pub wait_log_odds_per_minute: f64,
    pub extra_contact_log_odds: f64,
    pub survey_response_rate: f64,
    /// Response rate multipliers: resolved, wrong answer, abandoned, trapped.
    pub survey_response_by_outcome: [f64; 4],
    pub survey_delay_days: f64,
    pub threshold: f64,
    /// Probability that a customer given a wrong answer still believes the
    /// issue resolved when the survey asks: they answer as a resolved
    /// customer would, while `csat_true` scores the wrong answer.
    pub wrong_answer_perceived_resolved: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Costs {
    pub agent_cost_per_hour: f64,
    pub ai_cost_per_conversation: f64,
    pub ai_cost_per_resolution: f64,
    /// A fixed platform fee, charged every week (× 12 ÷ 52) the AI takes
    /// any contact.
    pub ai_platform_cost_per_month: f64,
    /// Vendors bill an "assumed resolution" whenever the customer leaves
    /// the AI without asking for more help, which includes a wrong answer
    /// not yet found out; `false` bills true resolutions only.
    pub ai_bills_wrong_answers: bool,
}

/// Why a scenario could not be loaded. Every variant is bad input (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read scenario {path}: {source}\n  help: check the file name; the shipped scenarios are under scenarios/")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a scenario file: {reason}")]
    NotText { path: String, reason: String },
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
}

/// Problems shown at most, so the message fits on a screen; the count of the
/// rest follows.
const MAX_SHOWN_PROBLEMS: usize = 20;

fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().take(MAX_SHOWN_PROBLEMS).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    if diagnostics.len() > MAX_SHOWN_PROBLEMS {
        out.push_str(&format!(
            "\nat least {} problems found; the first {MAX_SHOWN_PROBLEMS} are shown: fix them and check again",
            diagnostics.len()
        ));
    } else if diagnostics.len() > 1 {
        out.push_str(&format!("\n{} problems found", diagnostics.len()));
    }
    out
}

/// Values given on the command line in place of the file's. They are applied
/// before validation, so they meet the same rules and limits as the file.
/// Serialisable so a sharded run's partial files carry them to `wfsim merge`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Overrides {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
}

/// Reads, parses and validates a scenario file.
pub fn load(path: &Path, limits: &Limits) -> Result<Scenario, LoadError> {
    load_with(path, limits, &Overrides::default())
}

/// Reads, parses and validates a scenario file with command-line overrides.
pub fn load_with(
    path: &Path,
    limits: &Limits,
    overrides: &Overrides,
) -> Result<Scenario, LoadError> {
    let (shown, text) = read_text(path)?;
    parse_with(&shown, &text, limits, overrides)
}

/// A scenario file's name as messages show it and its text, read once and
/// at most `MAX_FILE_BYTES`: a folder, an unreadable, oversized or endless
/// file (a device) or one that is not UTF-8 is bad input, named. Commands
/// that carry the text on (a shard's partial, a sweep's points) parse this
/// very text, so what they carry is what they simulated.
pub fn read_text(path: &Path) -> Result<(String, String), LoadError> {
    let shown = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|source| LoadError::Read {
        path: shown.clone(),
        source,
    })?;
    if metadata.is_dir() {
        return Err(LoadError::NotText {
            path: shown,
            reason: "it is a directory; name a .toml file inside it".into(),
        });
    }
    let too_large = || LoadError::NotText {
        path: shown.clone(),
        reason: format!("it is larger than the {MAX_FILE_BYTES} bytes a scenario may have"),
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // Read at most one byte past the limit: a device or pipe (/dev/zero) has
    // no length to check beforehand and may never end.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|source| LoadError::Read {
            path: shown.clone(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotText {
        path: shown.clone(),
        reason: format!(
            "it is not valid UTF-8 (byte {}); save it as UTF-8 text",
            e.utf8_error().valid_up_to()
        ),
    })?;
    Ok((shown, text))
}

/// Parses and validates scenario text; `file` names it in messages.
pub fn parse(file: &str, text: &str, limits: &Limits) -> Result<Scenario, LoadError> {
    parse_with(file, text, limits, &Overrides::default())
}

/// `parse` with command-line overrides.
pub fn parse_with(
    file: &str,
    text: &str,
    limits: &Limits,
    overrides: &Overrides,
) -> Result<Scenario, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::NotText {
            path: file.to_string(),
            reason: "it is empty; start from one of the files under scenarios/".into(),
        });
    }
    if text.contains('\0') {
        return Err(LoadError::NotText {
            path: file.to_string(),
            reason: "it contains NUL bytes, so it is binary, not TOML".into(),
        });
    }
    let structured = structure::deserialize(file, text).map_err(LoadError::Invalid)?;
    let mut raw = structured.raw;
    if let Some(replications) = overrides.replications {
        raw.replications = replications;
    }
    if let Some(seed) = overrides.seed {
        raw.seed = seed;
    }
    let mut problems = match validate(&raw, limits) {
        Ok(scenario) if structured.diagnostics.is_empty() => {
            let problems =
                uncertain::check_ends(file, text, limits, overrides, &scenario.uncertain);
            if problems.is_empty() {
                return Ok(scenario);
            }
            problems
        }
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    // Values repaired while reading the structure are placeholders: problems
    // that involve them would be noise.
    problems.retain(|p| !involves_repaired(&p.key_path, &p.message, &structured.repaired));
    if overrides.replications.is_some() {
        for p in problems.iter_mut().filter(|p| p.key_path == "replications") {
            p.message.push_str(" (set by --replications)");
        }
    }
    let mut diagnostics = structured.diagnostics;
    diagnostics.extend(diagnostic::locate(file, text, problems));
    structure::sort_by_place(&mut diagnostics);
    Err(LoadError::Invalid(diagnostics))
}

/// Whether a validation problem concerns a value removed or replaced while
/// reading the file's structure: the same key, a key inside it, or a table
/// holding it (whose sums and cross-checks saw a placeholder).
fn involves_repaired(key_path: &str, message: &str, repaired: &[String]) -> bool {
    let related = |a: &str, b: &str| {
        a == b
            || b.strip_prefix(a)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    };
    repaired.iter().any(|r| {
        // A duration's other keys were checked against a stand-in distribution.
        let r = r.strip_suffix(".distribution").unwrap_or(r);
        related(key_path, r)
            || related(r, key_path)
            || (r == "horizon_weeks" && message.contains("horizon"))
    })
}

/// The smallest valid scenario (one category, ten agents, one week), for
/// unit tests that set a few fields of a real `Scenario` by hand.
#[cfg(test)]
pub(crate) fn one_category_for_tests() -> Scenario {
    parse(
        "one-category.toml",
        "name = \"one\"\nhorizon_weeks = 1\n[demand]\ncontacts_per_week = 100\n\
         [[categories]]\nname = \"all\"\nshare = 1.0\n\
         human_handle_minutes = { distribution = \"exponential\", mean = 8.0 }\n\
         [staffing]\nfte = 10\n",
        &Limits::default(),
    )
    .unwrap()
}
