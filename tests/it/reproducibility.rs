use wfsim::analysis;
use wfsim::report;

use crate::support::{parse, EVERY_PATH};

fn rendered(threads: usize, seed: u64) -> Vec<(&'static str, Vec<u8>)> {
    let mut scenario = parse(EVERY_PATH);
    scenario.seed = seed;
    let result = analysis::run(&scenario, Some(threads)).unwrap();
    report::render_run(&result).unwrap()
}

#[test]
fn the_same_seed_gives_byte_identical_outputs() {
    assert_eq!(rendered(2, 5), rendered(2, 5));
}

#[test]
fn one_thread_and_four_threads_give_byte_identical_outputs() {
    assert_eq!(rendered(1, 5), rendered(4, 5));
}

#[test]
fn a_different_seed_gives_different_outputs() {
    let a = rendered(2, 5);
    let b = rendered(2, 6);
    let weekly = |files: &[(&str, Vec<u8>)]| {
        files
            .iter()
            .find(|(n, _)| *n == "weekly.csv")
            .unwrap()
            .1
            .clone()
    };
    assert_ne!(weekly(&a), weekly(&b));
}

/// `run_detailed` (used by `wfsim run`, `compare` and `sweep` for the brief and
/// the progress bar) wraps the recorder; it must lose no observation, so its
/// result is byte-identical to `analysis::run`'s, and it reports every week of
/// every replication once.
#[test]
fn run_detailed_matches_run_and_ticks_once_per_replication_week() {
    let s = parse(EVERY_PATH);
    let plain = wfsim::analysis::run(&s, Some(2)).unwrap();
    let ticks = std::sync::atomic::AtomicU64::new(0);
    let detailed = wfsim::analysis::run_detailed(&s, Some(2), &|| {
        ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .unwrap();
    assert_eq!(
        wfsim::report::weekly_csv(&plain).unwrap(),
        wfsim::report::weekly_csv(&detailed.result).unwrap()
    );
    assert_eq!(plain.replication_totals, detailed.result.replication_totals);
    assert_eq!(
        ticks.into_inner(),
        u64::from(s.replications) * u64::from(s.horizon_weeks)
    );
    assert_eq!(detailed.counters.len(), s.replications as usize);
}
