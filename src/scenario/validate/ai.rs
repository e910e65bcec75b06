//! `[ai]`: how the AI's errors fall as resolved conversations feed its
//! knowledge base (absent, the AI never learns), and how many of its
//! conversations a weekly QA review reads.

use super::checker::Checker;
use crate::scenario::raw::RawAi;
use crate::scenario::AiLearning;

pub(super) fn check(c: &mut Checker, ai: &RawAi) -> AiLearning {
    if let Some(h) = ai.learning_half_life_weeks {
        c.positive("ai.learning_half_life_weeks", h);
    }
    c.probability(
        "ai.learning_max_error_reduction",
        ai.learning_max_error_reduction,
    );
    AiLearning {
        half_life_weeks: ai.learning_half_life_weeks,
        max_error_reduction: ai.learning_max_error_reduction,
        qa_sample_per_week: ai.qa_sample_per_week,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn no_table_means_no_learning() {
        let mut learning = None;
        let found = problems(|c| learning = Some(check(c, &RawAi::default())));
        assert!(found.is_empty());
        assert_eq!(
            learning,
            Some(AiLearning {
                qa_sample_per_week: 0,
                half_life_weeks: None,
                max_error_reduction: 0.0
            })
        );
    }

    #[test]
    fn a_half_life_must_be_positive_and_the_reduction_a_share() {
        let text = "learning_half_life_weeks = 0.0\nlearning_max_error_reduction = 1.5";
        assert_eq!(
            problems(|c| {
                check(c, &raw(text));
            }),
            vec![
                problem(
                    "ai.learning_half_life_weeks",
                    "must be greater than 0 (got 0)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "ai.learning_max_error_reduction",
                    "must be a probability between 0 and 1 (got 1.5)",
                    "write a share such as 0.25 for 25%"
                ),
            ]
        );
    }
}
