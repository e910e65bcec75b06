//! Management inside the simulation: the planned decision timeline, adaptive
//! rules watching *measured* weekly signals, and the AI routing they change.
//!
//! Rules see what management would see (survey answers received that week,
//! queue statistics), never the model's true CSAT, so detection is as late and
//! as noisy as it would be in practice.

use crate::random::{weekly_stream, Stream};
use crate::scenario::{Action, Decision, Rule, Signal};
use rand_distr::{Distribution, Hypergeometric};

/// Where a decision came from, for the decision log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionSource {
    /// The scenario's `[[decisions]]` timeline.
    Planned,
    /// A step of a category's `ai_rollout`.
    Rollout,
    /// The rule with this index in the scenario's `[[rules]]`.
    Rule(usize),
}

/// The weekly figures rules can watch, as measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WeekSignals {
    pub csat_measured: f64,
    pub service_level: f64,
    pub abandon_rate: f64,
    pub repeat_share: f64,
    pub backlog: f64,
    /// Wrong answers in the week's QA sample ÷ the sample (NaN: no review,
    /// or no AI conversation to review).
    pub ai_error_rate_qa: f64,
}

impl WeekSignals {
    pub fn get(&self, signal: Signal) -> f64 {
        match signal {
            Signal::CsatMeasured => self.csat_measured,
            Signal::ServiceLevel => self.service_level,
            Signal::AbandonRate => self.abandon_rate,
            Signal::RepeatShare => self.repeat_share,
            Signal::Backlog => self.backlog,
            Signal::AiErrorRateQa => self.ai_error_rate_qa,
        }
    }
}

/// Counts the week's measured signals as contacts move; surveys are filed
/// under the week they are received in.
#[derive(Debug, Clone)]
pub struct SignalCounter {
    arrived: u64,
    repeats: u64,
    answered: u64,
    answered_in_target: u64,
    abandoned: u64,
    /// `(responses, satisfied)` by week received.
    surveys: Vec<(u32, u32)>,
    /// AI conversations ended this week, and those that ended in a wrong answer.
    ai_ended: u64,
    ai_wrong: u64,
    qa: Option<QaReview>,
}

/// The weekly QA review: `sample` of the week's AI conversations, drawn
/// without replacement, read for accuracy.
#[derive(Debug, Clone, Copy)]
struct QaReview {
    sample: u32,
    seed: u64,
    replication: u64,
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        f64::NAN
    } else {
        num as f64 / den as f64
    }
}

impl SignalCounter {
    pub fn new(horizon_weeks: u32) -> Self {
        SignalCounter {
            arrived: 0,
            repeats: 0,
            answered: 0,
            answered_in_target: 0,
            abandoned: 0,
            surveys: vec![(0, 0); horizon_weeks as usize],
            ai_ended: 0,
            ai_wrong: 0,
            qa: None,
        }
    }

    /// Reviews `sample` AI conversations a week (none when 0).
    pub fn with_qa_review(mut self, sample: u32, seed: u64, replication: u64) -> Self {
        self.qa = (sample > 0).then_some(QaReview {
            sample,
            seed,
            replication,
        });
        self
    }

    /// An AI conversation ended without a hand-off (`wrong`: a wrong
    /// answer) or was handed over.
    #[inline]
    pub fn ai_ended(&mut self, wrong: bool) {
        self.ai_ended += 1;
        self.ai_wrong += u64::from(wrong);
    }

    /// The error rate the week's QA sample finds: a hypergeometric draw of
    /// wrong answers among `sample` of the week's conversations, keyed by
    /// the week so variants keep each other's numbers.
    fn qa_error_rate(&self, week: u32) -> f64 {
        let Some(qa) = self.qa else {
            return f64::NAN;
        };
        let sample = u64::from(qa.sample).min(self.ai_ended);
        if sample == 0 {
            return f64::NAN;
        }
        let mut rng = weekly_stream(qa.seed, qa.replication, Stream::Monitoring, week);
        match Hypergeometric::new(self.ai_ended, self.ai_wrong, sample) {
            Ok(h) => h.sample(&mut rng) as f64 / sample as f64,
            Err(_) => f64::NAN,
        }
    }

    #[inline]
    pub fn arrival(&mut self, repeat: bool) {
        self.arrived += 1;
        self.repeats += u64::from(repeat);
    }

    #[inline]
    pub fn answered(&mut self, in_target: bool) {
        self.answered += 1;
        self.answered_in_target += u64::from(in_target);
    }

    #[inline]
    pub fn abandoned(&mut self) {
        self.abandoned += 1;
    }

    #[inline]
    pub fn survey(&mut self, week_received: usize, satisfied: bool) {
        if let Some(s) = self.surveys.get_mut(week_received) {
            s.0 += 1;
            s.1 += u32::from(satisfied);
        }
    }

    /// The signals of `week`, which has just ended; starts counting the next.
    pub fn close_week(&mut self, week: u32, backlog: usize) -> WeekSignals {
        let (responses, satisfied) = self.surveys.get(week as usize).copied().unwrap_or((0, 0));
        let left_queue = self.answered + self.abandoned;
        let signals = WeekSignals {
            csat_measured: ratio(u64::from(satisfied), u64::from(responses)),
            service_level: ratio(self.answered_in_target, left_queue),
            abandon_rate: ratio(self.abandoned, left_queue),
            repeat_share: ratio(self.repeats, self.arrived),
            backlog: backlog as f64,
            ai_error_rate_qa: self.qa_error_rate(week),
        };
        self.ai_ended = 0;
        self.ai_wrong = 0;
        self.arrived = 0;
        self.repeats = 0;
        self.answered = 0;
        self.answered_in_target = 0;
        self.abandoned = 0;
        signals
    }
}

/// The mean of `signal` over the `weeks` measured weeks before the last
/// `skip` (the current run of breaches, kept out so a lasting drop does not
/// become its own baseline); NaN until that many weeks were measured.
fn trailing_mean(history: &[WeekSignals], signal: Signal, weeks: u32, skip: u32) -> f64 {
    let end = history.len().saturating_sub(skip as usize);
    let (sum, n) = history[..end]
        .iter()
        .rev()
        .map(|s| s.get(signal))
        .filter(|v| !v.is_nan())
        .take(weeks as usize)
        .fold((0.0, 0u32), |(sum, n), v| (sum + v, n + 1));
    if n < weeks {
        f64::NAN
    } else {
        sum / f64::from(n)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct RuleState {
    breached_weeks: u32,
    fires: u32,
    /// The rule may fire again from this week.
    quiet_until: u32,
}

/// The decision timeline and the rules' memory over one replication.
#[derive(Debug, Clone)]
pub struct Policy<'s> {
    decisions: &'s [Decision],
    next_decision: usize,
    rules: &'s [Rule],
    states: Vec<RuleState>,
    /// Actions of rules that fired, taken at the start of the next week.
    pending: Vec<(DecisionSource, Action)>,
    /// Every judged week's signals, for rules against a trailing baseline.
    history: Vec<WeekSignals>,
}

impl<'s> Policy<'s> {
    pub fn new(decisions: &'s [Decision], rules: &'s [Rule]) -> Self {
        Policy {
            decisions,
            next_decision: 0,
            rules,
            states: vec![RuleState::default(); rules.len()],
            pending: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The policy of a variant taking over `from` at the start of `week`: its
    /// decisions before `week` count as taken (the caller checked they are
    /// the ones `from` took). The rules' memory carries over when the rules
    /// are the same. Other rules (or none) may take over only if no rule of
    /// `from` has fired, since what a fired rule did is not in the variant's
    /// plan, and none of the variant's rules has watched a week yet (each
    /// starts at `week` or later), so their memory is empty as in a run from
    /// the start. `None` when neither holds.
    pub fn resume(
        decisions: &'s [Decision],
        rules: &'s [Rule],
        week: u32,
        from: &Policy<'_>,
    ) -> Option<Self> {
        let next_decision = decisions.iter().take_while(|d| d.week < week).count();
        let (states, pending) = if rules == from.rules {
            (from.states.clone(), from.pending.clone())
        } else if from.pending.is_empty()
            && from.states.iter().all(|s| s.fires == 0)
            && rules.iter().all(|r| r.from_week >= week)
        {
            (vec![RuleState::default(); rules.len()], Vec::new())
        } else {
            return None;
        };
        Some(Policy {
            decisions,
            next_decision,
            rules,
            states,
            pending,
            history: from.history.clone(),
        })
    }

    /// Judges the week that just ended; a rule that fires queues its actions.
    pub fn evaluate(&mut self, week: u32, signals: &WeekSignals) {
        for (index, (rule, state)) in self.rules.iter().zip(&mut self.states).enumerate() {
            if week < rule.from_week || state.fires >= rule.max_fires {
                continue;
            }
            let value = match rule.trailing_weeks {
                None => signals.get(rule.signal),
                Some(n) => {
                    signals.get(rule.signal)
                        - trailing_mean(&self.history, rule.signal, n, state.breached_weeks)
                }
            };
            if rule.breach.is_breached(value) {
                state.breached_weeks += 1;
            } else {
                state.breached_weeks = 0;
            }
            if state.breached_weeks >= rule.consecutive_weeks && week >= state.quiet_until {
                state.fires += 1;
                state.breached_weeks = 0;
                state.quiet_until = week.saturating_add(1).saturating_add(rule.cooldown_weeks);
                self.pending.extend(
                    rule.actions
                        .iter()
                        .map(|a| (DecisionSource::Rule(index), a.clone())),
                );
            }
        }
        self.history.push(*signals);
    }

    /// Everything to do at the start of `week`: planned decisions first, then
    /// the actions of rules that fired last week.
    pub fn take_due(&mut self, week: u32, out: &mut Vec<(DecisionSource, Action)>) {
        while let Some(d) = self.decisions.get(self.next_decision) {
            if d.week > week {
                break;
            }
            out.push((DecisionSource::Planned, d.action.clone()));
            self.next_decision += 1;
        }
        out.append(&mut self.pending);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Breach;

    fn rule(consecutive_weeks: u32, cooldown_weeks: u32, max_fires: u32) -> Rule {
        Rule {
            name: "csat".into(),
            signal: Signal::CsatMeasured,
            breach: Breach::Below(0.75),
            consecutive_weeks,
            cooldown_weeks,
            max_fires,
            from_week: 0,
            trailing_weeks: None,
            actions: vec![Action::RouteToHumans { category: None }],
        }
    }

    fn csat(value: f64) -> WeekSignals {
        WeekSignals {
            csat_measured: value,
            ..Default::default()
        }
    }

    fn fired_weeks(rules: &[Rule], values: &[f64]) -> Vec<u32> {
        let mut policy = Policy::new(&[], rules);
        let mut fired = Vec::new();
        for (week, v) in values.iter().enumerate() {
            policy.evaluate(week as u32, &csat(*v));
            let mut due = Vec::new();
            policy.take_due(week as u32 + 1, &mut due);
            if !due.is_empty() {
                fired.push(week as u32);
            }
        }
        fired
    }

    #[test]
    fn a_rule_fires_after_consecutive_breaches_and_respects_cooldown_and_max_fires() {
        let values = [0.8, 0.7, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7];
        assert_eq!(fired_weeks(&[rule(2, 0, 1)], &values), vec![4]);
        assert_eq!(fired_weeks(&[rule(2, 0, 9)], &values), vec![4, 6, 8, 10]);
        assert_eq!(fired_weeks(&[rule(1, 3, 9)], &values), vec![1, 5, 9]);
    }

    /// Other rules take over only while they have watched nothing and no
    /// rule of the run they take over has fired; the same rules keep its
    /// memory.
    #[test]
    fn other_rules_take_over_only_before_they_watch_and_before_anything_fired() {
        let watching_from = |week: u32, threshold: f64| Rule {
            from_week: week,
            breach: Breach::Below(threshold),
            ..rule(2, 0, 1)
        };
        let base = [watching_from(8, 0.75)];
        let stricter = [watching_from(8, 0.77)];
        let mut from = Policy::new(&[], &base);
        for week in 0..8 {
            from.evaluate(week, &csat(0.70));
        }
        assert!(Policy::resume(&[], &stricter, 8, &from).is_some());
        // Week 8 breached for `base` (one week of two): nothing fired yet,
        // but the stricter rule would have watched week 8 too.
        from.evaluate(8, &csat(0.70));
        assert!(Policy::resume(&[], &stricter, 9, &from).is_none());
        assert!(Policy::resume(&[], &[], 9, &from).is_some());
        let same = Policy::resume(&[], &base, 9, &from).unwrap();
        assert_eq!(same.states[0].breached_weeks, 1);
        from.evaluate(9, &csat(0.70));
        assert!(!from.pending.is_empty(), "base fired after week 9");
        assert!(Policy::resume(&[], &[], 10, &from).is_none());
        assert!(Policy::resume(&[], &stricter, 10, &from).is_none());
    }

    #[test]
    fn an_unmeasured_week_is_not_a_breach() {
        assert_eq!(
            fired_weeks(&[rule(2, 0, 1)], &[0.7, f64::NAN, 0.7]),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn planned_decisions_come_due_in_their_week_once() {
        let decisions = [
            Decision {
                week: 2,
                action: Action::HiringFreeze,
            },
            Decision {
                week: 2,
                action: Action::PauseAiRollout,
            },
            Decision {
                week: 5,
                action: Action::StartOutsourcing,
            },
        ];
        let mut policy = Policy::new(&decisions, &[]);
        let mut due = Vec::new();
        let mut by_week = Vec::new();
        for week in 0..8 {
            policy.take_due(week, &mut due);
            by_week.push(due.len());
            due.clear();
        }
        assert_eq!(by_week, vec![0, 0, 2, 0, 0, 1, 0, 0]);
    }

    #[test]
    fn signals_are_ratios_of_the_week_and_surveys_count_in_the_week_received() {
        let mut s = SignalCounter::new(3);
        s.arrival(false);
        s.arrival(true);
        s.answered(true);
        s.answered(false);
        s.abandoned();
        s.abandoned();
        s.survey(0, true);
        s.survey(1, false);
        let w0 = s.close_week(0, 4);
        assert_eq!(w0.repeat_share, 0.5);
        assert_eq!(w0.service_level, 0.25);
        assert_eq!(w0.abandon_rate, 0.5);
        assert_eq!(w0.csat_measured, 1.0);
        assert_eq!(w0.backlog, 4.0);
        let w1 = s.close_week(1, 0);
        assert_eq!(w1.csat_measured, 0.0);
        assert!(w1.service_level.is_nan());
    }

    #[test]
    fn the_qa_sample_reads_the_error_rate_with_hypergeometric_noise() {
        // 2,000 conversations, 300 wrong (15 %), 400 reviewed a week: the
        // sample's rate has mean 0.15 and variance p(1-p)/n (N-n)/(N-1) =
        // 2.55e-4. Over 400 weeks the mean's standard error is 8e-4 (0.004
        // is five), and the variance is within 20 % (its own standard error
        // over 400 weeks is ~7 %).
        let mut s = SignalCounter::new(0).with_qa_review(400, 9, 1);
        let rates: Vec<f64> = (0..400)
            .map(|week| {
                for i in 0..2000 {
                    s.ai_ended(i < 300);
                }
                s.close_week(week, 0).ai_error_rate_qa
            })
            .collect();
        let mean = rates.iter().sum::<f64>() / 400.0;
        let var = rates.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / 399.0;
        assert!((mean - 0.15).abs() < 0.004, "{mean}");
        let expected = 0.15 * 0.85 / 400.0 * 1600.0 / 1999.0;
        assert!((var / expected - 1.0).abs() < 0.2, "{var} vs {expected}");
        // A week with fewer conversations than the sample reads them all.
        s.ai_ended(true);
        s.ai_ended(false);
        assert_eq!(s.close_week(400, 0).ai_error_rate_qa, 0.5);
        // No conversation, or no review: unmeasured.
        assert!(s.close_week(401, 0).ai_error_rate_qa.is_nan());
        let mut none = SignalCounter::new(0);
        none.ai_ended(true);
        assert!(none.close_week(0, 0).ai_error_rate_qa.is_nan());
    }

    #[test]
    fn a_trailing_rule_compares_with_the_weeks_before_the_drop_began() {
        let mut r = rule(3, 0, 1);
        r.trailing_weeks = Some(2);
        r.breach = Breach::Below(-0.05);
        // Baseline 0.80 (weeks 0-1); weeks 2, 3, 4 at 0.70 are each 10
        // points under it (the breaching weeks never join the baseline), so
        // the rule fires after week 4. With the breaching weeks in the
        // window it would see a drop of 10, then 5, then 0: one breach.
        assert_eq!(
            fired_weeks(&[r.clone()], &[0.8, 0.8, 0.7, 0.7, 0.7, 0.7]),
            vec![4]
        );
        // Too little history: unmeasured, never a breach.
        assert!(fired_weeks(&[r.clone()], &[0.8, 0.7, 0.7]).is_empty());
        // NaN weeks are skipped when averaging.
        assert_eq!(
            fired_weeks(&[r], &[0.8, f64::NAN, 0.8, 0.7, 0.7, 0.7, 0.7]),
            vec![5]
        );
    }
}
