//! `[demand]`: how many contacts arrive and when. The weekday and hourly
//! weights are relative, so they are normalised here into the shares the
//! model draws from.

use super::checker::Checker;
use crate::scenario::raw::{RawArrivalProcess, RawDemand};
use crate::scenario::{ArrivalProcess, Demand};

/// `simulated_weeks` and `replications` bound the run's total contacts, which
/// only demand can turn into a count.
pub(super) fn check(
    c: &mut Checker,
    d: &RawDemand,
    simulated_weeks: f64,
    replications: u32,
) -> Demand {
    volume(c, d, simulated_weeks, replications);
    Demand {
        contacts_per_week: d.contacts_per_week,
        growth_per_year: d.growth_per_year,
        weekday_shares: weights::<7>(c, "demand.weekday_weights", d.weekday_weights.as_ref()),
        hourly_shares: weights::<24>(c, "demand.hourly_weights", d.hourly_weights.as_ref()),
        arrival_process: match d.arrival_process {
            RawArrivalProcess::Poisson => ArrivalProcess::Poisson,
            RawArrivalProcess::Deterministic => ArrivalProcess::Deterministic,
        },
    }
}

fn volume(c: &mut Checker, d: &RawDemand, simulated_weeks: f64, replications: u32) {
    c.positive("demand.contacts_per_week", d.contacts_per_week);
    c.at_most(
        "demand.contacts_per_week",
        d.contacts_per_week,
        c.limits.max_contacts_per_week,
    );
    if c.finite("demand.growth_per_year", d.growth_per_year) && d.growth_per_year <= -1.0 {
        c.push(
            "demand.growth_per_year",
            format!("must be above -1 (got {})", d.growth_per_year),
            "growth is a share per year: 0.1 for +10%, -0.2 for -20%",
        );
    }
    // Reported at `replications`, so a value set by `--replications` is named
    // as such (`parse_with`); skipped when contacts_per_week alone is over its
    // own limit, which is reported already.
    let max_total = c.limits.max_total_contacts;
    let total_contacts = d.contacts_per_week * simulated_weeks * f64::from(replications);
    if total_contacts.is_finite()
        && d.contacts_per_week <= c.limits.max_contacts_per_week
        && total_contacts > max_total
    {
        c.push(
            "replications",
            format!(
                "contacts_per_week x (warmup_weeks + horizon_weeks) x replications = {total_contacts:.3e}, above the limit {max_total:.3e}"
            ),
            c.large_help(),
        );
    }
}

/// Relative weights as shares summing to 1; an even profile when the key is
/// absent or unusable (its problem is reported).
fn weights<const N: usize>(c: &mut Checker, path: &str, raw: Option<&Vec<f64>>) -> [f64; N] {
    let mut shares = [1.0 / N as f64; N];
    let Some(values) = raw else {
        return shares;
    };
    if values.len() != N {
        c.push(
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
        if !c.finite(&item, *v) {
            ok = false;
        } else if *v < 0.0 {
            c.non_negative(&item, *v);
            ok = false;
        }
    }
    let total: f64 = values.iter().sum();
    if ok && !total.is_finite() {
        c.push(
            path,
            format!("must sum to a finite number (got {total})"),
            "weights are relative; scale them down, e.g. to shares or percentages",
        );
        ok = false;
    }
    if ok && total <= 0.0 {
        c.push(
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

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;
    use crate::scenario::Problem;

    /// Checked for a run of 56 simulated weeks and `replications`.
    fn checked_for(text: &str, replications: u32) -> (Option<Demand>, Vec<Problem>) {
        let mut demand = None;
        let found = problems(|c| demand = Some(check(c, &raw(text), 56.0, replications)));
        (demand, found)
    }

    fn checked(text: &str) -> (Option<Demand>, Vec<Problem>) {
        checked_for(text, 10)
    }

    #[test]
    fn weights_become_shares_and_absent_weights_an_even_profile() {
        let (demand, found) = checked(
            "contacts_per_week = 1000\nweekday_weights = [2, 1, 1, 1, 1, 0, 0]\narrival_process = \"deterministic\"",
        );
        assert!(found.is_empty());
        let demand = demand.unwrap();
        assert_eq!(
            demand.weekday_shares,
            [2.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0].map(|w| w / 6.0)
        );
        assert_eq!(demand.hourly_shares, [1.0 / 24.0; 24]);
        assert_eq!(demand.arrival_process, ArrivalProcess::Deterministic);
    }

    #[test]
    fn volume_problems_name_the_key_and_the_total_names_replications() {
        let (_, found) = checked("contacts_per_week = -5\ngrowth_per_year = -1.0");
        assert_eq!(
            found,
            vec![
                problem(
                    "demand.contacts_per_week",
                    "must be greater than 0 (got -5)",
                    "durations, rates and volumes must be positive"
                ),
                problem(
                    "demand.growth_per_year",
                    "must be above -1 (got -1)",
                    "growth is a share per year: 0.1 for +10%, -0.2 for -20%"
                ),
            ]
        );
        let (_, found) = checked_for("contacts_per_week = 19000000", 10);
        assert!(found.is_empty(), "1.064e10 contacts are within the limit");
        let (_, found) = checked_for("contacts_per_week = 19000000", 20);
        assert_eq!(
            found,
            vec![problem(
                "replications",
                "contacts_per_week x (warmup_weeks + horizon_weeks) x replications = 2.128e10, above the limit 2.000e10",
                "use a smaller value, or pass --allow-large if this machine can take it"
            )]
        );
    }

    #[test]
    fn unusable_weights_are_reported_and_replaced_by_an_even_profile() {
        let (demand, found) = checked(
            "contacts_per_week = 1000\nweekday_weights = [1, 1]\nhourly_weights = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]",
        );
        assert_eq!(
            found,
            vec![
                problem(
                    "demand.weekday_weights",
                    "needs exactly 7 values (got 2)",
                    "give one weight per day, Monday first"
                ),
                problem(
                    "demand.hourly_weights[23]",
                    "must not be negative (got -1)",
                    "use 0 or a positive number"
                ),
            ]
        );
        assert_eq!(demand.unwrap().weekday_shares, [1.0 / 7.0; 7]);
        let (_, found) =
            checked("contacts_per_week = 1000\nweekday_weights = [0, 0, 0, 0, 0, 0, 0]");
        assert_eq!(
            found,
            vec![problem(
                "demand.weekday_weights",
                "must have at least one positive weight",
                "weights are relative; e.g. all 1 for an even profile"
            )]
        );
    }

    #[test]
    fn weights_summing_past_the_largest_number_are_refused() {
        let (demand, found) = checked(
            "contacts_per_week = 1000\nweekday_weights = [1e308, 1e308, 1, 1, 1, 1, 1]\nhourly_weights = [1e308, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1e308]",
        );
        let help = "weights are relative; scale them down, e.g. to shares or percentages";
        assert_eq!(
            found,
            vec![
                problem(
                    "demand.weekday_weights",
                    "must sum to a finite number (got inf)",
                    help
                ),
                problem(
                    "demand.hourly_weights",
                    "must sum to a finite number (got inf)",
                    help
                ),
            ]
        );
        let demand = demand.unwrap();
        assert_eq!(demand.weekday_shares, [1.0 / 7.0; 7]);
        assert_eq!(demand.hourly_shares, [1.0 / 24.0; 24]);
    }
}
