//! The scenario `wfsim calibrate` writes: the fitted customer facts, each
//! with a comment giving the contacts it rests on and its interval, and what
//! a ticket export cannot tell (staffing, costs, the workforce) as defaults
//! marked `default: edit`.

use std::fmt::Write;

use crate::analysis::calibrate::{Calibration, CategoryFit, MeanCv};

/// What the sizing of the default staffing assumes.
const DEFAULT_PAID_HOURS: f64 = 40.0;
const DEFAULT_SHRINKAGE: f64 = 0.30;
const DEFAULT_OCCUPANCY: f64 = 0.85;

/// Patience written for a category where nobody gave up and no bound is
/// known (no waits in the export): the tool's order of magnitude.
const DEFAULT_PATIENCE_MINUTES: f64 = 10.0;

/// Rounds shares to `1e-6` so the written values still sum to exactly 1
/// (largest remainder), as validation requires.
fn shares_summing_to_one(values: &[f64]) -> Vec<f64> {
    const UNITS: f64 = 1e6;
    let total: f64 = values.iter().sum();
    let scaled: Vec<f64> = values.iter().map(|v| v / total * UNITS).collect();
    let mut units: Vec<i64> = scaled.iter().map(|s| s.floor() as i64).collect();
    let missing = UNITS as i64 - units.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        (scaled[b] - scaled[b].floor()).total_cmp(&(scaled[a] - scaled[a].floor()))
    });
    for &i in order.iter().cycle().take(missing.max(0) as usize) {
        units[i] += 1;
    }
    units.into_iter().map(|u| u as f64 / UNITS).collect()
}

/// A number as TOML writes it, without trailing zeros.
fn num(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| num(*v, 3))
        .collect::<Vec<_>>()
        .join(", ")
}

fn duration(d: &MeanCv) -> String {
    format!(
        "{{ distribution = \"lognormal\", mean = {}, cv = {} }}",
        num(d.mean, 3),
        num(d.cv.max(0.05), 3)
    )
}

fn interval_note(d: &MeanCv) -> String {
    match d.mean_ci95 {
        Some((low, high)) => format!("n = {}, mean 95 % CI {}-{}", d.n, num(low, 2), num(high, 2)),
        None => format!("n = {}, no interval", d.n),
    }
}

/// The scenario text.
pub fn calibrated_scenario(c: &Calibration, name: &str, source: &str) -> String {
    let mut t = String::new();
    header(&mut t, c, name, source);
    demand(&mut t, c);
    let shares = shares_summing_to_one(&c.categories.iter().map(|k| k.share).collect::<Vec<_>>());
    let overall_handle = overall_handle(c);
    for (k, share) in c.categories.iter().zip(shares) {
        category(&mut t, k, share, overall_handle);
    }
    repeats(&mut t, c);
    staffing(&mut t, c, overall_handle);
    csat(&mut t, c);
    costs(&mut t);
    t
}

fn header(t: &mut String, c: &Calibration, name: &str, source: &str) {
    let _ = writeln!(
        t,
        "# {name}: calibrated by `wfsim calibrate` from {source}\n\
         # {} contacts ({} rows skipped) over {} weeks. Every fitted value says how many\n\
         # contacts it rests on and its 95 % interval; values marked `default: edit` are\n\
         # not in a ticket export (staffing, costs, the workforce) and must be set by hand.\n",
        c.contacts,
        c.skipped_rows,
        num(c.weeks, 1)
    );
    let _ = writeln!(
        t,
        "name = {name:?}\n\
         description = \"Calibrated from {} ({} contacts); staffing and costs are defaults to edit.\"\n\
         seed = 1\n\
         horizon_weeks = 52        # default: edit\n\
         replications = 4          # default: edit\n\
         interval_minutes = 60\n",
        source.replace('"', "'"),
        c.contacts
    );
}

fn demand(t: &mut String, c: &Calibration) {
    let new = c.contacts - c.repeat_contacts;
    let _ = writeln!(t, "[demand]");
    let _ = writeln!(
        t,
        "# fitted: {new} new contacts (repeats excluded) over {} weeks",
        num(c.weeks, 2)
    );
    let _ = writeln!(t, "contacts_per_week = {}", num(c.contacts_per_week, 1));
    if c.growth_weeks > 0 {
        let _ = writeln!(
            t,
            "# fitted: log-linear trend of {} full weeks of new contacts",
            c.growth_weeks
        );
    } else {
        let _ = writeln!(
            t,
            "# default: edit -- fewer than {} full weeks of data, no trend fitted",
            crate::analysis::calibrate::MIN_WEEKS_FOR_GROWTH
        );
    }
    let _ = writeln!(t, "growth_per_year = {}", num(c.growth_per_year, 4));
    let _ = writeln!(
        t,
        "# fitted: contacts per calendar day of each weekday, Monday first, mean 1"
    );
    let _ = writeln!(t, "weekday_weights = [{}]", list(&c.weekday_weights));
    let _ = writeln!(
        t,
        "# fitted: contacts by hour of the day as written in the export, hour 0 first, mean 1"
    );
    let _ = writeln!(t, "hourly_weights = [{}]\n", list(&c.hourly_weights));
}

/// The contact-weighted human handle time over all categories, for a
/// category whose contacts no person finished.
fn overall_handle(c: &Calibration) -> Option<MeanCv> {
    let fits: Vec<&MeanCv> = c
        .categories
        .iter()
        .filter_map(|k| k.human_handle_minutes.as_ref())
        .collect();
    let n: usize = fits.iter().map(|f| f.n).sum();
    (n > 0).then(|| MeanCv {
        mean: fits.iter().map(|f| f.mean * f.n as f64).sum::<f64>() / n as f64,
        cv: fits.iter().map(|f| f.cv * f.n as f64).sum::<f64>() / n as f64,
        n,
        mean_ci95: None,
    })
}

fn category(t: &mut String, k: &CategoryFit, share: f64, overall: Option<MeanCv>) {
    let _ = writeln!(t, "[[categories]]");
    let _ = writeln!(t, "name = {:?}", k.name);
    let _ = writeln!(
        t,
        "share = {}    # fitted: {} new contacts",
        num(share, 6),
        k.contacts
    );
    match (&k.human_handle_minutes, overall) {
        (Some(h), _) => {
            let _ = writeln!(
                t,
                "# fitted: handle time of contacts a person finished ({})",
                interval_note(h)
            );
            let _ = writeln!(t, "human_handle_minutes = {}", duration(h));
        }
        (None, Some(o)) => {
            let _ = writeln!(
                t,
                "# default: edit -- no person finished a contact here; the all-category mean"
            );
            let _ = writeln!(t, "human_handle_minutes = {}", duration(&o));
        }
        (None, None) => {
            let _ = writeln!(t, "# default: edit -- no handle times in the export");
            let _ = writeln!(
                t,
                "human_handle_minutes = {{ distribution = \"lognormal\", mean = 10.0, cv = 0.7 }}"
            );
        }
    }
    if let Some(w) = k.human_wrong_answer {
        let _ = writeln!(
            t,
            "human_wrong_answer = {}    # fitted: of {} contacts a person finished",
            num(w, 4),
            k.human_finished
        );
    }
    patience(t, k);
    if let (Some(o), Some(h)) = (k.ai_outcomes, &k.ai_handle_minutes) {
        let _ = writeln!(
            t,
            "ai_share = {}    # fitted: of {} new contacts",
            num(k.ai_share, 4),
            k.contacts
        );
        let p = shares_summing_to_one(&[o.resolved, o.escalated, o.wrong_answer, o.stuck]);
        let _ = writeln!(t, "# fitted: of {} contacts the AI handled", k.ai_contacts);
        let _ = writeln!(
            t,
            "ai_outcomes = {{ resolved = {}, escalated = {}, wrong_answer = {}, stuck = {} }}",
            num(p[0], 6),
            num(p[1], 6),
            num(p[2], 6),
            num(p[3], 6)
        );
        let _ = writeln!(t, "# fitted: AI conversation time ({})", interval_note(h));
        let _ = writeln!(t, "ai_handle_minutes = {}", duration(h));
    } else if k.ai_share > 0.0 {
        let _ = writeln!(t, "# the export sends contacts here to the AI but gives no AI times: edit to model the AI");
    }
    let _ = writeln!(t, "wrong_answer_cost = 0.0    # default: edit (credits, fees waived, write-offs per wrong answer)\n");
}

fn patience(t: &mut String, k: &CategoryFit) {
    match (k.patience_minutes, k.patience) {
        (Some(p), Some(d)) => {
            let _ = writeln!(
                t,
                "# fitted with censoring, first contacts: {} gave up, {} served (a served wait is a\n\
                 # lower bound); exponential maximum likelihood, 95 % CI {}-{} min",
                d.abandoned,
                d.served,
                num(p.ci95_low, 2),
                num(p.ci95_high, 2)
            );
            let _ = writeln!(
                t,
                "patience_minutes = {{ distribution = \"exponential\", mean = {} }}",
                num(p.mean, 3)
            );
        }
        (None, Some(d)) => {
            let bound = d.lower_bound().max(0.1);
            let _ = writeln!(
                t,
                "# estimate: nobody of {} waiting gave up; the mean is at least {} min (95 % lower bound), written as that bound",
                d.served,
                num(bound, 2)
            );
            let _ = writeln!(
                t,
                "patience_minutes = {{ distribution = \"exponential\", mean = {} }}",
                num(bound, 3)
            );
        }
        _ => {
            let _ = writeln!(t, "# default: edit -- no waits in the export");
            let _ = writeln!(
                t,
                "patience_minutes = {{ distribution = \"exponential\", mean = {} }}",
                num(DEFAULT_PATIENCE_MINUTES, 1)
            );
        }
    }
}

fn repeats(t: &mut String, c: &Calibration) {
    let _ = writeln!(t, "[repeats]");
    let Some(r) = &c.repeats else {
        let _ = writeln!(
            t,
            "# default: edit -- no customer_id in the export, so repeats cannot be told apart"
        );
        let _ = writeln!(t, "probability_after_wrong_answer = 0.6\nprobability_after_abandoned = 0.5\nprobability_after_trapped = 0.8\n");
        return;
    };
    let _ = writeln!(
        t,
        "# fitted: a failed contact (wrong answer, abandoned, stuck) whose customer came back in the\n\
         # same category within {} days; contacts in the export's last {} days are censored",
        crate::analysis::calibrate::REPEAT_WINDOW_DAYS,
        crate::analysis::calibrate::REPEAT_WINDOW_DAYS
    );
    let names = [
        "probability_after_wrong_answer",
        "probability_after_abandoned",
        "probability_after_trapped",
    ];
    let values = [
        r.probability_after_wrong_answer,
        r.probability_after_abandoned,
        r.probability_after_trapped,
    ];
    for ((name, value), n) in names.iter().zip(values).zip(r.n_after) {
        match value {
            Some(p) => {
                let _ = writeln!(t, "{name} = {}    # fitted: of {n}", num(p, 4));
            }
            None => {
                let _ = writeln!(t, "{name} = 0.5    # default: edit -- none in the export");
            }
        }
    }
    if let Some(h) = r.delay_hours {
        let _ = writeln!(
            t,
            "delay_hours = {{ distribution = \"exponential\", mean = {} }}    # fitted: {} returns",
            num(h.max(0.01), 3),
            r.returns
        );
    }
    let _ = writeln!(t);
}

fn staffing(t: &mut String, c: &Calibration, handle: Option<MeanCv>) {
    let human_share: f64 = c
        .categories
        .iter()
        .map(|k| k.share * (1.0 - k.ai_share * k.ai_outcomes.map_or(0.0, |o| 1.0 - o.escalated)))
        .sum();
    let minutes = handle.map_or(10.0, |h| h.mean);
    let repeat_factor = 1.0 / (1.0 - c.repeat_share.unwrap_or(0.0)).max(0.1);
    let load_hours = c.contacts_per_week * repeat_factor * human_share * minutes / 60.0;
    let fte = (load_hours / (DEFAULT_PAID_HOURS * (1.0 - DEFAULT_SHRINKAGE) * DEFAULT_OCCUPANCY))
        .ceil()
        .max(1.0);
    let _ = writeln!(
        t,
        "[staffing]\n\
         # default: edit -- not in a ticket export. Sized so the fitted human load\n\
         # ({} agent-hours a week) runs at ~{} occupancy, one contact at a time.\n\
         fte = {}\n\
         paid_hours_per_week = {}    # default: edit\n\
         shrinkage = {}              # default: edit\n\
         concurrency = 1.0           # default: edit (2 or more for chat)\n\
         answer_seconds = 60         # default: edit\n",
        num(load_hours, 0),
        num(DEFAULT_OCCUPANCY, 2),
        num(fte, 0),
        num(DEFAULT_PAID_HOURS, 0),
        num(DEFAULT_SHRINKAGE, 2)
    );
}

fn logit(share: f64, n: usize) -> f64 {
    // Half a success either way keeps an all-or-nothing sample finite.
    let p = (share * n as f64 + 0.5) / (n as f64 + 1.0);
    (p / (1.0 - p)).ln()
}

fn csat(t: &mut String, c: &Calibration) {
    let _ = writeln!(t, "[csat]");
    let Some(by) = &c.csat_by_outcome else {
        let _ = writeln!(
            t,
            "# default: edit -- no csat in the export; the tool's default log-odds apply\n"
        );
        return;
    };
    let _ = writeln!(
        t,
        "# fitted: log-odds of the satisfied share by final outcome. They include the effect of the\n\
         # waits in the export, and the model adds wait_log_odds_per_minute on top: with long waits\n\
         # in the export, raise them by that effect. Outcomes not surveyed keep the tool's defaults."
    );
    let mut parts = Vec::new();
    for (name, default) in crate::scenario::default_csat_log_odds() {
        match by.get(name) {
            Some(s) => {
                let _ = writeln!(
                    t,
                    "#   {name}: {} satisfied of {} (95 % CI {}-{})",
                    num(s.share, 3),
                    s.n,
                    num(s.ci95_low, 3),
                    num(s.ci95_high, 3)
                );
                parts.push(format!("{name} = {}", num(logit(s.share, s.n), 3)));
            }
            None => parts.push(format!("{name} = {}", num(default, 3))),
        }
    }
    let _ = writeln!(t, "base_log_odds = {{ {} }}\n", parts.join(", "));
}

fn costs(t: &mut String) {
    let _ = writeln!(
        t,
        "[costs]\n\
         agent_cost_per_hour = 30.0          # default: edit (fully loaded, per paid hour)\n\
         ai_cost_per_conversation = 0.99     # default: edit (docs/sources.md: public per-resolution prices)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounded_shares_still_sum_to_one() {
        let s = shares_summing_to_one(&[1.0, 1.0, 1.0]);
        assert_eq!(
            s.iter().map(|v| (v * 1e6).round() as i64).sum::<i64>(),
            1_000_000
        );
        assert_eq!(num(0.5, 6), "0.5");
        assert_eq!(num(2.0, 3), "2");
    }
}
