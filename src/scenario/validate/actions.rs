//! One action, as a planned decision or as a rule's response: which keys its
//! kind takes, which category it names, and whether the tables it acts on
//! exist. Decisions and rules share it so an action reads the same in both.

use super::checker::Checker;
use crate::scenario::policy::{Action, Pool, Workforce};
use crate::scenario::raw_policy::{RawAction, RawActionKind as K, RawPool};

/// Which of its AI keys a category has: `set_ai_share` needs them all.
#[derive(Debug, Clone, Copy)]
pub(super) struct AiKeys {
    pub never_ai: bool,
    pub outcomes: bool,
    pub handle_minutes: bool,
}

impl AiKeys {
    const READY: AiKeys = AiKeys {
        never_ai: false,
        outcomes: true,
        handle_minutes: true,
    };

    fn ready(self) -> bool {
        !self.never_ai && self.outcomes && self.handle_minutes
    }
}

/// What an action may refer to elsewhere in the scenario.
pub(super) struct ActionContext<'a> {
    categories: &'a [&'a str],
    /// Indexed like `categories`.
    ai: Vec<AiKeys>,
    has_workforce: bool,
    has_outsourcing: bool,
    /// What `rehire` restores without an `fte`.
    initial_fte: f64,
    /// AI conversations a weekly QA review samples (the `ai_error_rate_qa` signal).
    pub qa_sample_per_week: u32,
}

impl<'a> ActionContext<'a> {
    pub fn new(categories: &'a [&'a str], workforce: Option<&Workforce>) -> Self {
        ActionContext {
            categories,
            ai: vec![AiKeys::READY; categories.len()],
            has_workforce: workforce.is_some(),
            has_outsourcing: workforce.is_some_and(|w| w.outsourcing.is_some()),
            initial_fte: workforce.map_or(0.0, |w| w.initial_fte),
            qa_sample_per_week: 0,
        }
    }

    pub fn with_qa_sample(mut self, qa_sample_per_week: u32) -> Self {
        self.qa_sample_per_week = qa_sample_per_week;
        self
    }

    /// Every category has all its AI keys unless told otherwise.
    pub fn with_ai(mut self, ai: Vec<AiKeys>) -> Self {
        self.ai = ai;
        self
    }
}

/// `None` when the action cannot be taken; its problems are reported, those
/// of its own values too, so one pass shows them all.
pub(super) fn check(
    c: &mut Checker,
    path: &str,
    a: &RawAction,
    cx: &ActionContext<'_>,
) -> Option<Action> {
    let keys_apply = keys_apply(c, path, a);
    let (category, category_known) = category(c, path, a, cx);
    let tables_exist = tables_exist(c, path, a, cx);
    let action = build(c, path, a, category, cx)?;
    let ai_can_take = category_known && ai_can_take(c, path, &action, cx);
    (keys_apply && category_known && tables_exist && ai_can_take).then_some(action)
}

/// A share sent to a category the AI cannot serve would run: the AI takes the
/// share, resolves nothing and escalates everything. For every category
/// (`"all"`), the model leaves such categories with humans, like `never_ai`
/// ones, so at least one must be able to take it. A share of 0 is refused
/// nowhere: it sends nothing to the AI.
fn ai_can_take(c: &mut Checker, path: &str, action: &Action, cx: &ActionContext<'_>) -> bool {
    let Action::SetAiShare { category, share } = *action else {
        return true;
    };
    if share <= 0.0 {
        return true;
    }
    let Some(i) = category else {
        if cx.ai.iter().any(|k| k.ready()) {
            return true;
        }
        c.push(
            path,
            "sets an AI share for every category, but no category can take it: each has never_ai = true or lacks ai_outcomes or ai_handle_minutes".into(),
            "add ai_outcomes and ai_handle_minutes to a category the AI should serve",
        );
        return false;
    };
    let name = cx.categories[i];
    let keys = cx.ai[i];
    const ESCALATES: &str = "the AI would resolve nothing and escalate everything";
    let (why, fix) = if keys.never_ai {
        (
            "has never_ai = true: the share would be ignored".to_string(),
            format!("use another category, or set never_ai = false on category {name:?} and give it ai_outcomes and ai_handle_minutes"),
        )
    } else if !keys.outcomes {
        (
            format!("has no ai_outcomes: {ESCALATES}"),
            format!("add ai_outcomes = {{ resolved = .., escalated = .., wrong_answer = .., stuck = .. }} to category {name:?}, or use another category"),
        )
    } else if !keys.handle_minutes {
        (
            "has no ai_handle_minutes: its AI conversations would take a made-up minute".to_string(),
            format!("add ai_handle_minutes = {{ distribution = \"lognormal\", mean = 2.0, cv = 0.8 }} to category {name:?}, or use another category"),
        )
    } else {
        return true;
    };
    c.push(
        format!("{path}.category"),
        format!("sends category {name:?} to the AI, but it {why}"),
        fix,
    );
    false
}

/// A key the action's kind does not take is refused, not ignored: it says
/// the user meant something else.
fn keys_apply(c: &mut Checker, path: &str, a: &RawAction) -> bool {
    let name = action_name(a.action);
    let keys = [
        (
            "category",
            matches!(a.action, K::SetAiShare | K::RouteToHumans),
            a.category.is_some(),
        ),
        (
            "share",
            matches!(a.action, K::SetAiShare | K::Overtime),
            a.share.is_some(),
        ),
        ("premium", a.action == K::Overtime, a.premium.is_some()),
        ("weeks", a.action == K::Overtime, a.weeks.is_some()),
        (
            "fte",
            matches!(a.action, K::Layoff | K::Rehire | K::SetHeadcountTarget),
            a.fte.is_some(),
        ),
        ("count", a.action == K::OpenRequisitions, a.count.is_some()),
        ("pools", a.action == K::Layoff, a.pools.is_some()),
        (
            "categories",
            a.action == K::PhaseToHumans,
            a.categories.is_some(),
        ),
        (
            "over_weeks",
            a.action == K::PhaseToHumans,
            a.over_weeks.is_some(),
        ),
        (
            "human_exit",
            a.action == K::PhaseToHumans,
            a.human_exit.is_some(),
        ),
    ];
    let mut ok = true;
    for (key, takes, present) in keys {
        if present && !takes {
            c.push(
                format!("{path}.{key}"),
                format!("does not apply to action {name:?}"),
                format!("remove {key}, or use an action that takes it"),
            );
            ok = false;
        }
    }
    ok
}

/// The named category's index; `None` for every category (`"*"`, `"all"` or
/// no category). The flag is `false` for a name no category has.
fn category(
    c: &mut Checker,
    path: &str,
    a: &RawAction,
    cx: &ActionContext<'_>,
) -> (Option<usize>, bool) {
    let Some(n) = &a.category else {
        return (None, true);
    };
    if n == "*" || n == "all" {
        return (None, true);
    }
    match category_index(c, &format!("{path}.category"), n, cx) {
        Some(index) => (Some(index), true),
        None => (None, false),
    }
}

/// The index of the category named `name` at `key`; `None`, reported, when
/// no category has that name.
fn category_index(c: &mut Checker, key: &str, name: &str, cx: &ActionContext<'_>) -> Option<usize> {
    let index = cx.categories.iter().position(|c| *c == name);
    if index.is_none() {
        c.push(
            key,
            format!("names no category (got {name:?})"),
            format!("use one of: {}; or \"all\"", cx.categories.join(", ")),
        );
    }
    index
}

/// Hiring and layoffs need the `[workforce]` pipeline; outsourcing needs a
/// contract to start or stop.
fn tables_exist(c: &mut Checker, path: &str, a: &RawAction, cx: &ActionContext<'_>) -> bool {
    let name = action_name(a.action);
    let mut ok = true;
    let workforce_only = matches!(
        a.action,
        K::Layoff
            | K::HiringFreeze
            | K::LiftHiringFreeze
            | K::Rehire
            | K::OpenRequisitions
            | K::SetHeadcountTarget
    );
    if workforce_only && !cx.has_workforce {
        c.push(
            format!("{path}.action"),
            format!("{name:?} needs a [workforce] table: a fixed staffing schedule has no hiring or layoffs"),
            "add a [workforce] table (see scenarios/over-automation.toml), or express the change in staffing.schedule",
        );
        ok = false;
    }
    let outsourcing_only = matches!(a.action, K::StartOutsourcing | K::StopOutsourcing);
    if outsourcing_only && !cx.has_outsourcing {
        c.push(
            format!("{path}.action"),
            format!("{name:?} needs a [workforce.outsourcing] contract"),
            "add [workforce.outsourcing] with lead_time_weeks, capacity_fte and cost_per_hour",
        );
        ok = false;
    }
    ok
}

/// `None` when a value the kind requires is missing.
fn build(
    c: &mut Checker,
    path: &str,
    a: &RawAction,
    category: Option<usize>,
    cx: &ActionContext<'_>,
) -> Option<Action> {
    Some(match a.action {
        K::SetAiShare => {
            let Some(share) = a.share else {
                c.push(
                    path,
                    "needs share, the share of the category routed to the AI".into(),
                    "add e.g. share = 0.7",
                );
                return None;
            };
            c.probability(&format!("{path}.share"), share);
            Action::SetAiShare { category, share }
        }
        K::RouteToHumans => Action::RouteToHumans { category },
        K::PhaseToHumans => phase_to_humans(c, path, a, cx)?,
        K::OpenHumanExit => Action::OpenHumanExit,
        K::PauseAiRollout => Action::PauseAiRollout,
        K::ResumeAiRollout => Action::ResumeAiRollout,
        K::Layoff => layoff(c, path, a)?,
        K::HiringFreeze => Action::HiringFreeze,
        K::LiftHiringFreeze => Action::LiftHiringFreeze,
        K::Rehire => {
            let target_fte = a.fte.unwrap_or(cx.initial_fte);
            c.non_negative(&format!("{path}.fte"), target_fte);
            c.at_most(&format!("{path}.fte"), target_fte, c.limits.max_fte);
            Action::Rehire { target_fte }
        }
        K::Overtime => overtime(c, path, a)?,
        K::SetHeadcountTarget => {
            let target_fte = headcount(
                c,
                path,
                a.fte,
                "fte",
                "the headcount to hire towards",
                "3100",
            )?;
            c.non_negative(&format!("{path}.fte"), target_fte);
            Action::SetHeadcountTarget { target_fte }
        }
        K::OpenRequisitions => {
            let count = headcount(
                c,
                path,
                a.count,
                "count",
                "the number of requisitions",
                "200",
            )?;
            c.positive(&format!("{path}.count"), count);
            Action::OpenRequisitions { count }
        }
        K::StartOutsourcing => Action::StartOutsourcing,
        K::StopOutsourcing => Action::StopOutsourcing,
    })
}

/// A number of people an action needs: present and within the headcount
/// limit (the caller says whether 0 is allowed).
fn headcount(
    c: &mut Checker,
    path: &str,
    value: Option<f64>,
    key: &str,
    what: &str,
    example: &str,
) -> Option<f64> {
    let Some(v) = value else {
        c.push(
            path,
            format!("needs {key}, {what}"),
            format!("add e.g. {key} = {example}"),
        );
        return None;
    };
    c.at_most(&format!("{path}.{key}"), v, c.limits.max_fte);
    Some(v)
}

/// Overtime is capped at a quarter more paid hours (a 40-hour week becomes
/// 50; the EU's 48-hour limit is a fifth), paid at a premium of at most 2.
fn overtime(c: &mut Checker, path: &str, a: &RawAction) -> Option<Action> {
    let Some(share) = a.share else {
        c.push(
            path,
            "needs share, the extra paid hours as a share of the week".into(),
            "add e.g. share = 0.1 (a 40-hour week becomes 44)",
        );
        return None;
    };
    if c.finite(&format!("{path}.share"), share) && !(share > 0.0 && share <= 0.25) {
        c.push(
            format!("{path}.share"),
            format!("must be above 0 and at most 0.25 (got {share})"),
            "overtime beyond a quarter of the week is not sustainable (the EU's 48-hour limit is a fifth over 40)",
        );
    }
    let premium = a.premium.unwrap_or(0.5);
    if c.finite(&format!("{path}.premium"), premium) && !(0.0..=2.0).contains(&premium) {
        c.push(
            format!("{path}.premium"),
            format!("must be between 0 and 2 (got {premium})"),
            "the pay premium on overtime hours: 0.5 is time and a half",
        );
    }
    let weeks = a.weeks.unwrap_or(4);
    c.at_least_one(&format!("{path}.weeks"), weeks, "e.g. weeks = 8");
    Some(Action::Overtime {
        share,
        premium,
        weeks,
    })
}

/// The categories named (every category without `categories`, or with
/// `["all"]`), over at least one week.
fn phase_to_humans(
    c: &mut Checker,
    path: &str,
    a: &RawAction,
    cx: &ActionContext<'_>,
) -> Option<Action> {
    let over_weeks = a.over_weeks.unwrap_or(1);
    c.at_least_one(
        &format!("{path}.over_weeks"),
        over_weeks,
        "1 sends the categories back at once; 4 phases them over four weeks",
    );
    let categories = match &a.categories {
        None => None,
        Some(names) if names.iter().any(|n| n == "all" || n == "*") => None,
        Some(names) => {
            if names.is_empty() {
                c.push(
                    format!("{path}.categories"),
                    "is empty".into(),
                    "list the categories to send back to people, e.g. [\"disputes\", \"fraud\"], or remove categories for all",
                );
                return None;
            }
            let mut indices = Vec::new();
            for (k, n) in names.iter().enumerate() {
                indices.push(category_index(
                    c,
                    &format!("{path}.categories[{k}]"),
                    n,
                    cx,
                )?);
            }
            Some(indices)
        }
    };
    Some(Action::PhaseToHumans {
        categories,
        over_weeks,
        human_exit: a.human_exit.unwrap_or(false),
    })
}

/// Without `pools`, people are let go from every pool but the trainers.
fn layoff(c: &mut Checker, path: &str, a: &RawAction) -> Option<Action> {
    let Some(fte) = a.fte else {
        c.push(
            path,
            "needs fte, the number of people let go".into(),
            "add e.g. fte = 700",
        );
        return None;
    };
    c.positive(&format!("{path}.fte"), fte);
    c.at_most(&format!("{path}.fte"), fte, c.limits.max_fte);
    let pools = match &a.pools {
        None => vec![
            Pool::Waiting,
            Pool::Training,
            Pool::Ramping,
            Pool::Proficient,
        ],
        Some(list) => {
            if list.is_empty() {
                c.push(
                    format!("{path}.pools"),
                    "is empty".into(),
                    "list the pools to cut from, in order, e.g. [\"ramping\", \"proficient\"]",
                );
            }
            list.iter().map(|p| pool(*p)).collect()
        }
    };
    Some(Action::Layoff { fte, pools })
}

fn pool(p: RawPool) -> Pool {
    match p {
        RawPool::Waiting => Pool::Waiting,
        RawPool::Training => Pool::Training,
        RawPool::Ramping => Pool::Ramping,
        RawPool::Proficient => Pool::Proficient,
        RawPool::Trainers => Pool::Trainers,
    }
}

/// The action as the file spells it.
fn action_name(kind: K) -> &'static str {
    match kind {
        K::SetAiShare => "set_ai_share",
        K::RouteToHumans => "route_to_humans",
        K::PhaseToHumans => "phase_to_humans",
        K::OpenHumanExit => "open_human_exit",
        K::PauseAiRollout => "pause_ai_rollout",
        K::ResumeAiRollout => "resume_ai_rollout",
        K::Layoff => "layoff",
        K::HiringFreeze => "hiring_freeze",
        K::LiftHiringFreeze => "lift_hiring_freeze",
        K::SetHeadcountTarget => "set_headcount_target",
        K::Overtime => "overtime",
        K::Rehire => "rehire",
        K::OpenRequisitions => "open_requisitions",
        K::StartOutsourcing => "start_outsourcing",
        K::StopOutsourcing => "stop_outsourcing",
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;
    use crate::scenario::policy::Outsourcing;
    use crate::scenario::{DistributionKind, DurationSpec, Problem};

    const CATEGORIES: &[&str] = &["faq", "refunds"];

    fn workforce(outsourcing: bool) -> Workforce {
        Workforce {
            initial_fte: 120.0,
            target_fte: 120.0,
            target_growth_per_year: 0.0,
            backfill: true,
            time_to_hire_weeks: DurationSpec {
                kind: DistributionKind::Fixed,
                mean: 6.0,
                cv: 0.0,
            },
            recruiting_capacity_per_week: 50.0,
            cost_per_hire: 0.0,
            training_weeks: 4,
            trainers: None,
            trainees_per_trainer: 12.0,
            training_cost_per_trainee_week: 0.0,
            ramp_weeks: 8,
            ramp_start_productivity: 0.5,
            attrition_per_year: 0.0,
            new_hire_attrition_per_year: 0.0,
            severance_weeks: 0.0,
            loading_factor: 1.0,
            alumni_return_share: 0.0,
            alumni_half_life_weeks: 26.0,
            returner_training_weeks: 1,
            returner_ramp_weeks: 2,
            load: None,
            outsourcing: outsourcing.then_some(Outsourcing {
                lead_time_weeks: 2,
                ramp_weeks: 0,
                notice_weeks: 0,
                capacity_fte: 10.0,
                cost_per_hour: 30.0,
                error_multiplier: 1.0,
                csat_multiplier: 1.0,
            }),
        }
    }

    fn checked(text: &str, workforce: Option<&Workforce>) -> (Option<Action>, Vec<Problem>) {
        let cx = ActionContext::new(CATEGORIES, workforce);
        let mut action = None;
        let found = problems(|c| action = check(c, "decisions[0]", &raw(text), &cx));
        (action, found)
    }

    #[test]
    fn sound_actions_become_typed_actions() {
        let w = workforce(true);
        let cases = [
            (
                "action = \"set_ai_share\"\ncategory = \"refunds\"\nshare = 0.5",
                Action::SetAiShare {
                    category: Some(1),
                    share: 0.5,
                },
            ),
            (
                "action = \"route_to_humans\"\ncategory = \"all\"",
                Action::RouteToHumans { category: None },
            ),
            (
                "action = \"layoff\"\nfte = 10",
                Action::Layoff {
                    fte: 10.0,
                    pools: vec![
                        Pool::Waiting,
                        Pool::Training,
                        Pool::Ramping,
                        Pool::Proficient,
                    ],
                },
            ),
            ("action = \"rehire\"", Action::Rehire { target_fte: 120.0 }),
            ("action = \"start_outsourcing\"", Action::StartOutsourcing),
        ];
        for (text, expected) in cases {
            assert_eq!(
                checked(text, Some(&w)),
                (Some(expected), Vec::new()),
                "{text}"
            );
        }
    }

    #[test]
    fn a_phased_reversal_names_its_categories_and_weeks() {
        let (action, found) = checked(
            "action = \"phase_to_humans\"\ncategories = [\"refunds\"]\nover_weeks = 4\nhuman_exit = true",
            None,
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            action,
            Some(Action::PhaseToHumans {
                categories: Some(vec![1]),
                over_weeks: 4,
                human_exit: true,
            })
        );
        let (action, _) = checked("action = \"phase_to_humans\"", None);
        assert_eq!(
            action,
            Some(Action::PhaseToHumans {
                categories: None,
                over_weeks: 1,
                human_exit: false,
            })
        );
        let (action, found) = checked(
            "action = \"phase_to_humans\"\ncategories = [\"faq\", \"billing\"]\nover_weeks = 0",
            None,
        );
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![
                problem(
                    "decisions[0].over_weeks",
                    "must be at least 1 (got 0)",
                    "1 sends the categories back at once; 4 phases them over four weeks"
                ),
                problem(
                    "decisions[0].categories[1]",
                    "names no category (got \"billing\")",
                    "use one of: faq, refunds; or \"all\""
                ),
            ]
        );
        let (_, found) = checked("action = \"open_human_exit\"\nover_weeks = 2", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key_path, "decisions[0].over_weeks");
    }

    #[test]
    fn keys_the_kind_does_not_take_and_unknown_categories_are_refused() {
        let (action, found) = checked(
            "action = \"pause_ai_rollout\"\ncategory = \"billing\"\ncount = 3",
            None,
        );
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![
                problem(
                    "decisions[0].category",
                    "does not apply to action \"pause_ai_rollout\"",
                    "remove category, or use an action that takes it"
                ),
                problem(
                    "decisions[0].count",
                    "does not apply to action \"pause_ai_rollout\"",
                    "remove count, or use an action that takes it"
                ),
                problem(
                    "decisions[0].category",
                    "names no category (got \"billing\")",
                    "use one of: faq, refunds; or \"all\""
                ),
            ]
        );
    }

    #[test]
    fn hiring_and_outsourcing_need_their_tables() {
        let (action, found) = checked("action = \"hiring_freeze\"", None);
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![problem(
                "decisions[0].action",
                "\"hiring_freeze\" needs a [workforce] table: a fixed staffing schedule has no hiring or layoffs",
                "add a [workforce] table (see scenarios/over-automation.toml), or express the change in staffing.schedule"
            )]
        );
        let (action, found) = checked("action = \"stop_outsourcing\"", Some(&workforce(false)));
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![problem(
                "decisions[0].action",
                "\"stop_outsourcing\" needs a [workforce.outsourcing] contract",
                "add [workforce.outsourcing] with lead_time_weeks, capacity_fte and cost_per_hour"
            )]
        );
    }

    #[test]
    fn required_values_are_asked_for_and_checked() {
        let w = workforce(false);
        let missing = [
            (
                "action = \"set_ai_share\"",
                "needs share, the share of the category routed to the AI",
                "add e.g. share = 0.7",
            ),
            (
                "action = \"layoff\"",
                "needs fte, the number of people let go",
                "add e.g. fte = 700",
            ),
            (
                "action = \"open_requisitions\"",
                "needs count, the number of requisitions",
                "add e.g. count = 200",
            ),
        ];
        for (text, message, help) in missing {
            assert_eq!(
                checked(text, Some(&w)),
                (None, vec![problem("decisions[0]", message, help)]),
                "{text}"
            );
        }
        let (action, found) = checked("action = \"layoff\"\nfte = 0\npools = []", Some(&w));
        assert_eq!(
            action,
            Some(Action::Layoff {
                fte: 0.0,
                pools: vec![]
            })
        );
        assert_eq!(
            found,
            vec![
                problem(
                    "decisions[0].fte",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "decisions[0].pools",
                    "is empty",
                    "list the pools to cut from, in order, e.g. [\"ramping\", \"proficient\"]"
                ),
            ]
        );
    }

    /// `faq` can take the AI; `refunds` has the keys named.
    fn checked_with(text: &str, refunds: AiKeys) -> (Option<Action>, Vec<Problem>) {
        let cx = ActionContext::new(CATEGORIES, None).with_ai(vec![AiKeys::READY, refunds]);
        let mut action = None;
        let found = problems(|c| action = check(c, "rules[0].actions[1]", &raw(text), &cx));
        (action, found)
    }

    const HUMAN_ONLY: AiKeys = AiKeys {
        never_ai: false,
        outcomes: false,
        handle_minutes: false,
    };

    #[test]
    fn an_ai_share_for_a_category_without_ai_outcomes_is_refused() {
        let (action, found) = checked_with(
            "action = \"set_ai_share\"\ncategory = \"refunds\"\nshare = 0.4",
            HUMAN_ONLY,
        );
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![problem(
                "rules[0].actions[1].category",
                "sends category \"refunds\" to the AI, but it has no ai_outcomes: the AI would resolve nothing and escalate everything",
                "add ai_outcomes = { resolved = .., escalated = .., wrong_answer = .., stuck = .. } to category \"refunds\", or use another category"
            )]
        );
        let (_, found) = checked_with(
            "action = \"set_ai_share\"\ncategory = \"refunds\"\nshare = 0.4",
            AiKeys {
                handle_minutes: false,
                ..AiKeys::READY
            },
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("has no ai_handle_minutes"),
            "{found:?}"
        );
        let (_, found) = checked_with(
            "action = \"set_ai_share\"\ncategory = \"refunds\"\nshare = 0.4",
            AiKeys {
                never_ai: true,
                ..AiKeys::READY
            },
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("has never_ai = true"),
            "{found:?}"
        );
    }

    #[test]
    fn a_share_of_zero_or_for_every_category_skips_categories_the_ai_cannot_take() {
        for text in [
            "action = \"set_ai_share\"\ncategory = \"refunds\"\nshare = 0",
            "action = \"route_to_humans\"\ncategory = \"refunds\"",
            "action = \"set_ai_share\"\ncategory = \"all\"\nshare = 0.4",
            "action = \"set_ai_share\"\nshare = 0.4",
        ] {
            let (action, found) = checked_with(text, HUMAN_ONLY);
            assert!(action.is_some() && found.is_empty(), "{text}: {found:?}");
        }
        let cx = ActionContext::new(CATEGORIES, None).with_ai(vec![HUMAN_ONLY; 2]);
        let mut action = None;
        let found = problems(|c| {
            action = check(
                c,
                "decisions[0]",
                &raw("action = \"set_ai_share\"\ncategory = \"all\"\nshare = 0.4"),
                &cx,
            )
        });
        assert_eq!(action, None);
        assert_eq!(
            found,
            vec![problem(
                "decisions[0]",
                "sets an AI share for every category, but no category can take it: each has never_ai = true or lacks ai_outcomes or ai_handle_minutes",
                "add ai_outcomes and ai_handle_minutes to a category the AI should serve"
            )]
        );
    }
}
