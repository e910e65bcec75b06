//! Customer facts fitted from a ticket export (`wfsim calibrate`).
//!
//! Every figure keeps the number of contacts it rests on and, where the
//! data give one, a 95 % interval, so the scenario written from it can say
//! how far each value can be trusted. Two choices matter:
//!
//! * **Patience is fitted with censoring.** A customer who was served had
//!   not yet given up: their wait is a lower bound on their patience, not a
//!   missing value. The exponential maximum-likelihood mean is the total
//!   waiting time of everyone divided by the number who gave up; the mean
//!   wait of those who gave up alone is biased far low.
//! * **A repeat is a failed contact coming back.** A contact is a repeat when
//!   the same customer's previous contact in the same category, within
//!   `REPEAT_WINDOW_DAYS`, ended badly (a wrong answer, abandoned, stuck):
//!   that is what the model's repeats are. A new question after a resolved
//!   one is a new issue. Contacts in the export's last window days cannot
//!   show whether they came back and are left out of the repeat
//!   probabilities (censored, not counted as "did not return").

use std::collections::BTreeMap;

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::stats::proportion::wilson;
use crate::stats::t_quantile_975;
use crate::tickets::{AiOutcome, HumanOutcome, Ticket, Tickets};

/// How far back a failed contact's return is looked for.
pub const REPEAT_WINDOW_DAYS: i64 = 7;

/// Full weeks of data below which no growth is fitted.
pub const MIN_WEEKS_FOR_GROWTH: usize = 8;

/// A mean and coefficient of variation of a duration, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanCv {
    pub mean: f64,
    pub cv: f64,
    /// The durations it rests on.
    #[serde(skip)]
    pub n: usize,
    /// 95 % Student-t interval of the mean (floored at 0), when n ≥ 2.
    #[serde(skip)]
    pub mean_ci95: Option<(f64, f64)>,
}

/// A mean with its 95 % interval, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub mean: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
}

/// The AI's outcome probabilities, of the contacts that went to it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AiOutcomes {
    pub resolved: f64,
    pub escalated: f64,
    pub wrong_answer: f64,
    pub stuck: f64,
}

/// Censored patience: the fit and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PatienceData {
    /// Contacts that gave up (events).
    pub abandoned: usize,
    /// Contacts served before giving up (censored at their wait).
    pub served: usize,
    /// Total minutes waited by all of them.
    pub total_minutes: f64,
}

impl PatienceData {
    /// The exponential maximum-likelihood mean with the chi-square interval
    /// on 2 × (number who gave up) degrees of freedom; `None` when nobody
    /// gave up (the mean is then only bounded below, see `lower_bound`).
    pub fn fit(&self) -> Option<Interval> {
        if self.abandoned == 0 || self.total_minutes <= 0.0 {
            return None;
        }
        let d = self.abandoned as f64;
        let chi = ChiSquared::new(2.0 * d).ok()?;
        let two_t = 2.0 * self.total_minutes;
        Some(Interval {
            mean: self.total_minutes / d,
            ci95_low: two_t / chi.inverse_cdf(0.975),
            ci95_high: two_t / chi.inverse_cdf(0.025),
        })
    }

    /// With nobody giving up, the one-sided 95 % lower bound of the mean:
    /// no exponential with a shorter mean lets everyone wait that long
    /// more than 5 % of the time.
    pub fn lower_bound(&self) -> f64 {
        self.total_minutes / -(0.05f64.ln())
    }
}

/// One category's fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFit {
    pub name: String,
    /// New contacts (repeats excluded).
    pub contacts: usize,
    pub share: f64,
    /// Share of the category's new contacts that went to the AI.
    pub ai_share: f64,
    pub human_handle_minutes: Option<MeanCv>,
    pub ai_handle_minutes: Option<MeanCv>,
    pub ai_outcomes: Option<AiOutcomes>,
    /// Of the contacts a person finished (resolved or answered wrongly).
    pub human_wrong_answer: Option<f64>,
    pub patience_minutes: Option<Interval>,
    #[serde(skip)]
    pub ai_contacts: usize,
    #[serde(skip)]
    pub human_finished: usize,
    #[serde(skip)]
    pub patience: Option<PatienceData>,
}

/// The share of a customer's failed contacts that came back, by outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RepeatFit {
    pub probability_after_wrong_answer: Option<f64>,
    pub probability_after_abandoned: Option<f64>,
    pub probability_after_trapped: Option<f64>,
    /// Mean hours from a failed contact to its return.
    pub delay_hours: Option<f64>,
    #[serde(skip)]
    pub n_after: [usize; 3],
    #[serde(skip)]
    pub returns: usize,
}

/// Satisfied share of the surveyed contacts of one final outcome.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SatisfiedShare {
    pub share: f64,
    pub n: usize,
    pub ci95_low: f64,
    pub ci95_high: f64,
}

/// Everything fitted (the `wfsim calibrate --json` contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub contacts: usize,
    pub skipped_rows: usize,
    /// Days covered ÷ 7.
    pub weeks: f64,
    pub contacts_per_week: f64,
    pub growth_per_year: f64,
    /// Monday first, mean 1.
    pub weekday_weights: [f64; 7],
    /// Hour 0 first, mean 1.
    pub hourly_weights: [f64; 24],
    pub categories: Vec<CategoryFit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<RepeatFit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csat_by_outcome: Option<BTreeMap<&'static str, SatisfiedShare>>,
    /// Full weeks the growth was fitted over (0: not fitted).
    #[serde(skip)]
    pub growth_weeks: usize,
    /// Contacts that are repeats (0 without customer ids).
    #[serde(skip)]
    pub repeat_contacts: usize,
}

/// Fits the export's customer facts.
pub fn fit(tickets: &Tickets) -> Calibration {
    let mut rows: Vec<&Ticket> = tickets.rows.iter().collect();
    rows.sort_by_key(|t| t.created_at);
    let repeat = repeat_flags(&rows);
    let new: Vec<&Ticket> = rows
        .iter()
        .zip(&repeat)
        .filter(|(_, r)| r.is_none())
        .map(|(t, _)| *t)
        .collect();
    let first_day = rows[0].created_at.local_day;
    let last_day = rows
        .iter()
        .map(|t| t.created_at.local_day)
        .max()
        .unwrap_or(first_day);
    let days = (last_day - first_day + 1) as f64;
    let weeks = days / 7.0;
    let (growth_per_year, growth_weeks) = growth(&new, first_day, last_day);
    let has_customers = tickets.present.contains(&"customer_id");
    let repeat_contacts = repeat.iter().filter(|r| r.is_some()).count();
    Calibration {
        contacts: rows.len(),
        skipped_rows: tickets.skipped.len(),
        weeks,
        contacts_per_week: new.len() as f64 / weeks,
        growth_per_year,
        weekday_weights: weekday_weights(&new, first_day, last_day),
        hourly_weights: hourly_weights(&new),
        categories: categories(&new, &rows),
        repeat_share: has_customers.then(|| repeat_contacts as f64 / rows.len() as f64),
        repeats: has_customers.then(|| repeat_fit(&rows, &repeat, last_day)),
        csat_by_outcome: tickets
            .present
            .contains(&"csat")
            .then(|| csat_by_outcome(&rows))
            .filter(|m| !m.is_empty()),
        growth_weeks,
        repeat_contacts,
    }
}

/// Whether a contact ended badly, so that its return is a repeat.
fn failed(t: &Ticket) -> bool {
    match t.human_outcome {
        Some(h) => h != HumanOutcome::Resolved,
        None => matches!(
            t.ai_outcome,
            Some(AiOutcome::WrongAnswer | AiOutcome::Stuck)
        ),
    }
}

/// For each contact (sorted by time), the index of the failed contact it
/// repeats, if any.
fn repeat_flags(rows: &[&Ticket]) -> Vec<Option<usize>> {
    let mut last: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut flags = vec![None; rows.len()];
    for (i, t) in rows.iter().enumerate() {
        let Some(customer) = t.customer_id.as_deref() else {
            continue;
        };
        let key = (customer, t.category.as_str());
        if let Some(&j) = last.get(&key) {
            let gap = t.created_at.instant - rows[j].created_at.instant;
            if failed(rows[j]) && gap <= REPEAT_WINDOW_DAYS * 86_400 {
                flags[i] = Some(j);
            }
        }
        last.insert(key, i);
    }
    flags
}

/// Log-linear growth of full weeks' new contacts, or 0 when the export is
/// shorter than `MIN_WEEKS_FOR_GROWTH` full weeks.
fn growth(new: &[&Ticket], first_day: i64, last_day: i64) -> (f64, usize) {
    let full_weeks = ((last_day - first_day + 1) / 7) as usize;
    if full_weeks < MIN_WEEKS_FOR_GROWTH {
        return (0.0, 0);
    }
    let mut counts = vec![0.0f64; full_weeks];
    for t in new {
        let w = ((t.created_at.local_day - first_day) / 7) as usize;
        if w < full_weeks {
            counts[w] += 1.0;
        }
    }
    if counts.iter().any(|&c| c <= 0.0) {
        return (0.0, 0);
    }
    let n = full_weeks as f64;
    let xs: Vec<f64> = (0..full_weeks).map(|w| w as f64).collect();
    let ys: Vec<f64> = counts.iter().map(|c| c.ln()).collect();
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    ((52.0 * sxy / sxx).exp() - 1.0, full_weeks)
}

/// Weights with mean 1 (all 1 when nothing was counted).
fn normalised<const N: usize>(rates: [f64; N]) -> [f64; N] {
    let mean = rates.iter().sum::<f64>() / N as f64;
    if mean > 0.0 {
        rates.map(|r| r / mean)
    } else {
        [1.0; N]
    }
}

/// Contacts per calendar day of each weekday (a weekday the export does not
/// cover gets the mean of the others).
fn weekday_weights(new: &[&Ticket], first_day: i64, last_day: i64) -> [f64; 7] {
    let mut counts = [0.0; 7];
    let mut days = [0.0; 7];
    for t in new {
        counts[t.created_at.weekday()] += 1.0;
    }
    for day in first_day..=last_day {
        days[((day + 3).rem_euclid(7)) as usize] += 1.0;
    }
    let covered: Vec<f64> = (0..7)
        .filter(|&d| days[d] > 0.0)
        .map(|d| counts[d] / days[d])
        .collect();
    let fill = covered.iter().sum::<f64>() / covered.len().max(1) as f64;
    normalised(std::array::from_fn(|d| {
        if days[d] > 0.0 {
            counts[d] / days[d]
        } else {
            fill
        }
    }))
}

fn hourly_weights(new: &[&Ticket]) -> [f64; 24] {
    let mut counts = [0.0; 24];
    for t in new {
        counts[t.created_at.hour()] += 1.0;
    }
    normalised(counts)
}

/// Moments of durations (seconds) as minutes, or `None` with none.
fn mean_cv(seconds: impl Iterator<Item = f64>) -> Option<MeanCv> {
    let minutes: Vec<f64> = seconds.map(|s| s / 60.0).collect();
    let n = minutes.len();
    if n == 0 {
        return None;
    }
    let mean = minutes.iter().sum::<f64>() / n as f64;
    let var = if n > 1 {
        minutes.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / (n - 1) as f64
    } else {
        0.0
    };
    let half = (n > 1).then(|| t_quantile_975(n - 1) * (var / n as f64).sqrt());
    (mean > 0.0).then(|| MeanCv {
        mean,
        cv: var.sqrt() / mean,
        n,
        mean_ci95: half.map(|h| ((mean - h).max(0.0), mean + h)),
    })
}

fn categories(new: &[&Ticket], all: &[&Ticket]) -> Vec<CategoryFit> {
    let mut names: Vec<&str> = new.iter().map(|t| t.category.as_str()).collect();
    names.extend(all.iter().map(|t| t.category.as_str()));
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| category(name, new, all))
        .filter(|c| c.contacts > 0)
        .collect()
}

/// One category. Shares, the AI share and patience count new contacts;
/// durations and outcomes use every contact (repeats are served alike).
fn category(name: &str, new: &[&Ticket], all: &[&Ticket]) -> CategoryFit {
    let fresh: Vec<&&Ticket> = new.iter().filter(|t| t.category == name).collect();
    let rows: Vec<&&Ticket> = all.iter().filter(|t| t.category == name).collect();
    let to_ai = fresh.iter().filter(|t| t.ai_outcome.is_some()).count();
    let ai: Vec<AiOutcome> = rows.iter().filter_map(|t| t.ai_outcome).collect();
    let share_of = |o: AiOutcome| ai.iter().filter(|&&x| x == o).count() as f64 / ai.len() as f64;
    let finished: Vec<HumanOutcome> = rows
        .iter()
        .filter_map(|t| t.human_outcome)
        .filter(|h| *h != HumanOutcome::Abandoned)
        .collect();
    let wrong = finished
        .iter()
        .filter(|&&h| h == HumanOutcome::WrongAnswer)
        .count();
    let mut patience = PatienceData {
        abandoned: 0,
        served: 0,
        total_minutes: 0.0,
    };
    // First contacts only: a customer coming back is less patient (the
    // model's `repeats.patience_factor`), and mixing the two would bias the
    // first contacts' patience low.
    for t in &fresh {
        if let (Some(h), Some(w)) = (t.human_outcome, t.wait_seconds) {
            patience.total_minutes += w / 60.0;
            if h == HumanOutcome::Abandoned {
                patience.abandoned += 1;
            } else {
                patience.served += 1;
            }
        }
    }
    let has_waits = patience.abandoned + patience.served > 0;
    CategoryFit {
        name: name.to_string(),
        contacts: fresh.len(),
        share: fresh.len() as f64 / new.len() as f64,
        ai_share: if fresh.is_empty() {
            0.0
        } else {
            to_ai as f64 / fresh.len() as f64
        },
        human_handle_minutes: mean_cv(
            rows.iter()
                .filter(|t| {
                    matches!(
                        t.human_outcome,
                        Some(HumanOutcome::Resolved | HumanOutcome::WrongAnswer)
                    )
                })
                .filter_map(|t| t.handle_seconds),
        ),
        ai_handle_minutes: mean_cv(
            rows.iter()
                .filter(|t| t.ai_outcome.is_some())
                .filter_map(|t| t.ai_seconds),
        ),
        ai_outcomes: (!ai.is_empty()).then(|| AiOutcomes {
            resolved: share_of(AiOutcome::Resolved),
            escalated: share_of(AiOutcome::Escalated),
            wrong_answer: share_of(AiOutcome::WrongAnswer),
            stuck: share_of(AiOutcome::Stuck),
        }),
        human_wrong_answer: (!finished.is_empty()).then(|| wrong as f64 / finished.len() as f64),
        patience_minutes: patience.fit(),
        ai_contacts: ai.len(),
        human_finished: finished.len(),
        patience: has_waits.then_some(patience),
    }
}

/// Per failed outcome, the share that came back within the window, over
/// the contacts whose window ends inside the export.
fn repeat_fit(rows: &[&Ticket], repeat: &[Option<usize>], last_day: i64) -> RepeatFit {
    let end = (last_day + 1) * 86_400;
    let came_back: std::collections::BTreeSet<usize> = repeat.iter().flatten().copied().collect();
    let mut after = [(0usize, 0usize); 3];
    for (i, t) in rows.iter().enumerate() {
        if t.customer_id.is_none() || !failed(t) {
            continue;
        }
        let observed = t.created_at.instant + REPEAT_WINDOW_DAYS * 86_400 <= end;
        if !observed {
            continue;
        }
        let slot = match (t.human_outcome, t.ai_outcome) {
            (Some(HumanOutcome::WrongAnswer), _) | (None, Some(AiOutcome::WrongAnswer)) => 0,
            (Some(HumanOutcome::Abandoned), _) => 1,
            _ => 2,
        };
        after[slot].0 += 1;
        if came_back.contains(&i) {
            after[slot].1 += 1;
        }
    }
    let gaps: Vec<f64> = repeat
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.map(|j| (rows[i].created_at.instant - rows[j].created_at.instant) as f64 / 3600.0)
        })
        .collect();
    let p = |k: usize| (after[k].0 > 0).then(|| after[k].1 as f64 / after[k].0 as f64);
    RepeatFit {
        probability_after_wrong_answer: p(0),
        probability_after_abandoned: p(1),
        probability_after_trapped: p(2),
        delay_hours: (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64),
        n_after: after.map(|a| a.0),
        returns: gaps.len(),
    }
}

/// The scenario's outcome names (`csat.base_log_odds`) of a contact.
fn outcome_name(t: &Ticket) -> &'static str {
    match (t.human_outcome, t.ai_outcome) {
        (Some(HumanOutcome::Resolved), _) => "resolved_human",
        (Some(HumanOutcome::WrongAnswer), _) => "wrong_answer_human",
        (Some(HumanOutcome::Abandoned), _) => "abandoned",
        (None, Some(AiOutcome::Resolved)) => "resolved_ai",
        (None, Some(AiOutcome::WrongAnswer)) => "wrong_answer_ai",
        _ => "trapped",
    }
}

fn csat_by_outcome(rows: &[&Ticket]) -> BTreeMap<&'static str, SatisfiedShare> {
    let mut tally: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for t in rows {
        if let Some(s) = t.satisfied {
            let e = tally.entry(outcome_name(t)).or_default();
            e.0 += 1;
            e.1 += usize::from(s);
        }
    }
    tally
        .into_iter()
        .map(|(name, (n, yes))| {
            let (low, high) = wilson(yes as f64, n).unwrap_or((0.0, 1.0));
            let share = yes as f64 / n as f64;
            (
                name,
                SatisfiedShare {
                    share,
                    n,
                    ci95_low: low,
                    ci95_high: high,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn censored_patience_is_total_wait_over_those_who_gave_up() {
        // 2 gave up after 1 and 3 minutes, 8 were served after 2 minutes:
        // 20 minutes of waiting, 2 events, mean 10 (the abandoners' mean
        // wait, 2, is the bias the censored fit avoids).
        let p = PatienceData {
            abandoned: 2,
            served: 8,
            total_minutes: 20.0,
        };
        let f = p.fit().unwrap();
        assert_eq!(f.mean, 10.0);
        // 2T / chi2(4) quantiles: 40 / 11.143 and 40 / 0.4844.
        assert!((f.ci95_low - 3.590).abs() < 0.01, "{f:?}");
        assert!((f.ci95_high - 82.58).abs() < 0.1, "{f:?}");
        let none = PatienceData { abandoned: 0, ..p };
        assert_eq!(none.fit(), None);
        assert!((none.lower_bound() - 20.0 / 2.9957).abs() < 1e-3);
    }

    #[test]
    fn weights_have_mean_one() {
        let w = normalised([2.0, 2.0, 4.0, 0.0]);
        assert_eq!(w, [1.0, 1.0, 2.0, 0.0]);
        assert_eq!(normalised([0.0; 3]), [1.0; 3]);
    }
}
