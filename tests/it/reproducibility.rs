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
