//! From the raw file to a checked `Scenario`: defaults, normalisation and every
//! cross-field rule, with *all* problems collected so a user fixes the file in
//! one pass. Each problem names its key path and says how to fix it.

use super::diagnostic::Problem;
use super::raw::{
    RawAiOutcomes, RawArrivalProcess, RawDistributionKind, RawDuration, RawRolloutStep,
    RawRosterShape, RawScenario,
};
use super::uncertain;
use super::{
    AiLearning, AiOutcomes, ArrivalProcess, Category, Costs, Csat, CsatBase, Demand,
    DistributionKind, DurationSpec, Escalation, Repeats, RosterShape, Scenario, Staffing, Trigger,
};

#[path = "validate_policy.rs"]
mod policy;

/// Sizes beyond which a run would exhaust memory or take days; refused before
/// anything is allocated. Raise them deliberately (the CLI's `--allow-large`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub max_horizon_weeks: u32,
    /// Warm-up weeks simulated before week 0 (`warmup_weeks`).
    pub max_warmup_weeks: u32,
    pub max_contacts_per_week: f64,
    pub max_replications: u32,
    pub max_fte: f64,
    /// Contacts over the horizon times replications.
    pub max_total_contacts: f64,
    /// Agents of one queue (`wfsim queue --agents`, the `wfsim staff` search).
    pub max_agents: u32,
    /// Contacts a `--simulate` run may simulate (rate x hours x replications).
    pub max_simulated_contacts: f64,
    /// Hours a `--simulate` run may simulate, warm-up included: even with no
    /// contacts, every simulated hour costs events.
    pub max_simulated_hours: f64,
    /// Points of a parameter sweep grid (the product of the lengths of its
    /// `--set` value lists). Each point is a full run, so `wfsim sweep` must
    /// refuse a larger grid before running any of it.
    pub max_sweep_points: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_horizon_weeks: 520,
            max_warmup_weeks: 52,
            max_contacts_per_week: 20_000_000.0,
            max_replications: 1_000,
            max_fte: 200_000.0,
            max_total_contacts: 20_000_000_000.0,
            max_agents: 1_000_000,
            max_simulated_contacts: 2e9,
            max_simulated_hours: 100_000.0,
            max_sweep_points: 64,
        }
    }
}

impl Limits {
    /// Limits for users who know their machine can take it.
    pub fn relaxed() -> Self {
        Limits {
            max_horizon_weeks: 5_200,
            max_warmup_weeks: 520,
            max_contacts_per_week: 1e9,
            max_replications: 100_000,
            max_fte: 10_000_000.0,
            max_total_contacts: 1e13,
            max_agents: 10_000_000,
            max_simulated_contacts: 2e11,
            max_simulated_hours: 10_000_000.0,
            max_sweep_points: 100_000,
        }
    }

    /// How to get past a limit: `--allow-large`, unless it is already given.
    pub fn raise_help(&self) -> &'static str {
        if *self == Limits::relaxed() {
            "use a smaller value: this is beyond even the --allow-large limits"
        } else {
            LARGE_HELP
        }
    }
}

const SUM_TOLERANCE: f64 = 1e-6;
const LARGE_HELP: &str = "use a smaller value, or pass --allow-large if this machine can take it";

/// Collects problems while building the scenario.
struct Checker {
    problems: Vec<Problem>,
    /// How to get past a size limit (depends on whether `--allow-large` is given).
    large_help: &'static str,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: String, help: impl Into<String>) {
        self.problems.push(Problem::new(path, message, help));
    }

    fn finite(&mut self, path: &str, value: f64) -> bool {
        if value.is_finite() {
            return true;
        }
        self.push(
            path,
            format!("must be a finite number (got {value})"),
            "write an ordinary number; nan and inf are not allowed",
        );
        false
    }

    fn probability(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && !(0.0..=1.0).contains(&value) {
            self.push(
                path,
                format!("must be a probability between 0 and 1 (got {value})"),
                "write a share such as 0.25 for 25%",
            );
        }
    }

    fn non_negative(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && value < 0.0 {
            self.push(
                path,
                format!("must not be negative (got {value})"),
                "use 0 or a positive number",
            );
        }
    }

    fn positive(&mut self, path: &str, value: f64) {
        if self.finite(path, value) && value <= 0.0 {
            self.push(
                path,
                format!("must be greater than 0 (got {value})"),
                "durations, rates and volumes must be positive",
            );
        }
    }

    fn at_most(&mut self, path: &str, value: f64, limit: f64) {
        if value.is_finite() && value > limit {
            self.push(
                path,
                format!("is larger than the limit {limit} (got {value})"),
                self.large_help,
            );
        }
    }

    fn week_in_horizon(&mut self, path: &str, week: u32, horizon: u32) {
        if week >= horizon {
            self.push(
                path,
                format!(
                    "week {week} lies outside the horizon of {horizon} weeks (weeks count from 0)"
                ),
                format!(
                    "use a week from 0 to {}, or lengthen horizon_weeks",
                    horizon.saturating_sub(1)
                ),
            );
        }
    }

    fn duration(&mut self, path: &str, raw: &RawDuration) -> DurationSpec {
        let kind = match raw.distribution {
            RawDistributionKind::Exponential => DistributionKind::Exponential,
            RawDistributionKind::Lognormal => DistributionKind::Lognormal,
            RawDistributionKind::Gamma => DistributionKind::Gamma,
            RawDistributionKind::Fixed => DistributionKind::Fixed,
        };
        self.positive(&format!("{path}.mean"), raw.mean);
        let cv = match (kind, raw.cv) {
            (DistributionKind::Exponential, None) => 1.0,
            (DistributionKind::Fixed, None) => 0.0,
            (DistributionKind::Exponential | DistributionKind::Fixed, Some(cv)) => {
                self.push(
                    format!("{path}.cv"),
                    format!("does not apply to this distribution (got {cv})"),
                    "remove cv, or use distribution = \"lognormal\" or \"gamma\" to set the spread",
                );
                cv
            }
            (_, None) => {
                self.push(
                    path,
                    "needs cv, the coefficient of variation (standard deviation / mean)"
                        .to_string(),
                    "add e.g. cv = 0.8",
                );
                1.0
            }
            (_, Some(cv)) => {
                if self.finite(&format!("{path}.cv"), cv) && !(cv > 0.0 && cv <= 10.0) {
                    self.push(
                        format!("{path}.cv"),
                        format!("must be above 0 and at most 10 (got {cv})"),
                        "typical handle-time cv is 0.5 to 1.2",
                    );
                }
                cv
            }
        };
        DurationSpec {
            kind,
            mean: raw.mean,
            cv,
        }
    }

    fn weights<const N: usize>(&mut self, path: &str, raw: Option<&Vec<f64>>) -> [f64; N] {
        let mut shares = [1.0 / N as f64; N];
        let Some(values) = raw else {
            return shares;
        };
        if values.len() != N {
            self.push(
                path,
                format!("needs exactly {N} values (got {})", values.len()),
                if N == 7 {
                    "give one weight per day, Monday first"
                } else {
                    "give one weight per hour of the day, from 00:00"
                },
            );
            return shares;
        }
        let mut ok = true;
        for (i, v) in values.iter().enumerate() {
            let item = format!("{path}[{i}]");
            if !self.finite(&item, *v) {
                ok = false;
            } else if *v < 0.0 {
                self.non_negative(&item, *v);
                ok = false;
            }
        }
        let total: f64 = values.iter().sum();
        if ok && total <= 0.0 {
            self.push(
                path,
                "must have at least one positive weight".to_string(),
                "weights are relative; e.g. all 1 for an even profile",
            );
            ok = false;
        }
        if ok {
            for (share, v) in shares.iter_mut().zip(values) {
                *share = v / total;
            }
        }
        shares
    }

    fn outcomes(&mut self, path: &str, raw: &RawAiOutcomes) -> AiOutcomes {
        let parts = [
            ("resolved", raw.resolved),
            ("escalated", raw.escalated),
            ("wrong_answer", raw.wrong_answer),
            ("stuck", raw.stuck),
        ];
        for (key, value) in parts {
            self.probability(&format!("{path}.{key}"), value);
        }
        let total: f64 = parts.iter().map(|(_, v)| v).sum();
        if total.is_finite() && (total - 1.0).abs() > SUM_TOLERANCE {
            self.push(
                path,
                format!("resolved + escalated + wrong_answer + stuck must sum to 1 (got {total})"),
                "the four outcomes of an AI attempt are exhaustive; adjust them so they add up to 1",
            );
        }
        AiOutcomes {
            resolved: raw.resolved,
            escalated: raw.escalated,
            wrong_answer: raw.wrong_answer,
            stuck: raw.stuck,
        }
    }

    fn rollout(
        &mut self,
        path: &str,
        initial: f64,
        steps: &[RawRolloutStep],
        horizon: u32,
    ) -> Vec<(u32, f64)> {
        let mut rollout = vec![(0, initial)];
        let mut previous: Option<u32> = None;
        for (i, step) in steps.iter().enumerate() {
            let item = format!("{path}[{i}]");
            self.probability(&format!("{item}.share"), step.share);
            self.week_in_horizon(&format!("{item}.from_week"), step.from_week, horizon);
            if previous.is_some_and(|p| step.from_week <= p) {
                self.push(
                    format!("{item}.from_week"),
                    format!(
                        "must come after the previous step's week {} (got {})",
                        previous.unwrap_or(0),
                        step.from_week
                    ),
                    "list the steps in increasing week order",
                );
            }
            previous = Some(step.from_week);
            if step.from_week == 0 {
                rollout[0] = (0, step.share);
            } else {
                rollout.push((step.from_week, step.share));
            }
        }
        rollout
    }
}

/// Builds a checked `Scenario`, or returns every problem found.
pub fn validate(raw: &RawScenario, limits: &Limits) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
        large_help: limits.raise_help(),
    };
    let horizon = raw.horizon_weeks;

    if raw.name.trim().is_empty() || raw.name.contains(['/', '\\']) || raw.name.starts_with('.') {
        c.push(
            "name",
            format!(
                "must be a plain name usable as a folder (got {:?})",
                raw.name
            ),
            "use letters, digits, '-' and '_', e.g. name = \"over-automation\"",
        );
    }
    if horizon == 0 {
        c.push(
            "horizon_weeks",
            "must be at least 1 (got 0)".into(),
            "simulate at least one week",
        );
    } else if horizon > limits.max_horizon_weeks {
        c.push(
            "horizon_weeks",
            format!(
                "is longer than the limit of {} weeks (got {horizon})",
                limits.max_horizon_weeks
            ),
            limits.raise_help(),
        );
    }
    if raw.warmup_weeks > limits.max_warmup_weeks {
        c.push(
            "warmup_weeks",
            format!(
                "is longer than the limit of {} weeks (got {})",
                limits.max_warmup_weeks, raw.warmup_weeks
            ),
            limits.raise_help(),
        );
    }
    if raw.replications == 0 {
        c.push(
            "replications",
            "must be at least 1 (got 0)".into(),
            "use 10 or more for confidence intervals",
        );
    } else if raw.replications > limits.max_replications {
        c.push(
            "replications",
            format!(
                "is more than the limit of {} (got {})",
                limits.max_replications, raw.replications
            ),
            limits.raise_help(),
        );
    }
    if !(15..=60).contains(&raw.interval_minutes) || 60 % raw.interval_minutes != 0 {
        c.push(
            "interval_minutes",
            format!("must be 15, 20, 30 or 60 (got {})", raw.interval_minutes),
            "intervals must divide an hour so hourly demand weights map onto them",
        );
    }

    // Demand.
    let d = &raw.demand;
    c.positive("demand.contacts_per_week", d.contacts_per_week);
    c.at_most(
        "demand.contacts_per_week",
        d.contacts_per_week,
        limits.max_contacts_per_week,
    );
    if c.finite("demand.growth_per_year", d.growth_per_year) && d.growth_per_year <= -1.0 {
        c.push(
            "demand.growth_per_year",
            format!("must be above -1 (got {})", d.growth_per_year),
            "growth is a share per year: 0.1 for +10%, -0.2 for -20%",
        );
    }
    // Warm-up weeks cost as much to simulate as the weeks reported.
    let simulated_weeks = f64::from(horizon) + f64::from(raw.warmup_weeks);
    let total_contacts = d.contacts_per_week * simulated_weeks * f64::from(raw.replications);
    if total_contacts.is_finite()
        && d.contacts_per_week <= limits.max_contacts_per_week
        && total_contacts > limits.max_total_contacts
    {
        c.push(
            "replications",
            format!(
                "contacts_per_week x (warmup_weeks + horizon_weeks) x replications = {total_contacts:.3e}, above the limit {:.3e}",
                limits.max_total_contacts
            ),
            limits.raise_help(),
        );
    }
    let weekday_shares = c.weights::<7>("demand.weekday_weights", d.weekday_weights.as_ref());
    let hourly_shares = c.weights::<24>("demand.hourly_weights", d.hourly_weights.as_ref());

    // Escalation triggers first: categories refer to them by name.
    let e = &raw.escalation;
    let mut triggers = Vec::new();
    for (i, t) in e.triggers.iter().enumerate() {
        let path = format!("escalation.triggers[{i}]");
        c.probability(&format!("{path}.detection_accuracy"), t.detection_accuracy);
        if triggers.iter().any(|x: &Trigger| x.name == t.name) {
            c.push(
                format!("{path}.name"),
                format!("trigger {:?} is defined twice", t.name),
                "give each trigger one entry",
            );
        }
        triggers.push(Trigger {
            name: t.name.clone(),
            detection_accuracy: t.detection_accuracy,
        });
    }
    c.positive("escalation.ai_turn_seconds", e.ai_turn_seconds);
    c.probability("escalation.detection_point_share", e.detection_point_share);

    // Categories.
    if raw.categories.is_empty() {
        c.push(
            "categories",
            "needs at least one category".into(),
            "add a [[categories]] table",
        );
    }
    if raw.categories.len() > 64 {
        c.push(
            "categories",
            format!("has {} categories, more than 64", raw.categories.len()),
            "merge similar categories",
        );
    }
    let mut categories = Vec::new();
    for (i, rc) in raw.categories.iter().enumerate() {
        let path = format!("categories[{i}]");
        if rc.name.trim().is_empty() {
            c.push(
                format!("{path}.name"),
                "must not be empty".into(),
                "name the category, e.g. \"refunds\"",
            );
        }
        if raw.categories[..i].iter().any(|o| o.name == rc.name) {
            c.push(
                format!("{path}.name"),
                format!("category {:?} is defined twice", rc.name),
                "give each category one entry",
            );
        }
        c.probability(&format!("{path}.share"), rc.share);
        c.probability(&format!("{path}.ai_share"), rc.ai_share);
        let ai_rollout = c.rollout(
            &format!("{path}.ai_rollout"),
            rc.ai_share,
            &rc.ai_rollout,
            horizon.max(1),
        );
        let uses_ai = !rc.never_ai && ai_rollout.iter().any(|(_, s)| *s > 0.0);
        if rc.never_ai && (rc.ai_share > 0.0 || !rc.ai_rollout.is_empty()) {
            c.push(
                format!("{path}.never_ai"),
                "is true but the category also has an AI share or rollout".into(),
                "remove ai_share and ai_rollout, or set never_ai = false",
            );
        }
        let ai_outcomes = match &rc.ai_outcomes {
            Some(o) => c.outcomes(&format!("{path}.ai_outcomes"), o),
            None => {
                if uses_ai {
                    c.push(
                        path.clone(),
                        "sends contacts to the AI but has no ai_outcomes".into(),
                        "add ai_outcomes = { resolved = .., escalated = .., wrong_answer = .., stuck = .. }",
                    );
                }
                AiOutcomes {
                    resolved: 0.0,
                    escalated: 1.0,
                    wrong_answer: 0.0,
                    stuck: 0.0,
                }
            }
        };
        let ai_handle_minutes = match &rc.ai_handle_minutes {
            Some(h) => c.duration(&format!("{path}.ai_handle_minutes"), h),
            None => {
                if uses_ai {
                    c.push(
                        path.clone(),
                        "sends contacts to the AI but has no ai_handle_minutes".into(),
                        "add ai_handle_minutes = { distribution = \"lognormal\", mean = 2.0, cv = 0.8 }",
                    );
                }
                DurationSpec {
                    kind: DistributionKind::Fixed,
                    mean: 1.0,
                    cv: 0.0,
                }
            }
        };
        let human_handle_minutes = c.duration(
            &format!("{path}.human_handle_minutes"),
            &rc.human_handle_minutes,
        );
        c.probability(&format!("{path}.human_wrong_answer"), rc.human_wrong_answer);
        let patience_minutes = rc
            .patience_minutes
            .as_ref()
            .map(|p| c.duration(&format!("{path}.patience_minutes"), p));
        c.non_negative(&format!("{path}.wrong_answer_cost"), rc.wrong_answer_cost);
        let mut trigger_shares = vec![0.0; triggers.len()];
        for (name, share) in &rc.triggers {
            let item = format!("{path}.triggers.{name}");
            c.probability(&item, *share);
            match triggers.iter().position(|t| &t.name == name) {
                Some(index) => trigger_shares[index] = *share,
                None => {
                    c.push(
                        item,
                        format!(
                            "refers to trigger {name:?}, which escalation.triggers does not define"
                        ),
                        format!(
                        "define it with [[escalation.triggers]] name = {name:?}, or use one of: {}",
                        if triggers.is_empty() {
                            "(none defined)".to_string()
                        } else {
                            triggers.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
                        }
                    ),
                    )
                }
            }
        }
        categories.push(Category {
            name: rc.name.clone(),
            share: rc.share,
            complexity: rc.complexity.clone(),
            priority: rc.priority,
            never_ai: rc.never_ai,
            ai_rollout,
            ai_outcomes,
            ai_handle_minutes,
            human_handle_minutes,
            human_wrong_answer: rc.human_wrong_answer,
            patience_minutes,
            wrong_answer_cost: rc.wrong_answer_cost,
            trigger_shares,
        });
    }
    let share_total: f64 = raw.categories.iter().map(|rc| rc.share).sum();
    if !raw.categories.is_empty()
        && share_total.is_finite()
        && (share_total - 1.0).abs() > SUM_TOLERANCE
    {
        c.push(
            "categories",
            format!("category shares must sum to 1 (got {share_total})"),
            "each share is the category's part of all new contacts; scale them so they add up to 1",
        );
    }

    // AI learning.
    let ai = &raw.ai;
    if let Some(h) = ai.learning_half_life_weeks {
        c.positive("ai.learning_half_life_weeks", h);
    }
    c.probability(
        "ai.learning_max_error_reduction",
        ai.learning_max_error_reduction,
    );

    // Repeats.
    let r = &raw.repeats;
    c.probability(
        "repeats.probability_after_wrong_answer",
        r.probability_after_wrong_answer,
    );
    c.probability(
        "repeats.probability_after_abandoned",
        r.probability_after_abandoned,
    );
    c.probability(
        "repeats.probability_after_trapped",
        r.probability_after_trapped,
    );
    let delay_hours = c.duration("repeats.delay_hours", &r.delay_hours);
    c.positive("repeats.patience_factor", r.patience_factor);
    if !(1..=255).contains(&r.max_contacts_per_issue) {
        c.push(
            "repeats.max_contacts_per_issue",
            format!(
                "must be between 1 and 255 (got {})",
                r.max_contacts_per_issue
            ),
            "customers rarely try more than 3 to 5 times",
        );
    }

    // Staffing.
    let s = &raw.staffing;
    let fte_schedule = match (s.fte, s.schedule.is_empty()) {
        (Some(fte), true) => {
            c.non_negative("staffing.fte", fte);
            c.at_most("staffing.fte", fte, limits.max_fte);
            vec![(0, fte)]
        }
        (None, false) => {
            let mut steps = Vec::new();
            for (i, step) in s.schedule.iter().enumerate() {
                let path = format!("staffing.schedule[{i}]");
                c.non_negative(&format!("{path}.fte"), step.fte);
                c.at_most(&format!("{path}.fte"), step.fte, limits.max_fte);
                c.week_in_horizon(&format!("{path}.from_week"), step.from_week, horizon.max(1));
                if let Some((prev, _)) = steps.last() {
                    if step.from_week <= *prev {
                        c.push(
                            format!("{path}.from_week"),
                            format!(
                                "must come after the previous step's week {prev} (got {})",
                                step.from_week
                            ),
                            "list the steps in increasing week order",
                        );
                    }
                }
                steps.push((step.from_week, step.fte));
            }
            if steps.first().is_some_and(|(w, _)| *w != 0) {
                c.push(
                    "staffing.schedule[0].from_week",
                    "the first step must start at week 0".into(),
                    "add a step { from_week = 0, fte = .. } for the starting headcount",
                );
            }
            steps
        }
        (Some(_), false) => {
            c.push(
                "staffing",
                "has both fte and schedule".into(),
                "keep fte for a constant headcount or schedule for a list of week -> FTE, not both",
            );
            vec![(0, 0.0)]
        }
        (None, true) => {
            c.push(
                "staffing",
                "needs fte or schedule".into(),
                "add fte = 1200, or schedule = [{ from_week = 0, fte = 1200 }, ..]",
            );
            vec![(0, 0.0)]
        }
    };
    if c.finite("staffing.paid_hours_per_week", s.paid_hours_per_week)
        && !(s.paid_hours_per_week > 0.0 && s.paid_hours_per_week <= 168.0)
    {
        c.push(
            "staffing.paid_hours_per_week",
            format!(
                "must be above 0 and at most 168 (got {})",
                s.paid_hours_per_week
            ),
            "a full-time agent is paid about 37.5 to 40 hours a week",
        );
    }
    if c.finite("staffing.shrinkage", s.shrinkage) && !(0.0..1.0).contains(&s.shrinkage) {
        c.push(
            "staffing.shrinkage",
            format!("must be at least 0 and below 1 (got {})", s.shrinkage),
            "shrinkage is the share of paid time not available for contacts, typically 0.3 to 0.35",
        );
    }
    if c.finite("staffing.concurrency", s.concurrency) && !(1.0..=10.0).contains(&s.concurrency) {
        c.push(
            "staffing.concurrency",
            format!("must be between 1 and 10 (got {})", s.concurrency),
            "chat agents handle 1 to 3 chats at once; use 1 for phone",
        );
    }
    c.non_negative("staffing.answer_seconds", s.answer_seconds);
    c.probability("staffing.service_level_target", s.service_level_target);

    // CSAT.
    let cs = &raw.csat;
    let b = &cs.base_log_odds;
    for (key, value) in [
        ("resolved_ai", b.resolved_ai),
        ("resolved_human", b.resolved_human),
        ("wrong_answer_ai", b.wrong_answer_ai),
        ("wrong_answer_human", b.wrong_answer_human),
        ("abandoned", b.abandoned),
        ("trapped", b.trapped),
    ] {
        c.finite(&format!("csat.base_log_odds.{key}"), value);
    }
    c.non_negative("csat.wait_log_odds_per_minute", cs.wait_log_odds_per_minute);
    c.non_negative("csat.extra_contact_log_odds", cs.extra_contact_log_odds);
    c.probability("csat.survey_response_rate", cs.survey_response_rate);
    let by_outcome = cs.survey_response_by_outcome.map_or([1.0; 4], |m| {
        [m.resolved, m.wrong_answer, m.abandoned, m.trapped]
    });
    for (key, m) in ["resolved", "wrong_answer", "abandoned", "trapped"]
        .iter()
        .zip(by_outcome)
    {
        let path = format!("csat.survey_response_by_outcome.{key}");
        c.non_negative(&path, m);
        if m.is_finite() && m * cs.survey_response_rate > 1.0 {
            c.push(
                path,
                format!(
                    "times survey_response_rate {} gives a response rate above 1 (got {m})",
                    cs.survey_response_rate
                ),
                "it multiplies the response rate; keep the product at most 1",
            );
        }
    }
    c.non_negative("csat.survey_delay_days", cs.survey_delay_days);
    c.probability("csat.threshold", cs.threshold);

    // Costs.
    let k = &raw.costs;
    c.non_negative("costs.agent_cost_per_hour", k.agent_cost_per_hour);
    c.non_negative("costs.ai_cost_per_conversation", k.ai_cost_per_conversation);
    c.non_negative("costs.ai_cost_per_resolution", k.ai_cost_per_resolution);

    let people = policy::check(&mut c, raw, limits);
    let (uncertain, uncertain_problems) = uncertain::check(&raw.uncertain);
    c.problems.extend(uncertain_problems);

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Scenario {
        name: raw.name.clone(),
        description: raw.description.clone(),
        seed: raw.seed,
        horizon_weeks: horizon,
        warmup_weeks: raw.warmup_weeks,
        replications: raw.replications,
        interval_minutes: raw.interval_minutes,
        demand: Demand {
            contacts_per_week: d.contacts_per_week,
            growth_per_year: d.growth_per_year,
            weekday_shares,
            hourly_shares,
            arrival_process: match d.arrival_process {
                RawArrivalProcess::Poisson => ArrivalProcess::Poisson,
                RawArrivalProcess::Deterministic => ArrivalProcess::Deterministic,
            },
        },
        categories,
        ai_learning: AiLearning {
            half_life_weeks: ai.learning_half_life_weeks,
            max_error_reduction: ai.learning_max_error_reduction,
        },
        escalation: Escalation {
            escape_hatch: e.escape_hatch,
            max_ai_turns: e.max_ai_turns,
            ai_turn_seconds: e.ai_turn_seconds,
            detection_point_share: e.detection_point_share,
            triggers,
        },
        repeats: Repeats {
            probability_after_wrong_answer: r.probability_after_wrong_answer,
            probability_after_abandoned: r.probability_after_abandoned,
            probability_after_trapped: r.probability_after_trapped,
            delay_hours,
            patience_factor: r.patience_factor,
            max_contacts_per_issue: r.max_contacts_per_issue,
        },
        staffing: Staffing {
            fte_schedule,
            paid_hours_per_week: s.paid_hours_per_week,
            shrinkage: s.shrinkage,
            concurrency: s.concurrency,
            roster: match s.roster {
                RawRosterShape::FollowDemand => RosterShape::FollowDemand,
                RawRosterShape::Flat => RosterShape::Flat,
            },
            answer_seconds: s.answer_seconds,
            service_level_target: s.service_level_target,
        },
        csat: Csat {
            base_log_odds: CsatBase {
                resolved_ai: b.resolved_ai,
                resolved_human: b.resolved_human,
                wrong_answer_ai: b.wrong_answer_ai,
                wrong_answer_human: b.wrong_answer_human,
                abandoned: b.abandoned,
                trapped: b.trapped,
            },
            wait_log_odds_per_minute: cs.wait_log_odds_per_minute,
            extra_contact_log_odds: cs.extra_contact_log_odds,
            survey_response_rate: cs.survey_response_rate,
            survey_response_by_outcome: by_outcome,
            survey_delay_days: cs.survey_delay_days,
            threshold: cs.threshold,
        },
        costs: Costs {
            agent_cost_per_hour: k.agent_cost_per_hour,
            ai_cost_per_conversation: k.ai_cost_per_conversation,
            ai_cost_per_resolution: k.ai_cost_per_resolution,
        },
        workforce: people.workforce,
        decisions: people.decisions,
        rules: people.rules,
        reversibility: people.reversibility,
        uncertain,
    })
}
