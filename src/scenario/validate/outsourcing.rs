//! `[workforce.outsourcing]`: a surge contract with a partner, started and
//! stopped by decisions and rules.

use super::checker::Checker;
use crate::scenario::policy::Outsourcing;
use crate::scenario::raw_policy::RawOutsourcing;

pub(super) fn check(c: &mut Checker, o: &RawOutsourcing) -> Outsourcing {
    c.non_negative("workforce.outsourcing.capacity_fte", o.capacity_fte);
    c.at_most(
        "workforce.outsourcing.capacity_fte",
        o.capacity_fte,
        c.limits.max_fte,
    );
    c.non_negative("workforce.outsourcing.cost_per_hour", o.cost_per_hour);
    c.non_negative("workforce.outsourcing.error_multiplier", o.error_multiplier);
    if o.csat_multiplier.is_finite() && !(0.0..=1.5).contains(&o.csat_multiplier) {
        c.push(
            "workforce.outsourcing.csat_multiplier",
            format!("must be between 0 and 1.5 (got {})", o.csat_multiplier),
            "it multiplies the chance a customer is satisfied; 0.9 means 10 % fewer satisfied",
        );
    }
    c.finite("workforce.outsourcing.csat_multiplier", o.csat_multiplier);
    Outsourcing {
        lead_time_weeks: o.lead_time_weeks,
        ramp_weeks: o.ramp_weeks,
        notice_weeks: o.notice_weeks,
        capacity_fte: o.capacity_fte,
        cost_per_hour: o.cost_per_hour,
        error_multiplier: o.error_multiplier,
        csat_multiplier: o.csat_multiplier,
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    const CONTRACT: &str = "lead_time_weeks = 3\ncapacity_fte = 50\ncost_per_hour = 30\n";

    #[test]
    fn a_contract_keeps_its_terms_and_multipliers_default_to_1() {
        let mut contract = None;
        let found = problems(|c| contract = Some(check(c, &raw(CONTRACT))));
        assert!(found.is_empty());
        let contract = contract.unwrap();
        assert_eq!(contract.lead_time_weeks, 3);
        assert_eq!(
            (contract.error_multiplier, contract.csat_multiplier),
            (1.0, 1.0)
        );
    }

    #[test]
    fn capacity_costs_and_multipliers_are_bounded() {
        let text = format!(
            "{}error_multiplier = -1\ncsat_multiplier = 1.6",
            CONTRACT.replace("capacity_fte = 50", "capacity_fte = 300000")
        );
        assert_eq!(
            problems(|c| {
                check(c, &raw(&text));
            }),
            vec![
                problem(
                    "workforce.outsourcing.capacity_fte",
                    "is larger than the limit 200000 (got 300000)",
                    "use a smaller value, or pass --allow-large if this machine can take it"
                ),
                problem(
                    "workforce.outsourcing.error_multiplier",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
                problem(
                    "workforce.outsourcing.csat_multiplier",
                    "must be between 0 and 1.5 (got 1.6)",
                    "it multiplies the chance a customer is satisfied; 0.9 means 10 % fewer satisfied"
                ),
            ]
        );
        let text = format!("{CONTRACT}csat_multiplier = nan");
        assert_eq!(
            problems(|c| {
                check(c, &raw(&text));
            }),
            vec![problem(
                "workforce.outsourcing.csat_multiplier",
                "must be a finite number (got NaN)",
                "write an ordinary number; nan and inf are not allowed"
            )]
        );
    }
}
