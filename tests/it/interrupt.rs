//! Nothing lost (issue #6): a run killed midway (SIGKILL, or SIGINT as from
//! Ctrl-C) into a folder holding a previous run's outputs leaves each output
//! either the old complete file or the new complete file, never a partial one
//! and never a stray visible file; the next run removes the hidden
//! temporaries the killed one left.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{temp_dir, EVERY_PATH};

/// Outputs whose bytes depend on the seed (a run may write more files).
const OUTPUTS: [&str; 4] = [
    "weekly.csv",
    "replications.csv",
    "summary.json",
    "summary.md",
];

/// Six weeks of the every-path scenario: long enough to be killed during the
/// simulation, with outputs large enough to take a moment to write.
fn scenario(dir: &Path) -> PathBuf {
    let text = EVERY_PATH.replace("horizon_weeks = 3", "horizon_weeks = 6");
    let path = dir.join("year.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn start(scenario: &Path, seed: &str, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .arg("run")
        .arg(scenario)
        .args([
            "--replications",
            "2",
            "--threads",
            "1",
            "--quiet",
            "--seed",
            seed,
        ])
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn run_to_end(scenario: &Path, seed: &str, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let status = start(scenario, seed, out).wait().unwrap();
    assert!(status.success(), "run with seed {seed} failed");
    visible_files(out)
}

/// Whether a relative path names a hidden file (a temporary).
fn is_hidden(name: &str) -> bool {
    Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Every file not hidden by a leading dot, with its content.
fn visible_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::names_under(dir)
        .into_iter()
        .filter(|name| !is_hidden(name))
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

fn hidden_files(dir: &Path) -> Vec<String> {
    crate::support::names_under(dir)
        .into_iter()
        .filter(|name| is_hidden(name))
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Signal {
    Kill,
    Interrupt,
}

fn send(child: &mut Child, signal: Signal) {
    match signal {
        Signal::Kill => {
            let _ = child.kill();
        }
        Signal::Interrupt => {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
        }
    }
    let _ = child.wait();
}

/// When to strike: after a delay (while simulating), as soon as a temporary
/// appears (the run is writing its outputs), or as soon as any output under
/// its real name differs from the old one (which is when a writer that
/// overwrote in place would be halfway through).
#[derive(Clone, Copy, Debug)]
enum Moment {
    After(Duration),
    WhileWriting,
    OnFirstChange,
}

/// Waits for `moment`; true if the child was caught writing.
fn wait_for(
    child: &mut Child,
    out: &Path,
    moment: Moment,
    old: &BTreeMap<String, Vec<u8>>,
) -> bool {
    match moment {
        Moment::After(delay) => {
            std::thread::sleep(delay);
            !hidden_files(out).is_empty()
        }
        Moment::WhileWriting => {
            let deadline = Instant::now() + Duration::from_secs(120);
            while Instant::now() < deadline {
                if !hidden_files(out).is_empty() {
                    return true;
                }
                if child.try_wait().unwrap().is_some() {
                    return false;
                }
            }
            false
        }
        Moment::OnFirstChange => {
            let deadline = Instant::now() + Duration::from_secs(120);
            while Instant::now() < deadline {
                let changed = old.iter().any(|(name, bytes)| {
                    std::fs::read(out.join(name)).ok().as_ref() != Some(bytes)
                });
                if changed {
                    return true;
                }
                if child.try_wait().unwrap().is_some() {
                    return false;
                }
            }
            false
        }
    }
}

#[test]
fn a_run_killed_midway_leaves_the_old_or_the_new_complete_outputs() {
    let tmp = temp_dir("outputs");
    let dir = tmp.path();
    let scenario = scenario(dir);
    let old = run_to_end(&scenario, "1", &dir.join("old"));
    let new = run_to_end(&scenario, "2", &dir.join("new"));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    for name in OUTPUTS {
        assert!(old.contains_key(name), "{name} missing from a complete run");
        assert_ne!(
            old[name], new[name],
            "{name}: seeds 1 and 2 gave the same bytes"
        );
    }

    let mut caught_writing = 0;
    let mut kills = 0;
    for signal in [Signal::Kill, Signal::Interrupt] {
        for moment in [
            Moment::After(Duration::from_millis(0)),
            Moment::After(Duration::from_millis(30)),
            Moment::WhileWriting,
            Moment::WhileWriting,
            Moment::OnFirstChange,
            Moment::OnFirstChange,
        ] {
            let out = dir.join("out");
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out).unwrap();
            for (name, bytes) in &old {
                let path = out.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            let mut child = start(&scenario, "2", &out);
            let writing = wait_for(&mut child, &out, moment, &old);
            send(&mut child, signal);
            kills += 1;
            caught_writing += usize::from(writing);

            let after = visible_files(&out);
            let what = format!("{signal:?} {moment:?}");
            assert_eq!(
                after.keys().collect::<Vec<_>>(),
                old.keys().collect::<Vec<_>>(),
                "{what}: the visible files changed"
            );
            for (name, bytes) in &after {
                assert!(
                    *bytes == old[name] || *bytes == new[name],
                    "{what}: {name} is neither the old nor the new complete file ({} bytes)",
                    bytes.len()
                );
            }

            // The next run completes and leaves no temporary behind, even the
            // killed run's.
            let status = start(&scenario, "2", &out).wait().unwrap();
            assert!(status.success(), "{what}: the run after the kill failed");
            assert_eq!(
                visible_files(&out),
                new,
                "{what}: outputs after the next run"
            );
            assert_eq!(hidden_files(&out), Vec::<String>::new(), "{what}");
        }
    }
    eprintln!("{kills} runs killed, {caught_writing} while writing their outputs");
}
