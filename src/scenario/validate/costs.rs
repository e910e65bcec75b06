//! `[costs]`: what an hour of an agent and a conversation with the AI cost.

use super::checker::Checker;
use crate::scenario::raw::{RawCosts, RawResolutionBilling};
use crate::scenario::Costs;

pub(super) fn check(c: &mut Checker, k: &RawCosts) -> Costs {
    c.non_negative("costs.agent_cost_per_hour", k.agent_cost_per_hour);
    c.non_negative("costs.ai_cost_per_conversation", k.ai_cost_per_conversation);
    c.non_negative("costs.ai_cost_per_resolution", k.ai_cost_per_resolution);
    c.non_negative(
        "costs.ai_platform_cost_per_month",
        k.ai_platform_cost_per_month,
    );
    Costs {
        agent_cost_per_hour: k.agent_cost_per_hour,
        ai_cost_per_conversation: k.ai_cost_per_conversation,
        ai_cost_per_resolution: k.ai_cost_per_resolution,
        ai_platform_cost_per_month: k.ai_platform_cost_per_month,
        ai_bills_wrong_answers: k.ai_resolution_billing == RawResolutionBilling::Answered,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[test]
    fn costs_are_carried_over() {
        let mut costs = None;
        let found = problems(|c| costs = Some(check(c, &raw("agent_cost_per_hour = 38.5"))));
        assert!(found.is_empty());
        assert_eq!(costs.unwrap().agent_cost_per_hour, 38.5);
    }

    #[test]
    fn a_negative_or_infinite_cost_is_refused() {
        let text = "ai_cost_per_conversation = -0.5\nai_cost_per_resolution = inf";
        assert_eq!(
            problems(|c| {
                check(c, &raw(text));
            }),
            vec![
                problem(
                    "costs.ai_cost_per_conversation",
                    "must not be negative (got -0.5)",
                    "use 0 or a positive number"
                ),
                problem(
                    "costs.ai_cost_per_resolution",
                    "must be a finite number (got inf)",
                    "write an ordinary number; nan and inf are not allowed"
                ),
            ]
        );
    }
}
