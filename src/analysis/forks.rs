//! Runs of one replication that share a past, simulated once: a run paused
//! at chosen weeks, from which variants that differ only later are forked
//! (`model::Checkpoint`). A variant the model cannot fork from any pause (it
//! differs earlier, or its rules have acted) runs from the start, so a
//! result never depends on whether forking was possible.

use super::metrics::Counters;
use super::recorder::Recorder;
use super::replicate::{replication_result, ReplicationResult};
use crate::model::Checkpoint;
use crate::scenario::Scenario;

/// One replication's run paused at some weeks, earliest first.
pub struct Paused<'s> {
    replication: u32,
    checkpoints: Vec<Checkpoint<'s, Recorder>>,
}

impl<'s> Paused<'s> {
    /// Runs replication `replication` of `scenario` to its end, keeping a
    /// copy of the run paused at the start of each of `weeks`.
    pub fn run(
        scenario: &'s Scenario,
        replication: u32,
        weeks: &[u32],
    ) -> (ReplicationResult, Self) {
        let start = Checkpoint::new(scenario, u64::from(replication), Recorder::new(scenario));
        let (paused, last) = pause_at(start, weeks);
        Self::finished(scenario, replication, paused, last)
    }

    /// Like `run`, and also paused at the start of the week `watch` names
    /// once it has happened: `watch` reads the run so far after each week
    /// and names a week (the one just run, for a pause there) when it sees
    /// what it waits for, e.g. the reversal, whose week is not known before.
    /// Until then the run keeps a copy of itself at the start of each week.
    pub fn run_watching(
        scenario: &'s Scenario,
        replication: u32,
        weeks: &[u32],
        watch: impl Fn(&Recorder) -> Option<u32>,
    ) -> (ReplicationResult, Self) {
        let start = Checkpoint::new(scenario, u64::from(replication), Recorder::new(scenario));
        let (mut paused, mut run) = pause_at(start, weeks);
        while run.week() < scenario.horizon_weeks {
            let week = run.week();
            let before = run.clone();
            run.run_to_week(week + 1);
            match watch(run.observer()) {
                Some(w) if w == week => {
                    paused.push(before);
                    break;
                }
                Some(_) => break,
                None => {}
            }
        }
        Self::finished(scenario, replication, paused, run)
    }

    /// Runs `run` to its end and keeps `checkpoints` as the pauses.
    fn finished(
        scenario: &'s Scenario,
        replication: u32,
        checkpoints: Vec<Checkpoint<'s, Recorder>>,
        run: Checkpoint<'s, Recorder>,
    ) -> (ReplicationResult, Self) {
        let (recorder, end) = run.finish();
        (
            replication_result(scenario, replication, recorder, end),
            Paused {
                replication,
                checkpoints,
            },
        )
    }

    /// `variant`'s run paused at the start of each of `weeks`, forked from
    /// this run where it can be.
    pub fn variant<'t>(&self, variant: &'t Scenario, weeks: &[u32]) -> Paused<'t> {
        let (checkpoints, _) = pause_at(self.fork(variant), weeks);
        Paused {
            replication: self.replication,
            checkpoints,
        }
    }

    /// The whole run of `variant`, forked from the latest pause it shares.
    pub fn run_variant(&self, variant: &Scenario) -> ReplicationResult {
        let (recorder, end) = self.fork(variant).finish();
        replication_result(variant, self.replication, recorder, end)
    }

    /// The run of `variant`, forked from the latest pause it shares, ended
    /// at the start of the first week at which `decided` (reading the weeks
    /// so far, the last of them complete) says its answer is known, or at
    /// its horizon. The result covers the weeks run, as a run of `variant`
    /// with that shorter horizon would.
    pub fn run_variant_until(
        &self,
        variant: &Scenario,
        decided: impl Fn(&[Counters]) -> bool,
    ) -> ReplicationResult {
        let mut run = self.fork(variant);
        while run.week() < variant.horizon_weeks {
            let week = run.week() + 1;
            run.run_to_week(week);
            if week < variant.horizon_weeks && decided(&run.observer().weeks()[..week as usize]) {
                // The variant with its horizon here, which shares all of
                // this run (a run ends with the tick that closes its last
                // week, which the pause has not yet reached).
                let mut shorter = variant.clone();
                shorter.horizon_weeks = week;
                let (recorder, end) = run
                    .fork(&shorter, run.observer().for_variant(&shorter))
                    .expect("a shorter horizon shares the whole past")
                    .finish();
                return replication_result(&shorter, self.replication, recorder, end);
            }
        }
        let (recorder, end) = run.finish();
        replication_result(variant, self.replication, recorder, end)
    }

    /// The whole run of `variant` if it can be forked from a pause; `None`
    /// (and nothing run) if it shares none.
    pub fn run_forked(&self, variant: &Scenario) -> Option<ReplicationResult> {
        let (recorder, end) = self.fork_from_pause(variant)?.finish();
        Some(replication_result(variant, self.replication, recorder, end))
    }

    /// The week of the latest pause `variant` can be forked from (`None`:
    /// it runs from its start).
    pub fn fork_week(&self, variant: &Scenario) -> Option<u32> {
        self.checkpoints
            .iter()
            .rev()
            .find(|c| c.fork(variant, c.observer().for_variant(variant)).is_some())
            .map(|c| c.week())
    }

    /// `variant`'s run from the latest pause whose past it shares, or from
    /// its start.
    fn fork<'t>(&self, variant: &'t Scenario) -> Checkpoint<'t, Recorder> {
        self.fork_from_pause(variant).unwrap_or_else(|| {
            Checkpoint::new(variant, u64::from(self.replication), Recorder::new(variant))
        })
    }

    fn fork_from_pause<'t>(&self, variant: &'t Scenario) -> Option<Checkpoint<'t, Recorder>> {
        self.checkpoints
            .iter()
            .rev()
            .find_map(|c| c.fork(variant, c.observer().for_variant(variant)))
    }
}

/// Runs `run` on to each of `weeks` in turn, keeping a copy at each; hands
/// back the copies and the run, paused at the last week.
fn pause_at<'s>(
    mut run: Checkpoint<'s, Recorder>,
    weeks: &[u32],
) -> (Vec<Checkpoint<'s, Recorder>>, Checkpoint<'s, Recorder>) {
    let mut weeks = weeks.to_vec();
    weeks.sort_unstable();
    weeks.dedup();
    let mut paused = Vec::with_capacity(weeks.len());
    for week in weeks {
        run.run_to_week(week);
        paused.push(run.clone());
    }
    (paused, run)
}
