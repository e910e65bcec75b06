//! The workforce pipeline, stepped once a week: requisitions wait for their
//! time to hire, hires wait for a training class, train (paid, not productive),
//! ramp up along a linear learning curve and become proficient; anyone may
//! leave through attrition or a layoff, and laid-off people willing to return
//! are rehired first, with shorter training and ramp-up.
//!
//! People are whole numbers and every movement is counted, so people in
//! (hires, returners) minus people out (attrition, layoffs) always equals the
//! change in headcount. Randomness (time to hire, attrition, willingness to
//! return) comes from the replication's workforce numbers only, keyed by
//! (week, purpose, pool or cohort), and every binomial movement takes exactly
//! one uniform (`crate::random` says what that keeps in step between variants).
//!
//! With backfill the pipeline starts as steady backfill holds it
//! (`steady_start.rs`): requisitions in flight, classes at every week of
//! training and ramp, the rest proficient. The hiring target is a headcount;
//! recruiters keep headcount plus open requisitions at the target plus the
//! vacancies steady backfill keeps open for it (hires in flight for the
//! leavers of the time to hire), so the headcount holds at the target rather
//! than that many below it.

use super::sampler::{binomial_quantile, DurationSampler};
use super::steady_start::{apportion, SteadyPipeline};
use crate::random::{SimRng, WorkforceDraw, WorkforceStreams};
use crate::scenario::{Pool, Workforce};

/// A group that started training or ramping in the same week.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cohort {
    count: u32,
    /// Weeks already spent in the current stage.
    weeks_done: u32,
    /// Weeks the stage lasts for this cohort.
    length: u32,
    returner: bool,
    /// The week the cohort started training (before week 0 for the cohorts
    /// of the steady start): with `returner`, its identity for its random
    /// numbers.
    started: i64,
}

/// More weeks than any steady start reaches back before week 0.
const PRE_START_WEEKS: i64 = 1 << 20;

impl Cohort {
    /// Index of the cohort's attrition draws, after the four pools'.
    fn draw_index(&self) -> u64 {
        // Offset so the steady start's cohorts (weeks before 0) index from 4 up.
        4 + 2 * (self.started + PRE_START_WEEKS) as u64 + u64::from(self.returner)
    }
}

/// Headcount by pool and the week's movements, as reported to observers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PeopleWeek {
    pub week: u32,
    /// Requisitions open (not yet filled).
    pub open_requisitions: f64,
    /// Hired, waiting for a training class (new hires and returners).
    pub waiting: f64,
    pub training: f64,
    pub ramping: f64,
    pub proficient: f64,
    pub trainers: f64,
    /// Trainers busy teaching this week (not taking contacts).
    pub trainers_teaching: f64,
    /// Laid-off people still willing to come back.
    pub alumni: f64,
    /// Everyone on the payroll.
    pub headcount: f64,
    /// Agent capacity for contacts, in FTE of a proficient agent.
    pub productive_fte: f64,
    pub outsourced_fte: f64,
    pub hired: f64,
    pub rehired: f64,
    pub attrition: f64,
    pub laid_off: f64,
    pub cost_recruiting: f64,
    pub cost_training: f64,
    pub cost_severance: f64,
    pub cost_outsourcing: f64,
}

impl PeopleWeek {
    pub fn joined(&self) -> f64 {
        self.hired + self.rehired
    }
    pub fn left(&self) -> f64 {
        self.attrition + self.laid_off
    }
}

/// The pipeline's state between weekly steps.
#[derive(Debug, Clone)]
pub struct Pipeline {
    w: Workforce,
    /// Annual turnover added this week by the load of recent weeks
    /// (`[workforce.load]`), on top of the base rates.
    extra_turnover: f64,
    /// People laid off so far: until the first layoff the alumni settings
    /// have not acted, so a variant that differs only in them may take over.
    laid_off_so_far: u32,
    time_to_hire: DurationSampler,
    /// Requisitions becoming fillable in each week (index = week).
    ready_by_week: Vec<u32>,
    /// Requisitions ready but not filled for lack of recruiting capacity.
    ready_backlog: u32,
    open_requisitions: u32,
    waiting_new: u32,
    waiting_returners: u32,
    training: Vec<Cohort>,
    ramping: Vec<Cohort>,
    proficient: u32,
    trainers: u32,
    alumni: u32,
    /// Headcount recruiters hire towards, as set in `target_week`; it grows
    /// from then at `target_growth_per_year`. `None`: leavers are not replaced.
    target: Option<f64>,
    target_week: u32,
    /// The steady pipeline's shape: the vacancies kept open for a target.
    steady: SteadyPipeline,
    frozen: bool,
    outsourcing_from: Option<u32>,
    /// The first week no longer billed, once a stop has been given notice.
    outsourcing_until: Option<u32>,
    /// This week's movements and one-off costs, reset each step.
    week: PeopleWeek,
    paid_hours_per_week: f64,
    cost_per_hour: f64,
    random: WorkforceStreams,
    /// Numbers drawn by decisions this week, continued by each decision of
    /// the same week.
    decision_draws: Option<DecisionDraws>,
}

/// The numbers decisions of one week draw.
#[derive(Debug, Clone)]
struct DecisionDraws {
    week: u32,
    /// Layoffs already made this week (the rank of the next one).
    layoffs: u64,
    /// Times to hire of requisitions opened by decisions, in order.
    requisitions: SimRng,
}

fn whole(x: f64) -> u32 {
    if x.is_finite() && x > 0.0 {
        x.round().min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

/// The weekly probability of leaving at an annual turnover rate (leavers ÷
/// average headcount a year, the figure HR and the industry report). A
/// constant hazard `r` a year leaves `1 − e^(−r/52)` a week; a rate above 1
/// (common with outsourcers) is a hazard like any other. Read as a cohort's
/// share gone after a year instead, 20 % would be a hazard of 22.3 %: the
/// two readings differ by 11 % at 0.2 and diverge as rates rise.
fn weekly(annual_turnover: f64) -> f64 {
    1.0 - (-annual_turnover.max(0.0) / 52.0).exp()
}

impl Pipeline {
    /// The pipeline at the start of week 0: `initial_fte` people and the
    /// trainers as given. With backfill, as steady backfill holds it (see
    /// `steady_start.rs`): requisitions in flight with their fillable weeks
    /// spread as the time to hire implies, hires waiting for a class if seats
    /// are short, a cohort at each week of training and ramp, the rest
    /// proficient. Week 0's step then moves nobody. Without backfill nothing
    /// flows in, so there is no steady inflow to start from: everyone starts
    /// proficient (or a trainer). `random`: the replication's workforce
    /// numbers.
    pub fn new(
        w: &Workforce,
        horizon_weeks: u32,
        paid_hours_per_week: f64,
        cost_per_hour: f64,
        random: WorkforceStreams,
    ) -> Self {
        let initial = whole(w.initial_fte);
        let trainers = w.trainers.map_or(0, whole).min(initial);
        let steady = SteadyPipeline::new(
            w,
            weekly(w.attrition_per_year),
            weekly(w.new_hire_attrition_per_year),
        );
        let mut p = Pipeline {
            extra_turnover: 0.0,
            time_to_hire: DurationSampler::new(&w.time_to_hire_weeks, 1.0),
            ready_by_week: vec![0; horizon_weeks as usize + 1],
            ready_backlog: 0,
            open_requisitions: 0,
            waiting_new: 0,
            waiting_returners: 0,
            training: Vec::new(),
            ramping: Vec::new(),
            proficient: initial - trainers,
            trainers,
            alumni: 0,
            laid_off_so_far: 0,
            target: w.backfill.then_some(w.target_fte),
            target_week: 0,
            steady,
            frozen: false,
            outsourcing_from: None,
            outsourcing_until: None,
            week: PeopleWeek::default(),
            paid_hours_per_week,
            cost_per_hour,
            w: w.clone(),
            random,
            decision_draws: None,
        };
        if w.backfill {
            p.start_steady(initial);
        }
        p
    }

    /// Fills the pipeline of `headcount` people with steady backfill's
    /// expected cohorts, in whole people (running totals rounded, so small
    /// cohorts still put someone in every few weeks). A cohort that has
    /// spent `k` weeks in the pipeline by week 0 counts as started in week
    /// `-1 - k`, so its random numbers are its own and no later cohort's.
    fn start_steady(&mut self, headcount: u32) {
        let s = self.steady.state(f64::from(headcount));
        let (t, r) = (s.training.len(), s.ramping.len());
        let pipeline: Vec<f64> = std::iter::once(s.waiting)
            .chain(s.training)
            .chain(s.ramping)
            .collect();
        let people = apportion(&pipeline, self.proficient);
        self.waiting_new = people[0];
        for (k, &count) in people[1..].iter().enumerate() {
            let (stage, weeks_done, length) = if k < t {
                (&mut self.training, k, t)
            } else {
                (&mut self.ramping, k - t, r)
            };
            if count > 0 {
                stage.push(Cohort {
                    count,
                    weeks_done: weeks_done as u32,
                    length: length as u32,
                    returner: false,
                    started: -1 - k as i64,
                });
            }
        }
        self.proficient -= people.iter().sum::<u32>();
        let last = self.ready_by_week.len() - 1;
        for (k, count) in apportion(&s.requisitions, u32::MAX).into_iter().enumerate() {
            self.ready_by_week[(k + 1).min(last)] += count;
            self.open_requisitions += count;
        }
    }

    /// This week's decision numbers, started afresh in a new week.
    fn decision_draws(&mut self, week: u32) -> &mut DecisionDraws {
        let random = self.random;
        let draws = self.decision_draws.get_or_insert_with(|| DecisionDraws {
            week,
            layoffs: 0,
            requisitions: random.stream(week, WorkforceDraw::Requisitions),
        });
        if draws.week != week {
            *draws = DecisionDraws {
                week,
                layoffs: 0,
                requisitions: random.stream(week, WorkforceDraw::Requisitions),
            };
        }
        draws
    }

    pub fn headcount(&self) -> u32 {
        self.waiting_new
            + self.waiting_returners
            + sum(&self.training)
            + sum(&self.ramping)
            + self.proficient
            + self.trainers
    }

    pub fn outsourcing(&self) -> Option<&crate::scenario::Outsourcing> {
        self.w.outsourcing.as_ref()
    }

    pub fn freeze_hiring(&mut self) {
        self.frozen = true;
        self.cancel_requisitions(self.open_requisitions);
    }

    pub fn lift_freeze(&mut self) {
        self.frozen = false;
    }

    /// Turnover (a rate a year) added to everyone's from the next step on,
    /// as recent load wears people out.
    pub fn set_extra_turnover(&mut self, rate: f64) {
        self.extra_turnover = rate;
    }

    /// Sets the headcount to hire towards from `week` (a plan, e.g. growing
    /// with demand); a freeze stays in force.
    pub fn set_target(&mut self, target_fte: f64, week: u32) {
        self.target = Some(target_fte);
        self.target_week = week;
    }

    /// Sets the headcount to hire towards from `week` and lifts any freeze.
    pub fn rehire(&mut self, target_fte: f64, week: u32) {
        self.set_target(target_fte, week);
        self.frozen = false;
    }

    /// The hiring target in `week`: as set, grown at
    /// `target_growth_per_year` (compounding weekly) since it was set.
    fn target_in(&self, week: u32) -> Option<f64> {
        let weeks = f64::from(week.saturating_sub(self.target_week));
        let growth = (1.0 + self.w.target_growth_per_year).powf(weeks / 52.0);
        self.target.map(|t| t * growth)
    }

    /// Opens requisitions on top of the hiring target, which rises with
    /// them (otherwise backfill would cancel them again the same week). Their
    /// times to hire continue the week's requisition stream.
    pub fn open_requisitions(&mut self, count: f64, week: u32) {
        let count = whole(count);
        if let Some(grown) = self.target_in(week) {
            self.set_target(grown + f64::from(count), week);
        }
        let mut rng = self.decision_draws(week).requisitions.clone();
        self.open(count, week, &mut rng);
        self.decision_draws(week).requisitions = rng;
    }

    pub fn start_outsourcing(&mut self, week: u32) {
        if self.outsourcing_until.is_some_and(|until| week >= until) {
            self.outsourcing_from = None;
            self.outsourcing_until = None;
        }
        if self.outsourcing_from.is_none() {
            let lead = self.w.outsourcing.map_or(0, |o| o.lead_time_weeks);
            self.outsourcing_from = Some(week.saturating_add(lead));
        }
    }

    /// Ends the contract after its notice period (at once without one).
    pub fn stop_outsourcing(&mut self, week: u32) {
        if self.outsourcing_from.is_some() && self.outsourcing_until.is_none() {
            let notice = self.w.outsourcing.map_or(0, |o| o.notice_weeks);
            self.outsourcing_until = Some(week.saturating_add(notice));
        }
    }

    /// A recruiting lever pulled mid-run: more hires a week and faster
    /// filling for requisitions opened from now on.
    pub fn scale_recruiting(&mut self, capacity: f64, time_to_hire: f64) {
        self.w.recruiting_capacity_per_week *= capacity;
        self.w.time_to_hire_weeks.mean *= time_to_hire;
        self.time_to_hire = DurationSampler::new(&self.w.time_to_hire_weeks, 1.0);
        // Faster hiring keeps fewer vacancies open for the same target.
        self.steady = SteadyPipeline::new(
            &self.w,
            weekly(self.w.attrition_per_year),
            weekly(self.w.new_hire_attrition_per_year),
        );
    }

    /// Takes over `variant`'s settings mid-run, if the run so far is the one
    /// `variant` would have had: they differ at most in the alumni settings
    /// (before any layoff) and the outsourcing contract (while none runs).
    pub fn take_over(&mut self, variant: &Workforce) -> bool {
        let mut same = variant.clone();
        if self.laid_off_so_far == 0 {
            same.alumni_return_share = self.w.alumni_return_share;
            same.alumni_half_life_weeks = self.w.alumni_half_life_weeks;
        }
        if self.outsourcing_from.is_none() {
            same.outsourcing = self.w.outsourcing;
        }
        if same != self.w {
            return false;
        }
        self.w = variant.clone();
        true
    }

    /// A training lever pulled mid-run: proficient agents become trainers
    /// until there are `factor` times as many, as far as there are agents.
    pub fn scale_trainers(&mut self, factor: f64) {
        if self.w.trainers.is_none() {
            return;
        }
        let wanted = whole(f64::from(self.trainers) * factor).saturating_sub(self.trainers);
        let moved = take(&mut self.proficient, wanted);
        self.trainers += moved;
    }

    /// Lets `fte` people go from `pools` in order (the latest cohorts first),
    /// pays severance, and lowers the hiring target to the new headcount.
    /// Those willing to return take one uniform keyed by `week` and the
    /// layoff's rank in it.
    pub fn lay_off(&mut self, fte: f64, pools: &[Pool], week: u32) -> u32 {
        let mut left = whole(fte);
        let mut cut = 0;
        for pool in pools {
            if left == 0 {
                break;
            }
            let taken = match pool {
                Pool::Waiting => {
                    let a = take(&mut self.waiting_new, left);
                    a + take(&mut self.waiting_returners, left - a)
                }
                Pool::Training => take_cohorts(&mut self.training, left),
                Pool::Ramping => take_cohorts(&mut self.ramping, left),
                Pool::Proficient => take(&mut self.proficient, left),
                Pool::Trainers => take(&mut self.trainers, left),
            };
            left -= taken;
            cut += taken;
        }
        self.week.laid_off += f64::from(cut);
        self.laid_off_so_far += cut;
        // On salary: the loaded hourly cost without its on-costs.
        self.week.cost_severance +=
            f64::from(cut) * self.w.severance_weeks * self.paid_hours_per_week * self.cost_per_hour
                / self.w.loading_factor;
        let draws = self.decision_draws(week);
        let rank = draws.layoffs;
        draws.layoffs += 1;
        let u = self.random.uniform(week, WorkforceDraw::LayoffAlumni, rank);
        self.alumni += binomial_quantile(cut, self.w.alumni_return_share, u);
        if self.target.is_some() {
            self.set_target(f64::from(self.headcount()), week);
        }
        cut
    }

    /// Opens `count` requisitions, the k-th drawing the k-th time to hire
    /// from `rng`.
    fn open(&mut self, count: u32, week: u32, rng: &mut SimRng) {
        let last = self.ready_by_week.len() - 1;
        for _ in 0..count {
            let wait = self.time_to_hire.sample(rng).round().max(0.0);
            let ready = (f64::from(week) + wait).min(last as f64) as usize;
            self.ready_by_week[ready] += 1;
        }
        self.open_requisitions += count;
    }

    /// Cancels requisitions, those furthest from being filled first.
    fn cancel_requisitions(&mut self, mut count: u32) {
        count = count.min(self.open_requisitions);
        self.open_requisitions -= count;
        for slot in self.ready_by_week.iter_mut().rev() {
            if count == 0 {
                return;
            }
            count -= take(slot, count);
        }
        take(&mut self.ready_backlog, count);
    }

    /// Advances the pipeline to the start of `week` and reports it.
    pub fn step(&mut self, week: u32) -> PeopleWeek {
        if week > 0 {
            self.age();
            self.attrition(week);
        }
        self.recruit(week);
        self.start_classes(week);
        self.promote();
        let report = self.report(week);
        self.week = PeopleWeek::default();
        report
    }

    fn age(&mut self) {
        for c in self.training.iter_mut().chain(self.ramping.iter_mut()) {
            c.weeks_done += 1;
        }
        self.promote();
    }

    /// Moves cohorts whose stage is over to the next one.
    fn promote(&mut self) {
        let (returner_ramp, ramp) = (self.w.returner_ramp_weeks, self.w.ramp_weeks);
        let mut i = 0;
        while i < self.training.len() {
            let c = self.training[i];
            if c.weeks_done >= c.length {
                self.training.swap_remove(i);
                self.ramping.push(Cohort {
                    weeks_done: 0,
                    length: if c.returner { returner_ramp } else { ramp },
                    ..c
                });
            } else {
                i += 1;
            }
        }
        let mut i = 0;
        while i < self.ramping.len() {
            let c = self.ramping[i];
            if c.weeks_done >= c.length {
                self.ramping.swap_remove(i);
                self.proficient += c.count;
            } else {
                i += 1;
            }
        }
        self.training.retain(|c| c.count > 0);
        self.ramping.retain(|c| c.count > 0);
    }

    /// Who leaves this week: one uniform per pool and per cohort, keyed by
    /// the week and the pool or cohort, so a pool's leavers do not depend on
    /// the other pools or on the order of cohorts.
    fn attrition(&mut self, week: u32) {
        let settled = weekly(self.w.attrition_per_year + self.extra_turnover);
        let new = weekly(self.w.new_hire_attrition_per_year + self.extra_turnover);
        let random = self.random;
        let draw = |n: u32, p: f64, index: u64| {
            binomial_quantile(n, p, random.uniform(week, WorkforceDraw::Attrition, index))
        };
        let mut gone = 0;
        for (index, (count, p)) in [
            (&mut self.proficient, settled),
            (&mut self.trainers, settled),
            (&mut self.waiting_new, new),
            (&mut self.waiting_returners, new),
        ]
        .into_iter()
        .enumerate()
        {
            let n = draw(*count, p, index as u64);
            *count -= n;
            gone += n;
        }
        for c in self.training.iter_mut().chain(self.ramping.iter_mut()) {
            let n = draw(c.count, new, c.draw_index());
            c.count -= n;
            gone += n;
        }
        self.week.attrition += f64::from(gone);
        // Willing alumni find other work: their willingness halves every half-life.
        let fade = 1.0 - 0.5f64.powf(1.0 / self.w.alumni_half_life_weeks);
        let u = random.uniform(week, WorkforceDraw::AlumniFade, 0);
        self.alumni -= binomial_quantile(self.alumni, fade, u);
    }

    /// Keeps headcount plus open requisitions at the target headcount plus
    /// its steady vacancies (see the module's doc), then fills what is ready.
    fn recruit(&mut self, week: u32) {
        if let Some(target) = self.target_in(week) {
            let goal = (target + self.steady.vacancies(target)).round();
            let planned = f64::from(self.headcount() + self.open_requisitions);
            if !self.frozen && goal > planned {
                let mut rng = self.random.stream(week, WorkforceDraw::Hiring);
                self.open(whole(goal - planned), week, &mut rng);
            } else if goal < planned {
                self.cancel_requisitions(whole(planned - goal));
            }
        }
        let mut capacity = whole(self.w.recruiting_capacity_per_week);
        // Returning alumni fill open requisitions first: they know the job.
        let returners = self.alumni.min(self.open_requisitions).min(capacity);
        self.alumni -= returners;
        self.cancel_requisitions(returners);
        self.waiting_returners += returners;
        capacity -= returners;
        if let Some(ready) = self.ready_by_week.get_mut(week as usize) {
            self.ready_backlog += std::mem::take(ready);
        }
        let hires = self.ready_backlog.min(capacity);
        self.ready_backlog -= hires;
        self.open_requisitions -= hires;
        self.waiting_new += hires;
        self.week.hired += f64::from(hires);
        self.week.rehired += f64::from(returners);
        self.week.cost_recruiting += f64::from(hires + returners) * self.w.cost_per_hire;
    }

    /// Seats in training classes: trainers x trainees per trainer, returners first.
    fn start_classes(&mut self, week: u32) {
        let in_training = sum(&self.training);
        let seats = match self.w.trainers {
            None => u32::MAX,
            Some(_) => {
                let capacity = f64::from(self.trainers) * self.w.trainees_per_trainer;
                whole(capacity.floor()).saturating_sub(in_training)
            }
        };
        let returners = self.waiting_returners.min(seats);
        let new = self.waiting_new.min(seats - returners);
        self.waiting_returners -= returners;
        self.waiting_new -= new;
        for (count, length, returner) in [
            (returners, self.w.returner_training_weeks, true),
            (new, self.w.training_weeks, false),
        ] {
            if count > 0 {
                self.training.push(Cohort {
                    count,
                    weeks_done: 0,
                    length,
                    returner,
                    started: i64::from(week),
                });
            }
        }
    }

    /// Agent capacity (productive plus outsourced FTE) as the pipeline
    /// stands, without stepping it: what the warm-up weeks are staffed with.
    pub fn capacity(&self) -> f64 {
        let now = self.report(0);
        now.productive_fte + now.outsourced_fte
    }

    fn report(&self, week: u32) -> PeopleWeek {
        let training = sum(&self.training);
        let teaching = match self.w.trainers {
            None => 0.0,
            Some(_) => (f64::from(training) / self.w.trainees_per_trainer)
                .ceil()
                .min(f64::from(self.trainers)),
        };
        let start = self.w.ramp_start_productivity;
        let ramp_fte: f64 = self
            .ramping
            .iter()
            .map(|c| {
                let progress = f64::from(c.weeks_done) / f64::from(c.length.max(1));
                f64::from(c.count) * (start + (1.0 - start) * progress)
            })
            .sum();
        // The partner bills every contracted seat; its new agents ramp up.
        let (billed, outsourced) = match (self.outsourcing_from, self.w.outsourcing) {
            (Some(from), Some(o))
                if week >= from && self.outsourcing_until.is_none_or(|until| week < until) =>
            {
                let ramp = if o.ramp_weeks == 0 {
                    1.0
                } else {
                    (f64::from(week - from + 1) / f64::from(o.ramp_weeks)).min(1.0)
                };
                (o.capacity_fte, o.capacity_fte * ramp)
            }
            _ => (0.0, 0.0),
        };
        let headcount = f64::from(self.headcount());
        let hours = self.paid_hours_per_week;
        PeopleWeek {
            week,
            open_requisitions: f64::from(self.open_requisitions),
            waiting: f64::from(self.waiting_new + self.waiting_returners),
            training: f64::from(training),
            ramping: f64::from(sum(&self.ramping)),
            proficient: f64::from(self.proficient),
            trainers: f64::from(self.trainers),
            trainers_teaching: teaching,
            alumni: f64::from(self.alumni),
            headcount,
            productive_fte: f64::from(self.proficient) + f64::from(self.trainers) - teaching
                + ramp_fte,
            outsourced_fte: outsourced,
            cost_training: f64::from(training) * self.w.training_cost_per_trainee_week,
            cost_outsourcing: billed * hours * self.w.outsourcing.map_or(0.0, |o| o.cost_per_hour),
            ..self.week
        }
    }
}

fn sum(cohorts: &[Cohort]) -> u32 {
    cohorts.iter().map(|c| c.count).sum()
}

fn take(count: &mut u32, want: u32) -> u32 {
    let n = want.min(*count);
    *count -= n;
    n
}

/// Takes from the most recent cohorts first (the last in goes first).
fn take_cohorts(cohorts: &mut [Cohort], mut want: u32) -> u32 {
    let mut taken = 0;
    let mut order: Vec<usize> = (0..cohorts.len()).collect();
    order.sort_by_key(|&i| cohorts[i].weeks_done);
    for i in order {
        let n = take(&mut cohorts[i].count, want);
        want -= n;
        taken += n;
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{DistributionKind, DurationSpec, Outsourcing};

    #[test]
    fn a_turnover_rate_is_a_constant_hazard() {
        // 52 weeks at the weekly probability leave e^(-r) of a cohort: at
        // r = 0.2, 81.9 % stay (a cohort-share reading would keep 80 %).
        for r in [0.2, 1.0, 2.5] {
            let stay = (1.0 - weekly(r)).powi(52);
            assert!((stay - (-r).exp()).abs() < 1e-12, "{r}: {stay}");
        }
        assert_eq!(weekly(0.0), 0.0);
        assert!(weekly(1.5) > weekly(1.0), "rates above 1 keep rising");
    }

    /// Fixed times, no attrition, ample recruiting: the pipeline is exact.
    fn degenerate() -> Workforce {
        Workforce {
            initial_fte: 100.0,
            target_fte: 100.0,
            target_growth_per_year: 0.0,
            backfill: true,
            time_to_hire_weeks: DurationSpec {
                kind: DistributionKind::Fixed,
                mean: 3.0,
                cv: 0.0,
            },
            recruiting_capacity_per_week: 1000.0,
            cost_per_hire: 10.0,
            training_weeks: 2,
            trainers: None,
            trainees_per_trainer: 10.0,
            training_cost_per_trainee_week: 1.0,
            ramp_weeks: 4,
            ramp_start_productivity: 0.5,
            attrition_per_year: 0.0,
            new_hire_attrition_per_year: 0.0,
            severance_weeks: 2.0,
            loading_factor: 1.0,
            alumni_return_share: 0.0,
            alumni_half_life_weeks: 26.0,
            returner_training_weeks: 1,
            returner_ramp_weeks: 1,
            load: None,
            outsourcing: Some(Outsourcing {
                lead_time_weeks: 2,
                ramp_weeks: 0,
                notice_weeks: 0,
                capacity_fte: 30.0,
                cost_per_hour: 50.0,
                error_multiplier: 1.0,
                csat_multiplier: 1.0,
            }),
        }
    }

    fn run(w: &Workforce, weeks: u32, mut act: impl FnMut(&mut Pipeline, u32)) -> Vec<PeopleWeek> {
        let mut p = Pipeline::new(w, weeks, 40.0, 20.0, WorkforceStreams::new(7, 0));
        (0..weeks)
            .map(|week| {
                act(&mut p, week);
                p.step(week)
            })
            .collect()
    }

    #[test]
    fn severance_is_paid_on_salary_not_on_the_loaded_cost() {
        // 40 laid off, 2 weeks of 40 h at a loaded 20 an hour that is 1.25
        // times the salary: 40 x 2 x 40 x 16.
        let mut w = degenerate();
        w.loading_factor = 1.25;
        let weeks = run(&w, 4, |p, week| {
            if week == 2 {
                p.lay_off(40.0, &[Pool::Proficient], week);
            }
        });
        assert_eq!(weeks[2].cost_severance, 40.0 * 2.0 * 40.0 * 16.0);
    }

    #[test]
    fn rehired_capacity_returns_after_hire_train_and_ramp_exactly() {
        // Cut 40 at week 2 with backfill off, rehire to 100 at week 5: the 40
        // hires start at week 5 + 3 (time to hire), train 2 weeks, ramp 4, and
        // are proficient from week 14; productivity climbs 0.5, 0.625, ...
        let mut w = degenerate();
        w.backfill = false;
        let weeks = run(&w, 20, |p, week| match week {
            2 => {
                p.lay_off(40.0, &[Pool::Proficient], week);
            }
            5 => p.rehire(100.0, week),
            _ => {}
        });
        assert_eq!(weeks[1].productive_fte, 100.0);
        assert_eq!(weeks[2].productive_fte, 60.0);
        assert_eq!(weeks[2].laid_off, 40.0);
        assert_eq!(weeks[2].cost_severance, 40.0 * 2.0 * 40.0 * 20.0);
        assert_eq!(weeks[5].open_requisitions, 40.0);
        assert_eq!(weeks[7].hired, 0.0);
        assert_eq!(weeks[8].hired, 40.0);
        assert_eq!(weeks[8].training, 40.0);
        assert_eq!(weeks[9].training, 40.0);
        assert_eq!(weeks[10].ramping, 40.0);
        assert_eq!(weeks[10].productive_fte, 60.0 + 40.0 * 0.5);
        assert_eq!(weeks[11].productive_fte, 60.0 + 40.0 * 0.625);
        assert_eq!(weeks[13].productive_fte, 60.0 + 40.0 * 0.875);
        assert_eq!(weeks[14].productive_fte, 100.0);
        assert_eq!(weeks[14].headcount, 100.0);
        let first_full = weeks
            .iter()
            .position(|p| p.week > 2 && p.productive_fte >= 100.0);
        assert_eq!(first_full, Some(5 + 3 + 2 + 4));
    }

    #[test]
    fn requisitions_opened_by_a_decision_survive_backfill() {
        // Backfill on (target 100, headcount 100): 30 extra requisitions are
        // hired 3 weeks later instead of being cancelled as above target.
        let w = degenerate();
        let weeks = run(&w, 8, |p, week| {
            if week == 2 {
                p.open_requisitions(30.0, week);
            }
        });
        assert_eq!(weeks[2].open_requisitions, 30.0);
        assert_eq!(weeks[5].hired, 30.0);
        assert_eq!(weeks[7].headcount, 130.0);
    }

    #[test]
    fn trainers_limit_class_size() {
        let mut w = degenerate();
        w.backfill = false;
        w.trainers = Some(2.0);
        w.trainees_per_trainer = 10.0;
        w.ramp_weeks = 0;
        let weeks = run(&w, 16, |p, week| {
            if week == 0 {
                p.open_requisitions(50.0, 0);
            }
        });
        // 50 hires at week 3; classes of 20 (2 trainers x 10) every 2 weeks.
        assert_eq!(weeks[3].hired, 50.0);
        assert_eq!(weeks[3].training, 20.0);
        assert_eq!(weeks[3].waiting, 30.0);
        assert_eq!(weeks[3].trainers_teaching, 2.0);
        assert_eq!(weeks[5].training, 20.0);
        assert_eq!(weeks[7].training, 10.0);
        assert_eq!(weeks[9].proficient, 98.0 + 50.0);
    }

    #[test]
    fn outsourcing_arrives_after_its_lead_time_and_costs_by_the_hour() {
        let w = degenerate();
        let weeks = run(&w, 6, |p, week| {
            if week == 1 {
                p.start_outsourcing(week);
            }
        });
        assert_eq!(weeks[2].outsourced_fte, 0.0);
        assert_eq!(weeks[3].outsourced_fte, 30.0);
        assert_eq!(weeks[3].cost_outsourcing, 30.0 * 40.0 * 50.0);
    }

    #[test]
    fn outsourced_agents_ramp_up_while_billed_in_full_and_leave_after_notice() {
        // 30 seats from week 3 (lead 2), ramping over 3 weeks: 10, 20, 30
        // productive while all 30 are billed; stopped in week 7 with 2
        // weeks' notice, the last billed week is 8.
        let mut w = degenerate();
        if let Some(o) = &mut w.outsourcing {
            o.ramp_weeks = 3;
            o.notice_weeks = 2;
        }
        let weeks = run(&w, 11, |p, week| match week {
            1 => p.start_outsourcing(week),
            7 => p.stop_outsourcing(week),
            _ => {}
        });
        let productive: Vec<f64> = weeks.iter().map(|w| w.outsourced_fte).collect();
        assert_eq!(
            productive,
            vec![0.0, 0.0, 0.0, 10.0, 20.0, 30.0, 30.0, 30.0, 30.0, 0.0, 0.0]
        );
        let billed = 30.0 * 40.0 * 50.0;
        assert_eq!(weeks[3].cost_outsourcing, billed);
        assert_eq!(weeks[8].cost_outsourcing, billed);
        assert_eq!(weeks[9].cost_outsourcing, 0.0);
        // No recruiting, training or severance on our books for them.
        let ours: f64 = weeks
            .iter()
            .map(|w| w.cost_recruiting + w.cost_training + w.cost_severance)
            .sum();
        assert_eq!(ours, 0.0);
    }

    /// 20 %/yr settled and 60 %/yr new-hire attrition, 4 weeks to hire, 4 of
    /// training and 12 of ramp, ample recruiting and seats.
    fn steady() -> Workforce {
        let mut w = degenerate();
        w.initial_fte = 1000.0;
        w.target_fte = 1000.0;
        w.attrition_per_year = 0.2;
        w.new_hire_attrition_per_year = 0.6;
        w.time_to_hire_weeks.mean = 4.0;
        w.training_weeks = 4;
        w.ramp_weeks = 12;
        w.outsourcing = None;
        w
    }

    #[test]
    fn a_steady_start_holds_the_expected_cohorts_and_week_0_moves_nobody() {
        let w = steady();
        let p = Pipeline::new(&w, 30, 40.0, 20.0, WorkforceStreams::new(7, 0));
        let expected = SteadyPipeline::new(
            &w,
            weekly(w.attrition_per_year),
            weekly(w.new_hire_attrition_per_year),
        )
        .state(1000.0);
        let h = expected.hires_per_week;
        // 1000 x (1 - e^(-0.2/52)) = 3.8 settled leavers a week, plus the
        // new hires lost before they settle.
        assert!((4.0..4.6).contains(&h), "about 4.3 hires a week: {h}");
        // Whole people whose running totals are the expected ones, rounded.
        let mut cohorts = p.training.clone();
        cohorts.sort_by_key(|c| c.weeks_done);
        let mut ramping = p.ramping.clone();
        ramping.sort_by_key(|c| c.weeks_done);
        let (mut people, mut expect) = (0.0, 0.0);
        for (c, x) in cohorts
            .iter()
            .chain(&ramping)
            .zip(expected.training.iter().chain(&expected.ramping))
        {
            people += f64::from(c.count);
            expect += x;
            assert!((people - expect).abs() <= 0.5, "{people} vs {expect}");
        }
        assert_eq!((cohorts.len(), ramping.len()), (4, 12));
        assert!(cohorts
            .iter()
            .enumerate()
            .all(|(k, c)| c.weeks_done == k as u32 && c.length == 4));
        assert!(ramping
            .iter()
            .enumerate()
            .all(|(j, c)| c.weeks_done == j as u32 && c.length == 12));
        // Fixed 4 weeks to hire: h requisitions fillable in each of weeks 1-4.
        assert_eq!(p.open_requisitions, (4.0 * h).round() as u32);
        assert_eq!(p.ready_by_week[0], 0);
        assert!(p.ready_by_week[1..=4]
            .iter()
            .all(|&r| (f64::from(r) - h).abs() < 1.0));
        assert_eq!(p.headcount(), 1000);
        let capacity = p.capacity();
        let weeks = run(&w, 1, |_, _| {});
        let week0 = weeks[0];
        assert_eq!(
            (week0.hired, week0.attrition, week0.headcount),
            (0.0, 0.0, 1000.0)
        );
        assert_eq!(week0.open_requisitions, f64::from(p.open_requisitions));
        assert_eq!(week0.productive_fte, capacity);
        // Four weeks of hires are in class (not productive, less the few
        // who leave) and twelve more are ramping.
        assert!(
            capacity < 1000.0 - 3.0 * h,
            "the pipeline is not all productive: {capacity}"
        );
    }

    /// Mean over 400 seeds of the headcount 40-60 weeks on.
    /// With `target_growth_per_year`, the target grows from the week it was
    /// set: 100 from week 0, then 200 set in week 30, at 50 % a year. Hiring
    /// takes exactly 3 weeks and nobody leaves, so the headcount in week t is
    /// the target of week t - 3 in whole people.
    #[test]
    fn the_target_grows_from_the_week_it_was_set() {
        let mut w = degenerate();
        w.target_growth_per_year = 0.5;
        w.outsourcing = None;
        let weeks = run(&w, 60, |p, week| {
            if week == 30 {
                p.set_target(200.0, week);
            }
        });
        let grown = |target: f64, from: f64, week: f64| target * 1.5f64.powf((week - from) / 52.0);
        for (week, expected) in [
            (10, grown(100.0, 0.0, 7.0)),
            (29, grown(100.0, 0.0, 26.0)),
            (40, grown(200.0, 30.0, 37.0)),
            (59, grown(200.0, 30.0, 56.0)),
        ] {
            let headcount = weeks[week].headcount;
            eprintln!(
                "week {week}: headcount {headcount}, target three weeks before {expected:.2}"
            );
            assert!(
                (headcount - expected).abs() <= 1.0,
                "week {week}: {headcount} vs {expected}"
            );
        }
    }

    fn mean_late_headcount(w: &Workforce, act: impl Fn(&mut Pipeline, u32)) -> f64 {
        let mut sum = 0.0;
        for seed in 0..400 {
            let mut p = Pipeline::new(w, 60, 40.0, 20.0, WorkforceStreams::new(seed, 0));
            for week in 0..60 {
                act(&mut p, week);
                let r = p.step(week);
                if week >= 40 {
                    sum += r.headcount;
                }
            }
        }
        sum / (400.0 * 20.0)
    }

    #[test]
    fn backfill_and_rehire_hold_the_target_headcount_not_the_target_less_vacancies() {
        // About 20 requisitions are in flight at any time; were they counted
        // against the target, the headcount would settle about 20 below it.
        let w = steady();
        let held = mean_late_headcount(&w, |_, _| {});
        assert!((held - 1000.0).abs() < 2.0, "backfill holds {held}");
        let mut no_backfill = w.clone();
        no_backfill.backfill = false;
        let rehired = mean_late_headcount(&no_backfill, |p, week| match week {
            2 => {
                p.lay_off(300.0, &[Pool::Proficient], week);
            }
            5 => p.rehire(1000.0, week),
            _ => {}
        });
        assert!((rehired - 1000.0).abs() < 2.0, "rehire holds {rehired}");
        // A layoff under backfill resets the target to the new headcount.
        let cut = mean_late_headcount(&w, |p, week| {
            if week == 2 {
                p.lay_off(300.0, &[Pool::Proficient], week);
            }
        });
        assert!((cut - 700.0).abs() < 2.0, "after a layoff {cut}");
    }

    #[test]
    fn people_are_conserved_every_week_under_random_attrition_and_layoffs() {
        let mut w = degenerate();
        w.attrition_per_year = 0.4;
        w.new_hire_attrition_per_year = 0.8;
        w.alumni_return_share = 0.6;
        w.recruiting_capacity_per_week = 7.0;
        w.trainers = Some(5.0);
        w.time_to_hire_weeks = DurationSpec {
            kind: DistributionKind::Exponential,
            mean: 4.0,
            cv: 1.0,
        };
        let all = [
            Pool::Waiting,
            Pool::Training,
            Pool::Ramping,
            Pool::Proficient,
            Pool::Trainers,
        ];
        let weeks = run(&w, 80, |p, week| {
            if week % 13 == 6 {
                p.lay_off(15.0, &all, week);
            }
            if week == 30 {
                p.rehire(120.0, week);
            }
        });
        let mut present = 100.0;
        let (mut joined, mut left) = (0.0, 0.0);
        for p in &weeks {
            present += p.joined() - p.left();
            joined += p.joined();
            left += p.left();
            assert_eq!(p.headcount, present, "week {}", p.week);
            let pools = p.waiting + p.training + p.ramping + p.proficient + p.trainers;
            assert_eq!(pools, p.headcount, "week {}", p.week);
        }
        assert!(joined > 0.0 && left > 0.0, "the test must move people");
        assert!(weeks.iter().any(|p| p.rehired > 0.0), "alumni must return");
    }

    /// Common random numbers in the pipeline: a layoff one person larger
    /// changes each later week's attrition by at most one person (the
    /// proficient pool is one smaller and draws with the same uniform), and
    /// in most weeks not at all; the other pools' and cohorts' draws, and
    /// the alumni's, are untouched by it.
    #[test]
    fn a_slightly_larger_layoff_changes_later_attrition_by_at_most_one() {
        let mut w = degenerate();
        w.attrition_per_year = 0.3;
        w.new_hire_attrition_per_year = 0.8;
        w.alumni_return_share = 0.5;
        w.recruiting_capacity_per_week = 5.0;
        w.initial_fte = 1000.0;
        w.target_fte = 1000.0;
        w.time_to_hire_weeks = DurationSpec {
            kind: DistributionKind::Lognormal,
            mean: 3.0,
            cv: 0.5,
        };
        let weeks = |cut: f64| {
            run(&w, 60, |p, week| {
                if week == 5 {
                    p.lay_off(cut, &[Pool::Proficient], week);
                }
                if week == 20 {
                    p.open_requisitions(40.0, week);
                }
            })
        };
        let (a, b) = (weeks(100.0), weeks(101.0));
        let mut differing = 0;
        for (a, b) in a.iter().zip(&b) {
            let gap = (a.attrition - b.attrition).abs();
            assert!(
                gap <= 1.0,
                "week {}: {} vs {}",
                a.week,
                a.attrition,
                b.attrition
            );
            differing += usize::from(gap > 0.0);
            assert!(
                (a.proficient - b.proficient).abs() <= 2.0,
                "week {}",
                a.week
            );
        }
        assert!(differing <= 6, "attrition differs in {differing} weeks");
        assert!(a.iter().map(|p| p.attrition).sum::<f64>() > 100.0);
        assert_eq!(a[5].laid_off + 1.0, b[5].laid_off);
    }
}
