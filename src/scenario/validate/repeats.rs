//! `[repeats]`: failure demand, the contacts that come back because the first
//! did not settle the issue.

use super::checker::Checker;
use crate::scenario::raw::RawRepeats;
use crate::scenario::Repeats;

pub(super) fn check(c: &mut Checker, r: &RawRepeats) -> Repeats {
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
    let after = |c: &mut Checker, key: &str, raw: &Option<crate::scenario::raw::RawDuration>| {
        raw.as_ref()
            .map_or(delay_hours, |d| c.duration(&format!("repeats.{key}"), d))
    };
    let delay_hours_after = [
        after(
            c,
            "delay_hours_after_wrong_answer",
            &r.delay_hours_after_wrong_answer,
        ),
        after(
            c,
            "delay_hours_after_abandoned",
            &r.delay_hours_after_abandoned,
        ),
        after(c, "delay_hours_after_trapped", &r.delay_hours_after_trapped),
    ];
    c.probability(
        "repeats.to_human_after_ai_failure",
        r.to_human_after_ai_failure,
    );
    c.positive("repeats.patience_factor", r.patience_factor);
    // The model counts an issue's contacts in a byte.
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
    Repeats {
        probability_after_wrong_answer: r.probability_after_wrong_answer,
        probability_after_abandoned: r.probability_after_abandoned,
        probability_after_trapped: r.probability_after_trapped,
        delay_hours,
        delay_hours_after,
        to_human_after_ai_failure: r.to_human_after_ai_failure,
        patience_factor: r.patience_factor,
        max_contacts_per_issue: r.max_contacts_per_issue,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn the_defaults_are_sound() {
        let mut repeats = None;
        let found = problems(|c| repeats = Some(check(c, &RawRepeats::default())));
        assert!(found.is_empty());
        assert_eq!(repeats.unwrap().delay_hours.mean, 24.0);
    }

    #[test]
    fn bad_probabilities_delay_and_counts_are_reported_in_order() {
        let text = "probability_after_abandoned = -0.1\n\
            delay_hours = { distribution = \"exponential\", mean = -2.0 }\n\
            patience_factor = 0.0\nmax_contacts_per_issue = 256";
        assert_eq!(
            problems(|c| {
                check(c, &raw(text));
            }),
            vec![
                problem(
                    "repeats.probability_after_abandoned",
                    "must be a probability between 0 and 1 (got -0.1)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "repeats.delay_hours.mean",
                    "must be greater than 0 (got -2)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "repeats.patience_factor",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "repeats.max_contacts_per_issue",
                    "must be between 1 and 255 (got 256)",
                    "customers rarely try more than 3 to 5 times"
                ),
            ]
        );
    }
}
