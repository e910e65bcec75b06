//! `[csat]`: the logistic model of a satisfied customer and the survey that
//! measures it, the lagging signal that rules and people actually see.

use super::checker::Checker;
use crate::scenario::raw::{RawCsat, RawCsatBase};
use crate::scenario::{Csat, CsatBase};

pub(super) fn check(c: &mut Checker, cs: &RawCsat) -> Csat {
    let base_log_odds = base(c, &cs.base_log_odds);
    c.non_negative("csat.wait_log_odds_per_minute", cs.wait_log_odds_per_minute);
    c.non_negative("csat.extra_contact_log_odds", cs.extra_contact_log_odds);
    c.probability("csat.survey_response_rate", cs.survey_response_rate);
    let survey_response_by_outcome = response_by_outcome(c, cs);
    c.non_negative("csat.survey_delay_days", cs.survey_delay_days);
    c.probability("csat.threshold", cs.threshold);
    c.probability(
        "csat.wrong_answer_perceived_resolved",
        cs.wrong_answer_perceived_resolved,
    );
    Csat {
        base_log_odds,
        wait_log_odds_per_minute: cs.wait_log_odds_per_minute,
        extra_contact_log_odds: cs.extra_contact_log_odds,
        survey_response_rate: cs.survey_response_rate,
        survey_response_by_outcome,
        survey_delay_days: cs.survey_delay_days,
        threshold: cs.threshold,
        wrong_answer_perceived_resolved: cs.wrong_answer_perceived_resolved,
    }
}

/// Log-odds take any sign; only NaN and infinities are wrong.
fn base(c: &mut Checker, b: &RawCsatBase) -> CsatBase {
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
    CsatBase {
        resolved_ai: b.resolved_ai,
        resolved_human: b.resolved_human,
        wrong_answer_ai: b.wrong_answer_ai,
        wrong_answer_human: b.wrong_answer_human,
        abandoned: b.abandoned,
        trapped: b.trapped,
    }
}

/// Multipliers of the response rate (resolved, wrong answer, abandoned,
/// trapped), each of which must still leave a rate of at most 1.
fn response_by_outcome(c: &mut Checker, cs: &RawCsat) -> [f64; 4] {
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
    by_outcome
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn the_defaults_are_sound_and_every_outcome_answers_alike() {
        let mut csat = None;
        let found = problems(|c| csat = Some(check(c, &RawCsat::default())));
        assert!(found.is_empty());
        let csat = csat.unwrap();
        assert_eq!(csat.survey_response_by_outcome, [1.0; 4]);
        assert_eq!(csat.threshold, 0.7);
    }

    #[test]
    fn log_odds_must_be_finite_and_rates_stay_at_most_1() {
        let text = "survey_response_rate = 0.2\nsurvey_delay_days = -1\n\
            [base_log_odds]\nresolved_ai = 1.0\nresolved_human = nan\nwrong_answer_ai = 0.0\n\
            wrong_answer_human = 0.0\nabandoned = -1.0\ntrapped = -inf\n\
            [survey_response_by_outcome]\nresolved = 6.0\nabandoned = -0.5";
        assert_eq!(
            problems(|c| {
                check(c, &raw(text));
            }),
            vec![
                problem(
                    "csat.base_log_odds.resolved_human",
                    "must be a finite number (got NaN)",
                    "write an ordinary number; nan and inf are not allowed"
                ),
                problem(
                    "csat.base_log_odds.trapped",
                    "must be a finite number (got -inf)",
                    "write an ordinary number; nan and inf are not allowed"
                ),
                problem(
                    "csat.survey_response_by_outcome.resolved",
                    "times survey_response_rate 0.2 gives a response rate above 1 (got 6)",
                    "it multiplies the response rate; keep the product at most 1"
                ),
                problem(
                    "csat.survey_response_by_outcome.abandoned",
                    "must not be negative (got -0.5)",
                    "use 0 or a positive number"
                ),
                problem(
                    "csat.survey_delay_days",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
            ]
        );
    }
}
