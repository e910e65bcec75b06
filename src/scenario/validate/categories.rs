//! `[[categories]]`: the kinds of contact, their share of demand, how humans
//! handle them and which escalation triggers they carry. The AI side of a
//! category has its own module, `category_ai`.

use super::category_ai;
use super::checker::Checker;
use super::SUM_TOLERANCE;
use crate::scenario::raw::RawCategory;
use crate::scenario::{Category, Trigger};

/// More categories than this make every per-category output unreadable.
const MAX_CATEGORIES: usize = 64;

/// `triggers` are the checked `[[escalation.triggers]]` the categories may
/// name; `horizon` bounds the weeks of AI rollouts.
pub(super) fn check(
    c: &mut Checker,
    raw: &[RawCategory],
    triggers: &[Trigger],
    horizon: u32,
) -> Vec<Category> {
    count(c, raw);
    let categories = (0..raw.len())
        .map(|i| category(c, i, raw, triggers, horizon))
        .collect();
    share_total(c, raw);
    categories
}

fn count(c: &mut Checker, raw: &[RawCategory]) {
    if raw.is_empty() {
        c.push(
            "categories",
            "needs at least one category".into(),
            "add a [[categories]] table",
        );
    }
    if raw.len() > MAX_CATEGORIES {
        c.push(
            "categories",
            format!("has {} categories, more than 64", raw.len()),
            "merge similar categories",
        );
    }
}

/// The `i`th category; those before it are where a repeated name is found.
fn category(
    c: &mut Checker,
    i: usize,
    raw: &[RawCategory],
    triggers: &[Trigger],
    horizon: u32,
) -> Category {
    let path = format!("categories[{i}]");
    let rc = &raw[i];
    name(c, &path, rc, &raw[..i]);
    c.probability(&format!("{path}.share"), rc.share);
    let ai = category_ai::check(c, &path, rc, horizon);
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
    escalated_handle_factor(c, &path, rc.escalated_handle_factor);
    let trigger_shares = trigger_shares(c, &path, rc, triggers);
    Category {
        name: rc.name.clone(),
        share: rc.share,
        complexity: rc.complexity.clone(),
        priority: rc.priority,
        never_ai: rc.never_ai,
        ai_ready: !rc.never_ai && rc.ai_outcomes.is_some() && rc.ai_handle_minutes.is_some(),
        ai_rollout: ai.rollout,
        ai_outcomes: ai.outcomes,
        ai_handle_minutes: ai.handle_minutes,
        human_handle_minutes,
        human_wrong_answer: rc.human_wrong_answer,
        patience_minutes,
        wrong_answer_cost: rc.wrong_answer_cost,
        escalated_handle_factor: rc.escalated_handle_factor,
        trigger_shares,
    }
}

/// A hand-over is the hard residue of the category: it takes longer than a
/// fresh contact, rarely less. Bounded so a typo (10 for 1.0) is caught.
fn escalated_handle_factor(c: &mut Checker, path: &str, factor: f64) {
    let key = format!("{path}.escalated_handle_factor");
    if c.finite(&key, factor) && !(0.5..=5.0).contains(&factor) {
        c.push(
            key,
            format!("must be between 0.5 and 5 (got {factor})"),
            "it multiplies the human handle time of contacts the AI handed over; 1.2-1.6 is a typical estimate, 1 means no residue",
        );
    }
}

/// Outputs and decisions refer to categories by name, so names must be
/// present and distinct.
fn name(c: &mut Checker, path: &str, rc: &RawCategory, earlier: &[RawCategory]) {
    if rc.name.trim().is_empty() {
        c.push(
            format!("{path}.name"),
            "must not be empty".into(),
            "name the category, e.g. \"refunds\"",
        );
    }
    if earlier.iter().any(|o| o.name == rc.name) {
        c.push(
            format!("{path}.name"),
            format!("category {:?} is defined twice", rc.name),
            "give each category one entry",
        );
    }
}

/// Each share indexed like `triggers`; a name that `[[escalation.triggers]]`
/// does not define is reported with the names it does.
fn trigger_shares(c: &mut Checker, path: &str, rc: &RawCategory, triggers: &[Trigger]) -> Vec<f64> {
    let mut shares = vec![0.0; triggers.len()];
    for (name, share) in &rc.triggers {
        let item = format!("{path}.triggers.{name}");
        c.probability(&item, *share);
        match triggers.iter().position(|t| &t.name == name) {
            Some(index) => shares[index] = *share,
            None => c.push(
                item,
                format!("refers to trigger {name:?}, which escalation.triggers does not define"),
                format!(
                    "define it with [[escalation.triggers]] name = {name:?}, or use one of: {}",
                    defined_names(triggers)
                ),
            ),
        }
    }
    shares
}

fn defined_names(triggers: &[Trigger]) -> String {
    if triggers.is_empty() {
        "(none defined)".to_string()
    } else {
        let names: Vec<&str> = triggers.iter().map(|t| t.name.as_str()).collect();
        names.join(", ")
    }
}

fn share_total(c: &mut Checker, raw: &[RawCategory]) {
    let share_total: f64 = raw.iter().map(|rc| rc.share).sum();
    if !raw.is_empty() && share_total.is_finite() && (share_total - 1.0).abs() > SUM_TOLERANCE {
        c.push(
            "categories",
            format!("category shares must sum to 1 (got {share_total})"),
            "each share is the category's part of all new contacts; scale them so they add up to 1",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[derive(serde::Deserialize)]
    struct List {
        categories: Vec<RawCategory>,
    }

    fn categories(text: &str) -> Vec<RawCategory> {
        raw::<List>(text).categories
    }

    fn hardship() -> Vec<Trigger> {
        vec![Trigger {
            name: "hardship".into(),
            detection_accuracy: 0.8,
        }]
    }

    const HANDLE: &str = "human_handle_minutes = { distribution = \"exponential\", mean = 6.0 }";

    #[test]
    fn sound_categories_carry_their_trigger_shares_by_trigger_index() {
        let text = format!(
            "[[categories]]\nname = \"faq\"\nshare = 0.4\n{HANDLE}\n\
             [[categories]]\nname = \"payments\"\nshare = 0.6\n{HANDLE}\n\
             patience_minutes = {{ distribution = \"fixed\", mean = 3.0 }}\n\
             triggers = {{ hardship = 0.1 }}"
        );
        let mut checked = Vec::new();
        let found = problems(|c| checked = check(c, &categories(&text), &hardship(), 52));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(checked.len(), 2);
        assert_eq!(checked[0].trigger_shares, vec![0.0]);
        assert_eq!(checked[1].trigger_shares, vec![0.1]);
        assert_eq!(checked[1].patience_minutes.map(|p| p.mean), Some(3.0));
        assert_eq!(checked[0].ai_rollout, vec![(0, 0.0)]);
    }

    #[test]
    fn no_categories_is_one_problem_not_also_a_bad_sum() {
        assert_eq!(
            problems(|c| {
                check(c, &[], &[], 52);
            }),
            vec![problem(
                "categories",
                "needs at least one category",
                "add a [[categories]] table"
            )]
        );
    }

    #[test]
    fn names_shares_and_trigger_references_are_checked_per_category() {
        let text = format!(
            "[[categories]]\nname = \"faq\"\nshare = 0.5\n{HANDLE}\nwrong_answer_cost = -1.0\n\
             [[categories]]\nname = \"faq\"\nshare = 0.25\n{HANDLE}\n\
             human_wrong_answer = 2.0\ntriggers = {{ fraud = 0.5 }}\n\
             [[categories]]\nname = \" \"\nshare = 0.125\n{HANDLE}"
        );
        let found = problems(|c| {
            check(c, &categories(&text), &hardship(), 52);
        });
        assert_eq!(
            found,
            vec![
                problem(
                    "categories[0].wrong_answer_cost",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
                problem(
                    "categories[1].name",
                    "category \"faq\" is defined twice",
                    "give each category one entry"
                ),
                problem(
                    "categories[1].human_wrong_answer",
                    "must be a probability between 0 and 1 (got 2)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "categories[1].triggers.fraud",
                    "refers to trigger \"fraud\", which escalation.triggers does not define",
                    "define it with [[escalation.triggers]] name = \"fraud\", or use one of: hardship"
                ),
                problem(
                    "categories[2].name",
                    "must not be empty",
                    "name the category, e.g. \"refunds\""
                ),
                problem(
                    "categories",
                    "category shares must sum to 1 (got 0.875)",
                    "each share is the category's part of all new contacts; scale them so they add up to 1"
                ),
            ]
        );
    }

    #[test]
    fn an_unknown_trigger_without_any_defined_says_so() {
        let text = format!(
            "[[categories]]\nname = \"faq\"\nshare = 1.0\n{HANDLE}\ntriggers = {{ fraud = 0.5 }}"
        );
        let found = problems(|c| {
            check(c, &categories(&text), &[], 52);
        });
        assert_eq!(
            found[0].help,
            "define it with [[escalation.triggers]] name = \"fraud\", or use one of: (none defined)"
        );
    }

    #[test]
    fn more_than_64_categories_are_refused() {
        let one = format!("[[categories]]\nname = \"c\"\nshare = 0.0\n{HANDLE}\n");
        let found = problems(|c| {
            check(c, &categories(&one.repeat(65)), &[], 52);
        });
        assert_eq!(
            found[0],
            problem(
                "categories",
                "has 65 categories, more than 64",
                "merge similar categories"
            )
        );
    }
}
