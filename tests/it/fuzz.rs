//! A bounded fuzzer (issue #6): a valid scenario's TOML mutated at random
//! (byte flips, deletions, duplicated and dropped lines, numbers swapped for
//! NaN, infinities, negatives, huge values and values of the wrong type) and
//! random command lines. Loading never panics, and a refusal is always a
//! well-formed input error; valid mutants simulate without panicking; a
//! sample goes through the real binary, which must exit 0 or 2 (with
//! `error:`), never 1, never by a signal, and never hang.
//!
//! Seeds are fixed (proptest's deterministic runner), so a failure replays.
//! The suite runs a few seconds' worth; `WFSIM_FUZZ_SCALE=20 cargo test
//! --release fuzz` runs twenty times as many cases, for a longer campaign.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use std::cell::Cell;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use wfsim::analysis::run_replication;
use wfsim::scenario::{self, Limits, LoadError};

use crate::support::EVERY_PATH;

/// Replacements for a number in the file.
const NUMBERS: &[&str] = &[
    "nan",
    "+nan",
    "inf",
    "-inf",
    "-1",
    "0",
    "0.0",
    "-0.0",
    "1e308",
    "-1e308",
    "1e-300",
    "4294967296",
    "99999999999999999999",
    "0.999999",
    "1.000001",
    "255",
    "256",
    "7",
    "\"7\"",
    "true",
    "[]",
    "{}",
    "0x10",
    "1_000",
];

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit { at: usize, bit: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, text: &'static str },
    DuplicateLine { line: usize },
    DropLine { line: usize },
    SwapLines { a: usize, b: usize },
    Number { nth: usize, to: &'static str },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Positions are taken modulo the length of the text mutated.
    let n = 20_000usize;
    let lines = 400usize;
    prop_oneof![
        (0..n, 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        (0..n, 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            0..n,
            prop::sample::select(vec![
                "\n",
                "=",
                "[",
                "]",
                "{",
                "}",
                "\"",
                ",",
                "#",
                "\0",
                "é",
                "[[categories]]\n",
                "\nname = \"x\"\n",
                "\n[demand]\n",
                "9"
            ])
        )
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
        (0..lines).prop_map(|line| Mutation::DuplicateLine { line }),
        (0..lines).prop_map(|line| Mutation::DropLine { line }),
        (0..lines, 0..lines).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (0usize..200, prop::sample::select(NUMBERS.to_vec()))
            .prop_map(|(nth, to)| Mutation::Number { nth, to }),
    ]
}

/// Byte ranges of the numbers in `text` (outside comments and strings is not
/// needed: every number of the seed file is a value).
fn numbers(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts = text[i].is_ascii_digit()
            && (i == 0 || !(text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_'));
        if starts {
            let start = i;
            while i < text.len() && (text[i].is_ascii_digit() || b".eE-+_".contains(&text[i])) {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let len = text.len();
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    match *m {
        Mutation::FlipBit { at, bit } => {
            if len > 0 {
                text[at % len] ^= 1 << bit;
            }
        }
        Mutation::Delete { at, len: n } => {
            let at = at % (len + 1);
            text.drain(at..(at + n).min(len));
        }
        Mutation::Insert { at, text: t } => {
            let at = at % (len + 1);
            text.splice(at..at, t.bytes());
        }
        Mutation::DuplicateLine { line } => {
            let l = line % lines.len();
            lines.insert(l, lines[l].clone());
            *text = lines.join(&b'\n');
        }
        Mutation::DropLine { line } => {
            let l = line % lines.len();
            lines.remove(l);
            *text = lines.join(&b'\n');
        }
        Mutation::SwapLines { a, b } => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            *text = lines.join(&b'\n');
        }
        Mutation::Number { nth, to } => {
            let found = numbers(text);
            if !found.is_empty() {
                let (start, end) = found[nth % found.len()];
                text.splice(start..end, to.bytes());
            }
        }
    }
}

/// The shipped scenario with the workforce pipeline, decisions and rules.
const OVER_AUTOMATION: &str = include_str!("../../scenarios/over-automation.toml");

fn mutant(mutations: &[Mutation]) -> Vec<u8> {
    mutant_of(EVERY_PATH, mutations)
}

fn mutant_of(seed: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut text = seed.as_bytes().to_vec();
    for m in mutations {
        apply(&mut text, m);
    }
    text
}

/// `cases` times the `WFSIM_FUZZ_SCALE` environment variable (default 1).
fn scaled(cases: u32) -> u32 {
    let scale: u32 = std::env::var("WFSIM_FUZZ_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}

/// The contract of a refusal, in-process: a non-empty message of at most a
/// screen, and for a scenario's problems a place and a fix for each.
fn check_refusal(error: &LoadError) -> Result<(), TestCaseError> {
    let text = error.to_string();
    prop_assert!(!text.trim().is_empty());
    prop_assert!(text.lines().count() <= 50, "more than a screen:\n{}", text);
    if let LoadError::Invalid(diagnostics) = error {
        prop_assert!(!diagnostics.is_empty());
        prop_assert!(text.starts_with("error: "), "{}", text);
        for d in diagnostics {
            prop_assert!(!d.message.is_empty() && !d.help.is_empty(), "{:?}", d);
        }
        prop_assert!(
            diagnostics.iter().any(|d| d.line_column.is_some()),
            "no problem has a place:\n{}",
            text
        );
    }
    Ok(())
}

#[test]
fn mutated_scenarios_are_loaded_or_refused_cleanly_never_with_a_panic() {
    let tmp = crate::support::temp_dir("fuzz");
    let file = tmp.path().join("mutant.toml");
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: scaled(1500),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let refused = Cell::new(0);
    let loaded = Cell::new(0);
    runner
        .run(&prop::collection::vec(mutation(), 1..5), |mutations| {
            // Mostly the small every-path scenario; one case in four the
            // shipped one with a workforce, decisions and rules.
            let bytes = if mutations.len() == 4 {
                mutant_of(OVER_AUTOMATION, &mutations)
            } else {
                mutant(&mutations)
            };
            std::fs::write(&file, &bytes).unwrap();
            match scenario::load(&file, &Limits::default()) {
                Ok(_) => loaded.set(loaded.get() + 1),
                Err(error) => {
                    refused.set(refused.get() + 1);
                    check_refusal(&error)?;
                }
            }
            Ok(())
        })
        .unwrap();
    // The mutations must exercise both sides, or the test proves little.
    let (refused, loaded) = (refused.get(), loaded.get());
    eprintln!("mutants refused: {refused}, loaded: {loaded}");
    assert!(
        refused > 300 && loaded > 100,
        "refused {refused}, loaded {loaded}"
    );
}

#[test]
fn valid_mutants_with_extreme_numbers_simulate_without_panicking() {
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: scaled(200),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    // Extreme values that are still valid somewhere: tiny durations, zero
    // staff, certain outcomes, huge costs.
    let extreme = vec![
        "0", "0.0", "1", "1e-300", "1e-9", "0.999999", "2", "7", "255", "1e6",
    ];
    let number = (0usize..200, prop::sample::select(extreme))
        .prop_map(|(nth, to)| Mutation::Number { nth, to });
    let simulated = Cell::new(0);
    runner
        .run(&prop::collection::vec(number, 1..4), |mutations| {
            let Ok(text) = String::from_utf8(mutant(&mutations)) else {
                return Ok(());
            };
            let Ok(mut s) = scenario::parse("mutant.toml", &text, &Limits::default()) else {
                return Ok(());
            };
            // Keep each run to a fraction of a second: one week, one replication.
            if s.demand.contacts_per_week > 50_000.0 {
                return Ok(());
            }
            s.horizon_weeks = 1;
            s.replications = 1;
            for c in &mut s.categories {
                c.ai_rollout.retain(|(week, _)| *week == 0);
            }
            s.staffing.fte_schedule.truncate(1);
            let result = run_replication(&s, 0);
            prop_assert_eq!(result.weeks.len(), 1);
            simulated.set(simulated.get() + 1);
            Ok(())
        })
        .unwrap();
    let simulated = simulated.get();
    eprintln!("{simulated} valid mutants simulated");
    assert!(simulated > 50, "only {simulated} valid mutants simulated");
}

/// Runs the binary with a generous deadline; a hang fails the test instead of
/// stalling the suite.
fn run_bounded(args: &[String]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status.code(), stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("wfsim {args:?} did not finish: a hang");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn assert_exit_0_or_input_error(args: &[String], code: Option<i32>, stderr: &str) {
    match code {
        Some(0) => {}
        Some(2) => {
            assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        }
        other => panic!("{args:?}: exit {other:?}\n{stderr}"),
    }
}

#[test]
fn the_binary_agrees_on_a_sample_of_mutated_scenarios() {
    let tmp = crate::support::temp_dir("fuzz");
    let dir = tmp.path();
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = prop::collection::vec(mutation(), 1..4);
    for i in 0..24 {
        let mutations = strategy.new_tree(&mut runner).unwrap().current();
        let path = dir.join(format!("sample-{i}.toml"));
        std::fs::write(&path, mutant(&mutations)).unwrap();
        let expected = scenario::load(&path, &Limits::default());
        let p = path.to_str().unwrap().to_string();
        let (code, stderr) = run_bounded(&["check".into(), p.clone()]);
        assert_exit_0_or_input_error(std::slice::from_ref(&p), code, &stderr);
        assert_eq!(code == Some(0), expected.is_ok(), "{mutations:?}\n{stderr}");
        if let Err(error) = expected {
            // The message is the library's, whole, after one `error:`.
            let shown = error.to_string();
            assert!(
                stderr.contains(shown.strip_prefix("error: ").unwrap_or(&shown)),
                "{stderr}"
            );
            // `run` refuses it the same way, writing nothing.
            let out = dir.join(format!("out-{i}"));
            let args = vec![
                "run".into(),
                p,
                "--out".into(),
                out.to_str().unwrap().into(),
            ];
            let (code, stderr) = run_bounded(&args);
            assert_eq!(code, Some(2), "{args:?}: {stderr}");
            assert!(!out.exists());
        }
    }
}

/// Values a flag may be given.
const VALUES: &[&str] = &[
    "1",
    "2",
    "20",
    "0",
    "-1",
    "-0",
    "0.5",
    "1.5",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "1e-308",
    "x",
    "",
    " ",
    "3.",
    ".5",
    "1e3",
    "99999999999999999999",
    "4294967296",
    "--",
    "--json",
];

/// Flags of the single-queue commands (no `--simulate`: a valid random
/// simulation may legitimately run for minutes).
const QUEUE_FLAGS: &[&str] = &[
    "--arrivals-per-hour",
    "--handle-minutes",
    "--agents",
    "--patience-minutes",
    "--answer-seconds",
    "--service-level",
    "--max-abandon",
    "--max-occupancy",
    "--hours",
    "--replications",
    "--seed",
    "--json",
    "--allow-large",
    "--out",
];

fn command_line() -> impl Strategy<Value = Vec<String>> {
    (
        prop::sample::select(vec!["queue", "staff"]),
        prop::collection::vec(
            (
                prop::sample::select(QUEUE_FLAGS.to_vec()),
                prop::sample::select(VALUES.to_vec()),
            ),
            0..7,
        ),
    )
        .prop_map(|(command, flags)| {
            let mut args = vec![command.to_string()];
            // Start from a valid call most of the time, so that values, not
            // only missing flags, are what is tested.
            let required: &[(&str, &str)] = if command == "queue" {
                &[
                    ("--arrivals-per-hour", "100"),
                    ("--handle-minutes", "5"),
                    ("--agents", "12"),
                ]
            } else {
                &[
                    ("--arrivals-per-hour", "100"),
                    ("--handle-minutes", "5"),
                    ("--answer-seconds", "20"),
                    ("--service-level", "0.8"),
                ]
            };
            for &(flag, value) in required {
                if !flags.iter().any(|(f, _)| *f == flag) {
                    args.extend([flag.to_string(), value.to_string()]);
                }
            }
            for (flag, value) in flags {
                args.push(flag.to_string());
                if !matches!(flag, "--json" | "--allow-large") {
                    args.push(value.to_string());
                }
            }
            args
        })
}

#[test]
fn random_command_lines_parse_or_are_refused_never_with_a_panic() {
    use clap::Parser;
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: scaled(2000),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    runner
        .run(&command_line(), |args| {
            let argv = std::iter::once("wfsim".to_string()).chain(args);
            if let Err(e) = wfsim::cli::Cli::try_parse_from(argv) {
                prop_assert!(e.to_string().starts_with("error: "), "{}", e);
            }
            Ok(())
        })
        .unwrap();
    // A sample through the binary, which also runs the commands.
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = command_line();
    for _ in 0..30 {
        let args = strategy.new_tree(&mut runner).unwrap().current();
        let (code, stderr) = run_bounded(&args);
        assert_exit_0_or_input_error(&args, code, &stderr);
    }
}
