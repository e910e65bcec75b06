//! Bad input never crashes wfsim (issue #6): every broken scenario in
//! `tests/bad_scenarios/`, every kind of file that is not a scenario and every
//! kind of bad flag ends with exit code 2, an `error:` naming the problem, a
//! `help:` line where a fix can be given, one screen of text and no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::temp_dir;

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

/// Lines a message may take: one screen.
const SCREEN_LINES: usize = 50;

/// Asserts the contract of an input error and returns stderr.
fn assert_input_error(output: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{what}: exit code {:?}\n{stderr}",
        output.status.code()
    );
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    for forbidden in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!stderr.contains(forbidden), "{what}: {stderr}");
    }
    assert!(
        stderr.lines().count() <= SCREEN_LINES,
        "{what}: more than a screen:\n{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "{what}: printed to stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

/// `(path, expected fragments)` of every file in the corpus. A file's second
/// line reads `# expect: fragment && fragment ...`.
fn corpus() -> Vec<(PathBuf, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let expect = text
                .lines()
                .find_map(|l| l.strip_prefix("# expect: "))
                .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));
            let fragments = expect.split(" && ").map(str::to_string).collect();
            (path, fragments)
        })
        .collect()
}

#[test]
fn every_broken_scenario_in_the_corpus_is_refused_with_its_expected_message() {
    let corpus = corpus();
    assert!(corpus.len() >= 40, "only {} cases", corpus.len());
    for (path, fragments) in &corpus {
        let shown = path.display().to_string();
        let output = wfsim().arg("check").arg(path).output().unwrap();
        let stderr = assert_input_error(&output, &shown);
        for fragment in fragments {
            assert!(
                stderr.contains(fragment),
                "{shown}: expected {fragment:?} in:\n{stderr}"
            );
        }
        for line in stderr.lines() {
            assert!(
                line.starts_with(&format!("error: {shown}"))
                    || line.starts_with("  help: ")
                    || line.ends_with("problems found"),
                "{shown}: a line of an unexpected shape: {line:?}\n{stderr}"
            );
        }
        assert!(
            stderr.contains("\n  help: "),
            "{shown}: no help line:\n{stderr}"
        );
    }
}

#[test]
fn a_broken_scenario_given_to_run_or_staff_writes_nothing() {
    let tmp = temp_dir("corpus-run");
    let dir = tmp.path();
    for (path, fragments) in corpus() {
        let out = dir.join(path.file_stem().unwrap());
        for command in ["run", "staff"] {
            let output = wfsim()
                .arg(command)
                .arg(&path)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            let what = format!("{command} {}", path.display());
            let stderr = assert_input_error(&output, &what);
            assert!(stderr.contains(&fragments[0]), "{what}:\n{stderr}");
            assert!(!out.exists(), "{what}: created {}", out.display());
        }
    }
}

#[test]
fn files_that_are_not_scenarios_are_refused_by_every_command() {
    let tmp = temp_dir("files");
    let dir = tmp.path();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let oversized = {
        let mut text = b"name = \"x\"\n".to_vec();
        text.resize(4 * 1024 * 1024 + 10, b'#');
        text
    };
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (dir.join("missing.toml"), "cannot read scenario"),
        (dir.to_path_buf(), "it is a directory"),
        (write("empty.toml", b""), "it is empty"),
        (write("blank.toml", b"  \n\t\n"), "it is empty"),
        (
            write("binary.toml", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2, b'\n']),
            "NUL bytes",
        ),
        (
            write("latin1.toml", b"name = \"caf\xe9\"\nhorizon_weeks = 1\n"),
            "not valid UTF-8 (byte 11)",
        ),
        (
            write("huge.toml", &oversized),
            "larger than the 4194304 bytes",
        ),
    ];
    // A device has no length to check first and never ends: the read is capped.
    let endless = PathBuf::from("/dev/zero");
    if endless.exists() {
        cases.push((endless, "larger than the 4194304 bytes"));
    }
    for (path, fragment) in &cases {
        // sweep reads the file itself (its points are built from the text).
        for command in ["check", "run", "staff", "sweep"] {
            let mut args = vec![command.into(), path.clone().into_os_string()];
            if command != "check" {
                args.push("--out".into());
                args.push(dir.join("out").into_os_string());
            }
            if command == "sweep" {
                args.push("--set".into());
                args.push("staffing.fte=100,200".into());
            }
            let output = wfsim().args(&args).output().unwrap();
            let what = format!("{command} {}", path.display());
            let stderr = assert_input_error(&output, &what);
            assert!(stderr.contains(fragment), "{what}: {stderr}");
            assert!(
                !dir.join("out").exists(),
                "{what} created the output folder"
            );
        }
    }
}

#[test]
fn bad_flags_are_refused_naming_the_flag_and_the_fault() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hybrid-guardrails.toml");
    let s = scenario.to_str().unwrap();
    let queue = [
        "queue",
        "--arrivals-per-hour",
        "100",
        "--handle-minutes",
        "5",
    ];
    let with = |base: &[&'static str], extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    let staff = [
        "staff",
        "--handle-minutes",
        "5",
        "--answer-seconds",
        "20",
        "--service-level",
        "0.8",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            with(&queue, &["--agents", "0"]),
            "--agents <AGENTS>': must be at least 1 (got 0)",
        ),
        (
            with(&queue, &["--agents", "-4"]),
            "--agents <AGENTS>': must not be negative (got -4)",
        ),
        (
            with(&queue, &["--agents", "ten"]),
            "--agents <AGENTS>': must be a whole number",
        ),
        (
            with(&queue, &["--agents", "2.5"]),
            "must be a whole number (got 2.5)",
        ),
        (
            with(&queue, &["--agents", "20000000"]),
            "more than the limit of 1000000 agents",
        ),
        (
            vec![
                "queue",
                "--arrivals-per-hour",
                "NaN",
                "--handle-minutes",
                "5",
                "--agents",
                "9",
            ],
            "--arrivals-per-hour <ARRIVALS_PER_HOUR>': must be a finite number (got NaN)",
        ),
        (
            vec![
                "queue",
                "--arrivals-per-hour",
                "-100",
                "--handle-minutes",
                "5",
                "--agents",
                "9",
            ],
            "must not be negative (got -100)",
        ),
        (
            vec![
                "queue",
                "--arrivals-per-hour",
                "100",
                "--handle-minutes",
                "inf",
                "--agents",
                "9",
            ],
            "--handle-minutes <HANDLE_MINUTES>': must be a finite number (got inf)",
        ),
        (
            vec![
                "queue",
                "--arrivals-per-hour",
                "100",
                "--handle-minutes",
                "0",
                "--agents",
                "9",
            ],
            "must be greater than 0 (got 0)",
        ),
        (
            with(&queue, &["--agents", "20", "--patience-minutes", "-1"]),
            "--patience-minutes <PATIENCE_MINUTES>': must be greater than 0 (got -1)",
        ),
        (
            with(&queue, &["--agents", "20", "--answer-seconds", "nan"]),
            "--answer-seconds <ANSWER_SECONDS>': must be a finite number",
        ),
        (
            with(&queue, &["--agents", "20", "--simulate", "--hours", "0"]),
            "--hours <HOURS>': must be greater than 0 (got 0)",
        ),
        (
            with(&queue, &["--agents", "20", "--simulate", "--hours", "1e9"]),
            "more than the limit of 100000",
        ),
        (
            with(
                &queue,
                &["--agents", "20", "--simulate", "--replications", "1"],
            ),
            "--replications <REPLICATIONS>': must be at least 2 (got 1)",
        ),
        (
            with(&queue, &["--agents", "20", "--hours", "50"]),
            "--simulate",
        ),
        (
            with(&queue, &["--agents", "20", "--simulate", "--seed", "-1"]),
            "--seed <SEED>': must not be negative (got -1)",
        ),
        (
            with(&staff, &["--arrivals-per-hour", "x"]),
            "--arrivals-per-hour <ARRIVALS_PER_HOUR>': must be a number (got \"x\")",
        ),
        (
            with(
                &staff,
                &["--arrivals-per-hour", "100", "--max-abandon", "1.5"],
            ),
            "--max-abandon <MAX_ABANDON>': must be a share between 0 and 1",
        ),
        (
            with(
                &staff,
                &["--arrivals-per-hour", "100", "--max-occupancy", "0"],
            ),
            "--max-occupancy <MAX_OCCUPANCY>': must be above 0 and at most 1",
        ),
        (
            with(&staff, &["--arrivals-per-hour", "1e9"]),
            "no staffing level up to 1000000 agents meets the target",
        ),
        (
            with(&staff, &["--arrivals-per-hour", "100", "--out", "/tmp/x"]),
            "--out applies to a scenario's plan",
        ),
        (
            vec!["staff", s, "--arrivals-per-hour", "100"],
            "cannot be used with",
        ),
        (
            vec!["staff", s, "--simulate"],
            "--simulate applies to a single queue",
        ),
        (vec!["staff"], "required arguments were not provided"),
        (
            vec!["run", s, "--replications", "0"],
            "must be at least 1 (got 0)",
        ),
        (
            vec!["run", s, "--replications", "many"],
            "must be a whole number",
        ),
        (
            vec!["run", s, "--seed", "-3"],
            "--seed <SEED>': must not be negative (got -3)",
        ),
        (
            vec!["run", s, "--seed", "18446744073709551616"],
            "must be at most 18446744073709551615",
        ),
        (
            vec!["run", s, "--threads", "0"],
            "--threads <THREADS>': must be at least 1 (got 0)",
        ),
        (
            vec!["run", s, "--replications", "5000"],
            "(set by --replications)",
        ),
        (vec!["run", s, "--out", s], "it is a file, not a folder"),
        (vec!["run"], "required arguments were not provided"),
        (
            vec!["reversibility", s, "--seed", "-1"],
            "--seed <SEED>': must not be negative (got -1)",
        ),
        (
            vec!["reversibility", s, "--window-weeks", "0"],
            "--window-weeks <WINDOW_WEEKS>': must be at least 1 (got 0)",
        ),
        (
            vec!["reversibility", s, "--replications", "nan"],
            "--replications <REPLICATIONS>': must be a whole number",
        ),
        (vec!["check"], "required arguments were not provided"),
        (vec!["check", s, "--bogus"], "unexpected argument '--bogus'"),
        (vec!["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, fragment) in &cases {
        let output = wfsim().args(args).output().unwrap();
        let stderr = assert_input_error(&output, &format!("{args:?}"));
        assert!(
            stderr.contains(fragment),
            "{args:?}: expected {fragment:?} in {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unwritable_output_folder_is_reported_before_simulating() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/over-automation.toml");
    // Below a regular file nothing can be created, whoever runs the test.
    let tmp = temp_dir("unwritable");
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "x").unwrap();
    let output = wfsim()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(blocker.join("out"))
        .output()
        .unwrap();
    let stderr = assert_input_error(&output, "run into an unwritable folder");
    assert!(stderr.contains("cannot write to output folder"), "{stderr}");
    // The full scenario takes about a minute; refusing it must not simulate.
    assert!(!stderr.contains("running"), "{stderr}");
}

#[test]
fn the_readme_example_of_errors_is_what_wfsim_prints() {
    let tmp = temp_dir("readme");
    let dir = tmp.path();
    let text = crate::support::EVERY_PATH
        .replacen("share = 0.6", "share = \"0.6\"", 1)
        .replace(
            "patience_minutes = { distribution = \"exponential\"",
            "patience_minute = { distribution = \"exponential\"",
        )
        .replace("detection_accuracy = 0.7", "detection_accuracy = 1.2");
    std::fs::write(dir.join("s.toml"), text).unwrap();
    let output = wfsim()
        .args(["check", "s.toml"])
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = assert_input_error(&output, "README example");
    let readme = crate::support::documentation();
    assert!(
        readme.contains(&format!("```\n{stderr}```")),
        "docs/commands.md's example should read:\n{stderr}"
    );
}
